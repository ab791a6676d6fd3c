namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Outcome counts for the lending rule "approve if PD &lt; cut-off, decline otherwise". The positive prediction is a
/// decline (predicted default): TP = declined defaults, FP = declined non-defaults, TN = approved non-defaults,
/// FN = approved defaults. Ratios with a zero denominator are NaN.
/// </summary>
/// <param name="Cutoff">The PD cut-off in [0, 1]; rows with PD strictly below it are approved.</param>
/// <param name="TruePositives">Declined rows that defaulted.</param>
/// <param name="FalsePositives">Declined rows that did not default.</param>
/// <param name="TrueNegatives">Approved rows that did not default.</param>
/// <param name="FalseNegatives">Approved rows that defaulted.</param>
public sealed record ConfusionTable(
    double Cutoff,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives)
{
    /// <summary>All rows.</summary>
    public int Rows => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Approved rows (TN + FN).</summary>
    public int Approved => TrueNegatives + FalseNegatives;

    /// <summary>Approved / rows.</summary>
    public double ApprovalRate => Ratio(Approved, Rows);

    /// <summary>Defaults among approved, FN / (TN + FN); NaN when nobody is approved.</summary>
    public double BadRateAmongApproved => Ratio(FalseNegatives, Approved);

    /// <summary>Precision of the decline decision, TP / (TP + FP); NaN when nobody is declined.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Recall (sensitivity, share of defaults declined), TP / (TP + FN); NaN without defaults.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Specificity (share of non-defaults approved), TN / (TN + FP); NaN without non-defaults.</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>Counts outcomes at a PD cut-off.</summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <param name="cutoff">PD cut-off in [0, 1]: approve if PD &lt; cut-off.</param>
    /// <returns>The confusion table.</returns>
    /// <exception cref="ArgumentException">Lengths differ, no rows, or a PD is NaN or outside [0, 1].</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cutoff"/> is NaN or outside [0, 1].</exception>
    public static ConfusionTable Compute(ReadOnlySpan<double> predictedPd, ReadOnlySpan<bool> isDefault, double cutoff)
    {
        EvaluationGuard.CheckClosedUnit(cutoff, nameof(cutoff));
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < predictedPd.Length; i++)
        {
            var approve = predictedPd[i] < cutoff;
            if (approve)
            {
                if (isDefault[i])
                {
                    fn++;
                }
                else
                {
                    tn++;
                }
            }
            else if (isDefault[i])
            {
                tp++;
            }
            else
            {
                fp++;
            }
        }

        return new ConfusionTable(cutoff, tp, fp, tn, fn);
    }

    private static double Ratio(int numerator, int denominator) =>
        denominator == 0 ? double.NaN : (double)numerator / denominator;
}
