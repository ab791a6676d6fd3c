using System.Globalization;
using System.Text;

namespace RiskScoring.Training.Evaluation;

/// <summary>Computes every standard metric of a PD model in one call, sorting the scores only once.</summary>
public static class BinaryEvaluator
{
    /// <summary>Evaluates predicted PDs against observed defaults.</summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <param name="options">Options; <see langword="null"/> = <see cref="EvaluationOptions.Default"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">
    /// Lengths differ, no rows, a PD is NaN or outside [0, 1], or only one class is present (AUC is undefined).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static EvaluationReport Evaluate(
        ReadOnlySpan<double> predictedPd,
        ReadOnlySpan<bool> isDefault,
        EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        options.Validate();
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        var positives = EvaluationGuard.CheckBothClasses(isDefault);
        var order = EvaluationGuard.SortAscending(predictedPd);
        var auc = BinaryMetrics.DeLongCore(predictedPd, isDefault, order, positives, options.ConfidenceLevel);
        var calibration = CalibrationTable.ComputeCore(predictedPd, isDefault, order, options.CalibrationBins);
        return new EvaluationReport(
            predictedPd.Length,
            positives,
            (double)positives / predictedPd.Length,
            auc,
            (2.0 * auc.Auc) - 1.0,
            BinaryMetrics.KsCore(predictedPd, isDefault, order, positives),
            BinaryMetrics.BrierCore(predictedPd, isDefault),
            BinaryMetrics.LogLossCore(predictedPd, isDefault),
            calibration,
            GainsTable.ComputeCore(predictedPd, isDefault, order, options.GainsBins));
    }
}

/// <summary>Options for <see cref="BinaryEvaluator.Evaluate"/>. Immutable; validated when used.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The defaults: 95% confidence, 10 calibration bins, 10 gains bins.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Confidence level of the DeLong AUC interval, strictly between 0 and 1. Default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = BinaryMetrics.DefaultConfidenceLevel;

    /// <summary>Number of equal-frequency calibration bins, ≥ 1. Default 10 (deciles).</summary>
    public int CalibrationBins { get; init; } = CalibrationTable.DefaultBins;

    /// <summary>Number of equal-frequency gains bins, ≥ 1. Default 10 (deciles).</summary>
    public int GainsBins { get; init; } = GainsTable.DefaultBins;

    internal void Validate()
    {
        EvaluationGuard.CheckOpenUnit(ConfidenceLevel, nameof(ConfidenceLevel));
        EvaluationGuard.CheckAtLeast(CalibrationBins, 1, nameof(CalibrationBins));
        EvaluationGuard.CheckAtLeast(GainsBins, 1, nameof(GainsBins));
    }
}

/// <summary>All standard metrics of a PD model on one sample.</summary>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="Defaults">Rows with a default.</param>
/// <param name="PositiveRate">Defaults / Rows (observed default rate).</param>
/// <param name="AucInterval">AUC with DeLong variance and confidence interval.</param>
/// <param name="Gini">2·AUC − 1.</param>
/// <param name="Ks">Kolmogorov–Smirnov statistic and the PD where it occurs.</param>
/// <param name="BrierScore">Mean squared error of the PD.</param>
/// <param name="LogLoss">Mean negative log-likelihood in nats (PD clipped at 1e-15).</param>
/// <param name="Calibration">Calibration table by equal-frequency PD bins.</param>
/// <param name="Gains">Lift / gains table from the riskiest bin down.</param>
public sealed record EvaluationReport(
    int Rows,
    int Defaults,
    double PositiveRate,
    AucConfidenceInterval AucInterval,
    double Gini,
    KsResult Ks,
    double BrierScore,
    double LogLoss,
    CalibrationTable Calibration,
    GainsTable Gains)
{
    /// <summary>Area under the ROC curve (same as <c>AucInterval.Auc</c>).</summary>
    public double Auc => AucInterval.Auc;

    /// <summary>Expected calibration error of <see cref="Calibration"/>.</summary>
    public double ExpectedCalibrationError => Calibration.ExpectedCalibrationError;

    /// <summary>Plain-text rendering (invariant culture): summary lines, then the calibration and gains tables.</summary>
    /// <returns>Multi-line text ending with a newline.</returns>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Rows                {Rows}");
        sb.AppendLine(c, $"Defaults            {Defaults} ({PositiveRate:P2})");
        sb.AppendLine(c, $"AUC                 {Auc:F4}  ({AucInterval.Level:P0} CI {AucInterval.Lower:F4}-{AucInterval.Upper:F4}, DeLong SE {AucInterval.StandardError:F4})");
        sb.AppendLine(c, $"Gini                {Gini:F4}");
        sb.AppendLine(c, $"KS                  {Ks.Statistic:F4}  at PD {Ks.Threshold:F4}");
        sb.AppendLine(c, $"Brier score         {BrierScore:F5}");
        sb.AppendLine(c, $"Log loss            {LogLoss:F5}");
        sb.AppendLine(c, $"ECE                 {ExpectedCalibrationError:F5}");
        sb.AppendLine();
        sb.AppendLine("Calibration (by PD, low to high)");
        sb.AppendLine("bin     rows  defaults    min PD    max PD  mean PD  observed");
        foreach (var b in Calibration.Bins)
        {
            sb.AppendLine(c, $"{b.Bin,3} {b.Count,8} {b.Defaults,9} {b.MinPd,9:F4} {b.MaxPd,9:F4} {b.MeanPredicted,8:F4} {b.ObservedRate,9:F4}");
        }

        sb.AppendLine();
        sb.AppendLine("Gains (by PD, high to low)");
        sb.AppendLine("bin     rows  defaults  bad rate  cum pop  cum bads   lift  cum lift");
        foreach (var b in Gains.Bins)
        {
            sb.AppendLine(c, $"{b.Bin,3} {b.Count,8} {b.Defaults,9} {b.BadRate,9:F4} {b.CumulativePopulationShare,8:P1} {b.CumulativeBadsCaptured,9:P1} {b.Lift,6:F2} {b.CumulativeLift,9:F2}");
        }

        return sb.ToString();
    }
}
