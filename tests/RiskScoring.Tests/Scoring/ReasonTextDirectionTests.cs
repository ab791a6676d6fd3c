using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Scoring;

namespace RiskScoring.Tests.Scoring;

/// <summary>The reason text is chosen from the side of the reference the applicant's value lies on, by the calculator
/// and the scorer alike.</summary>
public sealed class ReasonTextDirectionTests
{
    private static readonly double F = ScoreScaling.Default.Factor; // 20 / ln 2 ≈ 28.8539 points per unit of log-odds

    private static readonly FeatureSchema Schema = new("direction-test", 1,
        Enumerable.Range(0, 3).Select(i => FeatureDefinition.Numeric("f" + i, "test characteristic " + i)));

    // f0: a Low text with no opposite; f1: a High text with an opposite; f2: a High text with no opposite.
    private static readonly ReasonCatalogue Catalogue = new("direction-test-1", new Dictionary<string, ReasonDefinition>
    {
        ["f0"] = ReasonDefinition.Directional("T01", ReasonDirection.Low, "Income is low", "Level of income"),
        ["f1"] = ReasonDefinition.Directional("T02", ReasonDirection.High, "Too many open lines", "Number of open lines", "Too few open lines"),
        ["f2"] = ReasonDefinition.Directional("T03", ReasonDirection.High, "Payments 90 or more days late", "Number of payments 90 or more days late"),
    });

    // U-shaped lookup scorecard, weight −1 everywhere. f0 and f1: edges 10 and 20, so bins x ≤ 10, 10 < x ≤ 20,
    // x > 20, then missing, with values 0.1, 0.5, 0.2, 0: the middle bin is best (w·v = −0.5), the low bin loses
    // 0.4 and the high bin 0.3 log-odds. f2: edges 10, 98 − 1 ulp, 98 (98 is a special value with its own one-value
    // bin, as ScorecardTrainer encodes it), values 0.5, 0.1, −1.0, 0.1, 0: bin x ≤ 10 is best (−0.5).
    private static LinearModel UShaped()
    {
        var middleBest = new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [10f, 20f], LookupValues = [0.1f, 0.5f, 0.2f, 0f] };
        var special = new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [10f, MathF.BitDecrement(98f), 98f], LookupValues = [0.5f, 0.1f, -1.0f, 0.1f, 0f] };
        return new LinearModel(ModelKind.Scorecard, new FeatureEncoder(Schema, [middleBest, middleBest, special]), [-1f, -1f, -1f], -2f, null, ProbabilityCalibrator.Logistic);
    }

    private static ReasonCode[] Reasons(CompiledModel model, float[] x, ReasonMethod method = ReasonMethod.BestAttainable)
    {
        var calculator = new ReasonCodeCalculator(model, ScoreScaling.Default, Catalogue, method);
        var reasons = new ReasonCode[4];
        int n = calculator.Compute(x, reasons);
        var scorer = new RiskScorer(model, new RiskScorerOptions { Reasons = Catalogue, ReasonMethod = method });
        Assert.That(scorer.ScoreFeatures(x).ToReasonArray(), Is.EqualTo(reasons[..n]), "the scorer gives the calculator's reasons");
        return reasons[..n];
    }

    [Test]
    public void Compute_ValueBelowTheBestBin_LowSideText()
    {
        // f0 = 5 (below the best bin 10 < x ≤ 20) loses F × 0.4: "Income is low". f1 = 5 loses the same: its
        // opposite text "Too few open lines". f2 = 0 is in its best bin.
        var reasons = Reasons(UShaped(), [5f, 5f, 0f]);
        Assert.That(reasons.Select(r => (r.Text, r.Direction)), Is.EqualTo(new[]
        {
            ("Income is low", ReasonDirection.Low),
            ("Too few open lines", ReasonDirection.Low),
        }));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(F * 0.4).Within(1e-5));
        Assert.That(reasons[0].Code, Is.EqualTo("T01"));
    }

    [Test]
    public void Compute_ValueAboveTheBestBin_HighSideOrNeutralText()
    {
        // f0 = 25 (above the best bin) loses F × 0.3: never "Income is low"; with no opposite text, "Level of income".
        // f1 = 25: "Too many open lines". f2 = 50 (10 < x < 98) loses F × 0.6 against its best bin x ≤ 10.
        var reasons = Reasons(UShaped(), [25f, 25f, 50f]);
        Assert.That(reasons.Select(r => (r.Code, r.Text, r.Direction)), Is.EqualTo(new[]
        {
            ("T03", "Payments 90 or more days late", ReasonDirection.High),
            ("T01", "Level of income", ReasonDirection.Neutral),
            ("T02", "Too many open lines", ReasonDirection.High),
        }));
        Assert.That(reasons[1].PointsLost, Is.EqualTo(F * 0.3).Within(1e-5));
    }

    [Test]
    public void Compute_SpecialValue_NeutralText()
    {
        // f2 = 98, the special code: loses F × (1.0 + 0.5) = F × 1.5, but a code has no side: the neutral text.
        var reasons = Reasons(UShaped(), [15f, 15f, 98f]);
        Assert.That(reasons, Has.Length.EqualTo(1));
        Assert.That(reasons[0].Text, Is.EqualTo("Number of payments 90 or more days late"));
        Assert.That(reasons[0].Direction, Is.EqualTo(ReasonDirection.Neutral));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(F * 1.5).Within(1e-5));
    }

    [Test]
    public void ReferenceOf_MiddleBestBin_ThresholdsAreItsEdges()
    {
        var calculator = new ReasonCodeCalculator(UShaped(), ScoreScaling.Default, Catalogue);
        Assert.That(calculator.ReferenceOf(0), Is.EqualTo((10f, 20f)));

        // f2's best bin is the lowest: nothing is below it; above is x > 10.
        var (low, high) = calculator.ReferenceOf(2);
        Assert.That(low, Is.NaN);
        Assert.That(high, Is.EqualTo(10f));
    }

    [Test]
    public void Compute_StandardisedLinearFeature_SideOfTheTrainingMean()
    {
        // Logistic, f0 standardised around its training mean 3 (scale 2), weight −0.7: x = 1 contributes
        // −0.7 × (1 − 3) / 2 = 0.7 log-odds, F × 0.7 points, below the mean: "Income is low". f1 (weight +0.7, centre 3):
        // x = 5 contributes 0.7 × 1 = 0.7, above the mean: "Too many open lines". f2 has weight 0.
        var standardised = new FeatureEncoding { Kind = FeatureKind.Numeric, Center = 3f, Scale = 2f, Lower = -100f, Upper = 100f, Fill = 3f };
        var model = new LinearModel(ModelKind.Logistic, new FeatureEncoder(Schema, [standardised, standardised, standardised]), [-0.7f, 0.7f, 0f], 0f, null, ProbabilityCalibrator.Logistic);
        var reasons = Reasons(model, [1f, 5f, 0f]);
        Assert.That(reasons.Select(r => (r.Text, r.Direction)), Is.EqualTo(new[]
        {
            ("Income is low", ReasonDirection.Low),
            ("Too many open lines", ReasonDirection.High),
        }));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(F * 0.7).Within(1e-5));

        // The same model, f0 = 5 with weight −0.7 gains points; f1 = 1 with weight +0.7 gains too: no reason at all.
        Assert.That(Reasons(model, [5f, 1f, 0f]), Is.Empty);
    }

    [Test]
    public void Compute_UnstandardisedFeature_SideOfTheTrainingMedian()
    {
        // Not standardised (centre 0, scale 1): the reference is the median 4 (the fill value). Weight −0.5 and
        // column mean 4: x = 2 contributes −0.5 × (2 − 4) = 1.0 log-odds, below the median: "Income is low".
        // x = 6 with weight +0.5 on f1: 0.5 × (6 − 4) = 1.0, above: "Too many open lines".
        var raw = new FeatureEncoding { Kind = FeatureKind.Numeric, Lower = -100f, Upper = 100f, Fill = 4f };
        var model = new LinearModel(ModelKind.Logistic, new FeatureEncoder(Schema, [raw, raw, raw]), [-0.5f, 0.5f, 0f], 0f, [4.0, 4.0, 4.0], ProbabilityCalibrator.Logistic);
        var reasons = Reasons(model, [2f, 6f, 0f]);
        Assert.That(reasons.Select(r => r.Text), Is.EqualTo(new[] { "Income is low", "Too many open lines" }));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(F * 1.0).Within(1e-5));
    }

    [Test]
    public void Compute_LookupAverageApplicant_SideOfTheBinsThatLoseNothing()
    {
        // Average applicant on the U-shaped scorecard with column means 0.3: a bin loses −1 × (v − 0.3) > 0 when
        // v < 0.3, so bins x ≤ 10 (0.1) and x > 20 (0.2) lose and the middle bin (0.5) is the reference.
        // f0 = 25: −(0.2 − 0.3) = 0.1 log-odds, above: "Level of income" (no opposite text).
        var model = new LinearModel(ModelKind.Scorecard, UShaped().Encoder, [-1f, -1f, 0f], -2f, [0.3, 0.3, 0.0], ProbabilityCalibrator.Logistic);
        var reasons = Reasons(model, [25f, 5f, 0f], ReasonMethod.AverageApplicant);
        Assert.That(reasons.Select(r => (r.Text, r.Direction)), Is.EqualTo(new[]
        {
            ("Too few open lines", ReasonDirection.Low),
            ("Level of income", ReasonDirection.Neutral),
        }));
        Assert.That(reasons[1].PointsLost, Is.EqualTo(F * 0.1).Within(1e-5));
    }
}
