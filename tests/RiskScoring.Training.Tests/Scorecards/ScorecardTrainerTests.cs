using System.IO.Compression;
using RiskScoring.Models;
using RiskScoring.Scorecards;
using RiskScoring.Scoring;
using RiskScoring.Training.Modeling;
using RiskScoring.Training.Scorecards;
using RiskScoring.Training.Tests.Modeling;

namespace RiskScoring.Training.Tests.Scorecards;

public sealed class ScorecardTrainerTests
{
    private static readonly ModelTrainingOptions Options = new() { Kind = ModelKind.Scorecard };

    private static readonly Lazy<TrainedModel> Trained = new(() =>
        new ModelTrainer(new ModelTrainerTests.FixedTime(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)))
            .Train(ScorecardData.Create(8000, 11, olderRiskier: true), Options));

    [Test]
    public void Train_Scorecard_SumOfBinPointsEqualsScoreOfModelPd()
    {
        var trained = Trained.Value;
        var scorecard = trained.Scorecard!;
        var test = ScorecardData.Create(500, 12, olderRiskier: true);
        for (int r = 0; r < test.RowCount; r++)
        {
            double pd = trained.Compiled.PredictProbability(test.Row(r));
            Assert.That(scorecard.Score(test.Row(r)), Is.EqualTo(ScoreScaling.Default.ScoreFromProbability(pd)).Within(1e-9));
        }
    }

    [Test]
    public void Train_Scorecard_CompiledModelIsScorecardKindWithoutExtraCalibration()
    {
        var compiled = Trained.Value.Compiled;
        Assert.That(compiled.Kind, Is.EqualTo(ModelKind.Scorecard));

        // ML.NET's logistic link, read out as PD = sigmoid(1 × margin + 0): no Platt step by default.
        Assert.That(compiled.Calibrator.Slope, Is.EqualTo(1.0));
        Assert.That(compiled.Calibrator.Offset, Is.EqualTo(0.0));
        Assert.That(Trained.Value.Metadata.Options["calibration"], Is.EqualTo("None"));
    }

    [Test]
    public void Train_NoiseFeature_IsNotScoredAndItsWeightIsZero()
    {
        var trained = Trained.Value;
        Assert.That(trained.Scorecard!.Characteristics.Select(c => c.Name), Does.Not.Contain("noise"));
        Assert.That(((LinearModel)trained.Compiled).Weights[5], Is.EqualTo(0f));
    }

    [Test]
    public void Train_PastDueWithRefusedCode_DetectsSpecialValueAutomatically()
    {
        var pastDue = Trained.Value.Scorecard!.Characteristics.Single(c => c.Name == "past_due");

        // Counts 0..6 and the code 98: 98 > 2 × 6, so it is a sentinel with its own bin.
        Assert.That(pastDue.Definition.SpecialValues, Is.EqualTo(new[] { 98f }));
        Assert.That(pastDue.Bins.Count(b => b.Kind == BinKind.Special), Is.EqualTo(1));
    }

    [Test]
    public void Train_OlderApplicantsRiskier_ElderlyBinsScoreTheMostAgePoints()
    {
        var scorecard = Trained.Value.Scorecard!;
        Assert.That(scorecard.ElderlyAgeRule.Status, Is.EqualTo(ElderlyAgeRuleStatus.Applied), scorecard.ElderlyAgeRule.Description);
        var age = scorecard.Characteristics.Single(c => c.Name is "age" or "age_group");
        bool[] elderly = ScorecardTrainer.ElderlyBins(age.Definition, new ScorecardOptions());
        Assert.That(elderly, Does.Contain(true));
        for (int b = 0; b < age.Bins.Length; b++)
        {
            if (elderly[b])
            {
                Assert.That(age.Bins[b].Points, Is.EqualTo(age.MaxPoints), $"elderly bin {age.Bins[b].Description}");
                Assert.That(age.Bins[b].AdjustedForElderlyRule, Is.True);
            }
        }

        // The package records the outcome.
        Assert.That(Trained.Value.Metadata.Options["scorecard.elderly_age_rule_status"], Is.EqualTo("Applied"));
        Assert.That(Trained.Value.Metadata.Options["scorecard.elderly_age_rule"], Is.EqualTo("True"));
    }

    [Test]
    public void Train_OlderApplicantsRiskierWithoutRule_RawFitGivesElderlyTheFewestPoints()
    {
        // The control for the test above: the same data without the rule breaks it.
        var trained = new ModelTrainer().Train(ScorecardData.Create(8000, 11, olderRiskier: true),
            Options with { Scorecard = new ScorecardOptions { ElderlyAgeRule = false } });
        var scorecard = trained.Scorecard!;
        Assert.That(scorecard.ElderlyAgeRule.Status, Is.EqualTo(ElderlyAgeRuleStatus.Disabled));
        var age = scorecard.Characteristics.Single(c => c.Name is "age" or "age_group");
        double elderlyPoints = age.Name == "age" ? age.PointsFor(70f) : age.PointsFor(5f);
        Assert.That(elderlyPoints, Is.LessThan(age.MaxPoints - 5));
    }

    [Test]
    public void Train_ElderlyBandRiskiestAndLargest_DropsAgeAndRecordsIt()
    {
        var trained = new ModelTrainer().Train(ScorecardData.CreateElderlyHighRisk(6000, 3), Options);
        var scorecard = trained.Scorecard!;
        Assert.That(scorecard.ElderlyAgeRule.Status, Is.EqualTo(ElderlyAgeRuleStatus.AgeDropped));
        Assert.That(scorecard.ElderlyAgeRule.AgeCharacteristics, Is.EqualTo(new[] { "Age" }));
        Assert.That(scorecard.Characteristics.Select(c => c.Name), Is.EqualTo(new[] { "utilisation" }));
        Assert.That(((LinearModel)trained.Compiled).Weights[1], Is.EqualTo(0f));
        Assert.That(trained.Metadata.Options["scorecard.elderly_age_rule_status"], Is.EqualTo("AgeDropped"));
    }

    [Test]
    public void Train_NumericAge_HasCutAtElderlyAgeAndOneElderlyInterval()
    {
        var fit = ScorecardTrainer.FitBinsAndEncoder(ScorecardData.Create(8000, 11, olderRiskier: false), new ScorecardOptions(), 42);
        var age = fit.Binned[1].Bins;
        Assert.That(age.CutPoints, Does.Contain(62f));
        Assert.That(age.CutPoints[^1], Is.EqualTo(62f), "no cut above 62: all elderly applicants share one interval");
    }

    [Test]
    public void Train_PlattCalibration_PointsStillAddUpToScoreOfPd()
    {
        var trained = new ModelTrainer().Train(ScorecardData.Create(4000, 5, olderRiskier: false),
            Options with { Scorecard = new ScorecardOptions { Calibration = CalibrationMethod.Platt } });
        Assert.That(trained.Compiled.Calibrator.Slope, Is.Not.EqualTo(1.0));
        var test = ScorecardData.Create(200, 6, olderRiskier: false);
        for (int r = 0; r < test.RowCount; r++)
        {
            double pd = trained.Compiled.PredictProbability(test.Row(r));
            Assert.That(trained.Scorecard!.Score(test.Row(r)), Is.EqualTo(ScoreScaling.Default.ScoreFromProbability(pd)).Within(1e-9));
        }
    }

    [Test]
    public void Train_WholePoints_TotalWithinHalfAPointPerCharacteristic()
    {
        var trained = new ModelTrainer().Train(ScorecardData.Create(4000, 5, olderRiskier: false),
            Options with { Scorecard = new ScorecardOptions { Rounding = PointsRounding.WholePoints } });
        var scorecard = trained.Scorecard!;
        Assert.That(scorecard.IntegerPoints, Is.True);
        Assert.That(scorecard.Characteristics.SelectMany(c => c.Bins).All(b => b.Points == Math.Round(b.Points)), Is.True);
        var test = ScorecardData.Create(200, 6, olderRiskier: false);
        double k = scorecard.Characteristics.Length;
        for (int r = 0; r < test.RowCount; r++)
        {
            double exact = ScoreScaling.Default.ScoreFromProbability(trained.Compiled.PredictProbability(test.Row(r)));
            Assert.That(Math.Abs(scorecard.Score(test.Row(r)) - exact), Is.LessThanOrEqualTo((k / 2) + 1e-9));
        }
    }

    [Test]
    public void Train_CustomScaling_UsedForPoints()
    {
        var scaling = new ScoreScaling(500, 20, 50);
        var trained = new ModelTrainer().Train(ScorecardData.Create(3000, 8, olderRiskier: false),
            Options with { Scorecard = new ScorecardOptions { Scaling = scaling } });
        var row = ScorecardData.Create(1, 9, olderRiskier: false).Row(0);
        Assert.That(trained.Scorecard!.Score(row), Is.EqualTo(scaling.ScoreFromProbability(trained.Compiled.PredictProbability(row))).Within(1e-9));
    }

    [Test]
    public void Compute_BestAttainableOnTrainedScorecard_EqualsTablePointsLost()
    {
        var trained = Trained.Value;
        var scorecard = trained.Scorecard!;
        var calculator = new ReasonCodeCalculator(trained.Compiled, ScoreScaling.Default, ReasonCatalogue.Default, ReasonMethod.BestAttainable, 4);
        Assert.That(calculator.EffectiveMethod, Is.EqualTo(ReasonMethod.BestAttainable));
        var test = ScorecardData.Create(100, 13, olderRiskier: true);
        var reasons = new ReasonCode[4];
        for (int r = 0; r < test.RowCount; r++)
        {
            float[] row = test.Row(r).ToArray();
            int n = calculator.Compute(row, reasons);

            // Expected: per characteristic, best attainable points − the applicant's points, largest first.
            var expected = scorecard.Characteristics
                .Select(c => (c.FeatureIndex, Lost: c.MaxPoints - c.PointsFor(row[c.FeatureIndex])))
                .Where(x => x.Lost > 1e-9)
                .OrderByDescending(x => x.Lost).ThenBy(x => x.FeatureIndex)
                .Take(4).ToArray();
            Assert.That(n, Is.EqualTo(expected.Length));
            for (int i = 0; i < n; i++)
            {
                Assert.That(reasons[i].FeatureIndex, Is.EqualTo(expected[i].FeatureIndex));
                Assert.That(reasons[i].PointsLost, Is.EqualTo(expected[i].Lost).Within(1e-9));
            }

            // Age is never a reason for an elderly applicant.
            if (row[1] >= 62)
            {
                Assert.That(reasons.Take(n).Select(x => x.FeatureIndex), Has.None.EqualTo(1).And.None.EqualTo(2));
            }
        }
    }

    [Test]
    public void Save_Scorecard_PackageHoldsVerifiedScorecardEntry()
    {
        var trained = Trained.Value;
        using var stream = new MemoryStream();
        trained.Save(stream);
        var package = ModelPackage.Load(new MemoryStream(stream.ToArray()), ScorecardData.Schema);
        Assert.That(package.Scorecard, Is.Not.Null);
        Assert.That(package.Scorecard!.ToJson(), Is.EqualTo(trained.Scorecard!.ToJson()));
        Assert.That(package.Scorecard.ElderlyAgeRule.Status, Is.EqualTo(ElderlyAgeRuleStatus.Applied));
        Assert.That(ScorecardTableWriter.ToMarkdown(package.Scorecard), Is.EqualTo(ScorecardTableWriter.ToMarkdown(trained.Scorecard)));
        Assert.That(package.Metadata.Options["scorecard.elderly_age_rule_status"], Is.EqualTo("Applied"));
    }

    [Test]
    public void Load_TamperedScorecardEntry_IsRefused()
    {
        using var stream = new MemoryStream();
        Trained.Value.Save(stream);
        var bytes = Rewrite(stream.ToArray(), ModelPackage.ScorecardEntry, s => s.Replace("\"points\": ", "\"points\": 1", StringComparison.Ordinal));
        Assert.That(() => ModelPackage.Load(new MemoryStream(bytes)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("entry 'scorecard.json' has SHA-256"));
    }

    [Test]
    public void TrainedModelLoad_Scorecard_KeepsTable()
    {
        string path = Path.Combine(Path.GetTempPath(), $"scorecard-{Guid.NewGuid():N}.rsmodel");
        try
        {
            Trained.Value.Save(path);
            var loaded = TrainedModel.Load(path);
            Assert.That(loaded.Scorecard!.ToJson(), Is.EqualTo(Trained.Value.Scorecard!.ToJson()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Train_NothingInformative_ThrowsNamingBestIv()
    {
        var table = ScorecardData.Create(2000, 4, olderRiskier: false);
        var options = Options with { Scorecard = new ScorecardOptions { Selection = new() { MinInformationValue = 50 } } };
        Assert.That(() => new ModelTrainer().Train(table, options),
            Throws.InvalidOperationException.With.Message.Contains("No characteristic passed the scorecard selection").And.Message.Contains("MinInformationValue = 50"));
    }

    [Test]
    public void Validate_IsotonicCalibration_IsRefused()
    {
        var options = Options with { Scorecard = new ScorecardOptions { Calibration = CalibrationMethod.Isotonic } };
        Assert.That(options.Validate,
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("ScorecardOptions.Calibration = Isotonic: must be None or Platt"));
    }

    [Test]
    public void Validate_CountShareOutOfRange_IsRefused()
    {
        var options = new ScorecardOptions { CountFeatureMinBinShare = 0.6 };
        Assert.That(options.Validate, Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("CountFeatureMinBinShare = 0.6"));
    }

    [Test]
    public void Defaults_AreDocumentedValues()
    {
        var o = new ScorecardOptions();
        Assert.That(o.Binning.PrebinCount, Is.EqualTo(50));
        Assert.That(o.Binning.MaxBins, Is.EqualTo(8));
        Assert.That(o.Binning.Trend, Is.EqualTo(RiskScoring.Training.Binning.MonotonicTrend.None));
        Assert.That(o.CountFeatureMinBinShare, Is.EqualTo(0.01));
        Assert.That(o.Calibration, Is.EqualTo(CalibrationMethod.None));
        Assert.That(o.Scaling, Is.EqualTo(ScoreScaling.Default));
        Assert.That(o.ElderlyAgeRule, Is.True);
        Assert.That(o.AgeFeatureNames, Is.EqualTo(new[] { "age", "age_group" }));
        Assert.That(o.ElderlyAge, Is.EqualTo(62f));
        Assert.That(o.ElderlyCategories, Is.EqualTo(new[] { "62+" }));
        Assert.That(o.BinValues, Is.EqualTo(ScorecardBinValues.Auto));
        Assert.That(o.AutoFittedMinBadsPerBin, Is.EqualTo(10));
        Assert.That(o.BinValueL2, Is.EqualTo(1));
    }

    [TestCase(new float[] { 0, 1, 2, 6, 96, 98 }, new float[] { 96, 98 })] // past-due counts ≤ 6: both codes far above
    [TestCase(new float[] { 20, 45, 95, 96, 98, 109 }, new float[0])] // ages: 109 is regular, so 96/98 are real ages
    [TestCase(new float[] { 0.5f, 1, 98 }, new float[0])] // non-integer values: not a count-like column
    [TestCase(new float[] { 0, 3, float.NaN, 999 }, new float[] { 999 })] // missing values are ignored
    [TestCase(new float[] { 0, 60, 98 }, new float[0])] // 98 is not more than twice the largest regular value 60
    public void DetectSentinels_Column_FindsIsolatedCodes(float[] column, float[] expected)
    {
        Assert.That(ScorecardTrainer.DetectSentinels(column), Is.EqualTo(expected));
    }

    [Test]
    public void Train_SpecialValuesOption_OverridesDetection()
    {
        var options = new ScorecardOptions
        {
            SpecialValues = new ScorecardOptions().SpecialValues.Add("PAST_DUE", [5f]),
        };
        var binned = ScorecardTrainer.BinAll(ScorecardData.Create(3000, 2, olderRiskier: false), options);

        // The map is case-insensitive and replaces the automatic rule for that feature (98 is then a regular value).
        Assert.That(binned[3].Bins.SpecialValues, Is.EqualTo(new[] { 5f }));
    }

    [Test]
    public void GmscHoldout_CompiledPd_EqualsMlNetPredictionEngine()
    {
        var (train, test) = Gmsc.Split(Gmsc.Load(), 5, 42, trainLimit: 20000);
        var trained = new ModelTrainer().Train(train, Options);
        using var baseline = trained.CreateBaseline();
        double worst = 0;
        for (int r = 0; r < 3000; r++)
        {
            worst = Math.Max(worst, Math.Abs(trained.Compiled.PredictProbability(test.Row(r)) - baseline.PredictProbability(test.Row(r))));
        }

        Assert.That(worst, Is.LessThan(1e-5));
        Assert.That(trained.Scorecard!.Characteristics.Length, Is.GreaterThanOrEqualTo(5));
    }

    private static byte[] Rewrite(byte[] package, string entryName, Func<string, string> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var created = target.CreateEntry(entry.FullName);
                using var input = entry.Open();
                using var outputEntry = created.Open();
                if (entry.FullName == entryName)
                {
                    using var reader = new StreamReader(input);
                    using var writer = new StreamWriter(outputEntry);
                    writer.Write(change(reader.ReadToEnd()));
                }
                else
                {
                    input.CopyTo(outputEntry);
                }
            }
        }

        return output.ToArray();
    }
}
