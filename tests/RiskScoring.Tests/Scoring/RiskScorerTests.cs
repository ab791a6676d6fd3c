using System.Collections.Immutable;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Scoring;
using F = RiskScoring.Features.BorrowerFeatures;

namespace RiskScoring.Tests.Scoring;

public sealed class RiskScorerTests
{
    // Points per unit of log-odds with the default scaling: 20 / ln 2.
    private const double Factor = 28.853900817779268;

    // Score at odds 1:1 with the default scaling: 600 − Factor · ln 50 = 487.1229.
    private static readonly double Offset = 600 - (Factor * Math.Log(50));

    private static readonly FeatureExtractor Extractor = new();

    public enum Kind
    {
        Logistic,
        Gbdt,
        Scorecard,
    }

    private static RiskScorer ScorerOf(Kind kind, RiskScorerOptions? options = null) => new(kind switch
    {
        Kind.Logistic => HandModels.Logistic(),
        Kind.Gbdt => HandModels.RandomForest(trees: 100, seed: 5),
        _ => HandModels.Scorecard(),
    }, options);

    [Test]
    public void Score_LogisticProfile_MatchesHandComputation()
    {
        var scorer = new RiskScorer(HandModels.Logistic());
        var profile = new BorrowerProfile
        {
            Id = "p1",
            Age = 40,
            CreditLines = [CreditLine.Revolving(1000, 500)],
            Repayment = new RepaymentHistory(0, 0, 2, 3, true),
        };

        var a = scorer.Score(profile);

        // margin = −3 + 2 × 0.5 (utilisation 500/1000) + 0.75 × 2 (two 90+ past dues) − 0.01 × 40 (age) + 0 (income
        // missing → 0) = −0.9; PD = 1 / (1 + e^0.9) = 0.28905.
        Assert.That(a.ProbabilityOfDefault, Is.EqualTo(1 / (1 + Math.Exp(0.9))).Within(1e-7));
        Assert.That(a.ProbabilityOfDefault, Is.EqualTo(0.289050497).Within(1e-7));

        // score = Offset − Factor × ln(PD / (1 − PD)) = 487.1229 + 28.8539 × 0.9 = 513.0914.
        Assert.That(a.Score, Is.EqualTo(Offset + (0.9 * Factor)).Within(1e-5));
        Assert.That(a.Grade.Label, Is.EqualTo("E"), "PD 28.9 % is above the last bound of 10 %");

        // The model's column means are 0, so contributions are w × x: past due 1.5 log-odds (43.28 points) ahead of
        // utilisation 1.0 (28.85 points); age lowers the risk (−0.4) and every other feature has weight 0, so
        // neither is a reason.
        Assert.That(a.ReasonCount, Is.EqualTo(2));
        Assert.That(a.GetReason(0).FeatureIndex, Is.EqualTo(F.PastDue90Plus));
        Assert.That(a.GetReason(0).Code, Is.EqualTo("R14"));
        Assert.That(a.GetReason(0).PointsLost, Is.EqualTo(1.5 * Factor).Within(1e-5));
        Assert.That(a.GetReason(1).FeatureIndex, Is.EqualTo(F.RevolvingUtilisation));
        Assert.That(a.GetReason(1).Code, Is.EqualTo("R09"));
        Assert.That(a.GetReason(1).PointsLost, Is.EqualTo(1.0 * Factor).Within(1e-5));
    }

    [Test]
    public void Score_HandTrees_MatchHandComputation()
    {
        var scorer = new RiskScorer(HandModels.TwoTrees());
        var profile = new BorrowerProfile { CreditLines = [CreditLine.Revolving(1000, 900)], Repayment = new RepaymentHistory(0, 0, 2, 3, true) };

        var a = scorer.Score(profile);

        // margin = bias 0.1 + tree 1 (utilisation 0.9 > 0.8 → 1.0) + tree 2 (past due 2 > 0.5 → 0.6) = 1.7.
        Assert.That(a.ProbabilityOfDefault, Is.EqualTo(1 / (1 + Math.Exp(-1.7))).Within(1e-12));
        Assert.That(a.Score, Is.EqualTo(Offset - (1.7 * Factor)).Within(1e-9));

        // Saabas: tree 1 root expects (−0.5 × 3 + 1.0 × 1) / 4 = −0.125, so utilisation gains 1.125; tree 2 root
        // expects (−0.2 + 0.6) / 2 = 0.2, so past due gains 0.4.
        Assert.That(a.ReasonCount, Is.EqualTo(2));
        Assert.That(a.GetReason(0).FeatureIndex, Is.EqualTo(F.RevolvingUtilisation));
        Assert.That(a.GetReason(0).PointsLost, Is.EqualTo(1.125 * Factor).Within(1e-9));
        Assert.That(a.GetReason(1).FeatureIndex, Is.EqualTo(F.PastDue90Plus));
        Assert.That(a.GetReason(1).PointsLost, Is.EqualTo(0.4 * Factor).Within(1e-9));
    }

    [Test]
    public void Score_Scorecard_ScoreIsScaledPdAndReasonsFromLookup()
    {
        var scorer = new RiskScorer(HandModels.Scorecard());

        // utilisation 0.9 falls in the bin above 0.7 → WoE 0.9; margin = −2 + 1 × 0.9 = −1.1.
        var a = scorer.Score(new BorrowerProfile { CreditLines = [CreditLine.Revolving(10, 9)] });

        Assert.That(a.ProbabilityOfDefault, Is.EqualTo(1 / (1 + Math.Exp(1.1))).Within(1e-7));
        Assert.That(a.Score, Is.EqualTo(Offset + (1.1 * Factor)).Within(1e-5));
        Assert.That(a.Grade.Label, Is.EqualTo("E"));

        // Best attainable (the default for a lookup scorecard): the best bin is WoE −0.5, so the applicant lost
        // 1 × (0.9 − (−0.5)) = 1.4 log-odds; every other characteristic is worth 0 in every bin and costs nothing.
        Assert.That(a.ReasonCount, Is.EqualTo(1));
        Assert.That(a.GetReason(0).PointsLost, Is.EqualTo(1.4 * Factor).Within(1e-5));

        // Against the average applicant (column mean 0.1) the loss is 0.9 − 0.1 = 0.8 log-odds.
        var average = new RiskScorer(HandModels.Scorecard(), new RiskScorerOptions { ReasonMethod = ReasonMethod.AverageApplicant });
        Assert.That(average.Score(new BorrowerProfile { CreditLines = [CreditLine.Revolving(10, 9)] }).GetReason(0).PointsLost, Is.EqualTo(0.8 * Factor).Within(1e-5));
    }

    [TestCase(Kind.Logistic)]
    [TestCase(Kind.Gbdt)]
    [TestCase(Kind.Scorecard)]
    public void Score_RandomProfiles_AgreeWithModelCalculatorAndScaling(Kind kind)
    {
        var scorer = ScorerOf(kind);
        var calculator = new ReasonCodeCalculator(scorer.Model, ScoreScaling.Default, ReasonCatalogue.Default);
        var expected = new ReasonCode[RiskAssessment.MaxReasons];
        var features = new float[F.StandardCount];
        int withReasons = 0;
        foreach (var profile in HandModels.Profiles(500, seed: 11))
        {
            var a = scorer.Score(profile);
            Extractor.Extract(profile, features);
            double pd = scorer.Model.PredictProbability(features);

            // Trees: the same leaves summed in the same order, so the same bits; linear models: the same exact products
            // summed in another order, so equal to rounding.
            Assert.That(a.ProbabilityOfDefault, kind == Kind.Gbdt ? Is.EqualTo(pd) : Is.EqualTo(pd).Within(1e-13 * Math.Max(pd, 1e-3)), "PD equals the compiled model's own PD");
            Assert.That(a.Score, Is.EqualTo(ScoreScaling.Default.ScoreFromProbability(a.ProbabilityOfDefault)));
            Assert.That(a.Grade, Is.EqualTo(GradeBands.Default.GradeOf(a.ProbabilityOfDefault)));
            int count = calculator.Compute(features, expected);
            Assert.That(a.ReasonCount, Is.EqualTo(count));
            for (int k = 0; k < count; k++)
            {
                // Same reasons as ReasonCodeCalculator; the linear kernel reassociates the sums, so points agree to rounding.
                Assert.That(a.GetReason(k).Code, Is.EqualTo(expected[k].Code));
                Assert.That(a.GetReason(k).FeatureIndex, Is.EqualTo(expected[k].FeatureIndex));
                Assert.That(a.GetReason(k).PointsLost, Is.EqualTo(expected[k].PointsLost).Within(1e-9));
            }

            withReasons += count > 0 ? 1 : 0;
            var viaFeatures = scorer.ScoreFeatures(features);
            Assert.That(viaFeatures.ProbabilityOfDefault, Is.EqualTo(a.ProbabilityOfDefault));
            Assert.That(viaFeatures.ToReasonArray(), Is.EqualTo(a.ToReasonArray()));
        }

        // Best attainable on the scorecard: random profiles leave many features unknown, and an unknown value is never a
        // reason, so fewer applicants carry one there (244 of 500 with this seed).
        Assert.That(withReasons, Is.GreaterThan(kind == Kind.Scorecard ? 200 : 250), "many random applicants lose points somewhere");
    }

    [TestCase(false, 1)]
    [TestCase(true, 2)]
    [TestCase(false, 3)]
    [TestCase(true, 4)]
    public void ScoreFeatures_RichEncodings_PdIsTheModelsToRounding(bool lookup, int seed)
    {
        // Standardised values, missing indicators, quantile bins, one-hot and lookup (scorecard) columns, with NaN,
        // infinities, out-of-range and fractional category codes in the inputs.
        var model = HandModels.RichLinear(lookup, seed);
        var scorer = new RiskScorer(model, new RiskScorerOptions { ReasonMethod = ReasonMethod.AverageApplicant });
        var calculator = new ReasonCodeCalculator(model, ScoreScaling.Default, ReasonCatalogue.Default, ReasonMethod.AverageApplicant);
        var random = new Random(seed);
        var raw = new float[model.Schema.Count];
        var expected = new ReasonCode[4];
        for (int i = 0; i < 2000; i++)
        {
            for (int f = 0; f < raw.Length; f++)
            {
                double u = random.NextDouble();
                raw[f] = u < 0.1 ? float.NaN : u < 0.13 ? float.PositiveInfinity : u < 0.16 ? float.NegativeInfinity
                    : model.Schema[f].Kind == FeatureKind.Categorical ? (u < 0.2 ? 1.5f : random.Next(-1, 5))
                    : (float)((random.NextDouble() * 20) - 10);
            }

            var a = scorer.ScoreFeatures(raw);
            // The kernel adds the same exact products per feature instead of column by column (and the model's dot
            // product uses eight running sums), so the two margins differ only by the order of the additions.
            double pd = model.PredictProbability(raw);
            Assert.That(a.ProbabilityOfDefault, Is.EqualTo(pd).Within(1e-13 * Math.Max(pd, 1e-3)), "the model's PD to rounding");
            int count = calculator.Compute(raw, expected);
            Assert.That(a.ReasonCount, Is.EqualTo(count));
            for (int k = 0; k < count; k++)
            {
                Assert.That(a.GetReason(k).FeatureIndex, Is.EqualTo(expected[k].FeatureIndex));
                Assert.That(a.GetReason(k).PointsLost, Is.EqualTo(expected[k].PointsLost).Within(1e-9));
            }
        }
    }

    [TestCase(Kind.Logistic)]
    [TestCase(Kind.Gbdt)]
    public void Score_GradeAndScore_AreMonotoneInPd(Kind kind)
    {
        var scorer = ScorerOf(kind);
        var assessments = HandModels.Profiles(400, seed: 3).Select(scorer.Score).OrderBy(a => a.ProbabilityOfDefault).ToArray();
        for (int i = 1; i < assessments.Length; i++)
        {
            Assert.That(assessments[i].Score, Is.LessThanOrEqualTo(assessments[i - 1].Score), "a higher PD never scores higher");
            Assert.That(assessments[i].Grade.Rank, Is.GreaterThanOrEqualTo(assessments[i - 1].Grade.Rank), "a higher PD never grades better");
        }

        Assert.That(assessments.Select(a => a.Grade.Label).Distinct().Count(), Is.GreaterThan(1), "the sample spans several grades");
    }

    [Test]
    public void Score_CustomOptions_AreApplied()
    {
        var options = new RiskScorerOptions
        {
            Scaling = new ScoreScaling(baseScore: 500, baseOdds: 1, pointsToDoubleOdds: 50),
            Grades = new GradeBands(["low", "high"], [0.5]),
            MaxReasons = 1,
        };
        var scorer = new RiskScorer(HandModels.Logistic(), options);
        var a = scorer.Score(new BorrowerProfile { CreditLines = [CreditLine.Revolving(1000, 500)], Repayment = new RepaymentHistory(0, 0, 2, 3, true) });

        // margin = −3 + 1 + 1.5 = −0.5 (age and income missing); score = 500 − (50 / ln 2) × (−0.5) = 536.067.
        Assert.That(a.Score, Is.EqualTo(500 + (0.5 * 50 / Math.Log(2))).Within(1e-9));
        Assert.That(a.Grade.Label, Is.EqualTo("low"), "PD 37.8 % is below 50 %");
        Assert.That(a.ReasonCount, Is.EqualTo(1));
        Assert.That(a.GetReason(0).PointsLost, Is.EqualTo(1.5 * 50 / Math.Log(2)).Within(1e-9));
    }

    [Test]
    public void Options_Defaults_ArePinned()
    {
        var o = RiskScorerOptions.Default;
        Assert.That(o.Scaling, Is.SameAs(ScoreScaling.Default));
        Assert.That(o.Grades, Is.SameAs(GradeBands.Default));
        Assert.That(o.Reasons, Is.SameAs(ReasonCatalogue.Default));
        Assert.That(o.ReasonMethod, Is.EqualTo(ReasonMethod.BestAttainable));
        Assert.That(o.MaxReasons, Is.EqualTo(4));
    }

    [TestCase(0)]
    [TestCase(5)]
    public void Constructor_MaxReasonsOutOfRange_Throws(int max) =>
        Assert.That(() => new RiskScorer(HandModels.Logistic(), new RiskScorerOptions { MaxReasons = max }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("MaxReasons must be between 1 and 4"));

    [Test]
    public void Constructor_NullSection_Throws() =>
        Assert.That(() => new RiskScorer(HandModels.Logistic(), new RiskScorerOptions { Grades = null! }),
            Throws.ArgumentNullException.With.Message.Contains("Grades"));

    [Test]
    public void ModelVersion_BareModel_IsKindSchemaHashAndModelHash()
    {
        var model = HandModels.Logistic();
        var scorer = new RiskScorer(model);
        string json = model.ToJson();
        string sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json))).ToLowerInvariant();
        Assert.That(scorer.ModelVersion, Is.EqualTo("logistic " + F.Schema.Hash[..12] + " " + sha[..12]));
        Assert.That(scorer.Metadata, Is.Null);
        Assert.That(scorer.Schema, Is.SameAs(model.Schema));
        Assert.That(scorer.AcceptsProfiles, Is.True);
    }

    [Test]
    public void AcceptsProfiles_SchemaReadBackFromJson_IsTrueAndScoresAlike()
    {
        // A package's schema is read from JSON: equal hash, but its own FeatureDefinition instances.
        var model = HandModels.Logistic();
        var schema = FeatureSchema.FromJson(F.Schema.ToJson());
        var reloaded = new RiskScorer(CompiledModel.FromJson(model.ToJson(), schema));
        var profile = HandModels.Profiles(1, seed: 4).Single();

        Assert.That(reloaded.AcceptsProfiles, Is.True);
        Assert.That(reloaded.Score(profile).ProbabilityOfDefault, Is.EqualTo(new RiskScorer(model).Score(profile).ProbabilityOfDefault));
    }

    [Test]
    public void Score_InvalidProfile_ThrowsNamingTheField()
    {
        var scorer = new RiskScorer(HandModels.Logistic());
        Assert.That(() => scorer.Score(new BorrowerProfile { Age = 12 }),
            Throws.InstanceOf<InvalidProfileException>().With.Message.Contains("Age = 12: must be between 18 and 120"));
        Assert.That(() => scorer.Score(new BorrowerProfile { IncomeHistory = [1000, double.NaN] }),
            Throws.InstanceOf<InvalidProfileException>().With.Message.Contains("IncomeHistory[1]"));
        Assert.That(() => scorer.Score(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void ScoreBatch_InvalidProfile_ThrowsAfterWritingEarlierRows()
    {
        var scorer = new RiskScorer(HandModels.Logistic());
        BorrowerProfile[] profiles = [new() { Age = 30 }, new() { Age = 7 }];
        var destination = new RiskAssessment[2];
        Assert.That(() => scorer.ScoreBatch(profiles, destination), Throws.InstanceOf<InvalidProfileException>().With.Message.Contains("Age = 7"));
        Assert.That(destination[0].ProbabilityOfDefault, Is.EqualTo(scorer.Score(profiles[0]).ProbabilityOfDefault));
    }

    [Test]
    public void Score_TableSchema_ThrowsPointingToScoreFeatures()
    {
        var scorer = new RiskScorer(HandModels.TableModel());
        Assert.That(scorer.AcceptsProfiles, Is.False);
        Assert.That(() => scorer.Score(new BorrowerProfile()),
            Throws.InvalidOperationException.With.Message.Contains("table v1").And.Message.Contains("ScoreFeatures"));
        Assert.That(() => scorer.ScoreBatch([new BorrowerProfile()], new RiskAssessment[1]), Throws.InvalidOperationException);

        // x = 2 → margin = −1 + 0.5 × 2 = 0 → PD 0.5.
        Assert.That(scorer.ScoreFeatures([2f]).ProbabilityOfDefault, Is.EqualTo(0.5));
    }

    [TestCase(0)]
    [TestCase(23)]
    [TestCase(25)]
    public void ScoreFeatures_WrongLength_Throws(int length) =>
        Assert.That(() => new RiskScorer(HandModels.Logistic()).ScoreFeatures(new float[length]),
            Throws.ArgumentException.With.Message.Contains($"has {length} values; schema borrower v1 (24 features"));

    [Test]
    public void ScoreFeatureRows_BadShapes_Throw()
    {
        var scorer = new RiskScorer(HandModels.Logistic());
        Assert.That(() => scorer.ScoreFeatureRows(new float[25], new RiskAssessment[2]), Throws.ArgumentException.With.Message.Contains("not a whole number of rows of 24"));
        Assert.That(() => scorer.ScoreFeatureRows(new float[48], new RiskAssessment[1]), Throws.ArgumentException.With.Message.Contains("the block has 2 rows"));
        Assert.That(() => scorer.ScoreBatch([new BorrowerProfile(), new BorrowerProfile()], new RiskAssessment[1]), Throws.ArgumentException.With.Message.Contains("2 profiles"));
    }

    [TestCase(Kind.Logistic)]
    [TestCase(Kind.Gbdt)]
    [TestCase(Kind.Scorecard)]
    public void ScoreBatchAndRows_EqualSingleScores(Kind kind)
    {
        var scorer = ScorerOf(kind);
        var profiles = HandModels.Profiles(200, seed: 21).ToArray();
        var block = new float[profiles.Length * F.StandardCount];
        for (int i = 0; i < profiles.Length; i++)
        {
            Extractor.Extract(profiles[i], block.AsSpan(i * F.StandardCount, F.StandardCount));
        }

        var batch = new RiskAssessment[profiles.Length + 1];
        var rows = new RiskAssessment[profiles.Length];
        scorer.ScoreBatch(profiles, batch);
        scorer.ScoreFeatureRows(block, rows);
        for (int i = 0; i < profiles.Length; i++)
        {
            var single = scorer.Score(profiles[i]);
            Assert.That(batch[i].ProbabilityOfDefault, Is.EqualTo(single.ProbabilityOfDefault));
            Assert.That(rows[i].ProbabilityOfDefault, Is.EqualTo(single.ProbabilityOfDefault));
            Assert.That(rows[i].ToReasonArray(), Is.EqualTo(single.ToReasonArray()));
        }

        Assert.That(batch[^1].Grade.Label, Is.Null, "the element past the profiles is left untouched");
    }

    [TestCase(Kind.Logistic)]
    [TestCase(Kind.Gbdt)]
    [TestCase(Kind.Scorecard)]
    public void Score_AfterWarmUp_AllocatesNothing(Kind kind)
    {
        var scorer = ScorerOf(kind);
        var profiles = HandModels.Profiles(50, seed: 8).ToArray();
        var vectors = profiles.Select(p =>
        {
            var f = new float[F.StandardCount];
            Extractor.Extract(p, f);
            return f;
        }).ToArray();
        var batch = new RiskAssessment[profiles.Length];
        double sink = 0;
        for (int i = 0; i < 2000; i++)
        {
            sink += scorer.Score(profiles[i % profiles.Length]).Score + scorer.ScoreFeatures(vectors[i % vectors.Length]).Score;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sink += scorer.Score(profiles[i % profiles.Length]).ProbabilityOfDefault;
        }

        long afterProfiles = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sink += scorer.ScoreFeatures(vectors[i % vectors.Length]).ProbabilityOfDefault;
        }

        long afterFeatures = GC.GetAllocatedBytesForCurrentThread();
        scorer.ScoreBatch(profiles, batch);
        long afterBatch = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(afterProfiles - before, Is.Zero, "bytes allocated by 1000 × Score(profile)");
        Assert.That(afterFeatures - afterProfiles, Is.Zero, "bytes allocated by 1000 × ScoreFeatures");
        Assert.That(afterBatch - afterFeatures, Is.Zero, "bytes allocated by ScoreBatch of 50");
        Assert.That(sink, Is.GreaterThan(0));
    }

    [TestCase(Kind.Logistic)]
    [TestCase(Kind.Gbdt)]
    public void Score_ParallelFor_EqualsSerial(Kind kind)
    {
        var scorer = ScorerOf(kind);
        var profiles = HandModels.Profiles(4000, seed: 99).ToArray();
        var serial = profiles.Select(scorer.Score).ToArray();
        var parallel = new RiskAssessment[profiles.Length];
        Parallel.For(0, profiles.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = scorer.Score(profiles[i]));
        for (int i = 0; i < profiles.Length; i++)
        {
            Assert.That(parallel[i].ProbabilityOfDefault, Is.EqualTo(serial[i].ProbabilityOfDefault));
            Assert.That(parallel[i].ToReasonArray(), Is.EqualTo(serial[i].ToReasonArray()));
        }
    }
}

/// <summary>Models built by hand on the standard borrower schema (no training library here).</summary>
internal static class HandModels
{
    /// <summary>Every numeric feature passes through (missing → 0, no indicator); categories one-hot.</summary>
    public static FeatureEncoder Identity(FeatureSchema schema) => new(schema, [.. schema.Features.Select(f => f.Kind == FeatureKind.Numeric
        ? new FeatureEncoding { Kind = FeatureKind.Numeric, Fill = 0 }
        : new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = f.Categories.Length })]);

    /// <summary>margin = −3 + 2 × revolving_utilisation + 0.75 × past_due_90_plus; column means 0.</summary>
    public static LinearModel Logistic()
    {
        var encoder = Identity(F.Schema);
        var w = new float[encoder.EncodedLength];
        w[encoder.ColumnNames.IndexOf("revolving_utilisation")] = 2f;
        w[encoder.ColumnNames.IndexOf("past_due_90_plus")] = 0.75f;
        w[encoder.ColumnNames.IndexOf("income_mean")] = -0.0004f;
        w[encoder.ColumnNames.IndexOf("age")] = -0.01f;
        return new LinearModel(ModelKind.Logistic, encoder, w, -3f, null, ProbabilityCalibrator.Logistic);
    }

    /// <summary>Tree 1: utilisation ≤ 0.8 → −0.5 (3 rows) else 1.0 (1 row); tree 2: past due 90+ ≤ 0.5 → −0.2 else 0.6
    /// (1 row each); bias 0.1.</summary>
    public static TreeEnsembleModel TwoTrees()
    {
        var encoder = Identity(F.Schema);
        int u = encoder.ColumnNames.IndexOf("revolving_utilisation"), p = encoder.ColumnNames.IndexOf("past_due_90_plus");
        return new TreeEnsembleModel(encoder, [
            new TreeSpec([u], [0.8f], [~0], [~1], [-0.5, 1.0], [3, 1], 1.0),
            new TreeSpec([p], [0.5f], [~0], [~1], [-0.2, 0.6], [1, 1], 1.0),
        ], 0.1, ProbabilityCalibrator.Logistic);
    }

    /// <summary>Complete depth-3 trees with seeded random splits at values taken from random profiles.</summary>
    public static TreeEnsembleModel RandomForest(int trees, int seed)
    {
        var encoder = Identity(F.Schema);
        var random = new Random(seed);
        var samples = Profiles(200, seed + 1).Select(profile =>
        {
            var raw = new float[F.StandardCount];
            new FeatureExtractor().Extract(profile, raw);
            var encoded = new float[encoder.EncodedLength];
            encoder.Encode(raw, encoded);
            return encoded;
        }).ToArray();
        var specs = new List<TreeSpec>();
        for (int t = 0; t < trees; t++)
        {
            var features = new int[7];
            var thresholds = new float[7];
            var left = new int[7];
            var right = new int[7];
            for (int i = 0; i < 7; i++)
            {
                features[i] = random.Next(encoder.EncodedLength);
                thresholds[i] = samples[random.Next(samples.Length)][features[i]];
                left[i] = (2 * i) + 1 < 7 ? (2 * i) + 1 : ~((2 * i) + 1 - 7);
                right[i] = (2 * i) + 2 < 7 ? (2 * i) + 2 : ~((2 * i) + 2 - 7);
            }

            var leaves = Enumerable.Range(0, 8).Select(_ => (random.NextDouble() - 0.5) * 0.4).ToArray();
            var covers = Enumerable.Range(0, 8).Select(_ => 1.0 + random.Next(50)).ToArray();
            specs.Add(new TreeSpec(features, thresholds, left, right, leaves, covers, 1.0));
        }

        return new TreeEnsembleModel(encoder, specs, -2.0, ProbabilityCalibrator.Sigmoid(1.1, -0.2));
    }

    /// <summary>A lookup (WoE) scorecard: utilisation bins (≤0.3, ≤0.7, above) → −0.5, 0.1, 0.9, missing 0.2, weight 1,
    /// column mean 0.1; every other characteristic is worth 0; bias −2.</summary>
    public static LinearModel Scorecard()
    {
        var schema = F.Schema;
        var encodings = schema.Features.Select((f, i) => i == F.RevolvingUtilisation
            ? new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [0.3f, 0.7f], LookupValues = [-0.5f, 0.1f, 0.9f, 0.2f] }
            : f.Kind == FeatureKind.Numeric
                ? new FeatureEncoding { Kind = FeatureKind.Numeric, LookupValues = [0f, 0f] }
                : new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = f.Categories.Length, LookupValues = [.. new float[f.Categories.Length + 1]] }).ToList();
        var encoder = new FeatureEncoder(schema, encodings);
        var w = new float[encoder.EncodedLength];
        var means = new double[encoder.EncodedLength];
        w[F.RevolvingUtilisation] = 1f;
        means[F.RevolvingUtilisation] = 0.1;
        return new LinearModel(ModelKind.Scorecard, encoder, w, -2f, means, ProbabilityCalibrator.Logistic);
    }

    /// <summary>A linear model on a table schema of 3 numeric and 2 categorical features with every encoding option:
    /// winsorising, median fill, missing indicators, standardisation, quantile bins and one-hot, or lookup values.</summary>
    public static LinearModel RichLinear(bool lookup, int seed)
    {
        var r = new Random(seed);
        var schema = new FeatureSchema("rich", 1, [
            FeatureDefinition.Numeric("a", "a"), FeatureDefinition.Numeric("b", "b"), FeatureDefinition.Numeric("c", "c"),
            FeatureDefinition.Categorical("k", "k", "x", "y", "z"), FeatureDefinition.Categorical("m", "m", "p", "q"),
        ]);
        float W() => (float)((r.NextDouble() * 4) - 2);
        var encodings = schema.Features.Select((f, i) => f.Kind == FeatureKind.Categorical
            ? new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = f.Categories.Length, LookupValues = lookup ? [.. Enumerable.Range(0, f.Categories.Length + 1).Select(_ => W())] : [] }
            : lookup
                ? new FeatureEncoding { Kind = FeatureKind.Numeric, Lower = -8, Upper = 8, BinEdges = [-3f, 0.5f, 4f], LookupValues = [W(), W(), W(), W(), W()] }
                : new FeatureEncoding { Kind = FeatureKind.Numeric, Lower = -8, Upper = 7.5f, Fill = 0.25f * i, MissingIndicator = i != 1, Center = 0.3f, Scale = 1.7f, BinEdges = i == 2 ? [] : [-2f, 1f, 3.5f] }).ToList();
        var encoder = new FeatureEncoder(schema, encodings);
        var w = Enumerable.Range(0, encoder.EncodedLength).Select(_ => W()).ToArray();
        var means = Enumerable.Range(0, encoder.EncodedLength).Select(_ => r.NextDouble() - 0.5).ToArray();
        return new LinearModel(lookup ? ModelKind.Scorecard : ModelKind.Logistic, encoder, w, W(), means, ProbabilityCalibrator.Sigmoid(0.9, 0.1));
    }

    /// <summary>A one-feature model on a non-borrower schema: margin = −1 + 0.5 x.</summary>
    public static LinearModel TableModel()
    {
        var schema = new FeatureSchema("table", 1, [FeatureDefinition.Numeric("x", "a number")]);
        return new LinearModel(ModelKind.Logistic, Identity(schema), [0.5f], -1f, null, ProbabilityCalibrator.Logistic);
    }

    /// <summary>Seeded valid profiles covering missing values, both borrower kinds and credit-line mixes.</summary>
    public static IEnumerable<BorrowerProfile> Profiles(int count, int seed)
    {
        var r = new Random(seed);
        int? Maybe(int value, double missing = 0.15) => r.NextDouble() < missing ? null : value;
        for (int i = 0; i < count; i++)
        {
            int months = r.Next(13);
            var income = Enumerable.Range(0, months).Select(_ => Math.Round(500 + (r.NextDouble() * 5000))).ToImmutableArray();
            var lines = Enumerable.Range(0, r.Next(4)).Select(_ => r.Next(2) == 0
                ? CreditLine.Revolving(1000 + r.Next(9000), r.Next(12000))
                : CreditLine.Instalment(5000 + r.Next(20000), 100 + r.Next(500))).ToImmutableArray();
            bool business = r.NextDouble() < 0.1;
            yield return new BorrowerProfile
            {
                Id = "h" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Kind = business ? BorrowerKind.SmallBusiness : BorrowerKind.Individual,
                Age = Maybe(18 + r.Next(70)),
                Employment = (EmploymentType)r.Next(8),
                MonthsInEmployment = Maybe(r.Next(300)),
                IncomeHistory = income,
                MonthlyDebtObligations = r.NextDouble() < 0.2 ? null : r.Next(3000),
                Dependents = Maybe(r.Next(5)),
                CreditLines = lines,
                Repayment = r.NextDouble() < 0.1 ? RepaymentHistory.Unknown : new RepaymentHistory(r.Next(3), r.Next(2), r.Next(3), null, null),
                MonthsOnBook = Maybe(r.Next(120)),
                EnquiriesLast6Months = Maybe(r.Next(8)),
                Business = business ? new BusinessDetails(50000 + r.Next(500000), r.Next(20)) : null,
            };
        }
    }
}
