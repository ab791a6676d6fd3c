using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RiskScoring.Training.Evaluation;
using ScottPlot;

namespace RiskScoring.Reporting;

/// <summary>
/// Draws the report charts with ScottPlot 5 and returns them as inline SVG fragments (no XML declaration, a
/// <c>viewBox</c> so they scale, and element ids prefixed per chart so several charts can share one HTML document).
/// </summary>
internal static partial class ReportCharts
{
    internal const int Width = 560;
    internal const int Height = 380;
    internal const int WideWidth = 1080;

    private static readonly Color ModelColor = Color.FromHex("#1F4E79");
    private static readonly Color BadColor = Color.FromHex("#C0392B");
    private static readonly Color GoodColor = Color.FromHex("#2E8B57");
    private static readonly Color ReferenceColor = Color.FromHex("#8C8C8C");
    private static readonly Color CutOffColor = Color.FromHex("#D68910");
    private static readonly Color ExpectedColor = Color.FromHex("#7FA7CE");

    /// <summary>Fonts tried in order; the first one installed is used so glyph metrics match what browsers draw.</summary>
    private static readonly string[] PreferredFonts = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"];

    private static readonly Lazy<string?> ChosenFont = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains);
    });

    internal static string Roc(IReadOnlyList<RocPoint> roc, HeadlineMetrics metrics)
    {
        var plot = NewPlot("ROC curve", "False positive rate (share of goods declined)", "True positive rate (share of bads declined)");
        var sorted = roc.OrderBy(p => p.FalsePositiveRate).ThenBy(p => p.TruePositiveRate).ToArray();
        AddDiagonal(plot, "Random model");
        var line = plot.Add.ScatterLine(sorted.Select(p => p.FalsePositiveRate).ToArray(), sorted.Select(p => p.TruePositiveRate).ToArray(), ModelColor);
        line.LineWidth = 2.5f;
        line.LegendText = Invariant($"Model (AUC {metrics.Auc:0.0000})");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        return ToSvg(plot, "roc");
    }

    internal static string Ks(IReadOnlyList<KsPoint> curve, double? cutOff, string scoreLabel)
    {
        var plot = NewPlot("KS curves", scoreLabel, "Cumulative share with score ≤ threshold");
        var x = curve.Select(p => p.Threshold).ToArray();
        var bad = plot.Add.ScatterLine(x, curve.Select(p => p.CumulativeBadShare).ToArray(), BadColor);
        bad.LineWidth = 2.5f;
        bad.LegendText = "Bads";
        var good = plot.Add.ScatterLine(x, curve.Select(p => p.CumulativeGoodShare).ToArray(), GoodColor);
        good.LineWidth = 2.5f;
        good.LegendText = "Goods";
        var (point, ks) = ReportCurves.FindKs(curve);
        var gap = plot.Add.Line(point.Threshold, point.CumulativeBadShare, point.Threshold, point.CumulativeGoodShare);
        gap.LineColor = ModelColor;
        gap.LineWidth = 3;
        gap.MarkerSize = 7;
        gap.MarkerColor = ModelColor;
        gap.LegendText = Invariant($"KS = {ks:0.0000} at {point.Threshold:0.####}");
        AddCutOff(plot, cutOff);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return ToSvg(plot, "ks");
    }

    internal static string Calibration(CalibrationTable table)
    {
        var rows = table.Bins;
        var plot = NewPlot("Calibration: predicted vs observed", "Mean predicted PD in bin", "Observed default rate in bin");
        var top = Math.Max(rows.Max(r => Math.Max(r.MeanPredicted, r.ObservedRate)), 0.01) * 1.08;
        top = Math.Min(top, 1);
        AddDiagonal(plot, "Perfect calibration");
        var points = plot.Add.ScatterLine(rows.Select(r => r.MeanPredicted).ToArray(), rows.Select(r => r.ObservedRate).ToArray(), ModelColor);
        points.LineWidth = 1.5f;
        points.MarkerSize = 8;
        points.MarkerShape = MarkerShape.FilledCircle;
        points.LegendText = "Model (one point per bin)";
        plot.Axes.SetLimits(0, top, 0, top);
        plot.ShowLegend(Alignment.UpperLeft);
        return ToSvg(plot, "calibration");
    }

    internal static string ScoreDistribution(ScoreHistogram histogram, double? cutOff, string scoreLabel)
    {
        var plot = NewPlot("Score distribution of goods and bads", scoreLabel, "Share of group (%)");
        var totalGood = Math.Max(histogram.GoodCounts.Sum(), 1);
        var totalBad = Math.Max(histogram.BadCounts.Sum(), 1);
        var goodBars = new List<Bar>();
        var badBars = new List<Bar>();
        for (var i = 0; i < histogram.BinCount; i++)
        {
            var width = histogram.Edges[i + 1] - histogram.Edges[i];
            var centre = histogram.Edges[i] + (width / 2);
            goodBars.Add(HistogramBar(centre, width, 100.0 * histogram.GoodCounts[i] / totalGood, GoodColor));
            badBars.Add(HistogramBar(centre, width, 100.0 * histogram.BadCounts[i] / totalBad, BadColor));
        }

        plot.Add.Bars(goodBars).LegendText = Invariant($"Goods (n = {totalGood:N0})");
        plot.Add.Bars(badBars).LegendText = Invariant($"Bads (n = {totalBad:N0})");
        AddCutOff(plot, cutOff);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return ToSvg(plot, "distribution", WideWidth);
    }

    internal static string Gains(GainsTable table)
    {
        var rows = table.Bins;
        var plot = NewPlot("Cumulative gains", "Share of applicants, riskiest first", "Share of all bads captured");
        var total = Math.Max(rows.Sum(r => (long)r.Count), 1);
        var xs = new List<double> { 0 };
        var ys = new List<double> { 0 };
        long cumulative = 0;
        foreach (var r in rows)
        {
            cumulative += r.Count;
            xs.Add((double)cumulative / total);
            ys.Add(r.CumulativeBadsCaptured);
        }

        AddDiagonal(plot, "Random model");
        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), ModelColor);
        line.LineWidth = 2.5f;
        line.MarkerSize = 6;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.LegendText = "Model";
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return ToSvg(plot, "gains");
    }

    internal static string Psi(PsiSection psi)
    {
        var plot = NewPlot(Invariant($"Score stability: PSI {psi.Total:0.0000} ({psi.Band})"), "Score bin", "Share of sample (%)");
        var expected = new List<Bar>();
        var actual = new List<Bar>();
        var bins = psi.Score.Bins;
        var positions = new double[bins.Count];
        var labels = new string[bins.Count];
        for (var i = 0; i < bins.Count; i++)
        {
            positions[i] = i;
            labels[i] = PsiSection.BinLabel(bins[i]);
            expected.Add(new Bar { Position = i - 0.2, Value = 100 * bins[i].ExpectedShare, Size = 0.4, FillColor = ExpectedColor, LineWidth = 0 });
            actual.Add(new Bar { Position = i + 0.2, Value = 100 * bins[i].ActualShare, Size = 0.4, FillColor = ModelColor, LineWidth = 0 });
        }

        plot.Add.Bars(expected).LegendText = "Expected (development)";
        plot.Add.Bars(actual).LegendText = "Actual (current)";
        plot.Axes.Bottom.SetTicks(positions, labels);

        // Rotate the bin labels only when they would not fit side by side (about 7 px per character at 12 px, about
        // 460 px of data area), and then reserve room below the axis so they do not run into the axis title.
        var longest = labels.Max(l => l.Length);
        if (longest * 7.0 > 0.9 * 460 / labels.Length)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = (float)Math.Min(40 + (longest * 4.6), 160);
        }

        plot.Axes.Margins(bottom: 0, top: 0.3); // headroom so the legend does not cover the bars
        plot.ShowLegend(Alignment.UpperRight);
        return ToSvg(plot, "psi");
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (ChosenFont.Value is { } font)
        {
            plot.Font.Set(font);
        }

        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        plot.Grid.MajorLineColor = Color.FromHex("#E6E6E6");
        plot.Legend.FontSize = 12;
        return plot;
    }

    private static Bar HistogramBar(double centre, double width, double value, Color color) => new()
    {
        Position = centre,
        Value = value,
        Size = width,
        FillColor = color.WithAlpha(0.45),
        LineColor = color,
        LineWidth = 1,
    };

    private static void AddDiagonal(Plot plot, string legend)
    {
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LineColor = ReferenceColor;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LineWidth = 1.5f;
        diagonal.LegendText = legend;
    }

    private static void AddCutOff(Plot plot, double? cutOff)
    {
        if (cutOff is { } x)
        {
            var line = plot.Add.VerticalLine(x, 2, CutOffColor, LinePattern.Dotted);
            line.LegendText = Invariant($"Cut-off {x:0.####}");
        }
    }

    /// <summary>Renders the plot to SVG and makes it embeddable and deterministic.</summary>
    private static string ToSvg(Plot plot, string chartId, int width = Width)
    {
        var label = System.Net.WebUtility.HtmlEncode(plot.Axes.Title.Label.Text);
        var svg = plot.GetSvgXml(width, Height);
        svg = XmlDeclaration().Replace(svg, string.Empty).Trim();

        // ScottPlot numbers clip paths from a process-wide counter: rename every id in order of appearance.
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in IdAttribute().Matches(svg))
        {
            var id = match.Groups[1].Value;
            if (!renames.ContainsKey(id))
            {
                renames[id] = Invariant($"{chartId}-{renames.Count + 1}");
            }
        }

        var builder = new StringBuilder(svg);
        foreach (var (from, to) in renames)
        {
            builder.Replace($"id=\"{from}\"", $"id=\"{to}\"").Replace($"#{from})", $"#{to})").Replace($"\"#{from}\"", $"\"#{to}\"");
        }

        var open = Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width}\" height=\"{Height}\">");
        var replacement = Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-label=\"{label}\" class=\"chart-svg\">");
        builder.Replace(open, replacement);

        // Text is measured with the font found here; give browsers without it a sans-serif fallback, not their serif default.
        return FontFamily().Replace(builder.ToString(), "font-family=\"$1, 'Segoe UI', Helvetica, Arial, sans-serif\"");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^<\?xml[^>]*\?>", RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("id=\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex IdAttribute();

    [GeneratedRegex("font-family=\"([^\"',]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex FontFamily();
}
