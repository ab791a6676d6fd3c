using RiskScoring.Models;
using RiskScoring.Scorecards;
using RiskScoring.Scoring;
using RiskScoring.Training.Modeling;
using RiskScoring.Training.Scorecards;

namespace RiskScoring.Training.Tests.Scorecards;

/// <summary>Scorecards with jointly fitted bin values (<see cref="ScorecardBinValues.Fitted"/>).</summary>
public sealed class ScorecardFittedValuesTests
{
    private static readonly ModelTrainingOptions Fitted = new()
    {
        Kind = ModelKind.Scorecard,
        Scorecard = new ScorecardOptions { BinValues = ScorecardBinValues.Fitted },
    };

    private static readonly Lazy<TrainedModel> Trained = new(() =>
        new ModelTrainer().Train(ScorecardData.Create(6000, 21, olderRiskier: true), Fitted));

    [Test]
    public void Train_Fitted_SumOfBinPointsEqualsScoreOfModelPd()
    {
        var trained = Trained.Value;
        var test = ScorecardData.Create(300, 22, olderRiskier: true);
        for (int r = 0; r < test.RowCount; r++)
        {
            double pd = trained.Compiled.PredictProbability(test.Row(r));
            Assert.That(trained.Scorecard!.Score(test.Row(r)), Is.EqualTo(ScoreScaling.Default.ScoreFromProbability(pd)).Within(1e-9));
        }
    }

    [Test]
    public void Train_Fitted_CompiledPdEqualsMlNetPredictionEngine()
    {
        var trained = Trained.Value;
        using var baseline = trained.CreateBaseline();
        var test = ScorecardData.Create(500, 23, olderRiskier: true);
        double worst = 0;
        for (int r = 0; r < test.RowCount; r++)
        {
            worst = Math.Max(worst, Math.Abs(trained.Compiled.PredictProbability(test.Row(r)) - baseline.PredictProbability(test.Row(r))));
        }

        Assert.That(worst, Is.LessThan(1e-5));
    }

    [Test]
    public void Train_Fitted_TableKeepsTrainingWoeAndAddsFittedValue()
    {
        foreach (var c in Trained.Value.Scorecard!.Characteristics)
        {
            var binned = ScorecardTrainer.BinAll(ScorecardData.Create(6000, 21, olderRiskier: true), Fitted.Scorecard)[c.FeatureIndex];
            for (int b = 0; b < c.Bins.Length; b++)
            {
                Assert.That(c.Bins[b].FittedValue, Is.Not.Null, $"{c.Name} bin {b}");
                Assert.That(c.Bins[b].ModelValue, Is.EqualTo(c.Bins[b].FittedValue));
                Assert.That(c.Bins[b].WoE, Is.EqualTo(binned.BinStatistics[b].WoE), "the WoE column is the training WoE");
            }

            // The final fit on the jointly fitted values reproduces them: weight near −1 (ML.NET's L2 of 1 shrinks it
            // slightly).
            Assert.That(c.Weight, Is.EqualTo(-1).Within(0.1), c.Name);
        }

        Assert.That(ScorecardTableWriter.ToCsv(Trained.Value.Scorecard!).Split('\n')[0], Does.EndWith(",fitted_value"));
    }

    [Test]
    public void Train_FittedOlderRiskier_ElderlyBinsTiedAndScoreTheMostAgePoints()
    {
        var scorecard = Trained.Value.Scorecard!;
        Assert.That(scorecard.ElderlyAgeRule.Status, Is.EqualTo(ElderlyAgeRuleStatus.Applied), scorecard.ElderlyAgeRule.Description);
        Assert.That(scorecard.ElderlyAgeRule.Description, Does.Contain("tied in the joint fit"));
        var age = scorecard.Characteristics.Single(c => c.Name is "age" or "age_group");
        bool[] elderly = ScorecardTrainer.ElderlyBins(age.Definition, new ScorecardOptions());
        Assert.That(elderly, Does.Contain(true));
        for (int b = 0; b < age.Bins.Length; b++)
        {
            if (elderly[b])
            {
                Assert.That(age.Bins[b].Points, Is.EqualTo(age.MaxPoints).Within(1e-9), $"elderly bin {age.Bins[b].Description}");
                Assert.That(age.Bins[b].AdjustedForElderlyRule, Is.True);
            }
        }

        // Age keeps information (not every bin tied): the youngest bins and the elderly group differ from the rest.
        Assert.That(age.MinPoints, Is.LessThan(age.MaxPoints - 1));
    }

    [Test]
    public void Train_FittedTwice_IdenticalTable()
    {
        var data = ScorecardData.Create(3000, 31, olderRiskier: false);
        var a = new ModelTrainer().Train(data, Fitted).Scorecard!.ToJson();
        var b = new ModelTrainer().Train(data, Fitted).Scorecard!.ToJson();
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void Train_FittedJson_RoundTripKeepsFittedValues()
    {
        var scorecard = Trained.Value.Scorecard!;
        var back = Scorecard.FromJson(scorecard.ToJson());
        Assert.That(back.Characteristics[0].Bins.Select(x => x.FittedValue), Is.EqualTo(scorecard.Characteristics[0].Bins.Select(x => x.FittedValue)));
    }

    [Test]
    public void Train_AutoBelowThreshold_UsesWoe()
    {
        // 10⁹ defaults per bin can never be met: Auto falls back to WoE (no fitted values in the table).
        var options = new ModelTrainingOptions
        {
            Kind = ModelKind.Scorecard,
            Scorecard = new ScorecardOptions { BinValues = ScorecardBinValues.Auto, AutoFittedMinBadsPerBin = 1e9 },
        };
        var scorecard = new ModelTrainer().Train(ScorecardData.Create(3000, 31, olderRiskier: false), options).Scorecard!;
        Assert.That(scorecard.Characteristics.SelectMany(c => c.Bins).All(b => b.FittedValue is null), Is.True);
    }

    [Test]
    public void Train_AutoWithZeroThreshold_UsesFittedValues()
    {
        var options = new ModelTrainingOptions
        {
            Kind = ModelKind.Scorecard,
            Scorecard = new ScorecardOptions { BinValues = ScorecardBinValues.Auto, AutoFittedMinBadsPerBin = 0 },
        };
        var scorecard = new ModelTrainer().Train(ScorecardData.Create(3000, 31, olderRiskier: false), options).Scorecard!;
        Assert.That(scorecard.Characteristics.SelectMany(c => c.Bins).All(b => b.FittedValue is not null), Is.True);
    }

    [Test]
    public void Compute_FittedScorecardGiven_EqualsTableLossAgainstBestNonEmptyBin()
    {
        var trained = Trained.Value;
        var scorecard = trained.Scorecard!;
        var calculator = new ReasonCodeCalculator(trained.Compiled, ScoreScaling.Default, ReasonCatalogue.Default, scorecard: scorecard);
        var test = ScorecardData.Create(100, 24, olderRiskier: true);
        var reasons = new ReasonCode[4];
        for (int r = 0; r < test.RowCount; r++)
        {
            float[] row = test.Row(r).ToArray();
            int n = calculator.Compute(row, reasons);
            var expected = scorecard.Characteristics
                .Select(c => (c.FeatureIndex, Lost: c.Bins.Where(b => b.Count > 0).Max(b => b.Points) - c.PointsFor(row[c.FeatureIndex])))
                .Where(x => x.Lost > 1e-9)
                .OrderByDescending(x => x.Lost).ThenBy(x => x.FeatureIndex)
                .Take(4).ToArray();
            Assert.That(n, Is.EqualTo(expected.Length));
            for (int i = 0; i < n; i++)
            {
                Assert.That(reasons[i].FeatureIndex, Is.EqualTo(expected[i].FeatureIndex));
                Assert.That(reasons[i].PointsLost, Is.EqualTo(expected[i].Lost).Within(1e-9));
            }
        }
    }

    [Test]
    public void Fit_OneCharacteristicTinyPenalty_CoefficientsDifferByLogitOfBinRates()
    {
        // Bin 0: 100 rows, 10 defaults; bin 1: 100 rows, 30 defaults. With one characteristic and λ → 0 the model is
        // saturated: η_b = logit(rate_b), so β0 − β1 = logit(0.1) − logit(0.3) = ln(1/9) − ln(3/7) = −1.349927.
        int[] bins = [.. Enumerable.Repeat(0, 100), .. Enumerable.Repeat(1, 100)];
        bool[] labels = [.. Enumerable.Range(0, 100).Select(i => i < 10), .. Enumerable.Range(0, 100).Select(i => i < 30)];
        double[] beta = BinValueFitter.Fit([bins], [[0, 1]], 2, labels, 1e-8);
        Assert.That(beta[0] - beta[1], Is.EqualTo(Math.Log(1.0 / 9) - Math.Log(3.0 / 7)).Within(1e-5));
    }

    [Test]
    public void Fit_EmptyBin_CoefficientIsZero()
    {
        // Bin 2 has no rows: only the penalty acts on it, so its coefficient is exactly 0.
        int[] bins = [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 50)];
        bool[] labels = [.. Enumerable.Range(0, 100).Select(i => i % 4 == 0)];
        double[] beta = BinValueFitter.Fit([bins], [[0, 1, 2]], 3, labels, 1);
        Assert.That(beta[2], Is.EqualTo(0));
    }

    [TestCase(0.0)]
    [TestCase(double.NaN)]
    public void Validate_BadBinValueL2_Throws(double l2) =>
        Assert.That(() => new ScorecardOptions { BinValueL2 = l2 }.Validate(), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("BinValueL2"));
}
