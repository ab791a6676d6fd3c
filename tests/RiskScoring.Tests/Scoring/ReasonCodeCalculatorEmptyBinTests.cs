using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Scorecards;
using RiskScoring.Scoring;

namespace RiskScoring.Tests.Scoring;

/// <summary>Best-attainable reasons with the scorecard given: bins without training rows never set the best points.</summary>
public sealed class ReasonCodeCalculatorEmptyBinTests
{
    // Two numeric characteristics, lookup-encoded with one edge at 10 (x ≤ 10, x > 10, missing), weight −1 each.
    // f0's empty "Missing" bin holds the highest value (1.0): without the counts it would be the best attainable.
    private static readonly FeatureSchema Schema = new("empty-bin-test", 1,
        [FeatureDefinition.Numeric("f0", "test characteristic 0"), FeatureDefinition.Numeric("f1", "test characteristic 1")]);

    private static readonly float[][] Lookups =
    [
        [0.5f, -0.5f, 1.0f], // f0: missing bin empty
        [0.2f, -0.3f, 0f], // f1: every bin has rows
    ];

    private static readonly int[][] Counts = [[600, 400, 0], [500, 450, 50]];

    private static readonly double F = ScoreScaling.Default.Factor; // 20 / ln 2 points per unit of log-odds

    private static LinearModel Model(float w0 = -1f) =>
        new(ModelKind.Scorecard,
            new FeatureEncoder(Schema, [.. Lookups.Select(v => new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [10f], LookupValues = [.. v] })]),
            [w0, -1f], -2.5f, null, ProbabilityCalibrator.Logistic);

    private static Scorecard Table()
    {
        var characteristics = new List<ScorecardCharacteristic>();
        for (int f = 0; f < 2; f++)
        {
            // The scorecard's bins: [−∞, 10), [10, ∞), Missing; the test values (5, 20, NaN) avoid the edge itself.
            var definition = CharacteristicBins.CreateNumeric("f" + f, [10f], []);
            var bins = new ScorecardBin[3];
            for (int b = 0; b < 3; b++)
            {
                // Points = −F·(w·v) + base, base 0 here (only differences matter for reasons).
                bins[b] = new ScorecardBin("bin " + b, b == 2 ? BinKind.Missing : BinKind.Interval, Counts[f][b], 0.1, Lookups[f][b], F * Lookups[f][b]);
            }

            characteristics.Add(new ScorecardCharacteristic(definition, f, -1.0, 0.1, bins));
        }

        return new Scorecard(ScoreScaling.Default, -2.5, characteristics, ElderlyAgeRuleResult.Disabled);
    }

    [Test]
    public void Compute_WithoutScorecard_EmptyBinSetsTheBest()
    {
        // f0 at x = 5 (bin 0, value 0.5): lost = F × (−0.5 − (−1.0)) = 0.5 F against the empty missing bin.
        var calculator = new ReasonCodeCalculator(Model(), ScoreScaling.Default, ReasonCatalogue.Default);
        var reasons = new ReasonCode[4];
        int n = calculator.Compute([5, 5], reasons);
        Assert.That(n, Is.EqualTo(1));
        Assert.That(reasons[0].FeatureIndex, Is.EqualTo(0));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(0.5 * F).Within(1e-5));
    }

    [Test]
    public void Compute_WithScorecard_ApplicantInBestNonEmptyBinLosesNothing()
    {
        // f0's best non-empty bin is bin 0 (w·v = −0.5); f1's best is bin 0 (−0.2): x = 5 on both loses nothing.
        var calculator = new ReasonCodeCalculator(Model(), ScoreScaling.Default, ReasonCatalogue.Default, scorecard: Table());
        var reasons = new ReasonCode[4];
        Assert.That(calculator.Compute([5, 5], reasons), Is.EqualTo(0));
    }

    [Test]
    public void Compute_WithScorecard_LossMeasuredAgainstBestNonEmptyBin()
    {
        // x = 20 on both: f0 loses F × (0.5 − (−0.5)) = 1.0 F (not 1.5 F against the empty bin); f1 loses
        // F × (0.3 − (−0.2)) = 0.5 F.
        var calculator = new ReasonCodeCalculator(Model(), ScoreScaling.Default, ReasonCatalogue.Default, scorecard: Table());
        var reasons = new ReasonCode[4];
        int n = calculator.Compute([20, 20], reasons);
        Assert.That(n, Is.EqualTo(2));
        Assert.That(reasons[0].FeatureIndex, Is.EqualTo(0));
        Assert.That(reasons[0].PointsLost, Is.EqualTo(1.0 * F).Within(1e-5));
        Assert.That(reasons[1].PointsLost, Is.EqualTo(0.5 * F).Within(1e-5));
    }

    [Test]
    public void Compute_WithScorecard_ApplicantInEmptyBinAboveTheBestIsNoReason()
    {
        // f0 missing: w·v = −1.0, below the best non-empty −0.5, so the "loss" is negative: no reason.
        // f1 at x = 20 loses 0.5 F as before.
        var calculator = new ReasonCodeCalculator(Model(), ScoreScaling.Default, ReasonCatalogue.Default, scorecard: Table());
        var reasons = new ReasonCode[4];
        int n = calculator.Compute([float.NaN, 20], reasons);
        Assert.That(n, Is.EqualTo(1));
        Assert.That(reasons[0].FeatureIndex, Is.EqualTo(1));
    }

    [Test]
    public void Constructor_ScorecardOfAnotherModel_Throws() =>
        Assert.That(
            () => new ReasonCodeCalculator(Model(w0: -2f), ScoreScaling.Default, ReasonCatalogue.Default, scorecard: Table()),
            Throws.ArgumentException.With.Message.Contains("'f0' has weight -1"));

    [Test]
    public void Compute_WithScorecard_AllocatesNothing()
    {
        var calculator = new ReasonCodeCalculator(Model(), ScoreScaling.Default, ReasonCatalogue.Default, scorecard: Table());
        var reasons = new ReasonCode[4];
        float[] raw = [20, 20];
        calculator.Compute(raw, reasons); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += calculator.Compute(raw, reasons);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0));
        Assert.That(total, Is.EqualTo(2000));
    }

    [Test]
    public void Compute_WithScorecard_PopulatedMissingBinIsNotAttainable()
    {
        // f1's Missing bin has 50 rows and value 0 (w·v = 0), worse than bin 0 (−0.2): it never was the best. Give it the
        // best value instead: a populated Missing bin still must not be the reference, so x = 5 (bin 0) loses nothing
        // and x = NaN (the missing bin itself, better than every regular bin) loses nothing either.
        var lookups = new[] { Lookups[0], new[] { 0.2f, -0.3f, 0.9f } };
        var model = new LinearModel(ModelKind.Scorecard,
            new FeatureEncoder(Schema, [.. lookups.Select(v => new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [10f], LookupValues = [.. v] })]),
            [-1f, -1f], -2.5f, null, ProbabilityCalibrator.Logistic);
        var table = Table();
        var f1 = table.Characteristics[1];
        var bins = f1.Bins.Select((b, i) => b with { WoE = lookups[1][i], Points = F * lookups[1][i] }).ToArray();
        var scorecard = new Scorecard(ScoreScaling.Default, -2.5,
            [table.Characteristics[0], new ScorecardCharacteristic(f1.Definition, 1, -1.0, 0.1, bins)], ElderlyAgeRuleResult.Disabled);
        var calculator = new ReasonCodeCalculator(model, ScoreScaling.Default, ReasonCatalogue.Default, scorecard: scorecard);
        var reasons = new ReasonCode[4];

        Assert.That(calculator.Compute([5, 5], reasons), Is.EqualTo(0));
        Assert.That(calculator.Compute([5, float.NaN], reasons), Is.EqualTo(0));
    }
}
