using System.Collections.Immutable;
using System.Globalization;

namespace RiskScoring.Reporting;

/// <summary>
/// Equal-width histogram of the scores of goods and of bads over the same bins, for the score distribution chart.
/// Bin <c>i</c> covers [<c>Edges[i]</c>, <c>Edges[i + 1]</c>); the last bin also includes its upper edge.
/// </summary>
/// <threadsafety>Immutable; safe to read from many threads.</threadsafety>
public sealed class ScoreHistogram
{
    /// <summary>Creates a histogram from precomputed counts.</summary>
    /// <param name="edges">Bin edges, strictly increasing and finite, length = bins + 1 (at least 2).</param>
    /// <param name="goodCounts">Goods per bin, each ≥ 0, length = bins.</param>
    /// <param name="badCounts">Bads per bin, each ≥ 0, length = bins.</param>
    /// <exception cref="ArgumentNullException">When an argument is null.</exception>
    /// <exception cref="ArgumentException">When the lengths disagree, an edge is not finite or not increasing, or a count is negative.</exception>
    public ScoreHistogram(IReadOnlyList<double> edges, IReadOnlyList<int> goodCounts, IReadOnlyList<int> badCounts)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(goodCounts);
        ArgumentNullException.ThrowIfNull(badCounts);
        if (edges.Count < 2)
        {
            throw new ArgumentException($"edges has {edges.Count} values; a histogram needs at least 2 (one bin).", nameof(edges));
        }

        for (var i = 0; i < edges.Count; i++)
        {
            if (!double.IsFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1])))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"edges[{i}] = {edges[i]}; edges must be finite and strictly increasing."), nameof(edges));
            }
        }

        CheckCounts(goodCounts, edges.Count - 1, nameof(goodCounts));
        CheckCounts(badCounts, edges.Count - 1, nameof(badCounts));
        Edges = [.. edges];
        GoodCounts = [.. goodCounts];
        BadCounts = [.. badCounts];
    }

    /// <summary>Bin edges (length = <see cref="BinCount"/> + 1).</summary>
    public ImmutableArray<double> Edges { get; }

    /// <summary>Goods per bin.</summary>
    public ImmutableArray<int> GoodCounts { get; }

    /// <summary>Bads per bin.</summary>
    public ImmutableArray<int> BadCounts { get; }

    /// <summary>Number of bins.</summary>
    public int BinCount => GoodCounts.Length;

    /// <summary>
    /// Bins the raw scores of goods and of bads into <paramref name="binCount"/> equal-width bins spanning the smallest to
    /// the largest score of both groups (a constant score gets the bin [score − 0.5, score + 0.5]).
    /// </summary>
    /// <param name="goodScores">Scores of the goods (finite).</param>
    /// <param name="badScores">Scores of the bads (finite).</param>
    /// <param name="binCount">Number of bins, 1 to 1000; default 20.</param>
    /// <returns>The histogram.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="binCount"/> is outside 1–1000.</exception>
    /// <exception cref="ArgumentException">When both groups are empty or a score is not finite.</exception>
    public static ScoreHistogram FromScores(ReadOnlySpan<double> goodScores, ReadOnlySpan<double> badScores, int binCount = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(binCount, 1000);
        if (goodScores.IsEmpty && badScores.IsEmpty)
        {
            throw new ArgumentException("goodScores and badScores are both empty; a histogram needs at least one score.", nameof(goodScores));
        }

        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        UpdateRange(goodScores, nameof(goodScores), ref min, ref max);
        UpdateRange(badScores, nameof(badScores), ref min, ref max);
        if (max == min)
        {
            min -= 0.5;
            max += 0.5;
        }

        var edges = new double[binCount + 1];
        for (var i = 0; i <= binCount; i++)
        {
            edges[i] = i == binCount ? max : min + ((max - min) * i / binCount);
        }

        var goods = new int[binCount];
        var bads = new int[binCount];
        Count(goodScores, min, max, goods);
        Count(badScores, min, max, bads);
        return new ScoreHistogram(edges, goods, bads);
    }

    private static void UpdateRange(ReadOnlySpan<double> scores, string name, ref double min, ref double max)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (!double.IsFinite(s))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{i}] = {s}; scores must be finite."), name);
            }

            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }
    }

    private static void Count(ReadOnlySpan<double> scores, double min, double max, int[] counts)
    {
        var bins = counts.Length;
        foreach (var s in scores)
        {
            var bin = (int)((s - min) / (max - min) * bins);
            counts[Math.Clamp(bin, 0, bins - 1)]++;
        }
    }

    private static void CheckCounts(IReadOnlyList<int> counts, int bins, string name)
    {
        if (counts.Count != bins)
        {
            throw new ArgumentException($"{name} has {counts.Count} values for {bins} bins (edges − 1).", name);
        }

        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{i}] = {counts[i]}; counts must be ≥ 0."), name);
            }
        }
    }
}
