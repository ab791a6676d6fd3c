using RiskScoring.Scorecards;
using RiskScoring.Scoring;

namespace RiskScoring.Tests.Scorecards;

public sealed class ScorecardTests
{
    /// <summary>A small hand-built scorecard: utilisation (3 intervals + missing) and housing (2 groups + missing),
    /// base points 540 spread as 270 per characteristic.</summary>
    internal static Scorecard Sample(bool integerPoints = false)
    {
        var utilisation = new ScorecardCharacteristic(
            CharacteristicBins.CreateNumeric("utilisation", [0.3f, 0.7f]),
            featureIndex: 0,
            weight: -0.9,
            informationValue: 0.4123,
            [
                new ScorecardBin("(-inf, 0.3)", BinKind.Interval, 500, 0.02, 0.8, 290.5),
                new ScorecardBin("[0.3, 0.7)", BinKind.Interval, 300, 0.05, -0.1, 267.25),
                new ScorecardBin("[0.7, +inf)", BinKind.Interval, 200, 0.15, -1.2, 238.75),
                new ScorecardBin("Missing", BinKind.Missing, 0, 0, 0, 270),
            ]);
        var housing = new ScorecardCharacteristic(
            CharacteristicBins.CreateCategorical("housing", ["own", "rent", "other"], [0, 1, 1], 2),
            featureIndex: 2,
            weight: -1.1,
            informationValue: 0.0567,
            [
                new ScorecardBin("own", BinKind.CategoryGroup, 600, 0.04, 0.2, 276),
                new ScorecardBin("rent, other", BinKind.CategoryGroup, 390, 0.08, -0.3, 261),
                new ScorecardBin("Missing", BinKind.Missing, 10, 0.1, -0.4, 258, AdjustedForElderlyRule: false),
            ]);
        var rule = new ElderlyAgeRuleResult(ElderlyAgeRuleStatus.NoAgeCharacteristic, ["age"], "age not scored (LowInformationValue).");
        // Intercept such that the base points O − F × intercept are 540.
        double intercept = (ScoreScaling.Default.Offset - 540) / ScoreScaling.Default.Factor;
        return new Scorecard(ScoreScaling.Default, intercept, [utilisation, housing], rule, integerPoints);
    }

    [Test]
    public void Score_Applicant_SumsBinPoints()
    {
        // utilisation 0.5 → [0.3, 0.7): 267.25; feature 1 is not scored; housing 2 ("other") → "rent, other": 261.
        Assert.That(Sample().Score([0.5f, 99f, 2f]), Is.EqualTo(267.25 + 261));

        // Missing utilisation → 270; unseen housing code 7 → Missing: 258.
        Assert.That(Sample().Score([float.NaN, 0f, 7f]), Is.EqualTo(270 + 258));
    }

    [Test]
    public void Properties_HandBuilt_RangeAndBasePoints()
    {
        var s = Sample();
        Assert.That(s.MinScore, Is.EqualTo(238.75 + 258));
        Assert.That(s.MaxScore, Is.EqualTo(290.5 + 276));

        // Intercept chosen so that O − F × intercept = 540.
        Assert.That(s.BasePoints, Is.EqualTo(540).Within(1e-9));
        Assert.That(s.BasePointsPerCharacteristic, Is.EqualTo(270).Within(1e-9));
        Assert.That(s.Characteristics[0].MaxPoints, Is.EqualTo(290.5));
        Assert.That(s.Characteristics[1].PointsFor(0f), Is.EqualTo(276));
    }

    [Test]
    public void ToJson_RoundTrip_KeepsEverything()
    {
        var s = Sample();
        var back = Scorecard.FromJson(s.ToJson());
        Assert.That(back.ToJson(), Is.EqualTo(s.ToJson()));
        Assert.That(back.Score([0.5f, 0f, 1f]), Is.EqualTo(s.Score([0.5f, 0f, 1f])));
        Assert.That(back.Characteristics[1].Definition.CategoryToBin, Is.EqualTo(new[] { 0, 1, 1 }));
        Assert.That(back.ElderlyAgeRule, Is.EqualTo(s.ElderlyAgeRule).Using<ElderlyAgeRuleResult>((a, b) =>
            a.Status == b.Status && a.Description == b.Description && a.AgeCharacteristics.SequenceEqual(b.AgeCharacteristics)));
    }

    [Test]
    public void FromJson_OtherVersion_IsRefused()
    {
        string json = Sample().ToJson().Replace("\"format_version\": 1", "\"format_version\": 9", StringComparison.Ordinal);
        Assert.That(() => Scorecard.FromJson(json), Throws.TypeOf<InvalidDataException>().With.Message.Contains("format_version 9"));
    }

    [Test]
    public void FromJson_BinCountMismatch_IsRefused()
    {
        // Dropping the missing row of housing leaves 2 rows for 3 bins.
        string json = Sample().ToJson();
        int last = json.LastIndexOf("\"description\": \"Missing\"", StringComparison.Ordinal);
        int start = json.LastIndexOf('{', last);
        int end = json.IndexOf('}', last);
        string broken = json[..(start - 1)].TrimEnd().TrimEnd(',') + json[(end + 1)..];
        Assert.That(() => Scorecard.FromJson(broken), Throws.TypeOf<InvalidDataException>().With.Message.Contains("housing: 2 bin rows given but the definition has 3 bins"));
    }

    [Test]
    public void Constructor_NonFinitePoints_NamesBin()
    {
        Assert.That(
            () => new ScorecardCharacteristic(CharacteristicBins.CreateNumeric("x", []), 0, -1, 0.1,
                [new ScorecardBin("(-inf, +inf)", BinKind.Interval, 1, 0, 0, double.NaN), new ScorecardBin("Missing", BinKind.Missing, 0, 0, 0, 0)]),
            Throws.ArgumentException.With.Message.Contains("x: bin 0 ('(-inf, +inf)') has points NaN"));
    }

    [Test]
    public void Constructor_NoCharacteristic_Throws()
    {
        Assert.That(() => new Scorecard(ScoreScaling.Default, 0, [], ElderlyAgeRuleResult.Disabled),
            Throws.ArgumentException.With.Message.Contains("at least one characteristic"));
    }
}
