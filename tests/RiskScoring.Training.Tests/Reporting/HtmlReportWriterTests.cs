using System.Text;
using System.Text.RegularExpressions;
using RiskScoring.Reporting;

namespace RiskScoring.Training.Tests.Reporting;

public sealed class HtmlReportWriterTests
{
    private static readonly string[] SectionIds =
    [
        HtmlReportWriter.SummarySectionId, HtmlReportWriter.ModelSectionId, HtmlReportWriter.DiscriminationSectionId,
        HtmlReportWriter.CalibrationSectionId, HtmlReportWriter.DistributionSectionId, HtmlReportWriter.GainsSectionId,
        HtmlReportWriter.StabilitySectionId, HtmlReportWriter.ScorecardSectionId, HtmlReportWriter.FairnessSectionId,
    ];

    private static readonly string[] Charts = ["roc", "ks", "calibration", "distribution", "gains", "psi"];

    private static string _full = string.Empty;
    private static string _minimal = string.Empty;

    [OneTimeSetUp]
    public void RenderOnce()
    {
        _full = Render(SampleReport.Build());
        _minimal = Render(SampleReport.Build(withOptionalSections: false));
    }

    internal static string Render(ModelReportData data)
    {
        using var writer = new StringWriter();
        HtmlReportWriter.Write(data, writer);
        return writer.ToString();
    }

    [Test]
    public void Write_FullReport_Html5DocumentWithInlineStyle()
    {
        Assert.That(_full, Does.StartWith("<!DOCTYPE html>\n<html lang=\"en\">"));
        Assert.That(_full, Does.Contain("<meta charset=\"utf-8\">"));
        Assert.That(_full, Does.Contain("<style>"));
        Assert.That(_full.TrimEnd(), Does.EndWith("</html>"));
    }

    [Test]
    public void Write_FullReport_EverySectionWithNumberedHeadingAndTocLink()
    {
        var headings = new[] { "Summary", "Model overview", "Discrimination", "Calibration", "Score distribution", "Gains and lift", "Population stability", "Scorecard", "Fairness" };
        for (var i = 0; i < SectionIds.Length; i++)
        {
            Assert.That(_full, Does.Contain($"<section id=\"{SectionIds[i]}\">\n<h2><span class=\"num\">{i + 1}</span>{headings[i]}</h2>"), SectionIds[i]);
            Assert.That(_full, Does.Contain($"<li><a href=\"#{SectionIds[i]}\">{headings[i]}</a></li>"), SectionIds[i]);
        }

        Assert.That(Regex.Count(_full, "<section "), Is.EqualTo(9));
    }

    [Test]
    public void Write_FullReport_HeadlineMetricsFormattedToFourDecimals()
    {
        // AUC 0.78123 → 0.7812, CI 0.77011–0.79234 → 0.7701 – 0.7923, Gini 0.56246 → 0.5625, log loss 0.19876 → 0.1988.
        Assert.That(_full, Does.Contain("<div class=\"card\" data-metric=\"auc\"><div class=\"card-label\">AUC</div><div class=\"card-value\">0.7812</div><div class=\"card-note\">95% CI 0.7701 – 0.7923</div></div>"));
        Assert.That(_full, Does.Contain("data-metric=\"gini\"><div class=\"card-label\">Gini</div><div class=\"card-value\">0.5625</div>"));
        Assert.That(_full, Does.Contain("<div class=\"card-value\">0.4123</div>"));
        Assert.That(_full, Does.Contain("<div class=\"card-value\">0.0551</div>"));
        Assert.That(_full, Does.Contain("<div class=\"card-value\">0.1988</div>"));
        Assert.That(_full, Does.Contain("<div class=\"card-value\">0.0123</div>"));
        Assert.That(_full, Does.Contain("data-metric=\"cutoff\"><div class=\"card-label\">Cut-off</div><div class=\"card-value\">0.12</div>"));
    }

    [Test]
    public void Write_FullReport_TablesFormatCountsSharesAndPoints()
    {
        // Scorecard row ("Age", "[18, 25)", 812, 0.112, -0.523, 12): 11.20%, WoE -0.523, 12.0 points.
        Assert.That(_full, Does.Contain("<tr><td>Age</td><td>[18, 25)</td><td class=\"n\">812</td><td class=\"n\">11.20%</td><td class=\"n\">-0.523</td><td class=\"n\">12.0</td></tr>"));
        // Fairness row flagged, with no AUC.
        Assert.That(_full, Does.Contain("<tr class=\"flagged\"><td>age&lt;25</td><td class=\"n\">812</td><td class=\"n\">62.00%</td><td class=\"n\">0.738</td><td class=\"n\">–</td><td><span class=\"badge badge-bad\">Flagged</span></td></tr>"));
        // PSI bin row and total (shares sum to 100%).
        Assert.That(_full, Does.Contain("<tr><td>≤ 0.05</td><td class=\"n\">30.00%</td><td class=\"n\">27.00%</td><td class=\"n\">0.0032</td></tr>"));
        Assert.That(_full, Does.Contain("<tr><td>Total</td><td class=\"n\">100.00%</td><td class=\"n\">100.00%</td><td class=\"n\">0.0085</td></tr>"));
        // Gains and calibration: 5,000 rows in ten groups of 500 each.
        var gains = Regex.Match(_full, "<table class=\"data\" id=\"gains-table\">.*?</table>", RegexOptions.Singleline).Value;
        var calibration = Regex.Match(_full, "<table class=\"data\" id=\"calibration-table\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.That(Regex.Count(gains, "<tr><td>\\d+</td><td class=\"n\">500</td>"), Is.EqualTo(10));
        Assert.That(Regex.Count(calibration, "<tr><td>\\d+</td><td class=\"n\">500</td>"), Is.EqualTo(10));
    }

    [Test]
    public void Write_FeaturePsi_SortedByPsiDescendingWithBands()
    {
        var utilisation = _full.IndexOf("<tr><td>Utilisation</td><td class=\"n\">0.2700</td><td><span class=\"badge badge-bad\">Shift</span>", StringComparison.Ordinal);
        var age = _full.IndexOf("<tr><td>Age</td><td class=\"n\">0.1420</td><td><span class=\"badge badge-warn\">Watch</span>", StringComparison.Ordinal);
        var dti = _full.IndexOf("<tr><td>DebtToIncome</td><td class=\"n\">0.0310</td><td><span class=\"badge badge-ok\">Stable</span>", StringComparison.Ordinal);

        Assert.That(utilisation, Is.GreaterThan(0));
        Assert.That(age, Is.GreaterThan(utilisation));
        Assert.That(dti, Is.GreaterThan(age));
    }

    [Test]
    public void Write_TextValues_HtmlEncodedEverywhere()
    {
        Assert.That(_full, Does.Contain("<title>Give Me Some Credit — LightGBM &lt;v3&gt; &amp; &quot;challenger&quot;</title>"));
        Assert.That(_full, Does.Contain("<h1>Give Me Some Credit — LightGBM &lt;v3&gt; &amp; &quot;challenger&quot;</h1>"));
        Assert.That(_full, Does.Contain("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>"));
        Assert.That(_full, Does.Not.Contain("<script"));
        Assert.That(_full, Does.Not.Contain("<v3>"));
    }

    [Test]
    public void Write_FullReport_EveryChartIsNonEmptyInlineSvg()
    {
        foreach (var chart in Charts)
        {
            var match = Regex.Match(_full, $"<figure class=\"chart( wide)?\" data-chart=\"{chart}\">\n(<svg .*?</svg>)\n<figcaption>", RegexOptions.Singleline);
            Assert.That(match.Success, Is.True, chart);
            var svg = match.Groups[2].Value;
            Assert.That(svg, Does.Contain(chart == "distribution" ? "viewBox=\"0 0 1080 380\"" : "viewBox=\"0 0 560 380\""), chart);
            Assert.That(Regex.Count(svg, "<path "), Is.GreaterThan(5), chart);
            Assert.That(Regex.Count(svg, "<text "), Is.GreaterThan(5), chart);
        }

        Assert.That(Regex.Count(_full, "<svg "), Is.EqualTo(Charts.Length));
    }

    [Test]
    public void Write_FullReport_ChartTitlesAndKsMarker()
    {
        Assert.That(_full, Does.Contain("role=\"img\" aria-label=\"ROC curve\""));
        Assert.That(_full, Does.Contain("aria-label=\"Score stability: PSI 0.0085 (Stable)\""));
        Assert.That(_full, Does.Contain("Random model"));
        Assert.That(_full, Does.Contain("Perfect calibration"));
        Assert.That(_full, Does.Match("KS = 0\\.\\d{4} at 0\\.\\d+"));
        Assert.That(_full, Does.Contain("Cut-off 0.12"));
    }

    [Test]
    public void Write_FullReport_ChartTextHasSansSerifFallback()
    {
        var families = Regex.Matches(_full, "font-family=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.That(families, Is.Not.Empty);
        Assert.That(families, Is.All.EndsWith(", 'Segoe UI', Helvetica, Arial, sans-serif"));
    }

    [Test]
    public void Write_FullReport_SvgIdsUniqueAcrossCharts()
    {
        var ids = Regex.Matches(_full, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(ids, Does.Contain("roc-1"));
    }

    [Test]
    public void Write_FullReport_SelfContainedNoExternalReferences()
    {
        Assert.That(_full, Does.Not.Contain(" src="));
        Assert.That(_full, Does.Not.Contain("<link"));
        Assert.That(_full, Does.Not.Contain("@import"));
        Assert.That(_full, Does.Not.Contain("url(http"));
        var hrefs = Regex.Matches(_full, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value);
        Assert.That(hrefs, Is.All.StartsWith("#"));
        var urls = Regex.Matches(_full, "https?://[^\"\\s]+").Select(m => m.Value).Distinct();
        Assert.That(urls, Is.EquivalentTo(new[] { "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink" }));
    }

    [Test]
    public void Write_SameDataTwice_IdenticalOutput()
    {
        Assert.That(Render(SampleReport.Build()), Is.EqualTo(_full));
    }

    [Test]
    public void Write_FullReport_SmallerThanTwoMegabytes()
    {
        Assert.That(Encoding.UTF8.GetByteCount(_full), Is.LessThan(2_000_000));
    }

    [Test]
    public void Write_OptionalSectionsAbsent_SectionsKeptWithNotAssessedNotes()
    {
        foreach (var id in SectionIds)
        {
            Assert.That(_minimal, Does.Contain($"<section id=\"{id}\">"), id);
        }

        Assert.That(_minimal, Does.Contain("<p class=\"not-provided\">Not assessed: no monitoring sample was compared with the development sample.</p>"));
        Assert.That(_minimal, Does.Contain("<p class=\"not-provided\">Not applicable: the model is not a points scorecard.</p>"));
        Assert.That(_minimal, Does.Contain("<p class=\"not-provided\">Not assessed: no fairness check was run for this model.</p>"));
        Assert.That(_minimal, Does.Not.Contain("data-chart=\"psi\""));
        Assert.That(_minimal, Does.Not.Contain("data-metric=\"cutoff\""));
    }

    [Test]
    public void Write_MinimalData_EveryDataSectionSaysNotProvided()
    {
        var html = Render(new ModelReportData { Title = "Bare", Metrics = new HeadlineMetrics(0.7, null, 0.4, 0.3, 0.07, 0.25, 0.02) });

        Assert.That(html, Does.Contain("ROC curve points were not provided."));
        Assert.That(html, Does.Contain("KS curve points were not provided."));
        Assert.That(html, Does.Contain("No calibration table was provided."));
        Assert.That(html, Does.Contain("No score distribution was provided."));
        Assert.That(html, Does.Contain("No gains table was provided."));
        Assert.That(html, Does.Contain("confidence interval not computed"));
        Assert.That(html, Does.Not.Contain("<svg"));
    }

    [Test]
    public void Write_InvalidData_ThrowsBeforeWritingAnything()
    {
        var data = SampleReport.Build() with { Metrics = new HeadlineMetrics(double.NaN, null, 0.4, 0.3, 0.07, 0.25, 0.02) };
        using var writer = new StringWriter();

        var ex = Assert.Throws<ArgumentException>(() => HtmlReportWriter.Write(data, writer));

        Assert.That(ex!.Message, Does.StartWith("Metrics.Auc = NaN"));
        Assert.That(writer.ToString(), Is.Empty);
    }

    [Test]
    public void WriteFile_FullReport_Utf8WithoutBomSameAsWrite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"riskscoring-report-{Guid.NewGuid():N}.html");
        try
        {
            HtmlReportWriter.WriteFile(SampleReport.Build(), path);
            var bytes = File.ReadAllBytes(path);

            Assert.That(bytes[..3], Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(_full));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
