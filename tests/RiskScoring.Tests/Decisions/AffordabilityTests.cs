using RiskScoring.Decisions;
using RiskScoring.Profiles;

namespace RiskScoring.Tests.Decisions;

public sealed class AffordabilityTests
{
    // Stable income: sorted [2800, 2900, 3000, 3000, 3100, 3200], h = 5 × 0.2 = 1 → 2900.
    // Obligations: 400 declared + 150 instalment + 3 % × 2000 revolving balance = 610.
    // Living costs: 800 + 300 × 1 dependent = 1100.
    // Capacity = 2900 − 610 − 1100 = 1190; DSR cap = 40 % × 2900 = 1160, headroom = 1160 − 610 = 550.
    internal static BorrowerProfile Profile() => new()
    {
        Id = "a1",
        Employment = EmploymentType.SalariedPermanent,
        IncomeHistory = [3000, 3200, 2800, 3100, 2900, 3000],
        MonthlyDebtObligations = 400,
        Dependents = 1,
        CreditLines = [CreditLine.Revolving(5000, 2000), CreditLine.Instalment(4000, 150)],
        Repayment = RepaymentHistory.Clean,
    };

    [Test]
    public void Assess_HandComputedProfile_DebtServiceRatioBinds()
    {
        var r = new AffordabilityCalculator().Assess(Profile());
        Assert.Multiple(() =>
        {
            Assert.That(r.Status, Is.EqualTo(AffordabilityStatus.Assessed));
            Assert.That(r.StableIncome, Is.EqualTo(2900m));
            Assert.That(r.ExistingObligations, Is.EqualTo(610m));
            Assert.That(r.LivingCosts, Is.EqualTo(1100m));
            Assert.That(r.Capacity, Is.EqualTo(1190m));
            Assert.That(r.DebtServiceCap, Is.EqualTo(1160m));
            Assert.That(r.DebtServiceHeadroom, Is.EqualTo(550m));
            Assert.That(r.MaxAffordableInstalment, Is.EqualTo(550m));
            Assert.That(r.Binding, Is.EqualTo(BindingConstraint.DebtServiceRatio));
            // 550 × (1 − 1.01^−24) / 0.01 = 11,683.86.
            Assert.That(r.MaxAffordableLoan(0.12m, 24), Is.EqualTo(11_683.86m));
        });
    }

    [Test]
    public void Assess_FourDependents_CapacityBinds()
    {
        // Living costs 800 + 4 × 300 = 2000 → capacity 2900 − 610 − 2000 = 290 < headroom 550.
        var r = new AffordabilityCalculator().Assess(Profile() with { Dependents = 4 });
        Assert.That(r.Binding, Is.EqualTo(BindingConstraint.Capacity));
        Assert.That(r.MaxAffordableInstalment, Is.EqualTo(290m));
    }

    [Test]
    public void Assess_ObligationsAboveCapacity_MaxInstalmentIsZeroNotNegative()
    {
        // Obligations 2210 + 210 = 2420; capacity 2900 − 2420 − 1100 = −620.
        var r = new AffordabilityCalculator().Assess(Profile() with { MonthlyDebtObligations = 2210 });
        Assert.That(r.Capacity, Is.EqualTo(-620m));
        Assert.That(r.MaxAffordableInstalment, Is.EqualTo(0m));
        Assert.That(r.MaxAffordableLoan(0.12m, 12), Is.EqualTo(0m));
    }

    [Test]
    public void Assess_UnknownIncome_SaysCannotAssessInsteadOfZero()
    {
        var r = new AffordabilityCalculator().Assess(Profile() with { IncomeHistory = [] });
        Assert.That(r.Status, Is.EqualTo(AffordabilityStatus.IncomeUnknown));
        Assert.That(r.CanAssess, Is.False);
        Assert.That(r.Message, Is.EqualTo("cannot assess: income unknown"));
        Assert.That(r.MaxAffordableLoan(0.1m, 12), Is.Null);
    }

    [Test]
    public void Assess_UnknownObligations_CannotAssessByDefault()
    {
        var r = new AffordabilityCalculator().Assess(Profile() with { MonthlyDebtObligations = null });
        Assert.That(r.Status, Is.EqualTo(AffordabilityStatus.ObligationsUnknown));
    }

    [Test]
    public void Assess_UnknownObligationsAssumeZero_CountsOnlyCreditLines()
    {
        // 150 instalment + 60 revolving minimum = 210.
        var calc = new AffordabilityCalculator(new AffordabilityOptions { UnknownObligations = UnknownObligationsHandling.AssumeZero });
        var r = calc.Assess(Profile() with { MonthlyDebtObligations = null });
        Assert.That(r.ExistingObligations, Is.EqualTo(210m));
        Assert.That(r.ObligationsAssumedZero, Is.True);
    }

    [Test]
    public void Assess_UsesOnlyTheMostRecentMonths()
    {
        // Last 3 months [4000, 5000, 6000]: h = 2 × 0.2 = 0.4 → 4000 + 0.4 × 1000 = 4400.
        var calc = new AffordabilityCalculator(new AffordabilityOptions { IncomeMonths = 3 });
        var r = calc.Assess(Profile() with { IncomeHistory = [100, 100, 4000, 5000, 6000] });
        Assert.That(r.StableIncome, Is.EqualTo(4400m));
        Assert.That(r.IncomeMonthsUsed, Is.EqualTo(3));
    }

    [TestCase(20, 1800, TestName = "20th percentile interpolates: h = 0.8 → 1000 + 0.8 × 1000")]
    [TestCase(0, 1000, TestName = "0th percentile is the minimum")]
    [TestCase(100, 5000, TestName = "100th percentile is the maximum")]
    [TestCase(50, 3000, TestName = "50th percentile is the median")]
    public void Percentile_Type7Definition(double percent, double expected)
    {
        Assert.That(AffordabilityCalculator.Percentile([5000, 1000, 3000, 2000, 4000], percent), Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void Constructor_InvalidOptions_NamesFieldValueAndRule()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new AffordabilityCalculator(new AffordabilityOptions { MaxDebtServiceRatio = 1.5m }));
        Assert.That(ex!.Message, Does.Contain("maxDebtServiceRatio = 1.5: must be > 0 and ≤ 1"));
    }
}
