using RiskScoring.Features;
using RiskScoring.Scoring;

namespace RiskScoring.Tests.Scoring;

public sealed class ScoreScalingTests
{
    [Test]
    public void Default_PinsTheIndustryConvention()
    {
        var s = ScoreScaling.Default;
        Assert.That(s.BaseScore, Is.EqualTo(600));
        Assert.That(s.BaseOdds, Is.EqualTo(50));
        Assert.That(s.PointsToDoubleOdds, Is.EqualTo(20));

        // Factor = 20 / ln 2 = 28.85390; Offset = 600 - 28.85390 · ln 50 = 600 - 112.87712 = 487.12288
        Assert.That(s.Factor, Is.EqualTo(28.853900817779268).Within(1e-12));
        Assert.That(s.Offset, Is.EqualTo(487.1228762045055).Within(1e-9));
    }

    [Test]
    public void ScoreFromProbability_AtBaseOdds_IsBaseScore()
    {
        // odds 50:1 ⇔ PD = 1/51
        Assert.That(ScoreScaling.Default.ScoreFromProbability(1.0 / 51), Is.EqualTo(600).Within(1e-9));
    }

    [Test]
    public void ScoreFromProbability_DoubledOdds_AddsPdoPoints()
    {
        // odds 100:1 ⇔ PD = 1/101 → 620; odds 25:1 ⇔ PD = 1/26 → 580
        Assert.That(ScoreScaling.Default.ScoreFromProbability(1.0 / 101), Is.EqualTo(620).Within(1e-9));
        Assert.That(ScoreScaling.Default.ScoreFromProbability(1.0 / 26), Is.EqualTo(580).Within(1e-9));
    }

    [TestCase(0.001)]
    [TestCase(0.05)]
    [TestCase(0.5)]
    [TestCase(0.97)]
    public void ProbabilityFromScore_InvertsScoreFromProbability(double pd)
    {
        var s = new ScoreScaling(500, 20, 40);
        Assert.That(s.ProbabilityFromScore(s.ScoreFromProbability(pd)), Is.EqualTo(pd).Within(1e-12));
    }

    [Test]
    public void Constructor_NonPositiveOdds_NamesTheArgument()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ScoreScaling(600, 0, 20));
        Assert.That(ex!.ParamName, Is.EqualTo("baseOdds"));
    }
}

public sealed class GradeBandsTests
{
    [TestCase(0.0, "A")]
    [TestCase(0.0099, "A")]
    [TestCase(0.01, "B")] // bounds are exclusive upper bounds
    [TestCase(0.0249, "B")]
    [TestCase(0.03, "C")]
    [TestCase(0.07, "D")]
    [TestCase(0.10, "E")]
    [TestCase(1.0, "E")]
    public void GradeOf_DefaultTable_UsesExclusiveUpperBounds(double pd, string grade)
    {
        Assert.That(GradeBands.Default.GradeOf(pd).Label, Is.EqualTo(grade));
    }

    [Test]
    public void GradeOf_RankIncreasesWithRisk()
    {
        Assert.That(GradeBands.Default.GradeOf(0.001).Rank, Is.EqualTo(0));
        Assert.That(GradeBands.Default.GradeOf(0.5).Rank, Is.EqualTo(4));
    }

    [Test]
    public void Constructor_DecreasingBounds_NamesTheEntry()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new GradeBands(["A", "B", "C"], [0.05, 0.02]));
        Assert.That(ex!.Message, Does.StartWith("upperBounds[1] = 0.02"));
    }

    [Test]
    public void Constructor_WrongBoundCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new GradeBands(["A", "B"], [0.01, 0.02]));
    }
}

public sealed class ReasonCatalogueTests
{
    [Test]
    public void Default_CoversEveryStandardBorrowerFeature()
    {
        foreach (var feature in BorrowerFeatures.Standard)
        {
            Assert.That(ReasonCatalogue.Default.Entries.ContainsKey(feature.Name), feature.Name);
        }
    }

    [Test]
    public void For_UtilisationOnBothRoutes_GivesTheSameCode()
    {
        var catalogue = ReasonCatalogue.Default;
        Assert.That(catalogue.For("revolving_utilisation"), Is.EqualTo(ReasonDefinition.Directional("R09", ReasonDirection.High, "Credit utilisation is high", "Level of credit utilisation")));
        Assert.That(catalogue.For("RevolvingUtilizationOfUnsecuredLines").Code, Is.EqualTo("R09"));
    }

    [Test]
    public void For_UnknownFeature_GivesAStableGeneratedReason()
    {
        Assert.That(ReasonCatalogue.Default.For("bureau_score"), Is.EqualTo(new ReasonDefinition("X-bureau_score", "Value of bureau_score")));
    }

    [Test]
    public void With_OverridesAnEntryAndKeepsTheRest()
    {
        var custom = ReasonCatalogue.Default.With("income_mean", new ReasonDefinition("L01", "Income below our minimum"), "acme-1");
        Assert.That(custom.Version, Is.EqualTo("acme-1"));
        Assert.That(custom.For("income_mean").Code, Is.EqualTo("L01"));
        Assert.That(custom.For("debt_to_income").Code, Is.EqualTo("R11"));
    }

    [Test]
    public void Json_RoundTrips()
    {
        var back = ReasonCatalogue.FromJson(ReasonCatalogue.Default.ToJson());
        Assert.That(back.Version, Is.EqualTo("2026.2"));
        Assert.That(back.Entries, Is.EquivalentTo(ReasonCatalogue.Default.Entries));
    }

    [Test]
    public void FromJson_MissingVersion_IsRefused()
    {
        Assert.Throws<InvalidDataException>(() => ReasonCatalogue.FromJson("{\"entries\":{}}"));
    }
}
