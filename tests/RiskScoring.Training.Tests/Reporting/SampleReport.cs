using RiskScoring.Reporting;
using RiskScoring.Training.Evaluation;

namespace RiskScoring.Training.Tests.Reporting;

/// <summary>A realistic report built from a seeded synthetic sample, shared by the writer and browser tests.</summary>
internal static class SampleReport
{
    /// <summary>5,000 rows: a latent risk factor, PD = logistic(−2.6 + 1.3·z), default drawn from that PD.</summary>
    public static (double[] Pd, bool[] IsBad) Sample(int rows = 5000, int seed = 42)
    {
        var random = new Random(seed);
        var pd = new double[rows];
        var isBad = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            // Box–Muller standard normal.
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            pd[i] = 1 / (1 + Math.Exp(-(-2.6 + (1.3 * z))));
            isBad[i] = random.NextDouble() < pd[i];
        }

        return (pd, isBad);
    }

    /// <summary>The sample report with headline metrics computed from the sample itself, so charts and cards agree.</summary>
    public static ModelReportData BuildConsistent()
    {
        var (pd, isBad) = Sample();
        var roc = ReportCurves.ComputeRoc(pd, isBad, int.MaxValue);
        var auc = 0.0;
        for (var i = 1; i < roc.Count; i++)
        {
            auc += (roc[i].FalsePositiveRate - roc[i - 1].FalsePositiveRate) * (roc[i].TruePositiveRate + roc[i - 1].TruePositiveRate) / 2;
        }

        var (_, ks) = ReportCurves.FindKs(ReportCurves.ComputeKsCurve(pd, isBad, int.MaxValue));
        double brier = 0, logLoss = 0;
        for (var i = 0; i < pd.Length; i++)
        {
            var y = isBad[i] ? 1.0 : 0.0;
            brier += (pd[i] - y) * (pd[i] - y) / pd.Length;
            logLoss -= (y * Math.Log(pd[i])) + ((1 - y) * Math.Log(1 - pd[i]));
        }

        var calibration = CalibrationTable.Compute(pd, isBad);
        var ece = calibration.Bins.Sum(r => r.Count * Math.Abs(r.MeanPredicted - r.ObservedRate)) / pd.Length;
        var data = Build();
        return data with
        {
            Metrics = new HeadlineMetrics(auc, new ConfidenceInterval(auc - 0.012, auc + 0.012, 0.95), (2 * auc) - 1, ks, brier, logLoss / pd.Length, ece),
        };
    }

    public static ModelReportData Build(bool withOptionalSections = true)
    {
        var (pd, isBad) = Sample();
        // Hand-made bins (shares of 1,000 rows) with rounded contributions summing to the total 0.0085.
        var psiBins = new List<PsiBin>
        {
            new(1, double.NegativeInfinity, 0.05, false, 300, 270, 0.30, 0.27, 0.0032),
            new(2, 0.05, 0.10, false, 300, 290, 0.30, 0.29, 0.0003),
            new(3, 0.10, 0.20, false, 220, 230, 0.22, 0.23, 0.0004),
            new(4, 0.20, 0.40, false, 120, 140, 0.12, 0.14, 0.0031),
            new(5, 0.40, double.PositiveInfinity, false, 60, 70, 0.06, 0.07, 0.0015),
        };
        return new ModelReportData
        {
            Title = "Give Me Some Credit — LightGBM <v3> & \"challenger\"",
            Metadata =
            [
                new("Model kind", "LightGBM binary classifier"),
                new("Schema hash", "sha256:9f2c1e"),
                new("Created", "2026-11-20T09:30:00Z"),
                new("Seed", "42"),
                new("Training rows", "120,000"),
                new("Default rate", "6.68%"),
                new("Library version", "RiskScoring 0.1.0"),
                new("Note", "<script>alert('x')</script>"),
            ],
            Metrics = new HeadlineMetrics(0.78123, new ConfidenceInterval(0.77011, 0.79234, 0.95), 0.56246, 0.41234, 0.05512, 0.19876, 0.01234),
            Roc = ReportCurves.ComputeRoc(pd, isBad),
            KsCurve = ReportCurves.ComputeKsCurve(pd, isBad),
            Calibration = CalibrationTable.Compute(pd, isBad),
            ScoreDistribution = ReportCurves.ComputeScoreHistogram(pd, isBad, 25),
            Gains = GainsTable.Compute(pd, isBad),
            Psi = withOptionalSections
                ? new PsiSection(new PsiResult(0.0085, PsiBand.Stable, psiBins), [Feature("DebtToIncome", 0, 0.031), Feature("Age", 1, 0.142), Feature("Utilisation", 2, 0.27)])
                : null,
            Scorecard = withOptionalSections
                ? [new("Age", "[18, 25)", 812, 0.112, -0.523, 12), new("Age", "[25, 40)", 2100, 0.071, 0.041, 31), new("Age", "≥ 40", 2088, 0.048, 0.452, 44.5)]
                : null,
            Fairness = withOptionalSections
                ? [new("sex=female", 2400, 0.81, 0.964, 0.7791, false), new("sex=male", 2600, 0.84, 1.0, 0.7833, false), new("age<25", 812, 0.62, 0.738, null, true)]
                : null,
            CutOff = withOptionalSections ? 0.12 : null,
        };
    }

    private static FeaturePsi Feature(string name, int index, double psi) =>
        new(name, index, new PsiResult(psi, Psi.Classify(psi), []));
}
