using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Scoring;
using RiskScoring.Training.Data;
using RiskScoring.Training.Modeling;
using RiskScoring.Training.Tests.Data;

namespace RiskScoring.Training.Tests.Scoring;

/// <summary>The scorer's PD against ML.NET's PredictionEngine on the same trained model, row by row on held-out data.
/// Calibration is off so that both sides use the trainer's own link (the compiled PD then is ML.NET's probability).</summary>
public sealed class RiskScorerExactnessTests
{
    private const double Tolerance = 1e-5;

    private static readonly Lazy<(List<BorrowerRecord> Records, FeatureTable Table)> Synthetic = new(() =>
    {
        var report = new LoadReport("synthetic");
        var records = BorrowerCsv.ReadFile(Path.Combine(TestData.RepoRoot(), "data", TestData.SyntheticFileName), report).ToList();
        return (records, TableBuilder.Build(records, BorrowerFeatures.Schema));
    });

    private static readonly Lazy<(List<BorrowerRecord> Records, FeatureTable Table)?> GiveMeSomeCreditData = new(() =>
    {
        string path = TestData.RealFile(GiveMeSomeCredit.FileName);
        var report = new LoadReport(path);
        var records = GiveMeSomeCredit.ReadProfiles(path, report).ToList();
        return (records, TableBuilder.Build(records, GiveMeSomeCredit.Schema));
    });

    private static ModelTrainingOptions Options(ModelKind kind) => new()
    {
        Kind = kind,
        Seed = 7,
        Calibration = CalibrationMethod.None,
        Gbdt = new GbdtOptions { NumberOfTrees = 100 },
    };

    [TestCase(ModelKind.Logistic)]
    [TestCase(ModelKind.Gbdt)]
    [TestCase(ModelKind.Scorecard)]
    public void Score_GiveMeSomeCreditHeldOut_EqualsPredictionEngine(ModelKind kind)
    {
        // Assert.Ignore (inside RealFile) when shared/data/real/cs-training.csv is absent.
        var (records, table) = GiveMeSomeCreditData.Value!.Value;
        var (rowsChecked, maxDifference) = TrainAndCompare(records, table, kind, trainLimit: 40_000);

        // Fold 0 of 5 of the ~150 000 accepted rows.
        Assert.That(rowsChecked, Is.GreaterThan(29_000));
        Assert.That(maxDifference, Is.LessThanOrEqualTo(Tolerance), $"largest |scorer PD − PredictionEngine PD| over {rowsChecked} held-out rows");
    }

    [TestCase(ModelKind.Logistic)]
    [TestCase(ModelKind.Gbdt)]
    [TestCase(ModelKind.Scorecard)]
    public void Score_SyntheticHeldOut_EqualsPredictionEngine(ModelKind kind)
    {
        var (records, table) = Synthetic.Value;
        var (rowsChecked, maxDifference) = TrainAndCompare(records, table, kind, trainLimit: 20_000);

        // Fold 0 of 5 of the 50 000 bundled rows.
        Assert.That(rowsChecked, Is.EqualTo(10_000).Within(10));
        Assert.That(maxDifference, Is.LessThanOrEqualTo(Tolerance));
    }

    [Test]
    public void Load_SavedPackage_ScoresLikeTheTrainedModelAndNamesTheManifest()
    {
        var (records, table) = Synthetic.Value;
        var sample = table.Subset([.. Enumerable.Range(0, 5000)]);
        var trained = new ModelTrainer(new FixedTime()).Train(sample, Options(ModelKind.Logistic));
        string path = Path.Combine(Path.GetTempPath(), "scorer-" + Guid.NewGuid().ToString("N") + ".rsk");
        try
        {
            trained.Save(path);
            var package = ModelPackage.Load(path);
            var loaded = RiskScorer.Load(path);
            var direct = new RiskScorer(trained.Compiled);

            Assert.That(loaded.ModelVersion, Is.EqualTo("logistic " + BorrowerFeatures.Schema.Hash[..12] + " " + package.ManifestSha256[..12]));
            Assert.That(loaded.Metadata!.TrainingRows, Is.EqualTo(5000));
            Assert.That(new RiskScorer(package).ModelVersion, Is.EqualTo(loaded.ModelVersion));
            Assert.That(direct.ModelVersion, Is.Not.EqualTo(loaded.ModelVersion), "a bare model is fingerprinted by its JSON, not a manifest");
            for (int i = 5000; i < 5200; i++)
            {
                Assert.That(loaded.Score(records[i].Profile).ProbabilityOfDefault, Is.EqualTo(direct.Score(records[i].Profile).ProbabilityOfDefault));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Load_MissingFile_Throws() =>
        Assert.That(() => RiskScorer.Load(Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".rsk")), Throws.InstanceOf<FileNotFoundException>());

    /// <summary>Trains on up to <paramref name="trainLimit"/> rows of folds 1–4 and compares every row of fold 0:
    /// Score(profile), ScoreFeatures(row) and the PredictionEngine PD of the same row.</summary>
    private static (int Rows, double MaxDifference) TrainAndCompare(List<BorrowerRecord> records, FeatureTable table, ModelKind kind, int trainLimit)
    {
        int[] folds = Calibration.StratifiedFolds(table.Labels, 5, seed: 17);
        int[] train = [.. Enumerable.Range(0, table.RowCount).Where(i => folds[i] != 0).Take(trainLimit)];
        int[] test = [.. Enumerable.Range(0, table.RowCount).Where(i => folds[i] == 0)];
        var trained = new ModelTrainer(new FixedTime()).Train(table.Subset(train), Options(kind));
        var scorer = new RiskScorer(trained.Compiled);
        var calculator = new ReasonCodeCalculator(trained.Compiled, ScoreScaling.Default, ReasonCatalogue.Default);
        var expected = new ReasonCode[RiskAssessment.MaxReasons];
        using var baseline = trained.CreateBaseline();
        double max = 0;
        foreach (int i in test)
        {
            var fromProfile = scorer.Score(records[i].Profile);
            int count = calculator.Compute(table.Row(i), expected);
            Assert.That(fromProfile.ReasonCount, Is.EqualTo(count), $"row {i}: as many reasons as ReasonCodeCalculator");
            for (int k = 0; k < count; k++)
            {
                Assert.That(fromProfile.GetReason(k).FeatureIndex, Is.EqualTo(expected[k].FeatureIndex), $"row {i}, reason {k}");
            }

            var fromRow = scorer.ScoreFeatures(table.Row(i));
            double engine = baseline.PredictProbability(table.Row(i));
            Assert.That(fromRow.ProbabilityOfDefault, Is.EqualTo(fromProfile.ProbabilityOfDefault), $"row {i}: profile and feature routes agree");
            max = Math.Max(max, Math.Abs(fromProfile.ProbabilityOfDefault - engine));
        }

        TestContext.Out.WriteLine($"{kind}: {test.Length} held-out rows, max |PD difference| = {max:E2}");
        return (test.Length, max);
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    }
}
