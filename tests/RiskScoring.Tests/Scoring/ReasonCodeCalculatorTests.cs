using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Scoring;

namespace RiskScoring.Tests.Scoring;

public sealed class ReasonCodeCalculatorTests
{
    // Six numeric characteristics f0..f5, each lookup-encoded with one edge at 10: bin 0 (x ≤ 10), bin 1 (x > 10),
    // then missing. Every weight is −1 (more WoE, less risk) except f5, which the model does not score.
    private static readonly FeatureSchema Schema = new("reasons-test", 1,
        Enumerable.Range(0, 6).Select(i => FeatureDefinition.Numeric("f" + i, "test characteristic " + i)));

    private static readonly float[][] Lookups =
    [
        [0.5f, -0.5f, 0f], // f0: best w·v = −0.5 (bin 0)
        [0.2f, -0.3f, 0f], // f1: best −0.2 (bin 0)
        [0.2f, -0.3f, 0f], // f2: the same table as f1, for the tie rule
        [0.1f, -0.1f, 0f], // f3: best −0.1
        [1.0f, 0.9f, 0f], // f4: best −1.0
        [0f, 0f, 0f], // f5: not scored
    ];

    private static readonly float[] Weights = [-1f, -1f, -1f, -1f, -1f, 0f];

    private static readonly double F = ScoreScaling.Default.Factor; // 20 / ln 2 ≈ 28.8539 points per unit of log-odds

    // Everyone in bin 1 (x = 20): points lost = F × (w·v_bin1 − best) per characteristic:
    // f0: F × (0.5 − (−0.5)) = F × 1.0; f1, f2: F × (0.3 + 0.2) = F × 0.5; f3: F × (0.1 + 0.1) = F × 0.2;
    // f4: F × (−0.9 + 1.0) = F × 0.1; f5: 0.
    private static readonly float[] AllHigh = [20, 20, 20, 20, 20, 20];

    private static LinearModel Scorecard(ProbabilityCalibrator? calibrator = null, IReadOnlyList<double>? means = null) =>
        new(ModelKind.Scorecard,
            new FeatureEncoder(Schema, [.. Lookups.Select(v => new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [10f], LookupValues = [.. v] })]),
            Weights, -2.5f, means, calibrator ?? ProbabilityCalibrator.Logistic);

    [Test]
    public void Compute_BestAttainable_HandComputedPointsLostLargestFirst()
    {
        var calculator = new ReasonCodeCalculator(Scorecard(), ScoreScaling.Default, ReasonCatalogue.Default);
        var reasons = new ReasonCode[4];
        int n = calculator.Compute(AllHigh, reasons);
        Assert.That(calculator.EffectiveMethod, Is.EqualTo(ReasonMethod.BestAttainable));
        Assert.That(n, Is.EqualTo(4));
        Assert.That(reasons.Select(r => r.FeatureIndex), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(F * 1.0).Within(1e-5));
        Assert.That(reasons[1].PointsLost, Is.EqualTo(F * 0.5).Within(1e-5));
        Assert.That(reasons[3].PointsLost, Is.EqualTo(F * 0.2).Within(1e-5));
        Assert.That(reasons[0].Code, Is.EqualTo("X-f0"));
        Assert.That(reasons[0].Text, Is.EqualTo("Value of f0"));
    }

    [Test]
    public void Compute_EqualPointsLost_EarlierFeatureFirst()
    {
        // f1 and f2 lose exactly the same points (same lookup table, same weight): feature order decides.
        var calculator = new ReasonCodeCalculator(Scorecard(), ScoreScaling.Default, ReasonCatalogue.Default);
        var reasons = new ReasonCode[4];
        calculator.Compute([0, 20, 20, 0, 0, 0], reasons);
        Assert.That(reasons[0].FeatureIndex, Is.EqualTo(1));
        Assert.That(reasons[1].FeatureIndex, Is.EqualTo(2));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(reasons[1].PointsLost));
    }

    [Test]
    public void Compute_FiveCharacteristicsLosePoints_CappedAtMaxReasons()
    {
        // f4 (F × 0.1) is the fifth and is left out at the default cap of 4; with a cap of 2 only f0 and f1 remain.
        var reasons = new ReasonCode[4];
        Assert.That(new ReasonCodeCalculator(Scorecard(), ScoreScaling.Default, ReasonCatalogue.Default).Compute(AllHigh, reasons), Is.EqualTo(4));
        Assert.That(reasons.Select(r => r.FeatureIndex), Does.Not.Contain(4));
        var two = new ReasonCodeCalculator(Scorecard(), ScoreScaling.Default, ReasonCatalogue.Default, ReasonMethod.BestAttainable, 2);
        var top = new ReasonCode[2];
        Assert.That(two.Compute(AllHigh, top), Is.EqualTo(2));
        Assert.That(top.Select(r => r.FeatureIndex), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void Compute_BestBinsEverywhere_NoReasons()
    {
        // x = 0 is bin 0 everywhere, the best bin of f0..f3; f4's best is bin 0 as well; f5 is never a reason.
        var calculator = new ReasonCodeCalculator(Scorecard(), ScoreScaling.Default, ReasonCatalogue.Default);
        Assert.That(calculator.Compute([0, 0, 0, 0, 0, 0], new ReasonCode[4]), Is.EqualTo(0));
    }

    [Test]
    public void Compute_MissingValue_IsNeverAReason()
    {
        // f0 missing: lookup 0, w·v = 0 against the best −0.5 would be F × 0.5 points, but the reason text describes a
        // value ("Income is low") that is unknown here, so an unknown value is not a reason.
        var reasons = new ReasonCode[4];
        int n = new ReasonCodeCalculator(Scorecard(), ScoreScaling.Default, ReasonCatalogue.Default).Compute([float.NaN, 0, 0, 0, 0, 0], reasons);
        Assert.That(n, Is.EqualTo(0));
    }

    [Test]
    public void Compute_SigmoidCalibratorSlope_ScalesPointsLost()
    {
        // PD = sigmoid(2 × margin + 0.3): a unit of margin is 2 units of log-odds, so f0 loses F × 2 × 1.0.
        var calculator = new ReasonCodeCalculator(Scorecard(ProbabilityCalibrator.Sigmoid(2, 0.3)), ScoreScaling.Default, ReasonCatalogue.Default);
        var reasons = new ReasonCode[4];
        calculator.Compute(AllHigh, reasons);
        Assert.That(reasons[0].PointsLost, Is.EqualTo(F * 2.0).Within(1e-5));
    }

    [Test]
    public void Compute_AverageApplicant_PointsAgainstTrainingMeans()
    {
        // Means 0.1 for f0 and 0 elsewhere: f0 loses F × w × (v − mean) = F × (−1) × (−0.5 − 0.1) = F × 0.6;
        // f1, f2: F × 0.3; f3: F × 0.1; f4: F × (−0.9) < 0, not a reason.
        var model = Scorecard(means: [0.1, 0, 0, 0, 0, 0]);
        var calculator = new ReasonCodeCalculator(model, ScoreScaling.Default, ReasonCatalogue.Default, ReasonMethod.AverageApplicant);
        var reasons = new ReasonCode[4];
        int n = calculator.Compute(AllHigh, reasons);
        Assert.That(calculator.EffectiveMethod, Is.EqualTo(ReasonMethod.AverageApplicant));
        Assert.That(n, Is.EqualTo(4));
        Assert.That(reasons.Select(r => r.FeatureIndex), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(F * 0.6).Within(1e-5));
        Assert.That(reasons[3].PointsLost, Is.EqualTo(F * 0.1).Within(1e-5));
    }

    [Test]
    public void Constructor_BestAttainableOnNonLookupModel_FallsBackToAverageApplicant()
    {
        var schema = new FeatureSchema("plain", 1, [FeatureDefinition.Numeric("x", "plain numeric")]);
        var model = new LinearModel(ModelKind.Logistic, new FeatureEncoder(schema, [new FeatureEncoding { Kind = FeatureKind.Numeric }]), [0.7f], 0f, [2.0], ProbabilityCalibrator.Logistic);
        var calculator = new ReasonCodeCalculator(model, ScoreScaling.Default, ReasonCatalogue.Default, ReasonMethod.BestAttainable);
        Assert.That(calculator.EffectiveMethod, Is.EqualTo(ReasonMethod.AverageApplicant));

        // x = 5: contribution 0.7 × (5 − 2) = 2.1 log-odds → F × 2.1 points.
        var reasons = new ReasonCode[4];
        Assert.That(calculator.Compute([5f], reasons), Is.EqualTo(1));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(F * 2.1).Within(1e-5));
    }

    [TestCase(ReasonMethod.BestAttainable)]
    [TestCase(ReasonMethod.AverageApplicant)]
    public void Compute_Repeated_AllocatesNothing(ReasonMethod method)
    {
        var calculator = new ReasonCodeCalculator(Scorecard(), ScoreScaling.Default, ReasonCatalogue.Default, method);
        var reasons = new ReasonCode[4];
        calculator.Compute(AllHigh, reasons); // warm-up (JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += calculator.Compute(AllHigh, reasons);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.EqualTo(0));
        Assert.That(total, Is.EqualTo(4000));
    }

    [Test]
    public void Compute_ShortDestination_Throws()
    {
        var calculator = new ReasonCodeCalculator(Scorecard(), ScoreScaling.Default, ReasonCatalogue.Default);
        Assert.That(() => calculator.Compute(AllHigh, new ReasonCode[3]), Throws.ArgumentException.With.Message.Contains("holds 3 reasons"));
    }
}
