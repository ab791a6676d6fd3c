using System.Diagnostics;
using System.Globalization;
using RiskScoring.Models;
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

    private static readonly (string Name, ScorecardOptions Options)[] Variants =
    [
        ("default", new ScorecardOptions()),
        ("auto-trend", new ScorecardOptions { Binning = new() { PrebinCount = 50 } }),
        ("very-fine", new ScorecardOptions { CountFeatureMinBinShare = 0.001, Binning = new() { PrebinCount = 200, MaxBins = 20, MinBinShare = 0.005, Trend = RiskScoring.Training.Binning.MonotonicTrend.None } }),
    ];

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

[Explicit("scratch")]
public sealed class ScorecardScratch
{
    [Test]
    public void Gmsc_Decisions()
    {
        var table = ScorecardFigures.LoadGmscTable();
        var o = new ScorecardOptions { Binning = new() { PrebinCount = 50, Trend = RiskScoring.Training.Binning.MonotonicTrend.None } };
        var fit = ScorecardTrainer.FitBinsAndEncoder(table, o, 42);
        foreach (var d in fit.Selection.Decisions)
        {
            TestContext.Out.WriteLine(d.FeatureName + " " + d.Outcome + " " + d.Reason);
        }

        var model = new ModelTrainer().Train(table, new ModelTrainingOptions { Kind = ModelKind.Scorecard, Scorecard = o });
        TestContext.Out.WriteLine(string.Join(", ", ((LinearModel)model.Compiled).Weights));
        TestContext.Out.WriteLine(RiskScoring.Scorecards.ScorecardTableWriter.ToMarkdown(model.Scorecard!));
    }
}

[Explicit("scratch")]
public sealed class AdditiveCeilingScratch
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
}
