using System.Globalization;
using System.Net;
using System.Text;
using RiskScoring.Training.Evaluation;

namespace RiskScoring.Reporting;

/// <summary>
/// Writes a <see cref="ModelReportData"/> as one self-contained HTML5 file for a risk committee: inline CSS, numbered
/// sections with tables, and charts drawn by ScottPlot embedded as inline SVG. The file loads nothing from the network
/// or disk, opens offline in any current browser and prints cleanly. Every text value is HTML-encoded; numbers use the
/// invariant culture. The output is deterministic: the same data always gives the same bytes (the only dates shown
/// are those in the metadata).
/// </summary>
/// <threadsafety>All members are safe to call from many threads.</threadsafety>
public static class HtmlReportWriter
{
    /// <summary>Id of the summary section (headline metrics).</summary>
    public const string SummarySectionId = "summary";

    /// <summary>Id of the model overview section (metadata).</summary>
    public const string ModelSectionId = "model";

    /// <summary>Id of the discrimination section (ROC and KS charts).</summary>
    public const string DiscriminationSectionId = "discrimination";

    /// <summary>Id of the calibration section.</summary>
    public const string CalibrationSectionId = "calibration";

    /// <summary>Id of the score distribution section.</summary>
    public const string DistributionSectionId = "distribution";

    /// <summary>Id of the gains section.</summary>
    public const string GainsSectionId = "gains";

    /// <summary>Id of the stability (PSI) section.</summary>
    public const string StabilitySectionId = "stability";

    /// <summary>Id of the scorecard section.</summary>
    public const string ScorecardSectionId = "scorecard";

    /// <summary>Id of the fairness section.</summary>
    public const string FairnessSectionId = "fairness";

    /// <summary>Writes the report to <paramref name="output"/> (the writer is not closed).</summary>
    /// <param name="data">The report data; validated first with <see cref="ModelReportData.Validate"/>.</param>
    /// <param name="output">Destination.</param>
    /// <exception cref="ArgumentNullException">When an argument is null.</exception>
    /// <exception cref="ArgumentException">When <paramref name="data"/> fails validation (the message names the field).</exception>
    public static void Write(ModelReportData data, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        data.Validate();
        output.Write(Render(data));
    }

    /// <summary>Writes the report to a file as UTF-8 without a byte order mark, replacing any existing file.</summary>
    /// <param name="data">The report data; validated first with <see cref="ModelReportData.Validate"/>.</param>
    /// <param name="path">Destination file path; its directory must exist.</param>
    /// <exception cref="ArgumentNullException">When an argument is null.</exception>
    /// <exception cref="ArgumentException">When <paramref name="path"/> is empty or <paramref name="data"/> fails validation.</exception>
    /// <exception cref="IOException">When the file cannot be written.</exception>
    public static void WriteFile(ModelReportData data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        data.Validate();
        var html = Render(data);
        File.WriteAllText(path, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Renders the validated data to an HTML string.</summary>
    private static string Render(ModelReportData data)
    {
        var html = new HtmlBuilder();
        var sections = new List<(string Id, string Heading)>
        {
            (SummarySectionId, "Summary"),
            (ModelSectionId, "Model overview"),
            (DiscriminationSectionId, "Discrimination"),
            (CalibrationSectionId, "Calibration"),
            (DistributionSectionId, "Score distribution"),
            (GainsSectionId, "Gains and lift"),
            (StabilitySectionId, "Population stability"),
            (ScorecardSectionId, "Scorecard"),
            (FairnessSectionId, "Fairness"),
        };

        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<meta name=\"generator\" content=\"RiskScoring.Training HtmlReportWriter\">\n")
            .Raw("<title>").Text(data.Title).Raw("</title>\n<style>\n").Raw(ReportStyles.Css).Raw("</style>\n</head>\n<body>\n");

        WriteHeader(html, data);
        html.Raw("<nav class=\"toc\" aria-label=\"Contents\"><ol>");
        foreach (var (id, heading) in sections)
        {
            html.Raw("<li><a href=\"#").Text(id).Raw("\">").Text(heading).Raw("</a></li>");
        }

        html.Raw("</ol></nav>\n<main>\n");
        var number = 0;
        foreach (var (id, heading) in sections)
        {
            number++;
            html.Raw("<section id=\"").Text(id).Raw("\">\n<h2><span class=\"num\">").Text(F(number, "0")).Raw("</span>").Text(heading).Raw("</h2>\n");
            switch (id)
            {
                case SummarySectionId: WriteSummary(html, data); break;
                case ModelSectionId: WriteModel(html, data); break;
                case DiscriminationSectionId: WriteDiscrimination(html, data); break;
                case CalibrationSectionId: WriteCalibration(html, data); break;
                case DistributionSectionId: WriteDistribution(html, data); break;
                case GainsSectionId: WriteGains(html, data); break;
                case StabilitySectionId: WriteStability(html, data); break;
                case ScorecardSectionId: WriteScorecard(html, data); break;
                default: WriteFairness(html, data); break;
            }

            html.Raw("</section>\n");
        }

        html.Raw("</main>\n<footer>Generated by the RiskScoring.Training model report writer from the figures supplied to it. Charts are embedded in this file, which needs no network access.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteHeader(HtmlBuilder html, ModelReportData data)
    {
        html.Raw("<header class=\"report-header\">\n<div class=\"eyebrow\">Model validation report</div>\n<h1>").Text(data.Title).Raw("</h1>\n");
        var highlights = data.Metadata.Take(4).ToList();
        if (highlights.Count > 0)
        {
            html.Raw("<dl class=\"header-meta\">");
            foreach (var item in highlights)
            {
                html.Raw("<div><dt>").Text(item.Key).Raw("</dt><dd>").Text(item.Value).Raw("</dd></div>");
            }

            html.Raw("</dl>\n");
        }

        html.Raw("</header>\n");
    }

    private static void WriteSummary(HtmlBuilder html, ModelReportData data)
    {
        var m = data.Metrics;
        html.Raw("<div class=\"cards\">\n");
        var aucNote = m.AucInterval is { } ci
            ? Invariant($"{ci.Level * 100:0.#}% CI {ci.Lower:0.0000} – {ci.Upper:0.0000}")
            : "confidence interval not computed";
        Card(html, "AUC", F(m.Auc, "0.0000"), aucNote, "auc");
        Card(html, "Gini", F(m.Gini, "0.0000"), "2 × AUC − 1", "gini");
        Card(html, "KS", F(m.Ks, "0.0000"), "max gap of bad/good CDFs", "ks");
        Card(html, "Brier score", F(m.Brier, "0.0000"), "mean squared error of PD", "brier");
        Card(html, "Log loss", F(m.LogLoss, "0.0000"), "nats per applicant", "logloss");
        Card(html, "ECE", F(m.Ece, "0.0000"), "expected calibration error", "ece");
        if (data.CutOff is { } cut)
        {
            Card(html, "Cut-off", F(cut, "0.####"), "decline when " + data.ScoreLabel + " is above", "cutoff");
        }

        html.Raw("</div>\n<h3>Checks at a glance</h3>\n<ul class=\"checks\">\n");
        if (data.Psi is { } psi)
        {
            var drifting = psi.Features.Count(f => f.Result.Band != PsiBand.Stable);
            html.Raw("<li>").Badge(psi.Band).Text(Invariant($" Score PSI {psi.Total:0.0000}; {drifting} of {psi.Features.Count} features outside the stable band.")).Raw("</li>\n");
        }
        else
        {
            html.Raw("<li><span class=\"badge badge-na\">Not assessed</span> No monitoring sample was compared (no PSI).</li>\n");
        }

        if (data.Fairness is { } fairness)
        {
            var flagged = fairness.Count(r => r.Flagged);
            html.Raw(flagged == 0 ? "<li><span class=\"badge badge-ok\">Pass</span>" : "<li><span class=\"badge badge-bad\">Flagged</span>")
                .Text(Invariant($" Fairness: {flagged} of {fairness.Count} groups flagged.")).Raw("</li>\n");
        }
        else
        {
            html.Raw("<li><span class=\"badge badge-na\">Not assessed</span> No fairness check was run.</li>\n");
        }

        html.Raw("<li><span class=\"badge badge-info\">Info</span>")
            .Text(Invariant($" Calibration: expected calibration error {m.Ece:0.0000} over {data.Calibration?.Bins.Count ?? 0} bins.")).Raw("</li>\n</ul>\n");
    }

    private static void Card(HtmlBuilder html, string label, string value, string note, string key)
    {
        html.Raw("<div class=\"card\" data-metric=\"").Text(key).Raw("\"><div class=\"card-label\">").Text(label)
            .Raw("</div><div class=\"card-value\">").Text(value).Raw("</div><div class=\"card-note\">").Text(note).Raw("</div></div>\n");
    }

    private static void WriteModel(HtmlBuilder html, ModelReportData data)
    {
        if (data.Metadata.Count == 0)
        {
            NotProvided(html, "No model metadata was provided.");
            return;
        }

        html.Raw("<table class=\"kv\">\n<tbody>\n");
        foreach (var item in data.Metadata)
        {
            html.Raw("<tr><th scope=\"row\">").Text(item.Key).Raw("</th><td>").Text(item.Value).Raw("</td></tr>\n");
        }

        html.Raw("</tbody>\n</table>\n");
    }

    private static void WriteDiscrimination(HtmlBuilder html, ModelReportData data)
    {
        html.Raw("<p class=\"lead\">How well the score ranks defaulters above non-defaulters. The ROC curve plots the share of bads declined against the share of goods declined at every threshold; the KS statistic is the largest vertical gap between the cumulative score distributions of bads and goods.</p>\n<div class=\"figures\">\n");
        if (data.Roc.Count >= 2)
        {
            var caption = Invariant($"ROC curve. AUC {data.Metrics.Auc:0.0000}, Gini {data.Metrics.Gini:0.0000}; the dashed diagonal is a model with no skill.");
            Figure(html, "roc", ReportCharts.Roc(data.Roc, data.Metrics), caption);
        }
        else
        {
            NotProvided(html, "ROC curve points were not provided.");
        }

        if (data.KsCurve.Count >= 2)
        {
            var (point, ks) = ReportCurves.FindKs(data.KsCurve);
            var caption = Invariant($"KS curves. Largest gap {ks:0.0000} at threshold {point.Threshold:0.####} (bads {point.CumulativeBadShare * 100:0.0}%, goods {point.CumulativeGoodShare * 100:0.0}%).");
            Figure(html, "ks", ReportCharts.Ks(data.KsCurve, data.CutOff, data.ScoreLabel), caption);
        }
        else
        {
            NotProvided(html, "KS curve points were not provided.");
        }

        html.Raw("</div>\n");
    }

    private static void WriteCalibration(HtmlBuilder html, ModelReportData data)
    {
        if (data.Calibration is not { Bins.Count: > 0 } calibration)
        {
            NotProvided(html, "No calibration table was provided.");
            return;
        }

        html.Raw("<p class=\"lead\">Whether predicted probabilities of default match observed default rates. Points on the dashed diagonal are perfectly calibrated; points above it mean the model under-predicts risk.</p>\n<div class=\"figures\">\n");
        Figure(html, "calibration", ReportCharts.Calibration(calibration), Invariant($"Calibration plot. Expected calibration error {data.Metrics.Ece:0.0000}."));
        html.Raw("<div class=\"table-wrap\">");
        Table(
            html,
            "calibration-table",
            ["Bin", "Count", "Mean predicted", "Observed rate", "Difference"],
            calibration.Bins.Select(r => new[] { F(r.Bin, "0"), F(r.Count, "N0"), Pct(r.MeanPredicted), Pct(r.ObservedRate), SignedPct(r.ObservedRate - r.MeanPredicted) }));
        html.Raw("</div>\n</div>\n");
    }

    private static void WriteDistribution(HtmlBuilder html, ModelReportData data)
    {
        if (data.ScoreDistribution is not { } histogram)
        {
            NotProvided(html, "No score distribution was provided.");
            return;
        }

        html.Raw("<p class=\"lead\">The score of defaulters (bads) and non-defaulters (goods), each as a share of its own group. Well separated humps mean good discrimination.</p>\n");
        var goods = histogram.GoodCounts.Sum();
        var bads = histogram.BadCounts.Sum();
        var caption = Invariant($"Score distribution over {histogram.BinCount} equal-width bins from {histogram.Edges[0]:0.####} to {histogram.Edges[^1]:0.####}: {goods:N0} goods, {bads:N0} bads.");
        Figure(html, "distribution", ReportCharts.ScoreDistribution(histogram, data.CutOff, data.ScoreLabel), caption, wide: true);
    }

    private static void WriteGains(HtmlBuilder html, ModelReportData data)
    {
        if (data.Gains is not { Bins.Count: > 0 } gains)
        {
            NotProvided(html, "No gains table was provided.");
            return;
        }

        html.Raw("<p class=\"lead\">Applicants sorted from riskiest to safest and cut into equal groups: how many of all defaulters each group and the riskier ones capture, and how concentrated defaults are (lift = group default rate ÷ overall default rate).</p>\n<div class=\"figures\">\n");
        var top = gains.Bins[0];
        Figure(html, "gains", ReportCharts.Gains(gains), Invariant($"Cumulative gains. The riskiest group captures {top.CumulativeBadsCaptured * 100:0.0}% of bads (lift {top.Lift:0.00})."));
        html.Raw("<div class=\"table-wrap\">");
        Table(
            html,
            "gains-table",
            ["Group", "Count", "Bads", "Bad rate", "Cum. bad capture", "Lift"],
            gains.Bins.Select(r => new[] { F(r.Bin, "0"), F(r.Count, "N0"), F(r.Defaults, "N0"), r.Count == 0 ? "–" : Pct(r.BadRate), Pct(r.CumulativeBadsCaptured), F(r.Lift, "0.00") }));
        html.Raw("</div>\n</div>\n");
    }

    private static void WriteStability(HtmlBuilder html, ModelReportData data)
    {
        if (data.Psi is not { } psi)
        {
            NotProvided(html, "Not assessed: no monitoring sample was compared with the development sample.");
            return;
        }

        html.Raw("<p class=\"lead\">Population stability index (PSI) of the current sample against the development sample: below 0.10 stable, 0.10–0.25 watch (moderate shift, investigate), above 0.25 shift (significant; the model may need recalibration or rebuilding). Total score PSI: <strong>")
            .Text(F(psi.Total, "0.0000")).Raw("</strong> ").Badge(psi.Band).Raw("</p>\n<div class=\"figures\">\n");
        Figure(html, "psi", ReportCharts.Psi(psi), "Share of each score bin in the development (expected) and current (actual) samples.");
        html.Raw("<div class=\"table-wrap\">");
        var bins = psi.Score.Bins;
        var rows = bins.Select(b => new[] { PsiSection.BinLabel(b), Pct(b.ExpectedShare), Pct(b.ActualShare), F(b.Contribution, "0.0000") }).ToList();
        rows.Add(["Total", Pct(bins.Sum(b => b.ExpectedShare)), Pct(bins.Sum(b => b.ActualShare)), F(psi.Total, "0.0000")]);
        Table(html, "psi-table", ["Score bin", "Expected", "Actual", "PSI contribution"], rows);
        html.Raw("</div>\n</div>\n<h3>PSI by feature</h3>\n");
        if (psi.Features.Count == 0)
        {
            NotProvided(html, "No per-feature PSI was provided.");
            return;
        }

        html.Raw("<table class=\"data\" id=\"feature-psi-table\">\n<thead><tr><th>Feature</th><th class=\"n\">PSI</th><th>Band</th></tr></thead>\n<tbody>\n");
        foreach (var f in psi.Features.OrderByDescending(f => f.Result.Value).ThenBy(f => f.Feature, StringComparer.Ordinal))
        {
            html.Raw("<tr><td>").Text(f.Feature).Raw("</td><td class=\"n\">").Text(F(f.Result.Value, "0.0000")).Raw("</td><td>").Badge(f.Result.Band).Raw("</td></tr>\n");
        }

        html.Raw("</tbody>\n</table>\n");
    }

    private static void WriteScorecard(HtmlBuilder html, ModelReportData data)
    {
        if (data.Scorecard is not { Count: > 0 } scorecard)
        {
            NotProvided(html, "Not applicable: the model is not a points scorecard.");
            return;
        }

        html.Raw("<p class=\"lead\">Points awarded per attribute. Weight of evidence (WoE) is ln(share of goods ÷ share of bads) in the bin: positive values are safer than average.</p>\n");
        Table(
            html,
            "scorecard-table",
            ["Characteristic", "Bin", "Count", "Default rate", "WoE", "Points"],
            scorecard.Select(r => new[] { r.Characteristic, r.Bin, F(r.Count, "N0"), Pct(r.DefaultRate), F(r.WoE, "0.000"), F(r.Points, "0.0") }),
            textColumns: 2);
    }

    private static void WriteFairness(HtmlBuilder html, ModelReportData data)
    {
        if (data.Fairness is not { Count: > 0 } fairness)
        {
            NotProvided(html, "Not assessed: no fairness check was run for this model.");
            return;
        }

        html.Raw("<p class=\"lead\">Approval rate per protected group at the cut-off")
            .Text(data.CutOff is { } cut ? Invariant($" ({cut:0.####})") : string.Empty)
            .Raw(", its ratio to the most-approved group (the four-fifths rule looks for ratios below 0.80) and the AUC within the group.</p>\n")
            .Raw("<table class=\"data\" id=\"fairness-table\">\n<thead><tr><th>Group</th><th class=\"n\">Count</th><th class=\"n\">Approval rate</th><th class=\"n\">Ratio to most approved</th><th class=\"n\">AUC</th><th>Status</th></tr></thead>\n<tbody>\n");
        foreach (var r in fairness)
        {
            html.Raw(r.Flagged ? "<tr class=\"flagged\">" : "<tr>").Raw("<td>").Text(r.Group).Raw("</td><td class=\"n\">").Text(F(r.Count, "N0"))
                .Raw("</td><td class=\"n\">").Text(Pct(r.ApprovalRate)).Raw("</td><td class=\"n\">").Text(F(r.RatioToMostApproved, "0.000"))
                .Raw("</td><td class=\"n\">").Text(r.Auc is { } auc ? F(auc, "0.0000") : "–").Raw("</td><td>")
                .Raw(r.Flagged ? "<span class=\"badge badge-bad\">Flagged</span>" : "<span class=\"badge badge-ok\">OK</span>").Raw("</td></tr>\n");
        }

        html.Raw("</tbody>\n</table>\n");
    }

    private static void Figure(HtmlBuilder html, string chart, string svg, string caption, bool wide = false)
    {
        html.Raw(wide ? "<figure class=\"chart wide\" data-chart=\"" : "<figure class=\"chart\" data-chart=\"").Text(chart).Raw("\">\n")
            .Raw(svg).Raw("\n<figcaption>").Text(caption).Raw("</figcaption>\n</figure>\n");
    }

    private static void Table(HtmlBuilder html, string id, string[] headers, IEnumerable<string[]> rows, int textColumns = 1)
    {
        html.Raw("<table class=\"data\" id=\"").Text(id).Raw("\">\n<thead><tr>");
        for (var i = 0; i < headers.Length; i++)
        {
            html.Raw(i < textColumns ? "<th>" : "<th class=\"n\">").Text(headers[i]).Raw("</th>");
        }

        html.Raw("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Raw("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Raw(i < textColumns ? "<td>" : "<td class=\"n\">").Text(row[i]).Raw("</td>");
            }

            html.Raw("</tr>\n");
        }

        html.Raw("</tbody>\n</table>\n");
    }

    private static void NotProvided(HtmlBuilder html, string message) => html.Raw("<p class=\"not-provided\">").Text(message).Raw("</p>\n");

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string F(int value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Pct(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string SignedPct(double share) => (share * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pp";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>String builder that separates trusted markup from HTML-encoded text.</summary>
    private sealed class HtmlBuilder
    {
        private readonly StringBuilder _builder = new(64 * 1024);

        public HtmlBuilder Raw(string markup)
        {
            _builder.Append(markup);
            return this;
        }

        public HtmlBuilder Text(string text)
        {
            _builder.Append(WebUtility.HtmlEncode(text));
            return this;
        }

        public HtmlBuilder Badge(PsiBand band) => band switch
        {
            PsiBand.Stable => Raw("<span class=\"badge badge-ok\">Stable</span>"),
            PsiBand.Watch => Raw("<span class=\"badge badge-warn\">Watch</span>"),
            _ => Raw("<span class=\"badge badge-bad\">Shift</span>"),
        };

        public override string ToString() => _builder.ToString();
    }
}
