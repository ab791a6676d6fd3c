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
public sealed record HeadlineMetrics(double Auc, ConfidenceInterval? AucInterval, double Gini, double Ks, double Brier, double LogLoss, double Ece);

/// <summary>One point of a ROC curve.</summary>
/// <param name="FalsePositiveRate">Share of goods flagged as bad at this threshold, in [0, 1].</param>
/// <param name="TruePositiveRate">Share of bads flagged as bad at this threshold, in [0, 1].</param>
public readonly record struct RocPoint(double FalsePositiveRate, double TruePositiveRate);

/// <summary>One point of the KS curves: the cumulative score distributions of bads and goods at a threshold.</summary>
/// <param name="Threshold">The score threshold (same unit as the scores, for example a probability of default).</param>
/// <param name="CumulativeBadShare">Share of bads with a score ≤ <paramref name="Threshold"/>, in [0, 1].</param>
/// <param name="CumulativeGoodShare">Share of goods with a score ≤ <paramref name="Threshold"/>, in [0, 1].</param>
public readonly record struct KsPoint(double Threshold, double CumulativeBadShare, double CumulativeGoodShare);

/// <summary>One bin of a calibration (reliability) table.</summary>
/// <param name="Bin">Bin number (1-based by convention).</param>
/// <param name="Count">Rows in the bin, ≥ 0.</param>
/// <param name="MeanPredicted">Mean predicted probability of default in the bin, in [0, 1].</param>
/// <param name="ObservedRate">Observed default rate in the bin, in [0, 1].</param>
public readonly record struct CalibrationRow(int Bin, int Count, double MeanPredicted, double ObservedRate);

/// <summary>One row of a gains table (rows sorted from riskiest to safest and cut into groups, usually deciles).</summary>
/// <param name="Decile">Group number, 1 = riskiest.</param>
/// <param name="Count">Rows in the group, ≥ 0.</param>
/// <param name="Bads">Defaults in the group, 0 ≤ bads ≤ count.</param>
/// <param name="CumulativeBadCapture">Share of all defaults captured by this group and the riskier ones, in [0, 1].</param>
/// <param name="Lift">Default rate of the group divided by the overall default rate, ≥ 0.</param>
public readonly record struct GainsRow(int Decile, int Count, int Bads, double CumulativeBadCapture, double Lift);

/// <summary>One bin of a population stability index table.</summary>
/// <param name="Bin">Bin label, for example <c>"0.05–0.10"</c>.</param>
/// <param name="ExpectedShare">Share of the reference (development) sample in the bin, in [0, 1].</param>
/// <param name="ActualShare">Share of the current sample in the bin, in [0, 1].</param>
/// <param name="Contribution">The bin's PSI term (actual − expected)·ln(actual / expected), ≥ 0.</param>
public sealed record PsiBinRow(string Bin, double ExpectedShare, double ActualShare, double Contribution);

/// <summary>The PSI of one feature.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Psi">Population stability index, ≥ 0.</param>
/// <param name="Band">The stability band of <paramref name="Psi"/>.</param>
public sealed record FeaturePsiRow(string Feature, double Psi, PsiBand Band);

/// <summary>Conventional stability bands of a population stability index.</summary>
public enum PsiBand
{
    /// <summary>PSI below 0.10: no significant shift.</summary>
    Stable = 0,

    /// <summary>PSI from 0.10 to 0.25: moderate shift, investigate.</summary>
    Moderate = 1,

    /// <summary>PSI of 0.25 or more: significant shift, the model may need redevelopment.</summary>
    Significant = 2,
}

/// <summary>The score stability section: PSI of the score distribution by bin, its total and band, and PSI per feature.</summary>
/// <param name="Bins">The score bins (at least one).</param>
/// <param name="Total">Total PSI (sum of the bin contributions), ≥ 0.</param>
/// <param name="Band">Stability band of <paramref name="Total"/>.</param>
/// <param name="Features">PSI per feature; may be empty.</param>
public sealed record PsiSection(IReadOnlyList<PsiBinRow> Bins, double Total, PsiBand Band, IReadOnlyList<FeaturePsiRow> Features)
{
    /// <summary>The conventional band of a PSI value: &lt; 0.10 stable, &lt; 0.25 moderate, otherwise significant.</summary>
    /// <param name="psi">A PSI value, ≥ 0.</param>
    /// <returns>The band.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="psi"/> is negative or NaN.</exception>
    public static PsiBand Classify(double psi)
    {
        if (!(psi >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(psi), psi, "PSI must be a number ≥ 0.");
        }

        return psi < 0.10 ? PsiBand.Stable : psi < 0.25 ? PsiBand.Moderate : PsiBand.Significant;
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
