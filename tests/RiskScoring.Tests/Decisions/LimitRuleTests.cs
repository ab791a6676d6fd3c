using RiskScoring.Decisions;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

namespace RiskScoring.Tests.Decisions;

/// <summary>Example tests per limit rule. The base borrower has a stable income of 3,000 (six equal months), obligations
/// 400 + 3 % × 1,000 revolving balance = 430, no dependents (living costs 800) and a clean history.</summary>
public sealed class LimitRuleTests
{
    internal static readonly DateOnly ReviewDate = new(2026, 6, 30);

    internal static BorrowerProfile Profile() => new()
    {
        Id = "L1",
        Employment = EmploymentType.SalariedPermanent,
        IncomeHistory = [3000, 3000, 3000, 3000, 3000, 3000],
        MonthlyDebtObligations = 400,
        Dependents = 0,
        CreditLines = [CreditLine.Revolving(5000, 1000)],
        Repayment = RepaymentHistory.Clean,
    };

    internal static RiskAssessment Assess(double pd) => new(pd, 600, GradeOf(pd), []);

    internal static RiskGrade GradeOf(double pd) => pd <= 0.02 ? new(0, "A") : pd <= 0.05 ? new(1, "B") : pd <= 0.10 ? new(2, "C") : pd <= 0.20 ? new(3, "D") : new(4, "E");

    internal static LimitReviewRequest Request(decimal current, double pd = 0.01, BorrowerProfile? profile = null) => new()
    {
        Profile = profile ?? Profile(),
        Assessment = Assess(pd),
        CurrentLimit = current,
        ReviewDate = ReviewDate,
    };

    private static readonly TargetLimitRule Target = new()
    {
        Id = "target",
        Bands =
        [
            new TargetBand { UpTo = 0.02, Multiplier = 3.0m },
            new TargetBand { UpTo = 0.10, Multiplier = 1.2m },
            new TargetBand { UpTo = 1.0, Multiplier = 0.2m },
        ],
    };

    private static LimitDecision Review(LimitReviewRequest request, params LimitRule[] rules)
    {
        var builder = new LimitPolicyBuilder().WithName("test");
        foreach (var rule in rules)
        {
            builder.AddRule(rule);
        }

        return new LimitAdjuster(builder.Build()).Review(request);
    }

    private static string Input(FiredRule rule, string name) => rule.Inputs.Single(i => i.Name == name).Value;

    [Test]
    public void Target_LowPd_ThreeTimesStableIncome()
    {
        // PD 0.01 ≤ 0.02 → 3.0 × 3,000 = 9,000.
        var d = Review(Request(5000m), Target);
        Assert.That(d.NewLimit, Is.EqualTo(9000m));
        Assert.That(d.Direction, Is.EqualTo(LimitDirection.Increase));
        Assert.That(d.Change, Is.EqualTo(4000m));
        var fired = d.FiredRules.Single();
        Assert.That((fired.RuleId, fired.RuleType, fired.LimitBefore, fired.LimitAfter), Is.EqualTo(("target", "target", 5000m, 9000m)));
        Assert.That(Input(fired, "probabilityOfDefault"), Is.EqualTo("0.01"));
        Assert.That(Input(fired, "band.multiplier"), Is.EqualTo("3.0"));
        Assert.That(Input(fired, "stableMonthlyIncome"), Is.EqualTo("3000.00"));
    }

    [Test]
    public void Target_ByGradeOnCurrentLimit_RanksBeyondTheLastBandUseTheLastBand()
    {
        var rule = new TargetLimitRule
        {
            Id = "by-grade",
            BandBy = BandKey.GradeRank,
            Basis = LimitBasis.CurrentLimit,
            Bands = [new TargetBand { UpTo = 0, Multiplier = 1.2m }, new TargetBand { UpTo = 2, Multiplier = 0.8m }],
        };

        // Grade A (rank 0): 1.2 × 5,000 = 6,000. Grade E (rank 4): last band, 0.8 × 5,000 = 4,000.
        Assert.That(Review(Request(5000m, 0.01), rule).NewLimit, Is.EqualTo(6000m));
        Assert.That(Review(Request(5000m, 0.5), rule).NewLimit, Is.EqualTo(4000m));
    }

    [Test]
    public void Target_IncomeUnknown_FreezesIncreasesAndKeepsLimit()
    {
        var d = Review(Request(5000m, profile: Profile() with { IncomeHistory = [] }), Target);
        Assert.That(d.NewLimit, Is.EqualTo(5000m));
        Assert.That(d.IncreasesFrozenBy, Is.EqualTo("target"));
        Assert.That(d.FiredRules.Single().FreezesIncreases, Is.True);
    }

    [Test]
    public void HighRiskCut_PdAboveThreshold_CutsAQuarterAndFreezes()
    {
        // PD 0.25 ≥ 0.20: 5,000 × 0.75 = 3,750; the target (0.2 × 3,000 = 600) is already lower, so 600 stays.
        var rule = new HighRiskCutRule { Id = "high-risk" };
        Assert.That(Review(Request(5000m, 0.25), rule).NewLimit, Is.EqualTo(3750m));
        Assert.That(Review(Request(5000m, 0.25), Target, rule).NewLimit, Is.EqualTo(600m));
        Assert.That(Review(Request(5000m, 0.19), rule).FiredRules, Is.Empty);
    }

    [Test]
    public void HighRiskCut_ByGradeRank_FiresOnWorseGradesOnly()
    {
        // Grade D (rank 3) for PD 0.15; cut 40 % of 5,000 → 3,000. Grade C (rank 2) is untouched.
        var rule = new HighRiskCutRule { Id = "grade-cut", MinProbabilityOfDefault = null, MinGradeRank = 3, CutShare = 0.4m };
        Assert.That(Review(Request(5000m, 0.15), rule).NewLimit, Is.EqualTo(3000m));
        Assert.That(Review(Request(5000m, 0.08), rule).FiredRules, Is.Empty);
    }

    [Test]
    public void Delinquency_60To89DaysPastDue_CutsHalfAfterTargetRaised()
    {
        // Target raises to 9,000; the 60+ rule caps at 5,000 × 0.5 = 2,500.
        var profile = Profile() with { Repayment = new RepaymentHistory(0, 1, 0, 2, true) };
        var d = Review(Request(5000m, profile: profile), Target, new DelinquencyRule { Id = "dq" });
        Assert.That(d.NewLimit, Is.EqualTo(2500m));
        Assert.That(d.FiredRules[1].Effect, Does.StartWith("60–89 days past due: cut by 0.5"));
    }

    [Test]
    public void Delinquency_90PlusDaysPastDue_ClosesTheLine()
    {
        var profile = Profile() with { Repayment = new RepaymentHistory(0, 0, 1, 1, true) };
        var d = Review(Request(5000m, profile: profile), new DelinquencyRule { Id = "dq" });
        Assert.That(d.NewLimit, Is.EqualTo(0m));
        Assert.That(d.Direction, Is.EqualTo(LimitDirection.Closed));
    }

    [TestCase(3, 5000, TestName = "Delinquency 3 months ago freezes the target increase")]
    [TestCase(20, 9000, TestName = "Delinquency 20 months ago no longer freezes")]
    public void Delinquency_RecentFreezesIncreases(int monthsSince, decimal expected)
    {
        var profile = Profile() with { Repayment = new RepaymentHistory(1, 0, 0, monthsSince, true) };
        Assert.That(Review(Request(5000m, profile: profile), Target, new DelinquencyRule { Id = "dq" }).NewLimit, Is.EqualTo(expected));
    }

    [Test]
    public void Delinquency_UnknownHistory_FreezesByDefault()
    {
        var profile = Profile() with { Repayment = RepaymentHistory.Unknown };
        Assert.That(Review(Request(5000m, profile: profile), Target, new DelinquencyRule { Id = "dq" }).NewLimit, Is.EqualTo(5000m));
        Assert.That(Review(Request(5000m, profile: profile), Target, new DelinquencyRule { Id = "dq", FreezeWhenUnknown = false }).NewLimit, Is.EqualTo(9000m));
    }

    [Test]
    public void UtilisationTrend_NearLimitAndRising_Holds()
    {
        // Utilisation 4,750 / 5,000 = 0.95 ≥ 0.90, up 0.10 from 0.85 ≥ 0.05.
        var profile = Profile() with { CreditLines = [CreditLine.Revolving(5000, 4750)] };
        var rule = new UtilisationTrendRule { Id = "util" };
        var d = Review(Request(5000m, profile: profile) with { PreviousUtilisation = 0.85 }, Target, rule);
        Assert.That(d.NewLimit, Is.EqualTo(5000m));
        Assert.That(Input(d.FiredRules[1], "utilisation"), Is.EqualTo("0.95"));

        // Up only 0.02 from 0.93: does not fire, the target increase stands.
        Assert.That(Review(Request(5000m, profile: profile) with { PreviousUtilisation = 0.93 }, Target, rule).NewLimit, Is.EqualTo(9000m));

        // With a 10 % cut: 5,000 × 0.9 = 4,500.
        Assert.That(Review(Request(5000m, profile: profile) with { PreviousUtilisation = 0.85 }, rule with { CutShare = 0.1m }).NewLimit, Is.EqualTo(4500m));
    }

    [Test]
    public void UtilisationTrend_NoPreviousUtilisation_IsSkippedWithReason()
    {
        var d = Review(Request(5000m), new UtilisationTrendRule { Id = "util" });
        Assert.That(d.SkippedRules.Single(), Is.EqualTo(new SkippedRule("util", "previous utilisation not given")));
    }

    [Test]
    public void IncomeStabilityCap_GigWorker_IncreaseCappedAtStableIncome()
    {
        // Target 9,000 from 2,000; cap 1.0 × 3,000 = 3,000.
        var d = Review(Request(2000m, profile: Profile() with { Employment = EmploymentType.Gig }), Target, new IncomeStabilityCapRule { Id = "cap-unstable-income" });
        Assert.That(d.NewLimit, Is.EqualTo(3000m));
        Assert.That(Input(d.FiredRules[1], "employment"), Is.EqualTo("Gig"));
    }

    [Test]
    public void IncomeStabilityCap_VolatileIncome_CapsAtTheLowPercentile()
    {
        // [1000, 5000] × 3: mean 3,000, population SD 2,000, CV 0.667 > 0.25; stable income (20th pct, h = 1) = 1,000.
        var profile = Profile() with { IncomeHistory = [1000, 5000, 1000, 5000, 1000, 5000] };
        var d = Review(Request(500m, profile: profile), Target, new IncomeStabilityCapRule { Id = "cap" });
        Assert.That(Input(d.FiredRules[1], "incomeCoefficientOfVariation"), Is.EqualTo("0.6667"));
        Assert.That(Input(d.FiredRules[1], "cap"), Is.EqualTo("1000.00"));
        Assert.That(d.NewLimit, Is.EqualTo(1000m));
    }

    [Test]
    public void IncomeStabilityCap_IncreasesOnlyKeepsHigherCurrentLimit_CutToCapCuts()
    {
        var profile = Profile() with { Employment = EmploymentType.Student };
        Assert.That(Review(Request(5000m, profile: profile), Target, new IncomeStabilityCapRule { Id = "cap" }).NewLimit, Is.EqualTo(5000m));
        Assert.That(Review(Request(5000m, profile: profile), Target, new IncomeStabilityCapRule { Id = "cap", Mode = CapMode.CutToCap }).NewLimit, Is.EqualTo(3000m));
    }

    [Test]
    public void AffordabilityCap_HighObligations_CapsTheIncrease()
    {
        // Obligations 1,000 + 30 = 1,030; DSR cap 1,200 → headroom 170 (capacity 1,170); cap = 170 / 0.05 = 3,400.
        var profile = Profile() with { MonthlyDebtObligations = 1000 };
        var d = Review(Request(2000m, profile: profile), Target, new AffordabilityCapRule { Id = "afford" });
        Assert.That(d.NewLimit, Is.EqualTo(3400m));
        Assert.That(Input(d.FiredRules[1], "maxAffordableInstalment"), Is.EqualTo("170.00"));
        Assert.That(Input(d.FiredRules[1], "binding"), Is.EqualTo("DebtServiceRatio"));
    }

    [Test]
    public void AffordabilityCap_CannotAssess_FreezesIncreases()
    {
        var d = Review(Request(2000m, profile: Profile() with { MonthlyDebtObligations = null }), Target, new AffordabilityCapRule { Id = "afford" });
        Assert.That(d.NewLimit, Is.EqualTo(2000m));
        Assert.That(d.FiredRules[1].Effect, Is.EqualTo("cannot assess: monthly debt obligations unknown: increases frozen"));
    }

    [Test]
    public void FloorCeiling_CapsAndRaises()
    {
        var rule = new FloorCeilingRule { Id = "fc", Floor = 500m, Ceiling = 8000m };
        Assert.That(Review(Request(5000m), Target, rule).NewLimit, Is.EqualTo(8000m), "9,000 capped at 8,000");
        Assert.That(Review(Request(300m, 0.5), Target, rule).NewLimit, Is.EqualTo(600m), "target 0.2 × 3,000 = 600 is above the floor");
        Assert.That(Review(Request(300m), rule).NewLimit, Is.EqualTo(500m), "300 raised to the floor");
        Assert.That(Review(Request(300m), rule with { BelowFloor = FloorAction.Close }).NewLimit, Is.EqualTo(0m), "closed below the floor");
    }

    [Test]
    public void FloorCeiling_BelowFloorWhileFrozen_ClosesInsteadOfRaising()
    {
        var d = Review(Request(300m, 0.3), new HighRiskCutRule { Id = "hr" }, new FloorCeilingRule { Id = "fc" });
        Assert.That(d.NewLimit, Is.EqualTo(0m));
        Assert.That(d.FiredRules[1].Effect, Is.EqualTo("below the floor and increases frozen by hr: line closed"));
    }

    [Test]
    public void MaxStep_BoundsIncreaseAndDecrease()
    {
        var step = new StepLimitRule { Id = "step" };
        Assert.That(Review(Request(2000m), Target, step).NewLimit, Is.EqualTo(3000m), "+50 % of 2,000");
        Assert.That(Review(Request(2000m), Target, step with { MaxIncreaseAmount = 500m }).NewLimit, Is.EqualTo(2500m), "+500 absolute");
        Assert.That(Review(Request(5000m, 0.5), Target, step).NewLimit, Is.EqualTo(3500m), "target 600 bounded to −30 % of 5,000");
    }

    [TestCase(100, 5000, TestName = "Increase 100 days ago freezes")]
    [TestCase(200, 9000, TestName = "Increase 200 days ago allows")]
    public void RecentIncrease_WithinMinDays_Freezes(int daysAgo, decimal expected)
    {
        var request = Request(5000m) with { LastIncreaseDate = ReviewDate.AddDays(-daysAgo) };
        Assert.That(Review(request, Target, new RecentIncreaseRule { Id = "recent" }).NewLimit, Is.EqualTo(expected));
    }

    [Test]
    public void FreezeEarlier_LaterRuleCannotRaiseAboveCurrent()
    {
        // The freeze comes first; the later target rule's 9,000 is capped at the current 5,000 by the engine.
        var request = Request(5000m) with { LastIncreaseDate = ReviewDate.AddDays(-10) };
        var d = Review(request, new RecentIncreaseRule { Id = "recent" }, Target);
        Assert.That(d.NewLimit, Is.EqualTo(5000m));
        Assert.That(d.FiredRules[1].Effect, Does.EndWith("capped at the current limit because increases are frozen by recent"));
    }

    [Test]
    public void Scope_BusinessRuleSkippedForIndividual()
    {
        var d = Review(Request(5000m), Target with { AppliesTo = BorrowerScope.SmallBusiness });
        Assert.That(d.NewLimit, Is.EqualTo(5000m));
        Assert.That(d.SkippedRules.Single().Reason, Is.EqualTo("applies to SmallBusiness only"));
    }

    [TestCase(1234.5, 1000, 1230, TestName = "Increase rounds down toward current")]
    [TestCase(876.5, 1000, 880, TestName = "Decrease rounds up toward current")]
    [TestCase(1005, 1001, 1001, TestName = "Rounding never crosses below the current limit")]
    [TestCase(995, 1001, 1000, TestName = "Decrease rounded up stays at or below current")]
    [TestCase(1001, 1001, 1001, TestName = "Unchanged limit is kept unrounded")]
    [TestCase(0, 1001, 0, TestName = "Closure stays zero")]
    public void RoundTowardCurrent_Unit10(decimal proposed, decimal current, decimal expected)
    {
        Assert.That(LimitAdjuster.RoundTowardCurrent(proposed, current, 10m), Is.EqualTo(expected));
    }

    [Test]
    public void Review_NegativeCurrentLimit_ThrowsNamingField()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LimitAdjuster(LimitPolicy.Default).Review(Request(-1m)));
        Assert.That(ex!.Message, Does.StartWith("CurrentLimit = -1: must not be negative"));
    }

    [Test]
    public void Review_AbsurdCurrentLimit_ThrowsInsteadOfOverflowing()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LimitAdjuster(LimitPolicy.Default).Review(Request(1e20m)));
        Assert.That(ex!.Message, Does.StartWith("CurrentLimit = 100000000000000000000: must be at most 1e15"));
    }

    [Test]
    public void Review_LastIncreaseAfterReview_ThrowsNamingField()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LimitAdjuster(LimitPolicy.Default).Review(Request(1m) with { LastIncreaseDate = ReviewDate.AddDays(1) }));
        Assert.That(ex!.Message, Does.StartWith("LastIncreaseDate = 2026-07-01: must not be after ReviewDate (2026-06-30)"));
    }
}
