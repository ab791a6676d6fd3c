using System.Globalization;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Reporting;
using RiskScoring.Training.Data;
using RiskScoring.Training.Evaluation;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Infrastructure;

/// <summary>The expected (reference) sample for the PSI section: its PDs and feature rows.</summary>
/// <param name="Description">What it is, for the report (for example "first half of the file").</param>
/// <param name="Pd">PD per row.</param>
/// <param name="Table">Feature rows (same schema as the scored data).</param>
internal sealed record PsiBaseline(string Description, double[] Pd, FeatureTable Table);

/// <summary>Fills <see cref="ModelReportData"/> from PDs, outcomes and the data: BinaryEvaluator metrics and tables,
/// ROC/KS/histogram curves, PSI of the score and of each feature, fairness by age group, model metadata.</summary>
internal static class ReportBuilder
{
    /// <summary>Default PD cut-off for the fairness check and the charts: approve below 0.1.</summary>
    public const double DefaultCutoff = 0.1;

    public static ModelReportData Build(
        string title,
        double[] pd,
        FeatureTable table,
        ModelMetadata metadata,
        IEnumerable<ReportMetadataItem> extraMetadata,
        PsiBaseline? baseline,
        double cutoff)
    {
        bool[] labels = table.Labels.ToArray();
        var report = BinaryEvaluator.Evaluate(pd, labels);
        return new ModelReportData
        {
            Title = title,
            Metadata = [.. Metadata(metadata), .. extraMetadata],
            Metrics = HeadlineMetrics.From(report),
            Roc = ReportCurves.ComputeRoc(pd, labels),
            KsCurve = ReportCurves.ComputeKsCurve(pd, labels),
            Calibration = report.Calibration,
            Gains = report.Gains,
            ScoreDistribution = ReportCurves.ComputeScoreHistogram(pd, labels, 25),
            Psi = Stability(pd, table, baseline),
            Fairness = Fairness(pd, labels, table, cutoff),
            CutOff = cutoff,
        };
    }

    /// <summary>PSI baseline when none is given: the first half of the rows (file order) as expected, the second
    /// half as actual. Returns the baseline and the indices of the actual rows.</summary>
    public static (PsiBaseline Baseline, int[] ActualRows) SplitHalves(double[] pd, FeatureTable table)
    {
        int half = table.RowCount / 2;
        int[] first = [.. Enumerable.Range(0, half)];
        int[] second = [.. Enumerable.Range(half, table.RowCount - half)];
        return (new PsiBaseline(Inv($"first half of the file ({half} rows) vs second half ({second.Length} rows)"), [.. first.Select(i => pd[i])], table.Subset(first)), second);
    }

    public static IEnumerable<ReportMetadataItem> Metadata(ModelMetadata m)
    {
        var c = CultureInfo.InvariantCulture;
        yield return new("Model kind", ModelOptions.Name(m.Kind));
        yield return new("Schema hash", m.SchemaHash);
        yield return new("Created", m.CreatedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", c));
        yield return new("Seed", m.Seed.ToString(c));
        yield return new("Training rows", m.TrainingRows.ToString("N0", c));
        yield return new("Training default rate", m.TrainingDefaultRate.ToString("P2", c));
        yield return new("Library version", m.LibraryVersion);
        foreach (var (key, value) in m.Options)
        {
            yield return new("Option " + key, value);
        }

        foreach (var (key, value) in m.Evaluation)
        {
            yield return new("Evaluation " + key, value.ToString("0.#####", c));
        }
    }

    private static PsiSection? Stability(double[] pd, FeatureTable table, PsiBaseline? baseline)
    {
        int[] actualRows;
        if (baseline is null)
        {
            if (table.RowCount < 20)
            {
                return null;
            }

            (baseline, actualRows) = SplitHalves(pd, table);
        }
        else
        {
            actualRows = [.. Enumerable.Range(0, table.RowCount)];
        }

        double[] actualPd = [.. actualRows.Select(i => pd[i])];
        var score = Psi.Compute(baseline.Pd, actualPd);
        var names = table.Schema.Features.Select(f => f.Name).ToArray();
        var expectedRows = Enumerable.Range(0, baseline.Table.RowCount).Select(i => baseline.Table.Row(i).ToArray()).ToList();
        var rows = actualRows.Select(i => table.Row(i).ToArray()).ToList();
        return new PsiSection(score, Psi.ComputeByFeature(names, expectedRows, rows));
    }

    /// <summary>Fairness by age group at the cut-off, from the <c>age_group</c> feature, else the <c>age</c> feature
    /// (banded 18-24 … 62+); null when the data has neither.</summary>
    private static List<FairnessRow>? Fairness(double[] pd, bool[] labels, FeatureTable table, double cutoff)
    {
        string[]? groups = AgeGroups(table);
        if (groups is null)
        {
            return null;
        }

        var fairness = FairLending.Evaluate(pd, labels, groups, cutoff);
        return [.. fairness.Groups.Select(g => new FairnessRow(
            "age " + g.Group,
            g.Count,
            g.ApprovalRate,
            double.IsNaN(g.ApprovalRateRatio) ? 0 : Math.Clamp(g.ApprovalRateRatio, 0, 1),
            g.AucComputable ? g.Auc : null,
            g.BelowThreshold))];
    }

    internal static string[]? AgeGroups(FeatureTable table)
    {
        if (table.Schema.TryGetIndex("age_group", out int group) && table.Schema[group].Kind == FeatureKind.Categorical)
        {
            var categories = table.Schema[group].Categories;
            return [.. Enumerable.Range(0, table.RowCount).Select(r =>
            {
                float code = table[r, group];
                return float.IsNaN(code) || code < 0 || code >= categories.Length ? "unknown" : categories[(int)code];
            })];
        }

        if (table.Schema.TryGetIndex("age", out int age) && table.Schema[age].Kind == FeatureKind.Numeric)
        {
            return [.. Enumerable.Range(0, table.RowCount).Select(r => Band(table[r, age]))];
        }

        return null;
    }

    private static string Band(float age) => float.IsNaN(age) ? "unknown"
        : age < 25 ? "18-24" : age < 35 ? "25-34" : age < 45 ? "35-44" : age < 55 ? "45-54" : age < 62 ? "55-61" : "62+";
}
