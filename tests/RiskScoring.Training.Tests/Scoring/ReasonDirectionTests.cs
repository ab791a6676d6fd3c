using RiskScoring.Models;
using RiskScoring.Scorecards;
using RiskScoring.Scoring;
using RiskScoring.Training.Data;
using RiskScoring.Training.Modeling;
using RiskScoring.Training.Tests.Modeling;
using RiskScoring.Training.Tests.Scorecards;

namespace RiskScoring.Training.Tests.Scoring;

/// <summary>A reason text never contradicts the applicant's value, on Give Me Some Credit scorecards with the default
/// options (bins may be U-shaped): the README's (trained as <c>ScorecardFigures.Gmsc_ReadmeExcerpt</c> trains it, on
/// all 150 000 rows, about 9 s) and the held-out one of
/// <c>ScorecardTrainerTests.GmscHoldout_CompiledPd_EqualsMlNetPredictionEngine</c> (20 000 training rows).</summary>
public sealed class ReasonDirectionTests
{
    private static readonly Lazy<(FeatureTable All, TrainedModel Trained, ModelPackage Package)> Readme = new(() =>
    {
        var all = ScorecardFigures.LoadGmscTable();
        var trained = new ModelTrainer().Train(all, new ModelTrainingOptions { Kind = ModelKind.Scorecard });
        return (all, trained, Packaged(trained));
    });

    private static readonly Lazy<(FeatureTable Test, TrainedModel Trained, ModelPackage Package)> HeldOut = new(() =>
    {
        var (train, test) = Gmsc.Split(Gmsc.Load(), 5, 42, trainLimit: 20000);
        var trained = new ModelTrainer().Train(train, new ModelTrainingOptions { Kind = ModelKind.Scorecard });
        return (test, trained, Packaged(trained));
    });

    [Test]
    public void Compute_GmscMonthlyIncomeAboveTheBestBin_DoesNotSayIncomeIsLow()
    {
        // cs-training.csv id 10: utilisation 0.189, age 57, no late payment, debt ratio 0.606, monthly income 23 684,
        // 9 open lines, 4 real-estate loans, 2 dependents. Its income bin scores worse than the best income bin, a
        // low one ((-inf, 251): incomes near 0 default little), so income is its second reason (18.8 points lost);
        // "Income is low" was printed for it.
        var (all, trained, package) = Readme.Value;
        int row = all.Ids.ToList().IndexOf("10");
        int income = all.Schema.IndexOf("MonthlyIncome");
        Assert.That(all[row, income], Is.EqualTo(23684f));
        var incomeBins = trained.Scorecard!.Characteristics.Single(c => c.Name == "MonthlyIncome");
        var (bestLower, bestUpper) = BestRange(incomeBins);
        Assert.That(bestUpper, Is.LessThanOrEqualTo(all[row, income]), "the applicant's income is above the best income bin");

        var calculator = new ReasonCodeCalculator(trained.Compiled, ScoreScaling.Default, ReasonCatalogue.Default, scorecard: trained.Scorecard);
        var reasons = new ReasonCode[4];
        int n = calculator.Compute(all.Row(row), reasons);
        var incomeReason = reasons[..n].Single(r => r.FeatureIndex == income);
        Assert.That(incomeReason.Code, Is.EqualTo("R01"));
        Assert.That(incomeReason.Text, Is.EqualTo("Level of income"), $"best income bin [{bestLower}, {bestUpper})");
        Assert.That(incomeReason.Direction, Is.EqualTo(ReasonDirection.Neutral));
        Assert.That(calculator.ReferenceOf(income).HighAbove, Is.EqualTo(MathF.BitDecrement(bestUpper)));

        // The scorer built from the package gives the same reasons.
        var assessed = new RiskScorer(package).ScoreFeatures(all.Row(row));
        Assert.That(assessed.ToReasonArray(), Is.EqualTo(reasons[..n]));
    }

    [Test]
    public void Compute_GmscRows_NoDirectionalTextOnTheWrongSideOfTheBestBins()
    {
        // Every held-out row (~30 000): a Low text only for a value below every best attainable bin of its
        // characteristic, a High text only for a value at or above every one. The best bins are read from the
        // scorecard table (the regular bins with training rows scoring the most points), not from the calculator.
        var (test, trained, package) = HeldOut.Value;
        var scorecard = trained.Scorecard!;
        var calculator = new ReasonCodeCalculator(trained.Compiled, ScoreScaling.Default, ReasonCatalogue.Default, scorecard: scorecard);
        var scorer = new RiskScorer(package);
        var ranges = scorecard.Characteristics.ToDictionary(c => c.FeatureIndex, BestRange);
        var reasons = new ReasonCode[4];
        int low = 0, high = 0, neutral = 0;
        for (int r = 0; r < test.RowCount; r++)
        {
            var row = test.Row(r);
            int n = calculator.Compute(row, reasons);
            for (int k = 0; k < n; k++)
            {
                var reason = reasons[k];
                float x = row[reason.FeatureIndex];
                var (lower, upper) = ranges[reason.FeatureIndex];
                var definition = ReasonCatalogue.Default.For(test.Schema[reason.FeatureIndex].Name);
                switch (reason.Direction)
                {
                    case ReasonDirection.Low:
                        low++;
                        Assert.That(x, Is.LessThan(lower), $"row {test.Ids[r]}: '{reason.Text}' for {x}, best bins [{lower}, {upper})");
                        Assert.That(reason.Text, Is.EqualTo(definition.Direction == ReasonDirection.Low ? definition.Text : definition.OppositeText));
                        break;
                    case ReasonDirection.High:
                        high++;
                        Assert.That(x, Is.GreaterThanOrEqualTo(upper), $"row {test.Ids[r]}: '{reason.Text}' for {x}, best bins [{lower}, {upper})");
                        Assert.That(reason.Text, Is.EqualTo(definition.Direction == ReasonDirection.High ? definition.Text : definition.OppositeText));
                        break;
                    default:
                        neutral++;
                        Assert.That(reason.Text, Is.EqualTo(definition.NeutralText ?? definition.Text));
                        break;
                }
            }

            Assert.That(scorer.ScoreFeatures(row).ToReasonArray(), Is.EqualTo(reasons[..n]), $"row {test.Ids[r]}: scorer and calculator differ");
        }

        // Both directions and the neutral texts occur, so the assertions above were exercised.
        Assert.That(test.RowCount, Is.GreaterThan(29_000));
        Assert.That(low, Is.GreaterThan(100));
        Assert.That(high, Is.GreaterThan(100));
        Assert.That(neutral, Is.GreaterThan(100));
    }

    private static ModelPackage Packaged(TrainedModel trained)
    {
        using var stream = new MemoryStream();
        trained.Save(stream);
        stream.Position = 0;
        return ModelPackage.Load(stream);
    }

    /// <summary>Lower bound of the lowest and upper bound of the highest regular bin that held training rows and scores
    /// the most points (−∞/+∞ at the ends; categorical: the whole line).</summary>
    private static (float Lower, float Upper) BestRange(ScorecardCharacteristic c)
    {
        if (c.Kind != CharacteristicKind.Numeric)
        {
            return (float.NegativeInfinity, float.PositiveInfinity);
        }

        var regular = Enumerable.Range(0, c.Definition.RegularBinCount).Where(i => c.Bins[i].Count > 0).ToList();
        double most = regular.Max(i => c.Bins[i].Points);
        var best = regular.Where(i => c.Bins[i].Points >= most - 1e-9).ToList();
        var cuts = c.Definition.CutPoints;
        float lower = best[0] == 0 ? float.NegativeInfinity : cuts[best[0] - 1];
        float upper = best[^1] == cuts.Count ? float.PositiveInfinity : cuts[best[^1]];
        return (lower, upper);
    }
}
