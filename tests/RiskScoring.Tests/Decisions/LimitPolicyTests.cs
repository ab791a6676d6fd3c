using RiskScoring.Decisions;
using RiskScoring.Profiles;

namespace RiskScoring.Tests.Decisions;

public sealed class LimitPolicyTests
{
    [Test]
    public void Default_HasTheDocumentedRulesInOrder()
    {
        Assert.That(LimitPolicy.Default.Rules.Select(r => r.Id), Is.EqualTo(new[]
        {
            "target-individual", "target-business", "high-risk-cut", "cap-unstable-income", "cap-unstable-income-business",
            "affordability-cap", "utilisation-rising", "no-recent-increase", "max-step-individual", "max-step-business",
            "delinquency", "floor-ceiling-individual", "floor-ceiling-business",
        }));
        Assert.That(LimitPolicy.Default.RoundingUnit, Is.EqualTo(10m));
        Assert.That((LimitPolicy.Default.Name, LimitPolicy.Default.Version), Is.EqualTo(("default", "1")));
    }

    [Test]
    public void ToJson_FromJson_RoundTripsToTheSameJsonAndDecisions()
    {
        string json = LimitPolicy.Default.ToJson();
        var loaded = LimitPolicy.FromJson(json);
        Assert.That(loaded.ToJson(), Is.EqualTo(json));
        var request = LimitRuleTests.Request(2000m) with { PreviousUtilisation = 0.1 };
        Assert.That(new LimitAdjuster(loaded).Review(request).ToReport(), Is.EqualTo(new LimitAdjuster(LimitPolicy.Default).Review(request).ToReport()));
    }

    [Test]
    public void SaveLoad_Stream_RoundTrips()
    {
        using var stream = new MemoryStream();
        LimitPolicy.Default.Save(stream);
        stream.Position = 0;
        Assert.That(LimitPolicy.Load(stream).ToJson(), Is.EqualTo(LimitPolicy.Default.ToJson()));
    }

    [Test]
    public void ToJson_UsesTypeDiscriminatorsAndCamelCaseEnums()
    {
        string json = LimitPolicy.Default.ToJson();
        Assert.That(json, Does.Contain("\"type\": \"incomeStabilityCap\""));
        Assert.That(json, Does.Contain("\"appliesTo\": \"smallBusiness\""));
        Assert.That(json, Does.Contain("\"insecureEmployment\": ["));
        Assert.That(json.IndexOf("\"id\": \"target-individual\"", StringComparison.Ordinal), Is.LessThan(json.IndexOf("\"bandBy\"", StringComparison.Ordinal)), "id is written before the rule's settings");
    }

    private const string FourRules = """
        {
          "name": "p", "version": "2", "roundingUnit": 10,
          "rules": [
            { "type": "target", "id": "t", "bands": [ { "upTo": 1, "multiplier": 2 } ] },
            { "type": "delinquency", "id": "dq" },
            { "type": "recentIncrease", "id": "recent" },
            { "type": "incomeStabilityCap", "id": "cap-unstable-income", "maxMultiplier": -1 }
          ]
        }
        """;

    [Test]
    public void FromJson_InvalidField_NamesRuleIndexIdFieldValueAndRule()
    {
        var ex = Assert.Throws<LimitPolicyException>(() => LimitPolicy.FromJson(FourRules));
        Assert.That(ex!.Errors, Is.EqualTo(new[] { "rules[3] (id \"cap-unstable-income\").maxMultiplier = -1: must be > 0" }));
    }

    [Test]
    public void FromJson_OmittedSettings_TakeTheDocumentedDefaults()
    {
        var policy = LimitPolicy.FromJson(FourRules.Replace("\"maxMultiplier\": -1", "\"months\": 4", StringComparison.Ordinal));
        var cap = (IncomeStabilityCapRule)policy.Rules[3];
        Assert.That((cap.Months, cap.MaxMultiplier, cap.MaxCoefficientOfVariation, cap.InsecureEmployment.Length), Is.EqualTo((4, 1m, 0.25, 5)));
        Assert.That(((RecentIncreaseRule)policy.Rules[2]).MinDaysBetweenIncreases, Is.EqualTo(180));
    }

    [Test]
    public void FromJson_UnknownProperty_IsAnErrorWithPathAndLine()
    {
        var ex = Assert.Throws<LimitPolicyException>(() => LimitPolicy.FromJson(FourRules.Replace("\"maxMultiplier\"", "\"maxMultiplierr\"", StringComparison.Ordinal)));
        Assert.That(ex!.Message, Does.Contain("$.rules[3].maxMultiplierr (line 7)"));
    }

    [Test]
    public void FromJson_UnknownRuleType_IsAnError()
    {
        var ex = Assert.Throws<LimitPolicyException>(() => LimitPolicy.FromJson(FourRules.Replace("\"recentIncrease\"", "\"recentIncreese\"", StringComparison.Ordinal)));
        Assert.That(ex!.Message, Does.Contain("$.rules[2]"));
    }

    [Test]
    public void FromJson_Malformed_IsAPolicyException()
    {
        Assert.Throws<LimitPolicyException>(() => LimitPolicy.FromJson("{ \"rules\": [ "));
    }

    [Test]
    public void Build_SeveralErrors_ReportsEveryOne()
    {
        var builder = new LimitPolicyBuilder()
            .WithRoundingUnit(0m)
            .AddRule(new TargetLimitRule { Id = "t", Bands = [new TargetBand { UpTo = 0.1, Multiplier = 1m }, new TargetBand { UpTo = 0.5, Multiplier = 2m }] })
            .AddRule(new DelinquencyRule { Id = "t" })
            .AddRule(new FloorCeilingRule { Id = "Bad Id", Floor = 1000m, Ceiling = 900m });
        var ex = Assert.Throws<LimitPolicyException>(() => builder.Build());
        Assert.That(ex!.Errors, Is.EqualTo(new[]
        {
            "roundingUnit = 0: must be > 0 and ≤ 1000000",
            "rules[0] (id \"t\").bands[1].multiplier = 2: must not exceed the previous band's multiplier (1): higher risk must not get a higher target",
            "rules[0] (id \"t\").bands[1].upTo = 0.5: the last PD band must end at 1 so that every borrower has a target",
            "rules[1] (id \"t\").id = \"t\": is used by an earlier rule",
            "rules[2] (id \"Bad Id\").id = \"Bad Id\": must be 1–64 characters of a–z, 0–9 and '-'",
            "rules[2] (id \"Bad Id\").ceiling = 900: must be greater than floor (1000)",
        }));
    }

    [Test]
    public void Build_FloorNotMultipleOfRoundingUnit_IsAnError()
    {
        var ex = Assert.Throws<LimitPolicyException>(() => new LimitPolicyBuilder().WithRoundingUnit(100m).AddRule(new FloorCeilingRule { Id = "fc", Floor = 250m }).Build());
        Assert.That(ex!.Errors.Single(), Is.EqualTo("rules[0] (id \"fc\").floor = 250: must be a multiple of roundingUnit (100)"));
    }

    [Test]
    public void Build_Twice_BuilderRefusesFurtherUse()
    {
        var builder = new LimitPolicyBuilder().AddRule(new RecentIncreaseRule { Id = "r" });
        builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.AddRule(new RecentIncreaseRule { Id = "r2" }));
        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    [Test]
    public void Build_NoRules_IsAnError()
    {
        Assert.That(Assert.Throws<LimitPolicyException>(() => new LimitPolicyBuilder().Build())!.Errors.Single(), Is.EqualTo("rules = []: a policy needs at least one rule"));
    }

    [Test]
    public void Default_SmallBusiness_UsesBusinessSettings()
    {
        // Target 2.0 × 3,000 = 6,000 for PD 0.01; step +30 % of 4,000 = 5,200 binds.
        var profile = LimitRuleTests.Profile() with { Kind = BorrowerKind.SmallBusiness, Business = new BusinessDetails(400_000, 6), Employment = EmploymentType.SelfEmployed };
        var d = new LimitAdjuster(LimitPolicy.Default).Review(LimitRuleTests.Request(4000m, profile: profile) with { PreviousUtilisation = 0.2 });
        Assert.That(d.FiredRules.Select(r => r.RuleId), Is.EqualTo(new[] { "target-business", "affordability-cap", "max-step-business" }));
        Assert.That(d.NewLimit, Is.EqualTo(5200m));
        Assert.That(d.SkippedRules.Select(s => s.RuleId), Does.Contain("cap-unstable-income").And.Contain("no-recent-increase"));
    }

    [Test]
    public void ToReport_ListsEveryFiredRuleWithInputs()
    {
        var d = new LimitAdjuster(LimitPolicy.Default).Review(LimitRuleTests.Request(4000m) with { PreviousUtilisation = 0.2, ModelVersion = "gmsc-lr 3" });
        string report = d.ToReport();
        Assert.That(d.ModelVersion, Is.EqualTo("gmsc-lr 3"));
        Assert.That(report, Does.StartWith("Limit review L1 on 2026-06-30 (policy default 1, model gmsc-lr 3); PD 0.0100, grade A"));
        Assert.That(report, Does.Contain("Old limit 4000.00 -> new limit 6000.00 (change +2000.00, Increase"));
        Assert.That(report, Does.Contain("1. target-individual [target] 4000.00 -> 9000.00"));
        Assert.That(report, Does.Contain("max-step-individual [maxStep] 9000.00 -> 6000.00: increase bounded to +2000.00"));
    }
}
