using System.Globalization;

namespace RiskScoring.Reporting;

/// <summary>
/// Computes the curves of <see cref="ModelReportData"/> (ROC, KS, score histogram) from predicted probabilities of
/// default and default flags. The calibration and gains tables come from <c>RiskScoring.Training.Evaluation</c>
/// (<c>CalibrationTable</c>, <c>GainsTable</c>, or a <c>BinaryEvaluator</c> report). Higher scores mean riskier.
/// </summary>
/// <remarks>
/// Tied scores are treated as one threshold (the curves never split a tie). Curves longer than <c>maxPoints</c> are
/// thinned to evenly spaced points, always keeping the first and last point (and, for KS, the point of largest gap),
/// which keeps the report small for large samples without changing the plotted shape visibly.
/// </remarks>
public static class ReportCurves
{
    /// <summary>Default cap on the number of points of a computed curve.</summary>
    public const int DefaultMaxPoints = 250;

    /// <summary>
    /// The ROC curve: for each distinct score threshold t (from high to low), the share of goods (false positive rate) and
    /// of bads (true positive rate) with a score ≥ t; starts at (0, 0) and ends at (1, 1).
    /// </summary>
    /// <param name="pd">Scores (finite), higher = riskier.</param>
    /// <param name="isBad">Default flag per row (true = defaulted), same length as <paramref name="pd"/>.</param>
    /// <param name="maxPoints">Cap on the returned points, ≥ 3; default <see cref="DefaultMaxPoints"/>.</param>
    /// <returns>The ROC points in increasing false positive rate.</returns>
    /// <exception cref="ArgumentException">When the lengths differ, a score is not finite, or either class is absent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxPoints"/> is below 3.</exception>
    public static IReadOnlyList<RocPoint> ComputeRoc(ReadOnlySpan<double> pd, ReadOnlySpan<bool> isBad, int maxPoints = DefaultMaxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 3);
        var (bads, goods) = CountClasses(pd, isBad);
        var order = SortedOrder(pd, descending: false);
        var points = new List<RocPoint> { new(0, 0) };
        int tp = 0, fp = 0;
        for (var k = order.Length - 1; k >= 0;)
        {
            var score = pd[order[k]];
            for (; k >= 0 && pd[order[k]] == score; k--)
            {
                if (isBad[order[k]])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }

            points.Add(new RocPoint((double)fp / goods, (double)tp / bads));
        }

        return Thin(points, maxPoints, keep: -1);
    }

    /// <summary>
    /// The KS curves: for each distinct score t (increasing), the share of bads and of goods with a score ≤ t. Their
    /// largest gap is the KS statistic.
    /// </summary>
    /// <param name="pd">Scores (finite), higher = riskier.</param>
    /// <param name="isBad">Default flag per row (true = defaulted), same length as <paramref name="pd"/>.</param>
    /// <param name="maxPoints">Cap on the returned points, ≥ 3; default <see cref="DefaultMaxPoints"/>.</param>
    /// <returns>The KS points in increasing threshold; the last point has both shares equal to 1.</returns>
    /// <exception cref="ArgumentException">When the lengths differ, a score is not finite, or either class is absent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxPoints"/> is below 3.</exception>
    public static IReadOnlyList<KsPoint> ComputeKsCurve(ReadOnlySpan<double> pd, ReadOnlySpan<bool> isBad, int maxPoints = DefaultMaxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 3);
        var (bads, goods) = CountClasses(pd, isBad);
        var order = SortedOrder(pd, descending: false);
        var points = new List<KsPoint>();
        int cumBad = 0, cumGood = 0, best = 0;
        var bestGap = -1.0;
        for (var k = 0; k < order.Length;)
        {
            var score = pd[order[k]];
            for (; k < order.Length && pd[order[k]] == score; k++)
            {
                if (isBad[order[k]])
                {
                    cumBad++;
                }
                else
                {
                    cumGood++;
                }
            }

            var point = new KsPoint(score, (double)cumBad / bads, (double)cumGood / goods);
            var gap = Math.Abs(point.CumulativeGoodShare - point.CumulativeBadShare);
            if (gap > bestGap)
            {
                bestGap = gap;
                best = points.Count;
            }

            points.Add(point);
        }

        return Thin(points, maxPoints, best);
    }

    /// <summary>The point of largest gap between the two KS curves (the first one when tied).</summary>
    /// <param name="curve">KS points; must not be empty.</param>
    /// <returns>The point and its gap |good share − bad share|.</returns>
    /// <exception cref="ArgumentException">When <paramref name="curve"/> is empty.</exception>
    public static (KsPoint Point, double Ks) FindKs(IReadOnlyList<KsPoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count == 0)
        {
            throw new ArgumentException("curve is empty; KS needs at least one point.", nameof(curve));
        }

        var best = curve[0];
        var bestGap = Math.Abs(best.CumulativeGoodShare - best.CumulativeBadShare);
        foreach (var p in curve)
        {
            var gap = Math.Abs(p.CumulativeGoodShare - p.CumulativeBadShare);
            if (gap > bestGap)
            {
                best = p;
                bestGap = gap;
            }
        }

        return (best, bestGap);
    }

    /// <summary>Histogram of the scores of goods and of bads (see <see cref="ScoreHistogram.FromScores"/>).</summary>
    /// <param name="pd">Scores (finite).</param>
    /// <param name="isBad">Default flag per row, same length as <paramref name="pd"/>.</param>
    /// <param name="binCount">Number of equal-width bins, 1 to 1000; default 20.</param>
    /// <returns>The histogram.</returns>
    /// <exception cref="ArgumentException">When the lengths differ, the sample is empty or a score is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="binCount"/> is outside 1–1000.</exception>
    public static ScoreHistogram ComputeScoreHistogram(ReadOnlySpan<double> pd, ReadOnlySpan<bool> isBad, int binCount = 20)
    {
        CheckLengths(pd, isBad);
        var goods = new List<double>(pd.Length);
        var bads = new List<double>();
        for (var i = 0; i < pd.Length; i++)
        {
            (isBad[i] ? bads : goods).Add(pd[i]);
        }

        return ScoreHistogram.FromScores(goods.ToArray(), bads.ToArray(), binCount);
    }

    private static void CheckLengths(ReadOnlySpan<double> pd, ReadOnlySpan<bool> isBad)
    {
        if (pd.Length != isBad.Length)
        {
            throw new ArgumentException($"pd has {pd.Length} values but isBad has {isBad.Length}; they must have one entry per row.", nameof(isBad));
        }

        if (pd.IsEmpty)
        {
            throw new ArgumentException("pd is empty; the curves need at least one row.", nameof(pd));
        }
    }

    /// <summary>Validates the sample and returns the class counts.</summary>
    private static (int Bads, int Goods) CountClasses(ReadOnlySpan<double> pd, ReadOnlySpan<bool> isBad)
    {
        CheckLengths(pd, isBad);
        var bads = 0;
        for (var i = 0; i < pd.Length; i++)
        {
            if (!double.IsFinite(pd[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"pd[{i}] = {pd[i]}; scores must be finite."), nameof(pd));
            }

            bads += isBad[i] ? 1 : 0;
        }

        var goods = pd.Length - bads;
        if (bads == 0 || goods == 0)
        {
            throw new ArgumentException($"isBad has {bads} bads and {goods} goods; the curves need at least one of each.", nameof(isBad));
        }

        return (bads, goods);
    }

    /// <summary>Row indices sorted by score (increasing, or decreasing when <paramref name="descending"/>), ties in input order.</summary>
    private static int[] SortedOrder(ReadOnlySpan<double> pd, bool descending)
    {
        var order = Enumerable.Range(0, pd.Length).ToArray();
        var keys = pd.ToArray();
        if (descending)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = -keys[i];
            }
        }

        Array.Sort(keys, order);
        StabilizeTies(keys, order);
        return order;
    }

    /// <summary>Array.Sort is unstable: put indices of equal keys back in increasing order.</summary>
    private static void StabilizeTies(double[] sortedKeys, int[] order)
    {
        for (var start = 0; start < sortedKeys.Length;)
        {
            var end = start + 1;
            while (end < sortedKeys.Length && sortedKeys[end] == sortedKeys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start);
            }

            start = end;
        }
    }

    /// <summary>Evenly spaced points (first and last included) plus the point at index <paramref name="keep"/> (when ≥ 0).</summary>
    private static List<T> Thin<T>(List<T> points, int maxPoints, int keep)
    {
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var last = points.Count - 1;
        var slots = keep >= 0 ? maxPoints - 1 : maxPoints;
        var indices = new SortedSet<int>();
        for (var j = 0; j < slots; j++)
        {
            indices.Add((int)Math.Round((double)j * last / (slots - 1), MidpointRounding.AwayFromZero));
        }

        if (keep >= 0)
        {
            indices.Add(keep);
        }

        return indices.Select(i => points[i]).ToList();
    }
}
