using RiskScoring.Decisions;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

namespace RiskScoring.Tests.Decisions;

public sealed class EarlyWarningTests
{
    private static readonly string[] Labels = ["A", "B", "C", "D", "E"];

    internal static RiskAssessment Assess(double pd, int rank) => new(pd, 600, new RiskGrade(rank, Labels[rank]), []);

    private static BorrowerProfile Base() => new()
    {
        Id = "ew",
        Employment = EmploymentType.SalariedPermanent,
        IncomeHistory = [3000, 3000, 3000],
        CreditLines = [CreditLine.Revolving(10_000, 5_000)],
        Repayment = RepaymentHistory.Clean,
        EnquiriesLast6Months = 1,
    };

    private static EarlyWarningResult Run(BorrowerProfile after, RiskAssessment? afterAssessment = null, BorrowerProfile? before = null, RiskAssessment? beforeAssessment = null) =>
        new EarlyWarningMonitor().Evaluate(
        [
            new BorrowerSnapshot(new DateOnly(2026, 1, 1), before ?? Base(), beforeAssessment ?? Assess(0.04, 1)),
            new BorrowerSnapshot(new DateOnly(2026, 4, 1), after, afterAssessment ?? Assess(0.04, 1)),
        ]);

    [Test]
    public void Evaluate_NothingChanged_LevelNone()
    {
        var r = Run(Base());
        Assert.That(r.Level, Is.EqualTo(WarningLevel.None));
        Assert.That(r.Reasons, Is.Empty);
        Assert.That(r.Skipped, Is.Empty);
    }

    [Test]
    public void Evaluate_PdRiseAboveBothWatchThresholds_Watch()
    {
        // 0.04 → 0.07: +0.03 > 0.02 and +75 % > 25 %, but +0.03 ≤ 0.05 so not Act.
        var r = Run(Base(), Assess(0.07, 1));
        var reason = r.Reasons.Single();
        Assert.That(reason.Code, Is.EqualTo(WarningCode.PdRise));
        Assert.That(reason.Level, Is.EqualTo(WarningLevel.Watch));
        Assert.That(reason.Text, Does.StartWith("EW01 PD rose from 4.00 % to 7.00 %"));
        Assert.That(reason.Figures.Single(f => f.Key == "absoluteRise").Value, Is.EqualTo(0.03).Within(1e-12));
        Assert.That(reason.Figures.Single(f => f.Key == "relativeRise").Value, Is.EqualTo(0.75).Within(1e-12));
    }

    [Test]
    public void Evaluate_PdRiseAboveActThresholds_Act()
    {
        // 0.04 → 0.10: +0.06 > 0.05 and +150 % > 50 %.
        Assert.That(Run(Base(), Assess(0.10, 1)).Reasons.Single().Level, Is.EqualTo(WarningLevel.Act));
    }

    [Test]
    public void Evaluate_SmallAbsolutePdRise_NoWarningEvenIfRelativeIsLarge()
    {
        // 0.002 → 0.006: +200 % relative, but +0.004 absolute ≤ 0.02.
        Assert.That(Run(Base(), Assess(0.006, 1), beforeAssessment: Assess(0.002, 1)).Level, Is.EqualTo(WarningLevel.None));
    }

    [TestCase(2, WarningLevel.Watch, TestName = "One rank down is Watch")]
    [TestCase(3, WarningLevel.Act, TestName = "Two ranks down is Act")]
    public void Evaluate_GradeDrop(int rankAfter, WarningLevel level)
    {
        var reason = Run(Base(), Assess(0.04, rankAfter)).Reasons.Single();
        Assert.That(reason.Code, Is.EqualTo(WarningCode.GradeDrop));
        Assert.That(reason.Level, Is.EqualTo(level));
    }

    [TestCase(8_000, WarningLevel.Watch, TestName = "50 % to 80 % utilisation is Watch")]
    [TestCase(9_600, WarningLevel.Act, TestName = "50 % to 96 % utilisation is Act")]
    [TestCase(7_000, WarningLevel.None, TestName = "70 % is below the 75 % watch line")]
    public void Evaluate_UtilisationRising(double balance, WarningLevel level)
    {
        var r = Run(Base() with { CreditLines = [CreditLine.Revolving(10_000, balance)] });
        Assert.That(r.Level, Is.EqualTo(level));
        if (level != WarningLevel.None)
        {
            Assert.That(r.Reasons.Single().Code, Is.EqualTo(WarningCode.UtilisationRising));
        }
    }

    [TestCase(new double[] { 3000, 2400, 2400, 2400 }, WarningLevel.Watch, TestName = "Mean 3000 to 2400 is −20 %: Watch")]
    [TestCase(new double[] { 3000, 1500, 1500, 1500 }, WarningLevel.Act, TestName = "Mean 3000 to 1500 is −50 %: Act")]
    [TestCase(new double[] { 3000, 2500, 2500, 2500 }, WarningLevel.None, TestName = "−16.7 % is below the 20 % line")]
    public void Evaluate_IncomeDrop(double[] income, WarningLevel level)
    {
        var r = Run(Base() with { IncomeHistory = [.. income] });
        Assert.That(r.Level, Is.EqualTo(level));
        if (level != WarningLevel.None)
        {
            Assert.That(r.Reasons.Single().Code, Is.EqualTo(WarningCode.IncomeDrop));
        }
    }

    [Test]
    public void Evaluate_FirstMissedPayment_Act()
    {
        var r = Run(Base() with { Repayment = new RepaymentHistory(1, 0, 0, 0, true) });
        var reason = r.Reasons.Single();
        Assert.That(reason.Code, Is.EqualTo(WarningCode.FirstMissedPayment));
        Assert.That(r.Level, Is.EqualTo(WarningLevel.Act));
        Assert.That(reason.Text, Is.EqualTo("EW05 first missed payment: past-due occasions went from 0 to 1"));
    }

    [Test]
    public void Evaluate_AlreadyDelinquentBefore_IsNotFirstMissedPayment()
    {
        var late = new RepaymentHistory(1, 0, 0, 2, true);
        Assert.That(Run(Base() with { Repayment = late with { PastDue30To59 = 2 } }, before: Base() with { Repayment = late }).Level, Is.EqualTo(WarningLevel.None));
    }

    [TestCase(4, WarningLevel.Watch, TestName = "Enquiries 1 to 4 is Watch")]
    [TestCase(7, WarningLevel.Act, TestName = "Enquiries 1 to 7 is Act")]
    [TestCase(3, WarningLevel.None, TestName = "Enquiries 1 to 3 is no spike")]
    public void Evaluate_EnquirySpike(int after, WarningLevel level)
    {
        Assert.That(Run(Base() with { EnquiriesLast6Months = after }).Level, Is.EqualTo(level));
    }

    [Test]
    public void Evaluate_SeveralRules_LevelIsTheHighest()
    {
        var r = Run(Base() with { EnquiriesLast6Months = 4 }, Assess(0.10, 3));
        Assert.That(r.Reasons.Select(x => x.Code), Is.EqualTo(new[] { WarningCode.PdRise, WarningCode.GradeDrop, WarningCode.EnquirySpike }));
        Assert.That(r.Level, Is.EqualTo(WarningLevel.Act));
    }

    [Test]
    public void Evaluate_MissingData_ReportsSkippedChecks()
    {
        var r = Run(Base() with { IncomeHistory = [], EnquiriesLast6Months = null, CreditLines = [], Repayment = RepaymentHistory.Unknown });
        Assert.That(r.Skipped.Select(s => s.Code), Is.EqualTo(new[] { WarningCode.UtilisationRising, WarningCode.IncomeDrop, WarningCode.FirstMissedPayment, WarningCode.EnquirySpike }));
        Assert.That(r.Skipped[1].Reason, Is.EqualTo("income unknown in the latest snapshot"));
    }

    [Test]
    public void Evaluate_EarliestBaseline_ComparesWithTheFirstSnapshot()
    {
        // PD 0.04 → 0.055 → 0.07: each step +0.015 (below 0.02) but +0.03 over the window.
        var snaps = new[]
        {
            new BorrowerSnapshot(new DateOnly(2026, 1, 1), Base(), Assess(0.04, 1)),
            new BorrowerSnapshot(new DateOnly(2026, 2, 1), Base(), Assess(0.055, 1)),
            new BorrowerSnapshot(new DateOnly(2026, 3, 1), Base(), Assess(0.07, 1)),
        };
        Assert.That(new EarlyWarningMonitor().Evaluate(snaps).Level, Is.EqualTo(WarningLevel.None));
        var r = new EarlyWarningMonitor(new EarlyWarningOptions { Baseline = ComparisonBaseline.Earliest }).Evaluate(snaps);
        Assert.That(r.Level, Is.EqualTo(WarningLevel.Watch));
        Assert.That(r.BaselineDate, Is.EqualTo(new DateOnly(2026, 1, 1)));
    }

    [Test]
    public void Evaluate_OneSnapshot_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EarlyWarningMonitor().Evaluate([new BorrowerSnapshot(new DateOnly(2026, 1, 1), Base(), Assess(0.1, 1))]));
        Assert.That(ex!.Message, Does.StartWith("snapshots.Count = 1: at least two snapshots are needed"));
    }

    [Test]
    public void Evaluate_DatesNotAscending_ThrowsNamingTheSnapshot()
    {
        var d = new DateOnly(2026, 1, 1);
        var ex = Assert.Throws<ArgumentException>(() => new EarlyWarningMonitor().Evaluate([new BorrowerSnapshot(d, Base(), Assess(0.1, 1)), new BorrowerSnapshot(d, Base(), Assess(0.1, 1))]));
        Assert.That(ex!.Message, Does.StartWith("snapshots[1].Date = 2026-01-01: must be after snapshots[0].Date (2026-01-01)"));
    }

    [Test]
    public void Constructor_ActWeakerThanWatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new EarlyWarningMonitor(new EarlyWarningOptions { PdRiseAbsoluteAct = 0.01 }));
        Assert.That(ex!.Message, Does.Contain("PdRiseAbsoluteAct = 0.01: must be between 0.02 and 1"));
    }
}
