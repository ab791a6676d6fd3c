using RiskScoring.Features;
using RiskScoring.Models;

namespace RiskScoring.Tests.Models;

public sealed class CompiledModelTests
{
    private static readonly FeatureSchema Schema = new("hand", 1, [
        FeatureDefinition.Numeric("x", "a number"),
        FeatureDefinition.Categorical("c", "a category", "a", "b"),
    ]);

    // x: winsorised to [0, 10], missing → 5 with an indicator, standardised (x − 2) / 4, bins (−∞,3], (3,7], (7,∞).
    internal static FeatureEncoder HandEncoder() => new(Schema, [
        new FeatureEncoding { Kind = FeatureKind.Numeric, Lower = 0, Upper = 10, Fill = 5, MissingIndicator = true, Center = 2, Scale = 4, BinEdges = [3, 7] },
        new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = 2 },
    ]);

    [Test]
    public void Encoder_ColumnNames_DerivedFromSchema()
    {
        Assert.That(HandEncoder().ColumnNames, Is.EqualTo(new[] { "x", "x#missing", "x#q0", "x#q1", "x#q2", "c=a", "c=b", "c=<missing>" }));
        Assert.That(HandEncoder().ColumnSources, Is.EqualTo(new[] { 0, 0, 0, 0, 0, 1, 1, 1 }));
    }

    // 12 → clipped to 10 → (10 − 2) / 4 = 2, bin 2; code 1 → "b".
    [TestCase(12f, 1f, new[] { 2f, 0, 0, 0, 1, 0, 1, 0 })]
    // missing → fill 5 → (5 − 2) / 4 = 0.75, indicator 1, no bin; missing category → last column.
    [TestCase(float.NaN, float.NaN, new[] { 0.75f, 1, 0, 0, 0, 0, 0, 1 })]
    // 3 sits on the first edge → bin 0 (x ≤ edge); code 1.5 is not a category → unseen column.
    [TestCase(3f, 1.5f, new[] { 0.25f, 0, 1, 0, 0, 0, 0, 1 })]
    // −1 → clipped to 0 → −0.5, bin 0; code 0 → "a"; code 7 would also be unseen.
    [TestCase(-1f, 0f, new[] { -0.5f, 0, 1, 0, 0, 1, 0, 0 })]
    public void Encoder_Encode_MatchesHandComputation(float x, float c, float[] expected)
    {
        var encoded = new float[8];
        HandEncoder().Encode([x, c], encoded);
        Assert.That(encoded, Is.EqualTo(expected));
    }

    // Lookup (WoE-style) encoding: x bins (−∞,3], (3,7], (7,∞) → 0.5, −0.1, −0.9; missing → 0.2.
    // c: a → 0.3, b → −0.4, missing/unseen → 0.
    [TestCase(12f, 1f, -0.9f, -0.4f)]
    [TestCase(float.NaN, 7f, 0.2f, 0f)]
    [TestCase(3f, 0f, 0.5f, 0.3f)]
    [TestCase(3.5f, float.NaN, -0.1f, 0f)]
    public void Encoder_Lookup_PicksBinOrCategoryValue(float x, float c, float expectedX, float expectedC)
    {
        var encoder = new FeatureEncoder(Schema, [
            new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [3, 7], LookupValues = [0.5f, -0.1f, -0.9f, 0.2f] },
            new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = 2, LookupValues = [0.3f, -0.4f, 0f] },
        ]);
        var encoded = new float[2];
        encoder.Encode([x, c], encoded);
        Assert.That(encoder.ColumnNames, Is.EqualTo(new[] { "x", "c" }));
        Assert.That(encoded, Is.EqualTo(new[] { expectedX, expectedC }));
        var model = new LinearModel(ModelKind.Scorecard, encoder, [1f, 2f], 0f, null, ProbabilityCalibrator.Logistic);
        Assert.That(CompiledModel.FromJson(model.ToJson(), Schema).Score([x, c]), Is.EqualTo(model.Score([x, c])));
    }

    [Test]
    public void Encoder_LookupWithWrongLength_IsRefused() =>
        Assert.That(() => new FeatureEncoder(Schema, [
            new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [3, 7], LookupValues = [0.5f, -0.1f, -0.9f] },
            new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = 2 },
        ]), Throws.ArgumentException.With.Message.Contains("it needs 4 finite values"));

    [Test]
    public void Encoder_WrongLength_Throws() =>
        Assert.That(() => HandEncoder().Encode([1f], new float[8]), Throws.ArgumentException.With.Message.Contains("needs 2"));

    [Test]
    public void LinearModel_ScoreAndExplain_MatchHandComputation()
    {
        // weights per encoded column; x = 12, c = b → encoded [2,0,0,0,1,0,1,0]:
        // score = 0.5 + 1×2 + 0.3×1 (x#q2) + (−0.7)×1 (c=b) = 2.1.
        float[] w = [1f, 0.4f, 0.1f, 0.2f, 0.3f, 0.5f, -0.7f, 0.9f];
        double[] means = [0.5, 0.1, 0.3, 0.3, 0.3, 0.4, 0.5, 0.1];
        var model = new LinearModel(ModelKind.Logistic, HandEncoder(), w, 0.5f, means, ProbabilityCalibrator.Logistic);
        Assert.That(model.Score([12f, 1f]), Is.EqualTo(2.1).Within(1e-6));
        Assert.That(model.PredictProbability([12f, 1f]), Is.EqualTo(1 / (1 + Math.Exp(-2.1))).Within(1e-7));

        // Expected score = 0.5 + Σ w×mean = 0.5 + 0.5 + 0.04 + 0.03 + 0.06 + 0.09 + 0.2 − 0.35 + 0.09 = 1.16.
        Assert.That(model.ExpectedScore, Is.EqualTo(1.16).Within(1e-6));
        var contributions = new double[2];
        double score = model.Explain([12f, 1f], contributions);

        // x: 1×(2−0.5) + 0.4×(0−0.1) + 0.1×(0−0.3) + 0.2×(0−0.3) + 0.3×(1−0.3) = 1.5 − 0.04 − 0.03 − 0.06 + 0.21 = 1.58.
        // c: 0.5×(0−0.4) − 0.7×(1−0.5) + 0.9×(0−0.1) = −0.2 − 0.35 − 0.09 = −0.64.
        Assert.That(contributions[0], Is.EqualTo(1.58).Within(1e-6));
        Assert.That(contributions[1], Is.EqualTo(-0.64).Within(1e-6));
        Assert.That(model.ExpectedScore + contributions[0] + contributions[1], Is.EqualTo(score).Within(1e-9));
    }

    internal static TreeEnsembleModel HandTrees(ProbabilityCalibrator? calibrator = null) =>

        // Node 0 splits encoded column 0 (x standardised) at 0.5: ≤ → leaf 0 (−1, 6 rows); > → node 1.
        // Node 1 splits column 6 (c=b) at 0.5: ≤ → leaf 1 (0.5, 3 rows); > → leaf 2 (2, 1 row). Bias 0.1.
        new(HandEncoder(), [new TreeSpec([0, 6], [0.5f, 0.5f], [~0, ~1], [1, ~2], [-1, 0.5, 2], [6, 3, 1], 1.0)], 0.1, calibrator ?? ProbabilityCalibrator.Logistic);

    [Test]
    public void TreeEnsembleModel_Score_FollowsLessOrEqualRule()
    {
        var model = HandTrees();

        // x = 12 → 2 > 0.5 → node 1; c = b → 1 > 0.5 → leaf 2 (2): score 2.1.
        Assert.That(model.Score([12f, 1f]), Is.EqualTo(2.1).Within(1e-12));

        // x = 4 → (4 − 2) / 4 = 0.5 exactly: ≤ goes left → leaf 0: score −0.9.
        Assert.That(model.Score([4f, 1f]), Is.EqualTo(-0.9).Within(1e-12));

        // x = 12, c = a → leaf 1: 0.6.
        Assert.That(model.Score([12f, 0f]), Is.EqualTo(0.6).Within(1e-12));
    }

    [Test]
    public void TreeEnsembleModel_Explain_PathContributionsSumToScore()
    {
        var model = HandTrees();

        // Node 1 expects (0.5×3 + 2×1)/4 = 0.875; root expects (−1×6 + 0.875×4)/10 = −0.25; expected score −0.15.
        Assert.That(model.ExpectedScore, Is.EqualTo(-0.15).Within(1e-12));
        var contributions = new double[2];
        double score = model.Explain([12f, 1f], contributions);

        // x moves root → node 1: 0.875 − (−0.25) = 1.125; c moves node 1 → leaf 2: 2 − 0.875 = 1.125.
        Assert.That(contributions, Is.EqualTo(new[] { 1.125, 1.125 }).Within(1e-12));
        Assert.That(score, Is.EqualTo(2.1).Within(1e-12));
    }

    [Test]
    public void TreeSpec_RepeatedChild_IsRefused() =>
        Assert.That(() => new TreeEnsembleModel(HandEncoder(), [new TreeSpec([0, 6], [0.5f, 0.5f], [~0, ~1], [1, ~1], [-1, 0.5, 2], [1, 1, 1], 1.0)], 0, ProbabilityCalibrator.Logistic),
            Throws.ArgumentException.With.Message.Contains("repeated child"));

    [Test]
    public void PredictProbability_ThousandCalls_AllocatesNothing()
    {
        var trees = HandTrees();
        var linear = new LinearModel(ModelKind.Logistic, HandEncoder(), new float[8], 0f, null, ProbabilityCalibrator.Logistic);
        float[] raw = [3f, 1f];
        var contributions = new double[2];
        double sink = trees.PredictProbability(raw) + linear.PredictProbability(raw) + trees.Explain(raw, contributions) + linear.Explain(raw, contributions);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sink += trees.PredictProbability(raw) + linear.PredictProbability(raw);
            sink += trees.Explain(raw, contributions) + linear.Explain(raw, contributions);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(sink, Is.Not.NaN);
    }

    [Test]
    public void PredictProbability_ManyThreads_SameAsSerial()
    {
        var model = HandTrees();
        var inputs = Enumerable.Range(0, 4000).Select(i => new[] { (i % 50) / 4f, i % 7 == 0 ? float.NaN : i % 3 }).ToArray();
        double[] serial = [.. inputs.Select(x => model.PredictProbability(x))];
        var parallel = new double[inputs.Length];
        Parallel.For(0, inputs.Length, i => parallel[i] = model.PredictProbability(inputs[i]));
        Assert.That(parallel, Is.EqualTo(serial));
    }

    [Test]
    public void ToJson_RoundTrip_GivesIdenticalScores()
    {
        var models = new CompiledModel[]
        {
            HandTrees(ProbabilityCalibrator.Isotonic([-1, 0.6, 2.1], [0.01, 0.2, 0.7])),
            new LinearModel(ModelKind.Logistic, HandEncoder(), [1f, 0.4f, 0.1f, 0.2f, 0.3f, 0.5f, -0.7f, 0.9f], 0.5f, null, ProbabilityCalibrator.Sigmoid(1.3, -0.2)),
        };
        foreach (var model in models)
        {
            var copy = CompiledModel.FromJson(model.ToJson(), Schema);
            Assert.That(copy.ToJson(), Is.EqualTo(model.ToJson()));
            foreach (float[] raw in new[] { new[] { 12f, 1f }, [float.NaN, 0f], [4f, float.NaN] })
            {
                Assert.That(copy.PredictProbability(raw), Is.EqualTo(model.PredictProbability(raw)));
            }
        }
    }

    [Test]
    public void FromJson_OtherSchema_IsRefusedWithBothHashes()
    {
        var other = new FeatureSchema("hand", 2, Schema.Features);
        Assert.That(() => CompiledModel.FromJson(HandTrees().ToJson(), other),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(Schema.Hash).And.Message.Contains(other.Hash));
    }
}

public sealed class ProbabilityCalibratorTests
{
    [Test]
    public void Sigmoid_Probability_IsLogistic()
    {
        // 1 / (1 + e^−(2×0.5 − 1)) = 1 / (1 + e^0) = 0.5; at score 1: 1 / (1 + e^−1) = 0.7310585786.
        var c = ProbabilityCalibrator.Sigmoid(2, -1);
        Assert.That(c.Probability(0.5), Is.EqualTo(0.5).Within(1e-15));
        Assert.That(c.Probability(1), Is.EqualTo(0.7310585786300049).Within(1e-12));
    }

    [TestCase(-5.0, 1e-6)] // below the first bound → first block (0, clamped to the floor)
    [TestCase(1.0, 1e-6)] // on the first bound → first block
    [TestCase(1.5, 0.5)] // inside the second block
    [TestCase(3.0, 0.5)] // on the second bound
    [TestCase(9.0, 0.999999)] // above the last bound → last value (1, clamped)
    public void Isotonic_Probability_IsStepFunction(double score, double expected)
    {
        var c = ProbabilityCalibrator.Isotonic([1, 3, 4], [0, 0.5, 1]);
        Assert.That(c.Probability(score), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void Isotonic_DecreasingValues_AreRefused() =>
        Assert.That(() => ProbabilityCalibrator.Isotonic([1, 2], [0.5, 0.4]), Throws.ArgumentException.With.Message.Contains("below the previous"));
}
