using System.Diagnostics;
using System.Globalization;
using RiskScoring.Models;
using RiskScoring.Training.Binning;
using RiskScoring.Training.Data;
using RiskScoring.Training.Evaluation;
using RiskScoring.Training.Modeling;
using RiskScoring.Training.Scorecards;

namespace RiskScoring.Training.Tests.Scorecards;

/// <summary>The figures quoted in the scorecard report (slow; run explicitly).</summary>
[Explicit("Real-data figures: several minutes.")]
public sealed class ScorecardFigures
{
    internal static string? FindFile(params string[] relative)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null)
        {
            foreach (var r in relative)
            {
                string candidate = Path.Combine(dir.FullName, r);
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }

            dir = dir.Parent;
        }

        return null;
    }

    internal static FeatureTable LoadGmscTable()
    {
        string path = FindFile("shared/data/real/cs-training.csv", "../shared/data/real/cs-training.csv")
            ?? (File.Exists("/work/shared/data/real/cs-training.csv") ? "/work/shared/data/real/cs-training.csv" : throw new IgnoreException("cs-training.csv absent"));
        return TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "SeriousDlqin2yrs" }).Table;
    }

    internal static FeatureTable LoadGerman()
    {
        string path = FindFile("data/german/german.data") ?? throw new IgnoreException("german.data absent");
        return GermanCredit.Load(path).Table;
    }

    internal static (double Mean, double Sd, double Ece) CrossValidate(FeatureTable table, ScorecardOptions options, int folds, int repeats, int seed)
    {
        var aucs = new List<double>();
        double eceSum = 0;
        int[][] assignments = repeats == 1 ? [StratifiedSplit.KFold(table.Labels, folds, seed)] : StratifiedSplit.RepeatedKFold(table.Labels, folds, repeats, seed);
        var trainer = new ModelTrainer();
        foreach (var assignment in assignments)
        {
            for (int k = 0; k < folds; k++)
            {
                var split = StratifiedSplit.Fold(assignment, k);
                var train = table.Subset(split.Train);
                var test = table.Subset(split.Test);
                var model = trainer.Train(train, new ModelTrainingOptions { Kind = ModelKind.Scorecard, Scorecard = options });
                var pd = new double[test.RowCount];
                for (int r = 0; r < pd.Length; r++)
                {
                    pd[r] = model.Compiled.PredictProbability(test.Row(r));
                }

                aucs.Add(BinaryMetrics.Auc(pd, test.Labels));
                eceSum += Ece(pd, test.Labels.ToArray());
            }
        }

        double mean = aucs.Average();
        double sd = Math.Sqrt(aucs.Sum(a => (a - mean) * (a - mean)) / (aucs.Count - 1));
        return (mean, sd, eceSum / aucs.Count);
    }

    /// <summary>Expected calibration error over 10 equal-frequency bins of the PD.</summary>
    internal static double Ece(double[] pd, bool[] labels)
    {
        var order = Enumerable.Range(0, pd.Length).OrderBy(i => pd[i]).ToArray();
        double ece = 0;
        for (int b = 0; b < 10; b++)
        {
            int lo = b * pd.Length / 10, hi = (b + 1) * pd.Length / 10;
            double p = 0, y = 0;
            for (int i = lo; i < hi; i++)
            {
                p += pd[order[i]];
                y += labels[order[i]] ? 1 : 0;
            }

            ece += Math.Abs(p - y) / pd.Length;
        }

        return ece;
    }

    private static readonly (string Name, ScorecardOptions Options)[] AllVariants =
    [
        ("default", new ScorecardOptions()),
        ("woe", new ScorecardOptions { BinValues = ScorecardBinValues.WeightOfEvidence }),
        ("fitted", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted }),
        ("fitted-12bins-2pct", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, Binning = new() { PrebinCount = 50, MaxBins = 12, MinBinShare = 0.02, Trend = MonotonicTrend.None } }),
        ("fitted-20bins-1pct", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, Binning = new() { PrebinCount = 100, MaxBins = 20, MinBinShare = 0.01, Trend = MonotonicTrend.None } }),
        ("fitted-20bins-1pct-auto", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, Binning = new() { PrebinCount = 100, MaxBins = 20, MinBinShare = 0.01, Trend = MonotonicTrend.Auto } }),
        ("fitted-l2-10", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, BinValueL2 = 10 }),
        ("fitted-12bins-2pct-l2-10", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, BinValueL2 = 10, Binning = new() { PrebinCount = 50, MaxBins = 12, MinBinShare = 0.02, Trend = MonotonicTrend.None } }),
        ("fitted-l2-30", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, BinValueL2 = 30 }),
        ("fitted-l2-100", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, BinValueL2 = 100 }),
        ("fitted-12bins-2pct-l2-30", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, BinValueL2 = 30, Binning = new() { PrebinCount = 50, MaxBins = 12, MinBinShare = 0.02, Trend = MonotonicTrend.None } }),
        ("fitted-12bins-2pct-l2-100", new ScorecardOptions { BinValues = ScorecardBinValues.Fitted, BinValueL2 = 100, Binning = new() { PrebinCount = 50, MaxBins = 12, MinBinShare = 0.02, Trend = MonotonicTrend.None } }),
        ("woe-12bins-2pct", new ScorecardOptions { BinValues = ScorecardBinValues.WeightOfEvidence, Binning = new() { PrebinCount = 50, MaxBins = 12, MinBinShare = 0.02, Trend = MonotonicTrend.None } }),
    ];

    // SCORECARD_VARIANTS=name1,name2 runs only those variants (all by default).
    private static IEnumerable<(string Name, ScorecardOptions Options)> Variants =>
        Environment.GetEnvironmentVariable("SCORECARD_VARIANTS") is { Length: > 0 } names
            ? AllVariants.Where(v => names.Split(',').Contains(v.Name))
            : AllVariants;

    [Test]
    public void Gmsc_FiveFold()
    {
        var table = LoadGmscTable();
        foreach (var (name, options) in Variants)
        {
            var (mean, sd, ece) = CrossValidate(table, options, 5, 1, 42);
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GMSC {name}: AUC {mean:F4} ± {sd:F4}, ECE {ece:F4}"));
        }
    }

    [Test]
    public void GmscAdapter_FiveFold()
    {
        string path = FindFile("shared/data/real/cs-training.csv", "../shared/data/real/cs-training.csv") ?? "/work/shared/data/real/cs-training.csv";
        var table = GiveMeSomeCredit.Load(path).Table;
        foreach (var (name, options) in Variants)
        {
            var (mean, sd, ece) = CrossValidate(table, options, 5, 1, 42);
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GMSC adapter {name}: AUC {mean:F4} ± {sd:F4}, ECE {ece:F4}"));
        }
    }

    [Test]
    public void German_RepeatedFiveByFive()
    {
        var table = LoadGerman();
        foreach (var (name, options) in Variants)
        {
            var (mean, sd, ece) = CrossValidate(table, options, 5, 5, 42);
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"German {name}: AUC {mean:F4} ± {sd:F4}, ECE {ece:F4}"));
        }
    }

    [Test]
    public void Gmsc_ReadmeExcerpt()
    {
        var table = LoadGmscTable();
        var trained = new ModelTrainer().Train(table, new ModelTrainingOptions { Kind = ModelKind.Scorecard });
        string md = RiskScoring.Scorecards.ScorecardTableWriter.ToMarkdown(trained.Scorecard!);
        TestContext.Out.WriteLine(md);
        var calculator = new RiskScoring.Scoring.ReasonCodeCalculator(trained.Compiled, RiskScoring.Scoring.ScoreScaling.Default, RiskScoring.Scoring.ReasonCatalogue.Default, scorecard: trained.Scorecard);
        var reasons = new RiskScoring.Scoring.ReasonCode[4];
        int row = Enumerable.Range(0, table.RowCount).First(r => table.Labels[r] && table[r, 1] >= 62 && table[r, 2] >= 1); // the first elderly defaulter with a 30-59 day delinquency
        var raw = table.Row(row).ToArray();
        int n = calculator.Compute(raw, reasons);
        double pd = trained.Compiled.PredictProbability(raw);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Applicant {table.Ids[row]}: {string.Join(", ", table.Schema.Features.Select((f, i) => $"{f.Name}={raw[i]}"))}"));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PD {pd:P2}, score {RiskScoring.Scoring.ScoreScaling.Default.ScoreFromProbability(pd):F1} (table sum {trained.Scorecard!.Score(raw):F1})"));
        foreach (var r in reasons.Take(n))
        {
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Code} {r.Text} ({table.Schema[r.FeatureIndex].Name}): {r.PointsLost:F1} points lost"));
        }
    }

    [Test]
    public void Gmsc_BinningTime()
    {
        var table = LoadGmscTable();
        var options = new ScorecardOptions();
        ScorecardTrainer.BinAll(table, options); // warm-up
        var watch = Stopwatch.StartNew();
        var results = ScorecardTrainer.BinAll(table, options);
        watch.Stop();
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GMSC binning of {results.Count} characteristics: {watch.Elapsed.TotalSeconds:F3} s"));
        foreach (var r in results)
        {
            TestContext.Out.WriteLine(r.ToString() + " | " + string.Join(" | ", r.Bins.Descriptions));
        }
    }
}

/// <summary>Reference figures for an additive model and a flexible logistic model on GMSC (slow; run explicitly).</summary>
[Explicit("Real-data reference figures: minutes.")]
public sealed class AdditiveCeilingFigures
{
    [Test]
    public void Gmsc_StumpsGbdt()
    {
        var table = ScorecardFigures.LoadGmscTable();
        var assignment = StratifiedSplit.KFold(table.Labels, 5, 42);
        var aucs = new List<double>();
        for (int k = 0; k < 5; k++)
        {
            var split = StratifiedSplit.Fold(assignment, k);
            var train = table.Subset(split.Train);
            var test = table.Subset(split.Test);
            var m = new ModelTrainer().Train(train, new ModelTrainingOptions { Kind = ModelKind.Gbdt, Calibration = CalibrationMethod.None, Gbdt = new GbdtOptions { NumberOfLeaves = 2, NumberOfTrees = 1500, LearningRate = 0.1, MinimumExampleCountPerLeaf = 100 } });
            var pd = Enumerable.Range(0, test.RowCount).Select(r => m.Compiled.PredictProbability(test.Row(r))).ToArray();
            aucs.Add(BinaryMetrics.Auc(pd, test.Labels));
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GMSC stumps GBDT (additive): AUC {aucs.Average():F4}"));
    }

    [Test]
    public void Gmsc_LogisticQuantileOneHot()
    {
        var table = ScorecardFigures.LoadGmscTable();
        var assignment = StratifiedSplit.KFold(table.Labels, 5, 42);
        var aucs = new List<double>();
        for (int k = 0; k < 5; k++)
        {
            var split = StratifiedSplit.Fold(assignment, k);
            var train = table.Subset(split.Train);
            var test = table.Subset(split.Test);
            var m = new ModelTrainer().Train(train, new ModelTrainingOptions { Kind = ModelKind.Logistic, Calibration = CalibrationMethod.None, Encoding = new EncoderOptions { QuantileBins = 20 } });
            var pd = Enumerable.Range(0, test.RowCount).Select(r => m.Compiled.PredictProbability(test.Row(r))).ToArray();
            aucs.Add(BinaryMetrics.Auc(pd, test.Labels));
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GMSC logistic, 20 quantile one-hots per feature (additive): AUC {aucs.Average():F4}"));
    }
}
