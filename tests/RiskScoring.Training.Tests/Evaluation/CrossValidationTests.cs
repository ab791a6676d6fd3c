using RiskScoring.Models;
using RiskScoring.Training.Evaluation;
using RiskScoring.Training.Modeling;
using RiskScoring.Training.Tests.Modeling;

namespace RiskScoring.Training.Tests.Evaluation;

public sealed class CrossValidationTests
{
    private static readonly ModelTrainingOptions Logistic = new() { Kind = ModelKind.Logistic, Calibration = CalibrationMethod.None };

    [Test]
    public void Run_FiveFold_EveryRowHeldOutOnceAndMeansOverFolds()
    {
        var table = Synthetic.Create(1500, seed: 3);

        var result = new CrossValidation().Run(table, Logistic, new CrossValidationOptions { Folds = 5, Seed = 7 });

        Assert.That(result.Folds, Has.Length.EqualTo(5));
        // Each fold holds out a fifth of the rows (sizes differ by at most one) and trains on the rest.
        Assert.That(result.Folds.Sum(f => f.Report.Rows), Is.EqualTo(1500));
        Assert.That(result.Folds.All(f => f.TrainRows + f.Report.Rows == 1500), Is.True);
        Assert.That(result.Folds.Sum(f => f.Report.Defaults), Is.EqualTo(table.Labels.ToArray().Count(l => l)));
        Assert.That(result.Auc.Mean, Is.EqualTo(result.Folds.Average(f => f.Report.Auc)).Within(1e-12));
        Assert.That(result.Auc.Mean, Is.InRange(0.65, 0.95));
        Assert.That(result.Gini.Mean, Is.EqualTo((2 * result.Auc.Mean) - 1).Within(1e-12));
        Assert.That(result.Auc.StandardDeviation, Is.GreaterThan(0));
        Assert.That(result.Rows, Is.EqualTo(1500));
        // Out-of-fold PDs cover every row; restricted to fold 0's rows they reproduce fold 0's AUC.
        Assert.That(result.OutOfFoldPd, Has.Length.EqualTo(1500));
        var fold0 = StratifiedSplit.Fold(StratifiedSplit.KFold(table.Labels, 5, 7), 0).Test;
        Assert.That(BinaryMetrics.Auc(fold0.Select(i => result.OutOfFoldPd[i]).ToArray(), fold0.Select(i => table.Labels[i]).ToArray()), Is.EqualTo(result.Folds[0].Report.Auc));
    }

    [Test]
    public void Run_SameSeedsAndParallelism_IdenticalFigures()
    {
        var table = Synthetic.Create(1000, seed: 4);
        var options = new CrossValidationOptions { Folds = 3, Repeats = 2, Seed = 11 };

        var serial = new CrossValidation().Run(table, Logistic, options);
        var parallel = new CrossValidation().Run(table, Logistic, options with { MaxDegreeOfParallelism = 2 });

        Assert.That(parallel.Folds.Select(f => f.Report.Auc), Is.EqualTo(serial.Folds.Select(f => f.Report.Auc)));
        Assert.That(parallel.Folds.Select(f => f.Report.LogLoss), Is.EqualTo(serial.Folds.Select(f => f.Report.LogLoss)));
        Assert.That(serial.Folds.Select(f => (f.Repeat, f.Fold)), Is.EqualTo(new[] { (0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2) }));
    }

    [Test]
    public void Run_RepeatedKFold_RepeatsUseDifferentSplits()
    {
        var table = Synthetic.Create(900, seed: 5);

        var result = new CrossValidation().Run(table, Logistic, new CrossValidationOptions { Folds = 3, Repeats = 2 });

        // Repeat seeds are derived (SplitMix64), so the first folds of the two repeats hold different rows and AUCs.
        Assert.That(result.Folds, Has.Length.EqualTo(6));
        Assert.That(result.Folds[3].Report.Auc, Is.Not.EqualTo(result.Folds[0].Report.Auc));
    }

    [Test]
    public void Run_TestSplit_OneFoldWithTheFractionHeldOutAndNoSd()
    {
        var table = Synthetic.Create(1000, seed: 6);

        var result = new CrossValidation().Run(table, Logistic, new CrossValidationOptions { Scheme = ValidationScheme.TestSplit, TestFraction = 0.25 });

        // Each class contributes round(count × 0.25) rows, so the test set has 250 ± 1 rows.
        Assert.That(result.Folds, Has.Length.EqualTo(1));
        Assert.That(result.Folds[0].Report.Rows, Is.InRange(249, 251));
        Assert.That(result.Auc.StandardDeviation, Is.NaN);
        var figures = result.ToFigures();
        Assert.That(figures["holdout_auc"], Is.EqualTo(result.Auc.Mean));
        Assert.That(figures["holdout_fraction"], Is.EqualTo(0.25));
        Assert.That(figures.ContainsKey("cv_auc"), Is.False);
    }

    [Test]
    public void Run_Progress_ReportsEachFoldInOrderOfCompletion()
    {
        var table = Synthetic.Create(600, seed: 8);
        var seen = new List<(int Completed, int Total)>();

        new CrossValidation().Run(table, Logistic, new CrossValidationOptions { Folds = 3 }, new SyncProgress(p => seen.Add((p.Completed, p.Total))));

        Assert.That(seen, Is.EqualTo(new[] { (1, 3), (2, 3), (3, 3) }));
    }

    [Test]
    public void Run_ScorecardKind_CrossValidatesLikeTheOtherKinds()
    {
        var table = Synthetic.Create(3000, seed: 9);

        var result = new CrossValidation().Run(table, Logistic with { Kind = ModelKind.Scorecard }, new CrossValidationOptions { Folds = 3 });

        Assert.That(result.Folds, Has.Length.EqualTo(3));
        Assert.That(result.Auc.Mean, Is.GreaterThan(0.6), "the scorecard ranks held-out rows better than chance");
    }

    [Test]
    public void Run_FewerDefaultsThanFolds_ThrowsWithCounts()
    {
        var table = Synthetic.Create(300, seed: 10);
        int defaults = table.Labels.ToArray().Count(l => l);

        var ex = Assert.Throws<ArgumentException>(() => new CrossValidation().Run(table, Logistic, new CrossValidationOptions { Folds = defaults + 1 }));

        Assert.That(ex!.Message, Does.Contain($"{defaults} defaults"));
    }

    [TestCase(1, 1, 0.3)] // one fold is no cross-validation
    [TestCase(5, 0, 0.3)] // no repeat
    [TestCase(5, 1, 1.0)] // nothing left to train on
    public void Validate_OutOfRange_Throws(int folds, int repeats, double fraction)
    {
        var options = new CrossValidationOptions { Folds = folds, Repeats = repeats, TestFraction = fraction };

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    [Test]
    public void MetricSummary_HandValues_MeanAndSampleSd()
    {
        // Mean of 1, 2, 3, 4 = 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; sd = √(5 / 3) = 1.2910.
        var s = MetricSummary.Of([1.0, 2.0, 3.0, 4.0]);

        Assert.That(s.Mean, Is.EqualTo(2.5));
        Assert.That(s.StandardDeviation, Is.EqualTo(Math.Sqrt(5.0 / 3)).Within(1e-12));
    }

    [Test]
    public void Describe_Schemes_ReadableText()
    {
        Assert.That(new CrossValidationOptions { Folds = 5, Repeats = 5, Seed = 1 }.Describe(), Is.EqualTo("stratified 5-fold × 5 repeats (seed 1)"));
        Assert.That(new CrossValidationOptions().Describe(), Is.EqualTo("stratified 5-fold (seed 42)"));
        Assert.That(new CrossValidationOptions { Scheme = ValidationScheme.TestSplit, TestFraction = 0.3 }.Describe(), Is.EqualTo("stratified 30% test split (seed 42)"));
    }

    private sealed class SyncProgress(Action<CrossValidationProgress> report) : IProgress<CrossValidationProgress>
    {
        public void Report(CrossValidationProgress value) => report(value);
    }
}
