using System.Globalization;

namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Population stability index between an expected (development) sample and an actual (recent) sample:
/// PSI = Σ_b (a_b − e_b)·ln(a_b / e_b), with e_b and a_b the shares of each sample in bin b.
/// </summary>
/// <remarks>
/// <para>
/// Bins come from the expected sample: the cut points are its quantiles at k/B, k = 1..B−1 (linear interpolation
/// between order statistics, as R type 7 / NumPy's default), duplicates removed, so heavy ties give fewer bins.
/// Bin b is the interval (cut_{b−1}, cut_b], the first open to −∞ and the last to +∞, so every actual value falls
/// in some bin.
/// </para>
/// <para>
/// Empty bins: a share of exactly zero in either sample would make ln(a/e) infinite. Such a share is replaced by
/// <see cref="EmptyBinShare"/> (0.0001, i.e. one row in ten thousand) when computing that bin's term only; the shares
/// reported in <see cref="PsiBin"/> are the raw ones and the other bins are not renormalised.
/// </para>
/// </remarks>
public static class Psi
{
    /// <summary>Default number of bins: 10.</summary>
    public const int DefaultBins = 10;

    /// <summary>Share used in place of 0 for an empty bin when computing its PSI term: 1e-4.</summary>
    public const double EmptyBinShare = 1e-4;

    /// <summary>PSI below this value is <see cref="PsiBand.Stable"/>: 0.1.</summary>
    public const double WatchThreshold = 0.1;

    /// <summary>PSI above this value is <see cref="PsiBand.Shift"/>: 0.25.</summary>
    public const double ShiftThreshold = 0.25;

    /// <summary>PSI of a numeric variable (for example the predicted PD or a score).</summary>
    /// <param name="expected">Reference sample; defines the bins. Finite values, at least one.</param>
    /// <param name="actual">Sample compared against it. Finite values, at least one.</param>
    /// <param name="bins">Number of quantile bins, ≥ 1; default 10.</param>
    /// <returns>The PSI, its band and the per-bin table.</returns>
    /// <exception cref="ArgumentException">A sample is empty or holds a NaN or infinite value (message names the index).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    public static PsiResult Compute(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, int bins = DefaultBins)
    {
        EvaluationGuard.CheckAtLeast(bins, 1, nameof(bins));
        var e = Copy(expected, nameof(expected), allowMissing: false);
        var a = Copy(actual, nameof(actual), allowMissing: false);
        return ComputeCore(e, a, bins);
    }

    /// <summary>PSI of one feature column; NaN (missing) values form their own bin.</summary>
    /// <param name="expected">Reference column; defines the bins. NaN allowed; infinities are not.</param>
    /// <param name="actual">Column compared against it. NaN allowed; infinities are not.</param>
    /// <param name="bins">Number of quantile bins for the non-missing values, ≥ 1; default 10.</param>
    /// <returns>
    /// The PSI, band and per-bin table. The missing bin (<see cref="PsiBin.IsMissing"/>) is last and present only
    /// when either sample has a NaN; shares are of all rows including missing ones.
    /// </returns>
    /// <exception cref="ArgumentException">A column is empty or holds an infinite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    public static PsiResult ComputeFeature(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int bins = DefaultBins)
    {
        EvaluationGuard.CheckAtLeast(bins, 1, nameof(bins));
        var e = Copy(expected, nameof(expected));
        var a = Copy(actual, nameof(actual));
        return ComputeCore(e, a, bins);
    }

    /// <summary>PSI of every feature of row-major feature vectors (NaN = missing, its own bin).</summary>
    /// <param name="featureNames">Feature names in vector order; each row has exactly this many values.</param>
    /// <param name="expectedRows">Reference feature vectors, at least one.</param>
    /// <param name="actualRows">Feature vectors compared against them, at least one.</param>
    /// <param name="bins">Number of quantile bins per feature, ≥ 1; default 10.</param>
    /// <returns>One result per feature, in <paramref name="featureNames"/> order.</returns>
    /// <exception cref="ArgumentException">A row is null or has the wrong length, no rows, or a value is infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    public static IReadOnlyList<FeaturePsi> ComputeByFeature(
        IReadOnlyList<string> featureNames,
        IReadOnlyList<float[]> expectedRows,
        IReadOnlyList<float[]> actualRows,
        int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(expectedRows);
        ArgumentNullException.ThrowIfNull(actualRows);
        EvaluationGuard.CheckAtLeast(bins, 1, nameof(bins));
        CheckRows(expectedRows, featureNames.Count, nameof(expectedRows));
        CheckRows(actualRows, featureNames.Count, nameof(actualRows));
        var results = new List<FeaturePsi>(featureNames.Count);
        var e = new float[expectedRows.Count];
        var a = new float[actualRows.Count];
        for (var f = 0; f < featureNames.Count; f++)
        {
            ExtractColumn(expectedRows, f, featureNames[f], e, nameof(expectedRows));
            ExtractColumn(actualRows, f, featureNames[f], a, nameof(actualRows));
            results.Add(new FeaturePsi(featureNames[f], f, ComputeCore(ToDouble(e), ToDouble(a), bins)));
        }

        return results;
    }

    /// <summary>Band of a PSI value: &lt; 0.1 stable, 0.1 to 0.25 watch, &gt; 0.25 shift.</summary>
    /// <param name="psi">A PSI value, ≥ 0.</param>
    /// <returns>The band.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="psi"/> is NaN or negative.</exception>
    public static PsiBand Classify(double psi)
    {
        if (!(psi >= 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(psi), psi, string.Create(CultureInfo.InvariantCulture, $"psi = {psi}: a PSI is a non-negative number."));
        }

        return psi < WatchThreshold ? PsiBand.Stable : psi <= ShiftThreshold ? PsiBand.Watch : PsiBand.Shift;
    }

    internal static double[] QuantileCuts(double[] sortedFinite, int bins)
    {
        var cuts = new List<double>(bins);
        var n = sortedFinite.Length;
        for (var k = 1; k < bins; k++)
        {
            var h = (n - 1) * ((double)k / bins);
            var lo = (int)Math.Floor(h);
            var hi = Math.Min(lo + 1, n - 1);
            var q = sortedFinite[lo] + ((h - lo) * (sortedFinite[hi] - sortedFinite[lo]));
            if (cuts.Count == 0 || q > cuts[^1])
            {
                cuts.Add(q);
            }
        }

        return [.. cuts];
    }

    private static PsiResult ComputeCore(double[] expected, double[] actual, int bins)
    {
        var finite = Array.FindAll(expected, v => !double.IsNaN(v));
        Array.Sort(finite);
        var cuts = finite.Length == 0 ? [] : QuantileCuts(finite, bins);
        var valueBins = cuts.Length + 1;
        var eCounts = new int[valueBins + 1];
        var aCounts = new int[valueBins + 1];
        Count(expected, cuts, eCounts);
        Count(actual, cuts, aCounts);
        var hasMissing = eCounts[valueBins] > 0 || aCounts[valueBins] > 0;
        var table = new List<PsiBin>(valueBins + 1);
        var total = 0.0;
        for (var b = 0; b < valueBins + (hasMissing ? 1 : 0); b++)
        {
            var missing = b == valueBins;
            var eShare = (double)eCounts[b] / expected.Length;
            var aShare = (double)aCounts[b] / actual.Length;
            var es = eShare == 0.0 ? EmptyBinShare : eShare;
            var @as = aShare == 0.0 ? EmptyBinShare : aShare;
            var term = (@as - es) * Math.Log(@as / es);
            total += term;
            table.Add(new PsiBin(
                b + 1,
                missing ? double.NaN : b == 0 ? double.NegativeInfinity : cuts[b - 1],
                missing ? double.NaN : b == cuts.Length ? double.PositiveInfinity : cuts[b],
                missing,
                eCounts[b],
                aCounts[b],
                eShare,
                aShare,
                term));
        }

        return new PsiResult(total, Classify(total), table);
    }

    private static void Count(double[] values, double[] cuts, int[] counts)
    {
        var missingBin = counts.Length - 1;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                counts[missingBin]++;
                continue;
            }

            // Lower bound: index of the first cut ≥ v, so v lands in (cut[b−1], cut[b]].
            var idx = Array.BinarySearch(cuts, v);
            counts[idx >= 0 ? idx : ~idx]++;
        }
    }

    private static double[] Copy(ReadOnlySpan<double> values, string name, bool allowMissing)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException(name + " is empty; a PSI sample needs at least one value.", name);
        }

        var copy = values.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (double.IsInfinity(copy[i]) || (!allowMissing && double.IsNaN(copy[i])))
            {
                throw new ArgumentException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{name}[{i}] = {copy[i]}: PSI values must be finite{(allowMissing ? " or NaN (missing)" : "; use ComputeFeature when NaN means missing")}."),
                    name);
            }
        }

        return copy;
    }

    private static double[] Copy(ReadOnlySpan<float> values, string name) => Copy(ToDouble(values), name, allowMissing: true);

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var d = new double[values.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = values[i];
        }

        return d;
    }

    private static void ExtractColumn(IReadOnlyList<float[]> rows, int feature, string featureName, float[] column, string name)
    {
        for (var r = 0; r < column.Length; r++)
        {
            var v = rows[r][feature];
            if (float.IsInfinity(v))
            {
                throw new ArgumentException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{name}[{r}][{feature}] (feature '{featureName}') = {v}: PSI values must be finite or NaN (missing)."),
                    name);
            }

            column[r] = v;
        }
    }

    private static void CheckRows(IReadOnlyList<float[]> rows, int features, string name)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException(name + " is empty; a PSI sample needs at least one row.", name);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row is null || row.Length != features)
            {
                throw new ArgumentException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{name}[{r}] has {(row is null ? "no vector (null)" : row.Length.ToString(CultureInfo.InvariantCulture) + " values")}; every row must have {features} values, one per feature name."),
                    name);
            }
        }
    }
}

/// <summary>Stability band of a PSI value.</summary>
public enum PsiBand
{
    /// <summary>PSI &lt; 0.1: no meaningful shift.</summary>
    Stable = 0,

    /// <summary>0.1 ≤ PSI ≤ 0.25: moderate shift, investigate.</summary>
    Watch = 1,

    /// <summary>PSI &gt; 0.25: significant shift; the model may need recalibration or rebuilding.</summary>
    Shift = 2,
}

/// <summary>Result of a PSI computation.</summary>
/// <param name="Value">The PSI, ≥ 0.</param>
/// <param name="Band">Its band (<see cref="Psi.Classify"/>).</param>
/// <param name="Bins">Per-bin table, in increasing value order, then the missing bin if any.</param>
public sealed record PsiResult(double Value, PsiBand Band, IReadOnlyList<PsiBin> Bins);

/// <summary>One bin of a PSI table.</summary>
/// <param name="Bin">1-based bin number.</param>
/// <param name="Lower">Exclusive lower edge (−∞ for the first bin, NaN for the missing bin).</param>
/// <param name="Upper">Inclusive upper edge (+∞ for the last value bin, NaN for the missing bin).</param>
/// <param name="IsMissing">Whether this is the bin of NaN (missing) values.</param>
/// <param name="ExpectedCount">Expected-sample rows in the bin.</param>
/// <param name="ActualCount">Actual-sample rows in the bin.</param>
/// <param name="ExpectedShare">Raw expected share (may be 0).</param>
/// <param name="ActualShare">Raw actual share (may be 0).</param>
/// <param name="Contribution">This bin's PSI term, with a zero share replaced by <see cref="Psi.EmptyBinShare"/>.</param>
public sealed record PsiBin(
    int Bin,
    double Lower,
    double Upper,
    bool IsMissing,
    int ExpectedCount,
    int ActualCount,
    double ExpectedShare,
    double ActualShare,
    double Contribution);

/// <summary>PSI of one feature.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Index">Position of the feature in the vector.</param>
/// <param name="Result">Its PSI.</param>
public sealed record FeaturePsi(string Feature, int Index, PsiResult Result);
