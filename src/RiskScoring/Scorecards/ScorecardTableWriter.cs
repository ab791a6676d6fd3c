using System.Globalization;
using System.Text;

namespace RiskScoring.Scorecards;

/// <summary>
/// Renders a <see cref="Scorecard"/> as CSV (one row per bin, for spreadsheets) or Markdown (a section per
/// characteristic, for model documentation). Numbers use the invariant culture with fixed decimals, lines end with
/// <c>\n</c>, so the output is byte-for-byte reproducible.
/// </summary>
public static class ScorecardTableWriter
{
    /// <summary>The CSV header line (without line end).</summary>
    public const string CsvHeader = "characteristic,information_value,weight,bin_index,bin,kind,count,default_rate,woe,points,elderly_rule_adjusted";

    /// <summary>The extra last CSV column of a scorecard with jointly fitted bin values
    /// (<see cref="ScorecardBin.FittedValue"/>).</summary>
    public const string CsvFittedValueColumn = "fitted_value";

    /// <summary>Renders the CSV form: <see cref="CsvHeader"/> (plus <see cref="CsvFittedValueColumn"/> when the bins carry
    /// fitted values), then one row per bin of each characteristic. IV, weight, default rate, WoE and fitted value have
    /// 6 decimals, points 4 (0 with integer points); fields with a comma or quote are quoted (RFC 4180).</summary>
    /// <param name="scorecard">The scorecard.</param>
    /// <returns>The CSV text.</returns>
    public static string ToCsv(Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var sb = new StringBuilder();
        bool fitted = HasFittedValues(scorecard);
        sb.Append(CsvHeader).Append(fitted ? "," + CsvFittedValueColumn : string.Empty).Append('\n');
        string pointsFormat = scorecard.IntegerPoints ? "F0" : "F4";
        foreach (var c in scorecard.Characteristics)
        {
            for (int i = 0; i < c.Bins.Length; i++)
            {
                var b = c.Bins[i];
                sb.Append(Csv(c.Name)).Append(',')
                    .Append(N(c.InformationValue, "F6")).Append(',')
                    .Append(N(c.Weight, "F6")).Append(',')
                    .Append(i.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Csv(b.Description)).Append(',')
                    .Append(b.Kind.ToString()).Append(',')
                    .Append(b.Count.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(N(b.DefaultRate, "F6")).Append(',')
                    .Append(N(b.WoE, "F6")).Append(',')
                    .Append(N(b.Points, pointsFormat)).Append(',')
                    .Append(b.AdjustedForElderlyRule ? "true" : "false")
                    .Append(fitted ? "," + N(b.FittedValue ?? double.NaN, "F6") : string.Empty).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>Renders the Markdown form: a summary (scaling, base points, score range, elderly-age rule), then per
    /// characteristic a heading with its IV and a table of bins (count, default rate in %, WoE, the fitted value when
    /// the bins carry one, points).</summary>
    /// <param name="scorecard">The scorecard.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var s = scorecard.Scaling;
        string pointsFormat = scorecard.IntegerPoints ? "F0" : "F2";
        bool fitted = HasFittedValues(scorecard);
        var sb = new StringBuilder();
        sb.Append("# Scorecard\n\n");
        sb.Append(F($"Scaling: {s.BaseScore:0.##} points at odds {s.BaseOdds:0.##}:1, {s.PointsToDoubleOdds:0.##} points to double the odds.\n"));
        sb.Append(F($"Base points {scorecard.BasePoints:F2}, spread evenly over {scorecard.Characteristics.Length} characteristics ({scorecard.BasePointsPerCharacteristic:F2} each, included in the points below)"))
            .Append(scorecard.IntegerPoints ? "; points rounded to integers.\n" : ".\n");
        sb.Append(F($"Score range {scorecard.MinScore.ToString(pointsFormat, CultureInfo.InvariantCulture)} to {scorecard.MaxScore.ToString(pointsFormat, CultureInfo.InvariantCulture)}; higher means lower risk.\n"));
        sb.Append("Elderly-age rule (Regulation B 1002.6(b)(2)(ii)): ").Append(scorecard.ElderlyAgeRule.Status.ToString()).Append(". ")
            .Append(Md(scorecard.ElderlyAgeRule.Description)).Append('\n');
        foreach (var c in scorecard.Characteristics)
        {
            sb.Append('\n').Append("## ").Append(Md(c.Name)).Append(F($" (IV {c.InformationValue:F4})\n\n"));
            sb.Append(fitted ? "| Bin | Count | Default rate | WoE | Fitted value | Points |\n" : "| Bin | Count | Default rate | WoE | Points |\n");
            sb.Append(fitted ? "|---|---:|---:|---:|---:|---:|\n" : "|---|---:|---:|---:|---:|\n");
            foreach (var b in c.Bins)
            {
                sb.Append("| ").Append(Md(b.Description)).Append(b.AdjustedForElderlyRule ? " (elderly rule)" : string.Empty)
                    .Append(" | ").Append(b.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(" | ").Append(N(b.DefaultRate * 100, "F2")).Append('%')
                    .Append(" | ").Append(N(b.WoE, "F4"))
                    .Append(fitted ? " | " + N(b.FittedValue ?? double.NaN, "F4") : string.Empty)
                    .Append(" | ").Append(N(b.Points, pointsFormat))
                    .Append(" |\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to a writer.</summary>
    /// <param name="scorecard">The scorecard.</param>
    /// <param name="writer">Destination (not closed).</param>
    public static void WriteCsv(Scorecard scorecard, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ToCsv(scorecard));
    }

    /// <summary>Writes <see cref="ToMarkdown"/> to a writer.</summary>
    /// <param name="scorecard">The scorecard.</param>
    /// <param name="writer">Destination (not closed).</param>
    public static void WriteMarkdown(Scorecard scorecard, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ToMarkdown(scorecard));
    }

    private static bool HasFittedValues(Scorecard scorecard)
    {
        foreach (var c in scorecard.Characteristics)
        {
            foreach (var b in c.Bins)
            {
                if (b.FittedValue is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    // Fixed decimals; "-0.00" is printed as "0.00" so snapshots do not depend on the sign of a rounded zero.
    private static string N(double value, string format)
    {
        string text = value.ToString(format, CultureInfo.InvariantCulture);
        return text.StartsWith('-') && text.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? text[1..] : text;
    }

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Md(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
