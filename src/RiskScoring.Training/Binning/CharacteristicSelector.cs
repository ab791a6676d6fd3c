using System.Collections.ObjectModel;
using System.Globalization;

namespace RiskScoring.Training.Binning;

/// <summary>Immutable settings of <see cref="CharacteristicSelector"/>.</summary>
public sealed record SelectionOptions
{
    /// <summary>The defaults: IV ≥ 0.02 and |r| ≤ 0.7.</summary>
    public static SelectionOptions Default { get; } = new();

    /// <summary>Minimum information value to keep a characteristic (inclusive). Range ≥ 0. Default 0.02
    /// (the conventional "useless below 0.02" threshold).</summary>
    public double MinInformationValue { get; init; } = 0.02;

    /// <summary>Maximum absolute Pearson correlation between the WoE-transformed values of two kept characteristics;
    /// of a pair above it, the one with the lower IV is dropped. Range 0..1. Default 0.7.</summary>
    public double MaxCorrelation { get; init; } = 0.7;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a setting is out of range; the message names the setting,
    /// the value and the rule.</exception>
    public void Validate()
    {
        if (!(double.IsFinite(MinInformationValue) && MinInformationValue >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MinInformationValue), MinInformationValue,
                string.Create(CultureInfo.InvariantCulture, $"SelectionOptions.MinInformationValue = {MinInformationValue}: must be finite and ≥ 0."));
        }

        if (!(MaxCorrelation is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCorrelation), MaxCorrelation,
                string.Create(CultureInfo.InvariantCulture, $"SelectionOptions.MaxCorrelation = {MaxCorrelation}: must be between 0 and 1."));
        }
    }
}

/// <summary>Why a characteristic was kept or dropped.</summary>
public enum SelectionOutcome
{
    /// <summary>Kept.</summary>
    Selected = 0,

    /// <summary>Dropped: information value below <see cref="SelectionOptions.MinInformationValue"/>.</summary>
    LowInformationValue = 1,

    /// <summary>Dropped: WoE correlated above <see cref="SelectionOptions.MaxCorrelation"/> with a kept
    /// characteristic of higher (or equal, earlier) IV.</summary>
    HighCorrelation = 2,
}

/// <summary>The selection decision for one characteristic.</summary>
/// <param name="FeatureName">Characteristic name.</param>
/// <param name="Outcome">Kept, or why dropped.</param>
/// <param name="InformationValue">Its IV.</param>
/// <param name="CorrelatedWith">For <see cref="SelectionOutcome.HighCorrelation"/>: the kept characteristic it is most
/// correlated with; otherwise null.</param>
/// <param name="Correlation">For <see cref="SelectionOutcome.HighCorrelation"/>: the Pearson r with
/// <paramref name="CorrelatedWith"/>; otherwise 0.</param>
/// <param name="Reason">One sentence for reports, with the numbers.</param>
public sealed record CharacteristicDecision(
    string FeatureName,
    SelectionOutcome Outcome,
    double InformationValue,
    string? CorrelatedWith,
    double Correlation,
    string Reason);

/// <summary>The outcome of <see cref="CharacteristicSelector.Select"/>.</summary>
public sealed class SelectionReport
{
    internal SelectionReport(CharacteristicDecision[] decisions, BinningResult[] selected)
    {
        Decisions = Array.AsReadOnly(decisions);
        Selected = Array.AsReadOnly(selected);
    }

    /// <summary>One decision per input characteristic, in input order.</summary>
    public ReadOnlyCollection<CharacteristicDecision> Decisions { get; }

    /// <summary>The kept characteristics, in input order.</summary>
    public ReadOnlyCollection<BinningResult> Selected { get; }
}

/// <summary>
/// Chooses characteristics for a scorecard: drops those with too little information value, then, going through the
/// rest in descending IV order (ties: input order), drops each one whose WoE-transformed values correlate above the
/// threshold (absolute Pearson r) with a characteristic already kept. So of any correlated pair the lower-IV one goes,
/// and a dropped characteristic never causes another drop. Deterministic.
/// </summary>
public sealed class CharacteristicSelector
{
    /// <summary>Creates a selector.</summary>
    /// <param name="options">Settings; null = <see cref="SelectionOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When a setting is out of range.</exception>
    public CharacteristicSelector(SelectionOptions? options = null)
    {
        Options = options ?? SelectionOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public SelectionOptions Options { get; }

    /// <summary>Selects characteristics.</summary>
    /// <param name="characteristics">Fitted characteristics.</param>
    /// <param name="columns">The raw feature values of each characteristic (same order, equal lengths): they are
    /// WoE-transformed to compute correlations.</param>
    /// <returns>The report: a decision per characteristic and the kept ones.</returns>
    /// <exception cref="ArgumentException">When the counts or column lengths differ.</exception>
    public SelectionReport Select(IReadOnlyList<BinningResult> characteristics, IReadOnlyList<ReadOnlyMemory<float>> columns)
    {
        ArgumentNullException.ThrowIfNull(characteristics);
        ArgumentNullException.ThrowIfNull(columns);
        if (characteristics.Count != columns.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"characteristics has {characteristics.Count} entries but columns has {columns.Count} (must be equal)."),
                nameof(columns));
        }

        for (var i = 1; i < columns.Count; i++)
        {
            if (columns[i].Length != columns[0].Length)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"columns[{i}] ({characteristics[i].FeatureName}) has {columns[i].Length} rows but columns[0] has {columns[0].Length} (must be equal)."),
                    nameof(columns));
            }
        }

        var transformer = new WoeTransformer(characteristics);
        var decisions = new CharacteristicDecision?[characteristics.Count];
        var order = Enumerable.Range(0, characteristics.Count)
            .OrderByDescending(i => characteristics[i].InformationValue)
            .ThenBy(i => i)
            .ToArray();
        var kept = new List<(int Index, double[] Woe)>();
        foreach (var i in order)
        {
            var c = characteristics[i];
            var iv = c.InformationValue;
            if (iv < Options.MinInformationValue)
            {
                decisions[i] = new CharacteristicDecision(c.FeatureName, SelectionOutcome.LowInformationValue, iv, null, 0,
                    F($"IV {iv:F4} is below the minimum {Options.MinInformationValue:F4}."));
                continue;
            }

            var woe = new double[columns[i].Length];
            transformer.TransformColumn(i, columns[i].Span, woe);
            int worst = -1;
            double worstR = 0;
            foreach (var (index, other) in kept)
            {
                var r = Pearson(woe, other);
                if (Math.Abs(r) > Options.MaxCorrelation && Math.Abs(r) > Math.Abs(worstR))
                {
                    worst = index;
                    worstR = r;
                }
            }

            if (worst >= 0)
            {
                var name = characteristics[worst].FeatureName;
                decisions[i] = new CharacteristicDecision(c.FeatureName, SelectionOutcome.HighCorrelation, iv, name, worstR,
                    F($"WoE correlation {worstR:F3} with {name} (IV {characteristics[worst].InformationValue:F4}) exceeds {Options.MaxCorrelation:F3} in absolute value; kept the higher-IV one."));
                continue;
            }

            kept.Add((i, woe));
            decisions[i] = new CharacteristicDecision(c.FeatureName, SelectionOutcome.Selected, iv, null, 0,
                F($"IV {iv:F4} ≥ {Options.MinInformationValue:F4} and no WoE correlation above {Options.MaxCorrelation:F3} with a higher-IV characteristic."));
        }

        var selected = Enumerable.Range(0, characteristics.Count)
            .Where(i => decisions[i]!.Outcome == SelectionOutcome.Selected)
            .Select(i => characteristics[i])
            .ToArray();
        return new SelectionReport(decisions.Select(d => d!).ToArray(), selected);
    }

    /// <summary>Pearson correlation; 0 when either column is constant.</summary>
    internal static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n == 0)
        {
            return 0;
        }

        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx <= 0 || syy <= 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
