using System.Globalization;
using RiskScoring.Training.Evaluation;

namespace RiskScoring.Reporting;

/// <summary>
/// Everything the HTML model report shows, as plain data (numbers, labels and rows) so that any trainer or evaluator can
/// fill it. Only <see cref="Title"/> and <see cref="Metrics"/> are required; a section whose data is empty or null is
/// still rendered, with a note that the figure was not provided, so an absent check is visible to the reader.
/// </summary>
/// <remarks>
/// <see cref="ReportCurves"/> computes the ROC points, KS curves and score histogram from predicted probabilities and
/// default flags; the calibration and gains tables, headline metrics (<see cref="HeadlineMetrics.From"/>) and PSI come
/// from <c>RiskScoring.Training.Evaluation</c> (<see cref="BinaryEvaluator"/>, <see cref="Psi"/>). <see cref="HtmlReportWriter"/> calls <see cref="Validate"/> before writing.
/// </remarks>
/// <threadsafety>Immutable when the lists given to it are not modified afterwards; safe to read from many threads.</threadsafety>
public sealed record ModelReportData
{
    /// <summary>Report title, for example <c>"Give Me Some Credit — LightGBM v3"</c>; must not be empty.</summary>
    public required string Title { get; init; }

    /// <summary>Model metadata shown in the overview table in the given order (model kind, schema hash, created, seed,
    /// training rows, default rate, library version, …); the first four also appear in the page header. Default: empty.</summary>
    public IReadOnlyList<ReportMetadataItem> Metadata { get; init; } = [];

    /// <summary>Headline metrics on the evaluation sample.</summary>
    public required HeadlineMetrics Metrics { get; init; }

    /// <summary>Name of the score on chart axes and headers. Default: <c>"Predicted PD"</c> (probability of default).</summary>
    public string ScoreLabel { get; init; } = "Predicted PD";

    /// <summary>ROC curve points (any order; they are drawn sorted by false positive rate). Default: empty.</summary>
    public IReadOnlyList<RocPoint> Roc { get; init; } = [];

    /// <summary>KS curve points, sorted by increasing threshold. Default: empty.</summary>
    public IReadOnlyList<KsPoint> KsCurve { get; init; } = [];

    /// <summary>Calibration table (<see cref="CalibrationTable.Compute"/> or <see cref="EvaluationReport.Calibration"/>),
    /// or null when not provided. Default: null.</summary>
    public CalibrationTable? Calibration { get; init; }

    /// <summary>Score histogram of goods and bads, or null when not provided. Default: null.</summary>
    public ScoreHistogram? ScoreDistribution { get; init; }

    /// <summary>Gains table, riskiest bin first (<see cref="GainsTable.Compute"/> or <see cref="EvaluationReport.Gains"/>),
    /// or null when not provided. Default: null.</summary>
    public GainsTable? Gains { get; init; }

    /// <summary>Score stability (PSI) section, or null when no monitoring sample was compared. Default: null.</summary>
    public PsiSection? Psi { get; init; }

    /// <summary>Points scorecard rows, or null when the model is not a scorecard. Default: null.</summary>
    public IReadOnlyList<ScorecardRow>? Scorecard { get; init; }

    /// <summary>Fairness rows per protected group, or null when no fairness check was run. Default: null.</summary>
    public IReadOnlyList<FairnessRow>? Fairness { get; init; }

    /// <summary>Decision cut-off on the score scale (applicants with a score above it are declined when the score is a
    /// PD), or null when none. Drawn on the KS and score distribution charts. Default: null.</summary>
    public double? CutOff { get; init; }

    /// <summary>Checks every field; the message names the field, the value and the rule.</summary>
    /// <exception cref="ArgumentException">When a value is missing, not finite or out of its documented range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Title))
        {
            throw new ArgumentException("Title is empty; a report needs a title.", nameof(Title));
        }

        Require(Metadata is not null, "Metadata is null; use an empty list.");
        Require(Metrics is not null, "Metrics is null; headline metrics are required.");
        Require(!string.IsNullOrWhiteSpace(ScoreLabel), "ScoreLabel is empty.");
        for (var i = 0; i < Metadata!.Count; i++)
        {
            var item = Metadata[i];
            Require(item is not null && !string.IsNullOrWhiteSpace(item.Key) && item.Value is not null, $"Metadata[{i}] has an empty key or a null value.");
        }

        var m = Metrics!;
        InRange(m.Auc, 0, 1, "Metrics.Auc");
        InRange(m.Gini, -1, 1, "Metrics.Gini");
        InRange(m.Ks, 0, 1, "Metrics.Ks");
        InRange(m.Brier, 0, 1, "Metrics.Brier");
        InRange(m.LogLoss, 0, double.MaxValue, "Metrics.LogLoss");
        InRange(m.Ece, 0, 1, "Metrics.Ece");
        if (m.AucInterval is { } ci)
        {
            InRange(ci.Lower, 0, 1, "Metrics.AucInterval.Lower");
            InRange(ci.Upper, ci.Lower, 1, "Metrics.AucInterval.Upper");
            Require(ci.Level > 0 && ci.Level < 1, Invariant($"Metrics.AucInterval.Level = {ci.Level}; must be in (0, 1), for example 0.95."));
        }

        Require(Roc is not null && KsCurve is not null, "Roc and KsCurve must not be null; use an empty list.");
        for (var i = 0; i < Roc!.Count; i++)
        {
            InRange(Roc[i].FalsePositiveRate, 0, 1, $"Roc[{i}].FalsePositiveRate");
            InRange(Roc[i].TruePositiveRate, 0, 1, $"Roc[{i}].TruePositiveRate");
        }

        for (var i = 0; i < KsCurve!.Count; i++)
        {
            InRange(KsCurve[i].Threshold, double.MinValue, double.MaxValue, $"KsCurve[{i}].Threshold");
            InRange(KsCurve[i].CumulativeBadShare, 0, 1, $"KsCurve[{i}].CumulativeBadShare");
            InRange(KsCurve[i].CumulativeGoodShare, 0, 1, $"KsCurve[{i}].CumulativeGoodShare");
            Require(i == 0 || KsCurve[i].Threshold >= KsCurve[i - 1].Threshold, Invariant($"KsCurve[{i}].Threshold = {KsCurve[i].Threshold} is below the previous threshold; points must be sorted by increasing threshold."));
        }

        if (Calibration is not null)
        {
            Require(Calibration.Bins is not null, "Calibration.Bins is null.");
            for (var i = 0; i < Calibration.Bins!.Count; i++)
            {
                var b = Calibration.Bins[i];
                Require(b is not null && b.Count >= 0, Invariant($"Calibration.Bins[{i}] is null or has a negative count."));
                InRange(b!.MeanPredicted, 0, 1, $"Calibration.Bins[{i}].MeanPredicted");
                InRange(b.ObservedRate, 0, 1, $"Calibration.Bins[{i}].ObservedRate");
            }
        }

        if (Gains is not null)
        {
            Require(Gains.Bins is not null, "Gains.Bins is null.");
            for (var i = 0; i < Gains.Bins!.Count; i++)
            {
                var g = Gains.Bins[i];
                Require(g is not null, Invariant($"Gains.Bins[{i}] is null."));
                Require(g!.Count >= 0 && g.Defaults >= 0 && g.Defaults <= g.Count, Invariant($"Gains.Bins[{i}] has Count = {g.Count}, Defaults = {g.Defaults}; need 0 ≤ Defaults ≤ Count."));
                InRange(g.CumulativeBadsCaptured, 0, 1, $"Gains.Bins[{i}].CumulativeBadsCaptured");
                InRange(g.Lift, 0, double.MaxValue, $"Gains.Bins[{i}].Lift");
            }
        }

        if (Psi is not null)
        {
            Require(Psi.Score is not null && Psi.Score.Bins is not null && Psi.Score.Bins.Count > 0, "Psi.Score has no bins; a PSI section needs at least one bin.");
            Require(Psi.Features is not null, "Psi.Features is null; use an empty list.");
            InRange(Psi.Total, 0, double.MaxValue, "Psi.Total");
            var scoreBins = Psi.Score!.Bins!;
            for (var i = 0; i < scoreBins.Count; i++)
            {
                var b = scoreBins[i];
                Require(b is not null, $"Psi.Score.Bins[{i}] is null.");
                InRange(b!.ExpectedShare, 0, 1, $"Psi.Score.Bins[{i}].ExpectedShare");
                InRange(b.ActualShare, 0, 1, $"Psi.Score.Bins[{i}].ActualShare");
                InRange(b.Contribution, 0, double.MaxValue, $"Psi.Score.Bins[{i}].Contribution");
            }

            for (var i = 0; i < Psi.Features!.Count; i++)
            {
                Require(Psi.Features[i] is not null && !string.IsNullOrWhiteSpace(Psi.Features[i].Feature) && Psi.Features[i].Result is not null, $"Psi.Features[{i}] has an empty feature name or no result.");
                InRange(Psi.Features[i].Result.Value, 0, double.MaxValue, $"Psi.Features[{i}].Result.Value");
            }
        }

        if (Scorecard is not null)
        {
            for (var i = 0; i < Scorecard.Count; i++)
            {
                var r = Scorecard[i];
                Require(r is not null && r.Characteristic is not null && r.Bin is not null, $"Scorecard[{i}] or one of its labels is null.");
                Require(r!.Count >= 0, Invariant($"Scorecard[{i}].Count = {r.Count}; must be ≥ 0."));
                InRange(r.DefaultRate, 0, 1, $"Scorecard[{i}].DefaultRate");
                InRange(r.WoE, double.MinValue, double.MaxValue, $"Scorecard[{i}].WoE");
                InRange(r.Points, double.MinValue, double.MaxValue, $"Scorecard[{i}].Points");
            }
        }

        if (Fairness is not null)
        {
            for (var i = 0; i < Fairness.Count; i++)
            {
                var r = Fairness[i];
                Require(r is not null && r.Group is not null, $"Fairness[{i}] or its group label is null.");
                Require(r!.Count >= 0, Invariant($"Fairness[{i}].Count = {r.Count}; must be ≥ 0."));
                InRange(r.ApprovalRate, 0, 1, $"Fairness[{i}].ApprovalRate");
                InRange(r.RatioToMostApproved, 0, 1, $"Fairness[{i}].RatioToMostApproved");
                if (r.Auc is { } auc)
                {
                    InRange(auc, 0, 1, $"Fairness[{i}].Auc");
                }
            }
        }

        if (CutOff is { } cut)
        {
            InRange(cut, double.MinValue, double.MaxValue, "CutOff");
        }
    }

    private static void InRange(double value, double min, double max, string field)
    {
        if (!(value >= min && value <= max))
        {
            var rule = max == double.MaxValue && min == double.MinValue ? "must be finite"
                : max == double.MaxValue ? Invariant($"must be finite and ≥ {min}")
                : Invariant($"must be in [{min}, {max}]");
            throw new ArgumentException(Invariant($"{field} = {value}; {rule}."), field);
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
