using System.Globalization;
using System.Runtime.ExceptionServices;
using RiskScoring.Scorecards;

namespace RiskScoring.Training.Binning;

/// <summary>
/// Fits optimal, deterministic bins for scorecard characteristics: the partition with the highest information value
/// (IV) over a fine prebin grid subject to a default-rate shape, a minimum bin share, a minimum number of bads per bin,
/// forced cut points and a maximum number of bins. Thread-safe; holds no state besides its options.
/// </summary>
/// <remarks>
/// <para><b>Numeric features.</b> Missing values (NaN) go to the missing bin and the spec's special values to their
/// own bins; neither takes part in the trend or the constraints. The remaining (regular) values are sorted once and
/// grouped by distinct value, then cut into at most <see cref="BinningOptions.PrebinCount"/> adaptive equal-frequency
/// prebins: a prebin closes once it holds remaining rows / remaining prebins, and a distinct value is never split, so
/// a value shared by 94 % of the rows makes one prebin and the tail is still resolved finely. Forced cut points are
/// always prebin boundaries. A dynamic programme then merges consecutive prebins into the partition with the maximum
/// IV whose bins each hold at least <see cref="BinningOptions.MinBinShare"/> of the regular rows and
/// <see cref="BinningOptions.MinBadsPerBin"/> bads, whose default rates follow the requested shape (non-strictly),
/// and which has at most <see cref="BinningOptions.MaxBins"/> bins. The programme is exact over the prebin grid (it
/// tracks the last bin so the shape constraint is checked between neighbours) and costs O(MaxBins · P³) for P
/// prebins. Ties keep fewer bins, then earlier boundaries. Cut points are data values: a cut is the smallest value of
/// the bin above it (lower-inclusive, see <see cref="CharacteristicBins"/>), or the forced value itself.</para>
/// <para><b>Categorical features.</b> Categories seen in training are ordered by default rate (ties by index); if
/// there are more than <see cref="BinningOptions.PrebinCount"/>, the adjacent pair with the fewest rows is merged
/// until there are not; the same programme then groups neighbours in that order, which merges categories below the
/// minimum share with their neighbour by rate. Categories absent from the training data map to the missing bin, as
/// unseen categories do at run time.</para>
/// <para><b>Determinism.</b> No randomness: the same data and options give identical bins on every run and for any
/// <see cref="BinningOptions.MaxDegreeOfParallelism"/>.</para>
/// </remarks>
public sealed class OptimalBinner
{
    /// <summary>Creates a binner.</summary>
    /// <param name="options">Settings; null = <see cref="BinningOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When a setting is out of range.</exception>
    public OptimalBinner(BinningOptions? options = null)
    {
        Options = options ?? BinningOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public BinningOptions Options { get; }

    /// <summary>Fits the bins of one characteristic.</summary>
    /// <param name="spec">The feature to bin.</param>
    /// <param name="values">Feature values, one per row (NaN = missing; categorical: category index).</param>
    /// <param name="isBad">Labels, one per row; true = default (bad).</param>
    /// <returns>The bins, their statistics, IV and trend.</returns>
    /// <exception cref="ArgumentException">When the spec is invalid, the spans differ in length or are empty, a value
    /// is infinite (numeric) or not a valid category index (categorical; the message names the row), or the labels
    /// hold no bad or no good row.</exception>
    /// <exception cref="InvalidOperationException">When the forced cut points make the requested trend impossible.</exception>
    public BinningResult Fit(FeatureBinningSpec spec, ReadOnlySpan<float> values, ReadOnlySpan<bool> isBad)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        if (values.Length != isBad.Length)
        {
            throw new ArgumentException(Invariant($"{spec.Name}: values has {values.Length} rows but isBad has {isBad.Length} (must be equal)."), nameof(isBad));
        }

        if (values.Length == 0)
        {
            throw new ArgumentException(Invariant($"{spec.Name}: values is empty (need at least one row)."), nameof(values));
        }

        var totalBads = 0;
        foreach (var bad in isBad)
        {
            totalBads += bad ? 1 : 0;
        }

        var totalGoods = values.Length - totalBads;
        if (totalBads == 0 || totalGoods == 0)
        {
            throw new ArgumentException(
                Invariant($"{spec.Name}: isBad has {totalBads} bad and {totalGoods} good rows; WoE needs at least one of each."),
                nameof(isBad));
        }

        return spec.Kind == CharacteristicKind.Categorical
            ? FitCategorical(spec, values, isBad, totalGoods, totalBads)
            : FitNumeric(spec, values, isBad, totalGoods, totalBads);
    }

    /// <summary>Fits several characteristics, in parallel up to <see cref="BinningOptions.MaxDegreeOfParallelism"/>.</summary>
    /// <param name="specs">The features to bin.</param>
    /// <param name="columns">One column of values per spec, in the same order, each as long as <paramref name="isBad"/>.</param>
    /// <param name="isBad">Labels, one per row; true = default (bad).</param>
    /// <returns>One result per spec, in spec order (independent of the parallelism).</returns>
    /// <exception cref="ArgumentException">When the counts differ, or as <see cref="Fit"/> for the first failing
    /// characteristic in spec order.</exception>
    /// <exception cref="InvalidOperationException">As <see cref="Fit"/>.</exception>
    public IReadOnlyList<BinningResult> FitMany(
        IReadOnlyList<FeatureBinningSpec> specs,
        IReadOnlyList<ReadOnlyMemory<float>> columns,
        ReadOnlyMemory<bool> isBad)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(columns);
        if (specs.Count != columns.Count)
        {
            throw new ArgumentException(Invariant($"specs has {specs.Count} entries but columns has {columns.Count} (must be equal)."), nameof(columns));
        }

        var results = new BinningResult[specs.Count];
        var errors = new Exception?[specs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism };
        Parallel.For(0, specs.Count, parallel, i =>
        {
            try
            {
                results[i] = Fit(specs[i], columns[i].Span, isBad.Span);
            }
#pragma warning disable CA1031 // Rethrown below, first in spec order, so the error is deterministic.
            catch (Exception e)
#pragma warning restore CA1031
            {
                errors[i] = e;
            }
        });

        foreach (var error in errors)
        {
            if (error is not null)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }

        return results;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<float> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private BinningResult FitNumeric(FeatureBinningSpec spec, ReadOnlySpan<float> values, ReadOnlySpan<bool> isBad, int totalGoods, int totalBads)
    {
        var specials = spec.SpecialValues.ToArray();
        var keys = new float[values.Length];
        var labels = new bool[values.Length];
        var m = 0;
        for (var r = 0; r < values.Length; r++)
        {
            var v = values[r];
            if (float.IsNaN(v))
            {
                continue;
            }

            if (!float.IsFinite(v))
            {
                throw new ArgumentException(Invariant($"{spec.Name}: row {r} has value {v}; numeric values must be finite or NaN (missing)."), nameof(values));
            }

            if (Array.IndexOf(specials, v) >= 0)
            {
                continue;
            }

            keys[m] = v;
            labels[m] = isBad[r];
            m++;
        }

        var forced = spec.ForcedCutPoints.Distinct().Order().ToArray();
        var trend = spec.Trend ?? Options.Trend;
        float[] cuts;
        MonotonicTrend chosen;
        var prebinCount = 0;
        if (m == 0)
        {
            cuts = forced;
            chosen = MonotonicTrend.None;
        }
        else
        {
            Array.Sort(keys, labels, 0, m);

            // Distinct-value groups.
            var groupValue = new List<float>();
            var groupCount = new List<int>();
            var groupBads = new List<int>();
            for (var r = 0; r < m; r++)
            {
                if (r == 0 || keys[r] != keys[r - 1])
                {
                    groupValue.Add(keys[r]);
                    groupCount.Add(0);
                    groupBads.Add(0);
                }

                groupCount[^1]++;
                groupBads[^1] += labels[r] ? 1 : 0;
            }

            var g = groupValue.Count;

            // Forced cuts that split the data: mark the group they start.
            var forcedAt = new float?[g];
            foreach (var f in forced)
            {
                var start = groupValue.BinarySearch(f);
                start = start >= 0 ? start : ~start;
                if (start > 0 && start < g)
                {
                    forcedAt[start] ??= f;
                }
            }

            // Adaptive equal-frequency prebins over whole groups.
            var prebinStart = new List<int>();
            var prebinN = new List<int>();
            var prebinB = new List<int>();
            var mandatory = new List<bool>();
            var remainingRows = m;
            var slots = Options.PrebinCount;
            for (var start = 0; start < g;)
            {
                var target = (double)remainingRows / Math.Max(1, slots);
                var n = 0;
                var b = 0;
                var end = start;
                do
                {
                    n += groupCount[end];
                    b += groupBads[end];
                    end++;
                }
                while (end < g && forcedAt[end] is null && (n < target || slots <= 1));

                prebinStart.Add(start);
                prebinN.Add(n);
                prebinB.Add(b);
                mandatory.Add(start > 0 && forcedAt[start] is not null);
                remainingRows -= n;
                slots--;
                start = end;
            }

            mandatory.Add(true);
            prebinCount = prebinN.Count;
            var minCount = Math.Max(1, (int)Math.Ceiling((Options.MinBinShare * m) - 1e-9));

            (int[] Boundaries, double Iv)? Solve(MonotonicTrend t) => MonotonePartitioner.Solve(
                prebinN.ToArray(), prebinB.ToArray(), mandatory.ToArray(), totalGoods, totalBads,
                minCount, Options.MinBadsPerBin, Options.MaxBins, t, Options.Smoothing);

            (int[] Boundaries, double Iv)? solution;
            if (trend == MonotonicTrend.Auto)
            {
                var up = Solve(MonotonicTrend.Ascending);
                var down = Solve(MonotonicTrend.Descending);
                if (up is not null && (down is null || up.Value.Iv >= down.Value.Iv - 1e-12))
                {
                    (solution, chosen) = (up, MonotonicTrend.Ascending);
                }
                else
                {
                    (solution, chosen) = (down, MonotonicTrend.Descending);
                }
            }
            else
            {
                solution = Solve(trend);
                chosen = trend;
            }

            if (solution is null)
            {
                throw new InvalidOperationException(
                    Invariant($"{spec.Name}: the forced cut points [{Join(forced)}] make the {(trend == MonotonicTrend.Auto ? "monotonic (Auto)" : trend.ToString())} default-rate trend impossible (the bins between forced cuts cannot be merged across them); remove a forced cut or choose MonotonicTrend.None."));
            }

            var cutSet = new SortedSet<float>(forced);
            foreach (var boundary in solution.Value.Boundaries)
            {
                var start = prebinStart[boundary];
                cutSet.Add(forcedAt[start] ?? groupValue[start]);
            }

            cuts = [.. cutSet];
        }

        var bins = CharacteristicBins.CreateNumeric(spec.Name, cuts, specials);
        var stats = CharacteristicStatistics.Compute(bins, values, isBad, Options.Smoothing);
        return new BinningResult(stats, chosen, prebinCount);
    }

    private BinningResult FitCategorical(FeatureBinningSpec spec, ReadOnlySpan<float> values, ReadOnlySpan<bool> isBad, int totalGoods, int totalBads)
    {
        var k = spec.CategoryNames.Count;
        var count = new int[k];
        var bads = new int[k];
        var regular = 0;
        for (var r = 0; r < values.Length; r++)
        {
            var v = values[r];
            if (float.IsNaN(v))
            {
                continue;
            }

            var index = (int)v;
            if (!(v >= 0 && v < k) || index != v)
            {
                throw new ArgumentException(
                    Invariant($"{spec.Name}: row {r} has value {v}; a categorical value must be NaN (missing) or a category index 0..{k - 1}."),
                    nameof(values));
            }

            count[index]++;
            bads[index] += isBad[r] ? 1 : 0;
            regular++;
        }

        // Present categories in ascending default-rate order (exact comparison; ties by index).
        var order = Enumerable.Range(0, k).Where(c => count[c] > 0).ToList();
        order.Sort((a, b) =>
        {
            var cmp = ((long)bads[a] * count[b]).CompareTo((long)bads[b] * count[a]);
            return cmp != 0 ? cmp : a.CompareTo(b);
        });

        var map = new int[k];
        int groupCount;
        var prebinCount = 0;
        if (order.Count == 0)
        {
            // No category seen: every category falls back to the missing bin; keep one (empty) group so the
            // definition is valid.
            groupCount = 1;
            Array.Fill(map, 1);
            map[0] = 0;
        }
        else
        {
            // Groups of categories in rate order; merge the adjacent pair with the fewest rows while too many.
            var groups = order.Select(c => new List<int> { c }).ToList();
            var groupN = order.Select(c => count[c]).ToList();
            var groupB = order.Select(c => bads[c]).ToList();
            while (groups.Count > Options.PrebinCount)
            {
                var best = 0;
                for (var i = 1; i < groups.Count - 1; i++)
                {
                    if (groupN[i] + groupN[i + 1] < groupN[best] + groupN[best + 1])
                    {
                        best = i;
                    }
                }

                groups[best].AddRange(groups[best + 1]);
                groupN[best] += groupN[best + 1];
                groupB[best] += groupB[best + 1];
                groups.RemoveAt(best + 1);
                groupN.RemoveAt(best + 1);
                groupB.RemoveAt(best + 1);
            }

            prebinCount = groups.Count;
            var minCount = Math.Max(1, (int)Math.Ceiling((Options.MinBinShare * regular) - 1e-9));
            var solution = MonotonePartitioner.Solve(
                groupN.ToArray(), groupB.ToArray(), new bool[groups.Count + 1], totalGoods, totalBads,
                minCount, Options.MinBadsPerBin, Options.MaxBins, MonotonicTrend.Ascending, Options.Smoothing)
                ?? throw new InvalidOperationException(Invariant($"{spec.Name}: no feasible grouping (internal error)."));

            groupCount = solution.Boundaries.Length + 1;
            Array.Fill(map, groupCount); // unseen in training → missing bin
            var bin = 0;
            for (var i = 0; i < groups.Count; i++)
            {
                if (bin < solution.Boundaries.Length && solution.Boundaries[bin] == i)
                {
                    bin++;
                }

                foreach (var c in groups[i])
                {
                    map[c] = bin;
                }
            }
        }

        var bins = CharacteristicBins.CreateCategorical(spec.Name, spec.CategoryNames, map, groupCount);
        var stats = CharacteristicStatistics.Compute(bins, values, isBad, Options.Smoothing);
        return new BinningResult(stats, MonotonicTrend.Ascending, prebinCount);
    }
}
