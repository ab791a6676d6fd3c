using System.Collections.ObjectModel;
using System.Globalization;

namespace RiskScoring.Scorecards;

/// <summary>
/// Weight of evidence and information value of one characteristic's bins on a labelled sample.
/// </summary>
/// <remarks>
/// <para><b>Sign convention.</b> <c>WoE = ln(%good / %bad)</c> with natural logarithms, where <c>%good</c> is the
/// bin's share of all goods and <c>%bad</c> its share of all bads. Positive WoE = lower risk than average; negative WoE
/// = higher risk. <c>IV = Σ (%good − %bad) × WoE</c> (always ≥ 0). Rule of thumb: IV &lt; 0.02 useless, 0.02–0.1 weak,
/// 0.1–0.3 medium, &gt; 0.3 strong.</para>
/// <para><b>Smoothing.</b> An empty bin (Count = 0, for example a missing bin when no training row was missing) gets
/// WoE 0 (neutral) and IV contribution 0. When any non-empty bin has zero goods or zero bads, the smoothing constant
/// (default 0.5) is added to the goods and to the bads of every non-empty bin before the shares are computed, so every
/// WoE is finite; when every cell is non-zero no smoothing is applied and the values are the textbook ones.</para>
/// </remarks>
public sealed class CharacteristicStatistics
{
    /// <summary>The default smoothing constant added to each cell when a cell is zero: 0.5.</summary>
    public const double DefaultSmoothing = 0.5;

    private readonly double[] _woe;

    private CharacteristicStatistics(CharacteristicBins bins, BinStatistics[] stats, double[] woe, double iv)
    {
        Definition = bins;
        Bins = Array.AsReadOnly(stats);
        _woe = woe;
        WoeValues = Array.AsReadOnly(woe);
        InformationValue = iv;
        foreach (var s in stats)
        {
            TotalCount += s.Count;
            TotalBads += s.Bads;
        }

        TotalGoods = TotalCount - TotalBads;
    }

    /// <summary>The bin definition the statistics describe.</summary>
    public CharacteristicBins Definition { get; }

    /// <summary>Statistics of each bin, indexed by bin index.</summary>
    public ReadOnlyCollection<BinStatistics> Bins { get; }

    /// <summary>WoE of each bin, indexed by bin index (the same numbers as <see cref="BinStatistics.WoE"/>).</summary>
    public ReadOnlyCollection<double> WoeValues { get; }

    /// <summary>Information value of the characteristic: the sum of the bins' IV contributions (≥ 0).</summary>
    public double InformationValue { get; }

    /// <summary>Number of rows.</summary>
    public int TotalCount { get; }

    /// <summary>Number of bad (defaulted) rows.</summary>
    public int TotalBads { get; }

    /// <summary>Number of good rows.</summary>
    public int TotalGoods { get; }

    /// <summary>Counts a labelled column into <paramref name="bins"/> and computes the statistics.</summary>
    /// <param name="bins">Bin definition.</param>
    /// <param name="values">Feature values, one per row.</param>
    /// <param name="isBad">Labels, one per row; true = default (bad).</param>
    /// <param name="smoothing">Constant added to every cell when a cell is zero (&gt; 0, default 0.5).</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">When the spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="smoothing"/> is not finite and positive.</exception>
    public static CharacteristicStatistics Compute(
        CharacteristicBins bins,
        ReadOnlySpan<float> values,
        ReadOnlySpan<bool> isBad,
        double smoothing = DefaultSmoothing)
    {
        ArgumentNullException.ThrowIfNull(bins);
        if (values.Length != isBad.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{bins.FeatureName}: values has {values.Length} rows but isBad has {isBad.Length} (must be equal)."),
                nameof(isBad));
        }

        var goods = new int[bins.BinCount];
        var bads = new int[bins.BinCount];
        for (var r = 0; r < values.Length; r++)
        {
            var bin = bins.FindBin(values[r]);
            if (isBad[r])
            {
                bads[bin]++;
            }
            else
            {
                goods[bin]++;
            }
        }

        return FromCounts(bins, goods, bads, smoothing);
    }

    /// <summary>Computes the statistics from per-bin counts.</summary>
    /// <param name="bins">Bin definition.</param>
    /// <param name="goods">Good rows per bin (length <c>bins.BinCount</c>, each ≥ 0).</param>
    /// <param name="bads">Bad rows per bin (length <c>bins.BinCount</c>, each ≥ 0).</param>
    /// <param name="smoothing">Constant added to every cell when a cell is zero (&gt; 0, default 0.5).</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">When a span has the wrong length or a count is negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="smoothing"/> is not finite and positive.</exception>
    public static CharacteristicStatistics FromCounts(
        CharacteristicBins bins,
        ReadOnlySpan<int> goods,
        ReadOnlySpan<int> bads,
        double smoothing = DefaultSmoothing)
    {
        ArgumentNullException.ThrowIfNull(bins);
        if (!double.IsFinite(smoothing) || smoothing <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "smoothing must be finite and greater than 0.");
        }

        var n = bins.BinCount;
        if (goods.Length != n || bads.Length != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{bins.FeatureName}: goods has {goods.Length} and bads has {bads.Length} entries; both must equal BinCount = {n}."),
                nameof(goods));
        }

        var anyZeroCell = false;
        long totalCount = 0;
        for (var i = 0; i < n; i++)
        {
            if (goods[i] < 0 || bads[i] < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{bins.FeatureName}: bin {i} has goods = {goods[i]}, bads = {bads[i]}; counts must be ≥ 0."),
                    nameof(goods));
            }

            var count = goods[i] + bads[i];
            totalCount += count;
            if (count > 0 && (goods[i] == 0 || bads[i] == 0))
            {
                anyZeroCell = true;
            }
        }

        var add = anyZeroCell ? smoothing : 0.0;
        double totalGood = 0, totalBad = 0;
        for (var i = 0; i < n; i++)
        {
            if (goods[i] + bads[i] > 0)
            {
                totalGood += goods[i] + add;
                totalBad += bads[i] + add;
            }
        }

        var stats = new BinStatistics[n];
        var woe = new double[n];
        double iv = 0;
        for (var i = 0; i < n; i++)
        {
            var count = goods[i] + bads[i];
            double w = 0, contribution = 0;
            if (count > 0)
            {
                var pGood = (goods[i] + add) / totalGood;
                var pBad = (bads[i] + add) / totalBad;
                w = Math.Log(pGood / pBad);
                contribution = (pGood - pBad) * w;
            }

            woe[i] = w;
            iv += contribution;
            stats[i] = new BinStatistics(
                i,
                bins.GetBinKind(i),
                bins.GetDescription(i),
                count,
                goods[i],
                bads[i],
                totalCount == 0 ? 0 : (double)count / totalCount,
                count == 0 ? 0 : (double)bads[i] / count,
                w,
                contribution);
        }

        return new CharacteristicStatistics(bins, stats, woe, iv);
    }

    /// <summary>The WoE of the bin <paramref name="value"/> falls in. Allocates nothing.</summary>
    /// <param name="value">Feature value (NaN = missing).</param>
    /// <returns>The bin's WoE.</returns>
    public double GetWoE(float value) => _woe[Definition.FindBin(value)];
}
