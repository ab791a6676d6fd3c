using MathNet.Numerics.Distributions;

namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Discrimination and accuracy metrics for predicted probabilities of default (PD) against observed outcomes.
/// Every method takes <c>predictedPd</c> (one PD in [0, 1] per row) and <c>isDefault</c> (<see langword="true"/> =
/// bad / positive class) of equal length.
/// </summary>
/// <remarks>
/// Ranking metrics (AUC, Gini, KS, DeLong) sort once, O(n log n), and treat equal PDs as ties: a bad and a good with
/// the same PD count one half towards the AUC. All methods are thread-safe and do not modify their inputs.
/// </remarks>
public static class BinaryMetrics
{
    /// <summary>Lower clip of the probability of the observed outcome in <see cref="LogLoss"/>: 1e-15.</summary>
    public const double LogLossClip = 1e-15;

    /// <summary>Default confidence level for <see cref="AucWithConfidenceInterval"/>: 0.95.</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>
    /// Area under the ROC curve: the probability that a randomly chosen default has a higher PD than a randomly
    /// chosen non-default, ties counting one half (Mann–Whitney U / (m·n) with average ranks).
    /// </summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <returns>AUC in [0, 1]; 0.5 is random ranking, 1 is perfect.</returns>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a PD is NaN or outside [0, 1], or only one class is present.</exception>
    public static double Auc(ReadOnlySpan<double> predictedPd, ReadOnlySpan<bool> isDefault)
    {
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        var positives = EvaluationGuard.CheckBothClasses(isDefault);
        var order = EvaluationGuard.SortAscending(predictedPd);
        return AucCore(predictedPd, isDefault, order, positives);
    }

    /// <summary>Gini coefficient (accuracy ratio) = 2·AUC − 1, in [−1, 1].</summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <returns>The Gini coefficient.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Auc"/>.</exception>
    public static double Gini(ReadOnlySpan<double> predictedPd, ReadOnlySpan<bool> isDefault) =>
        (2.0 * Auc(predictedPd, isDefault)) - 1.0;

    /// <summary>
    /// Kolmogorov–Smirnov statistic: the largest distance between the cumulative distributions of PD among
    /// non-defaults and among defaults, max over t of |F_good(t) − F_bad(t)| with F(t) = share with PD ≤ t.
    /// </summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <returns>The statistic (in [0, 1]) and the PD at which it occurs (the lowest such PD when several tie, within 1e-12).</returns>
    /// <exception cref="ArgumentException">As for <see cref="Auc"/>.</exception>
    public static KsResult KolmogorovSmirnov(ReadOnlySpan<double> predictedPd, ReadOnlySpan<bool> isDefault)
    {
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        var positives = EvaluationGuard.CheckBothClasses(isDefault);
        var order = EvaluationGuard.SortAscending(predictedPd);
        return KsCore(predictedPd, isDefault, order, positives);
    }

    /// <summary>Brier score: mean of (PD − y)² with y = 1 for a default, 0 otherwise. Lower is better; 0 is perfect.</summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <returns>The Brier score in [0, 1].</returns>
    /// <exception cref="ArgumentException">Lengths differ, no rows, or a PD is NaN or outside [0, 1].</exception>
    public static double BrierScore(ReadOnlySpan<double> predictedPd, ReadOnlySpan<bool> isDefault)
    {
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        return BrierCore(predictedPd, isDefault);
    }

    /// <summary>
    /// Log loss (binary cross-entropy, natural logarithm): −mean(y·ln p + (1 − y)·ln(1 − p)), with the probability of
    /// the observed outcome (p or 1 − p) clipped below at 1e-15, so that a confident wrong prediction costs
    /// −ln(1e-15) ≈ 34.54 nats instead of infinity (equivalent to clipping p to [1e-15, 1 − 1e-15]).
    /// </summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <returns>The log loss in nats, ≥ 0.</returns>
    /// <exception cref="ArgumentException">Lengths differ, no rows, or a PD is NaN or outside [0, 1].</exception>
    public static double LogLoss(ReadOnlySpan<double> predictedPd, ReadOnlySpan<bool> isDefault)
    {
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        return LogLossCore(predictedPd, isDefault);
    }

    /// <summary>
    /// AUC with DeLong's variance and a normal-approximation confidence interval, using the O(n log n) algorithm of
    /// Sun &amp; Xu (2014, IEEE Signal Processing Letters 21(11)): the structural components are read from mid-ranks
    /// of one sort instead of the m × n comparison matrix. Same estimator as R pROC's <c>ci.auc(method = "delong")</c>.
    /// </summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <param name="level">Two-sided confidence level, strictly between 0 and 1; default 0.95.</param>
    /// <returns>
    /// AUC, variance, standard error and the interval AUC ± z·SE clipped to [0, 1]. Variance and interval are NaN
    /// when either class has fewer than two rows (the sample variance of its components is undefined).
    /// </returns>
    /// <exception cref="ArgumentException">As for <see cref="Auc"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not strictly between 0 and 1.</exception>
    public static AucConfidenceInterval AucWithConfidenceInterval(
        ReadOnlySpan<double> predictedPd,
        ReadOnlySpan<bool> isDefault,
        double level = DefaultConfidenceLevel)
    {
        EvaluationGuard.CheckOpenUnit(level, nameof(level));
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        var positives = EvaluationGuard.CheckBothClasses(isDefault);
        var order = EvaluationGuard.SortAscending(predictedPd);
        return DeLongCore(predictedPd, isDefault, order, positives, level);
    }

    internal static double AucCore(ReadOnlySpan<double> pd, ReadOnlySpan<bool> y, int[] order, int positives)
    {
        // Σ over defaults of (#non-defaults with lower PD + ½ #non-defaults with equal PD) = Mann–Whitney U.
        var u = 0.0;
        long negativesBelow = 0;
        var start = 0;
        while (start < order.Length)
        {
            var end = TieGroupEnd(pd, order, start);
            CountGroup(y, order, start, end, out var gp, out var gn);
            u += gp * (negativesBelow + (0.5 * gn));
            negativesBelow += gn;
            start = end;
        }

        var negatives = order.Length - positives;
        return u / ((double)positives * negatives);
    }

    internal static AucConfidenceInterval DeLongCore(
        ReadOnlySpan<double> pd,
        ReadOnlySpan<bool> y,
        int[] order,
        int positives,
        double level)
    {
        var auc = AucCore(pd, y, order, positives);
        double m = positives;
        double n = order.Length - positives;

        // Structural components (Sun & Xu 2014): for a default i, V10_i = (Tz_i − Tx_i)/n, the share of non-defaults
        // ranked below it (ties ½); for a non-default j, V01_j = 1 − (Tz_j − Ty_j)/m, the share of defaults ranked
        // above it. Within a tie group all defaults share one V10 and all non-defaults one V01, so one pass over the
        // sorted groups gives both sums of squared deviations.
        var s10 = 0.0;
        var s01 = 0.0;
        long positivesBelow = 0;
        long negativesBelow = 0;
        var start = 0;
        while (start < order.Length)
        {
            var end = TieGroupEnd(pd, order, start);
            CountGroup(y, order, start, end, out var gp, out var gn);
            if (gp > 0)
            {
                var v10 = (negativesBelow + (0.5 * gn)) / n;
                s10 += gp * (v10 - auc) * (v10 - auc);
            }

            if (gn > 0)
            {
                var v01 = (m - positivesBelow - (0.5 * gp)) / m;
                s01 += gn * (v01 - auc) * (v01 - auc);
            }

            positivesBelow += gp;
            negativesBelow += gn;
            start = end;
        }

        double variance = double.NaN;
        if (m >= 2 && n >= 2)
        {
            variance = (s10 / (m - 1) / m) + (s01 / (n - 1) / n);
        }

        var se = Math.Sqrt(variance);
        var z = Normal.InvCDF(0.0, 1.0, 1.0 - ((1.0 - level) / 2.0));
        var lower = double.IsNaN(se) ? double.NaN : Math.Max(0.0, auc - (z * se));
        var upper = double.IsNaN(se) ? double.NaN : Math.Min(1.0, auc + (z * se));
        return new AucConfidenceInterval(auc, variance, se, lower, upper, level);
    }

    /// <summary>Distances within this of the current maximum count as ties (keep the lower PD); absorbs rounding such as 1 − 1/3 vs 2/3.</summary>
    private const double KsTieTolerance = 1e-12;

    internal static KsResult KsCore(ReadOnlySpan<double> pd, ReadOnlySpan<bool> y, int[] order, int positives)
    {
        double m = positives;
        double n = order.Length - positives;
        long bads = 0;
        long goods = 0;
        var best = -1.0;
        var bestThreshold = double.NaN;
        var bestGood = 0.0;
        var bestBad = 0.0;
        var start = 0;
        while (start < order.Length)
        {
            var end = TieGroupEnd(pd, order, start);
            CountGroup(y, order, start, end, out var gp, out var gn);
            bads += gp;
            goods += gn;
            var fGood = goods / n;
            var fBad = bads / m;
            var distance = Math.Abs(fGood - fBad);
            if (distance > best + KsTieTolerance)
            {
                best = distance;
                bestThreshold = pd[order[start]];
                bestGood = fGood;
                bestBad = fBad;
            }

            start = end;
        }

        return new KsResult(best, bestThreshold, bestGood, bestBad);
    }

    internal static double BrierCore(ReadOnlySpan<double> pd, ReadOnlySpan<bool> y)
    {
        var sum = 0.0;
        for (var i = 0; i < pd.Length; i++)
        {
            var d = pd[i] - (y[i] ? 1.0 : 0.0);
            sum += d * d;
        }

        return sum / pd.Length;
    }

    internal static double LogLossCore(ReadOnlySpan<double> pd, ReadOnlySpan<bool> y)
    {
        var sum = 0.0;
        for (var i = 0; i < pd.Length; i++)
        {
            // Clip the probability of the observed outcome, not p itself: 1 − (1 − 1e-15) is not exactly 1e-15 in
            // binary floating point, so clipping after the subtraction keeps both tails exactly at −ln(1e-15).
            var likelihood = y[i] ? pd[i] : 1.0 - pd[i];
            sum -= Math.Log(Math.Max(likelihood, LogLossClip));
        }

        return sum / pd.Length;
    }

    /// <summary>Exclusive end of the run of equal PDs that starts at <paramref name="start"/> in sorted order.</summary>
    internal static int TieGroupEnd(ReadOnlySpan<double> pd, int[] order, int start)
    {
        var value = pd[order[start]];
        var end = start + 1;
        while (end < order.Length && pd[order[end]] == value)
        {
            end++;
        }

        return end;
    }

    private static void CountGroup(ReadOnlySpan<bool> y, int[] order, int start, int end, out int positives, out int negatives)
    {
        positives = 0;
        for (var k = start; k < end; k++)
        {
            if (y[order[k]])
            {
                positives++;
            }
        }

        negatives = end - start - positives;
    }
}

/// <summary>Result of <see cref="BinaryMetrics.KolmogorovSmirnov"/>.</summary>
/// <param name="Statistic">max |F_good(t) − F_bad(t)|, in [0, 1]; often quoted ×100.</param>
/// <param name="Threshold">The PD t where the maximum occurs (the lowest such PD on ties).</param>
/// <param name="CumulativeGoodShare">F_good(t): share of non-defaults with PD ≤ t.</param>
/// <param name="CumulativeBadShare">F_bad(t): share of defaults with PD ≤ t.</param>
public sealed record KsResult(double Statistic, double Threshold, double CumulativeGoodShare, double CumulativeBadShare);

/// <summary>AUC with DeLong's variance and a two-sided normal confidence interval.</summary>
/// <param name="Auc">Area under the ROC curve.</param>
/// <param name="Variance">DeLong variance of the AUC estimate; NaN when either class has fewer than 2 rows.</param>
/// <param name="StandardError">√<paramref name="Variance"/>.</param>
/// <param name="Lower">Lower bound AUC − z·SE, clipped at 0.</param>
/// <param name="Upper">Upper bound AUC + z·SE, clipped at 1.</param>
/// <param name="Level">Confidence level, for example 0.95.</param>
public sealed record AucConfidenceInterval(
    double Auc,
    double Variance,
    double StandardError,
    double Lower,
    double Upper,
    double Level);
