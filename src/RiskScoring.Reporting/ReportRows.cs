using System.Globalization;
using RiskScoring.Training.Evaluation;

namespace RiskScoring.Reporting;

/// <summary>One line of the model overview table, such as <c>("Model kind", "LightGBM")</c>.</summary>
/// <param name="Key">The label shown in the first column; must not be empty.</param>
/// <param name="Value">The value shown as given (already formatted by the caller); may be empty.</param>
public sealed record ReportMetadataItem(string Key, string Value);

/// <summary>A two-sided confidence interval.</summary>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound (≥ <paramref name="Lower"/>).</param>
/// <param name="Level">Confidence level as a fraction in (0, 1), for example 0.95.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level);

/// <summary>The headline discrimination and calibration metrics of a model on its evaluation sample.</summary>
/// <param name="Auc">Area under the ROC curve, in [0, 1].</param>
/// <param name="AucInterval">Confidence interval of the AUC, or null when not computed.</param>
/// <param name="Gini">Gini coefficient (2·AUC − 1), in [−1, 1].</param>
/// <param name="Ks">Kolmogorov–Smirnov statistic (largest gap between the cumulative score distributions of bads and
/// goods), in [0, 1].</param>
/// <param name="Brier">Brier score (mean squared error of the predicted probability), in [0, 1].</param>
/// <param name="LogLoss">Mean negative log-likelihood in nats, ≥ 0.</param>
/// <param name="Ece">Expected calibration error (count-weighted mean |predicted − observed| over bins), in [0, 1].</param>
public sealed record HeadlineMetrics(double Auc, ConfidenceInterval? AucInterval, double Gini, double Ks, double Brier, double LogLoss, double Ece)
{
    /// <summary>The headline metrics of a <see cref="BinaryEvaluator"/> report (the DeLong interval when it is defined).</summary>
    /// <param name="report">The evaluation report.</param>
    /// <returns>The metrics.</returns>
    public static HeadlineMetrics From(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ci = report.AucInterval;
        ConfidenceInterval? interval = double.IsNaN(ci.Lower) || double.IsNaN(ci.Upper) ? null : new ConfidenceInterval(ci.Lower, ci.Upper, ci.Level);
        return new HeadlineMetrics(report.Auc, interval, report.Gini, report.Ks.Statistic, report.BrierScore, report.LogLoss, report.ExpectedCalibrationError);
    }
}

/// <summary>One point of a ROC curve.</summary>
/// <param name="FalsePositiveRate">Share of goods flagged as bad at this threshold, in [0, 1].</param>
/// <param name="TruePositiveRate">Share of bads flagged as bad at this threshold, in [0, 1].</param>
public readonly record struct RocPoint(double FalsePositiveRate, double TruePositiveRate);

/// <summary>One point of the KS curves: the cumulative score distributions of bads and goods at a threshold.</summary>
/// <param name="Threshold">The score threshold (same unit as the scores, for example a probability of default).</param>
/// <param name="CumulativeBadShare">Share of bads with a score ≤ <paramref name="Threshold"/>, in [0, 1].</param>
/// <param name="CumulativeGoodShare">Share of goods with a score ≤ <paramref name="Threshold"/>, in [0, 1].</param>
public readonly record struct KsPoint(double Threshold, double CumulativeBadShare, double CumulativeGoodShare);

/// <summary>
/// The score stability section: the PSI of the score between a development (expected) and a current (actual) sample,
/// and the PSI of each feature, as computed by <see cref="Training.Evaluation.Psi"/>.
/// </summary>
/// <param name="Score">PSI of the score (its value, band and bins; at least one bin).</param>
/// <param name="Features">PSI per feature; may be empty.</param>
public sealed record PsiSection(PsiResult Score, IReadOnlyList<FeaturePsi> Features)
{
    /// <summary>Total PSI of the score (sum of the bin contributions).</summary>
    public double Total => Score.Value;

    /// <summary>Stability band of <see cref="Total"/> (<see cref="Training.Evaluation.Psi.Classify"/>).</summary>
    public PsiBand Band => Score.Band;

    /// <summary>A readable label of a PSI bin: <c>"≤ 0.05"</c> for the first, <c>"0.05–0.1"</c> in between,
    /// <c>"> 0.4"</c> for the last, <c>"Missing"</c> for the missing bin (edges to 4 decimals, invariant culture).</summary>
    /// <param name="bin">The bin.</param>
    /// <returns>The label.</returns>
    public static string BinLabel(PsiBin bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        var c = CultureInfo.InvariantCulture;
        if (bin.IsMissing)
        {
            return "Missing";
        }

        if (double.IsNegativeInfinity(bin.Lower) && double.IsPositiveInfinity(bin.Upper))
        {
            return "All";
        }

        if (double.IsNegativeInfinity(bin.Lower))
        {
            return "≤ " + bin.Upper.ToString("0.####", c);
        }

        return double.IsPositiveInfinity(bin.Upper)
            ? "> " + bin.Lower.ToString("0.####", c)
            : bin.Lower.ToString("0.####", c) + "–" + bin.Upper.ToString("0.####", c);
    }
}

/// <summary>One attribute (bin) of one characteristic of a points scorecard.</summary>
/// <param name="Characteristic">Characteristic (feature) name.</param>
/// <param name="Bin">Bin label, for example <c>"[25, 35)"</c> or <c>"Missing"</c>.</param>
/// <param name="Count">Development rows in the bin, ≥ 0.</param>
/// <param name="DefaultRate">Observed default rate in the bin, in [0, 1].</param>
/// <param name="WoE">Weight of evidence ln(share of goods / share of bads).</param>
/// <param name="Points">Score points awarded for the bin.</param>
public sealed record ScorecardRow(string Characteristic, string Bin, int Count, double DefaultRate, double WoE, double Points);

/// <summary>Approval and discrimination figures for one group of a protected attribute.</summary>
/// <param name="Group">Group label, for example <c>"sex=female"</c>.</param>
/// <param name="Count">Rows in the group, ≥ 0.</param>
/// <param name="ApprovalRate">Share of the group approved at the cut-off, in [0, 1].</param>
/// <param name="RatioToMostApproved">Approval rate divided by the approval rate of the most-approved group, in [0, 1]
/// (the four-fifths rule flags a ratio below 0.8).</param>
/// <param name="Auc">AUC within the group, in [0, 1], or null when it cannot be computed (a single class).</param>
/// <param name="Flagged">True when the group fails the caller's fairness rule.</param>
public sealed record FairnessRow(string Group, int Count, double ApprovalRate, double RatioToMostApproved, double? Auc, bool Flagged);
