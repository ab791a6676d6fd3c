using CsCheck;
using RiskScoring.Decisions;

namespace RiskScoring.Tests.Decisions;

public sealed class RepaymentPlannerTests
{
    private static readonly DateOnly First = new(2026, 1, 31);

    private static LoanInDifficulty Loan(decimal affordable) => new()
    {
        OutstandingBalance = 10_000m,
        AnnualRate = 0.12m,
        RemainingTermMonths = 12,
        CurrentInstalment = 888.49m,
        AffordableInstalment = affordable,
        FirstPaymentDate = First,
    };

    private static void AssertReconciles(RepaymentPlan plan, decimal opening)
    {
        Assert.That(plan.TotalPrincipal, Is.EqualTo(opening), plan.Description);
        Assert.That(plan.Schedule[^1].Balance, Is.EqualTo(0m), plan.Description);
        Assert.That(plan.TotalPaid, Is.EqualTo(plan.TotalInterest + opening), plan.Description);
        decimal balance = opening;
        foreach (var row in plan.Schedule)
        {
            Assert.That(row.Instalment, Is.EqualTo(row.Interest + row.Principal));
            balance -= row.Principal;
            Assert.That(row.Balance, Is.EqualTo(balance));
        }
    }

    [Test]
    public void BuildSchedule_StandardAnnuity_ReconcilesAndAdjustsTheLastPayment()
    {
        // Replaying 12 rows of 888.49 at 1 %/month with interest rounded to the cent: the 12th row has interest 8.80 and
        // pays off the remaining 879.67, so the final payment is 888.47; total interest 661.86.
        var rows = RepaymentPlanner.BuildSchedule(10_000m, 0.01m, First, 0, HolidayInterest.Capitalised, 888.49m, 12, out _);
        Assert.That(rows, Has.Length.EqualTo(12));
        Assert.That(rows[0], Is.EqualTo(new ScheduleLine(1, First, 888.49m, 100m, 788.49m, 9_211.51m)));
        Assert.That(rows[^1].Instalment, Is.EqualTo(888.47m));
        Assert.That(rows[^1].Interest, Is.EqualTo(8.80m));
        Assert.That(rows[^1].Balance, Is.EqualTo(0m));
        Assert.That(rows.Sum(r => r.Interest), Is.EqualTo(661.86m));
        Assert.That(rows.Sum(r => r.Principal), Is.EqualTo(10_000m));
        Assert.That(rows[1].Date, Is.EqualTo(new DateOnly(2026, 2, 28)), "month ends clamp to the shorter month");
    }

    [Test]
    public void Propose_Affordable600_TermExtensionTo19Months()
    {
        // Payment(10,000, 12 %, 18) = 609.82 > 600; Payment(…, 19) = 580.52 ≤ 600.
        var result = new RepaymentPlanner().Propose(Loan(600m));
        var plan = result.Plans.Single(p => p.Kind == RepaymentPlanKind.TermExtension);
        Assert.That(plan.TermMonths, Is.EqualTo(19));
        Assert.That(plan.RegularInstalment, Is.EqualTo(580.52m));
        AssertReconciles(plan, 10_000m);
    }

    [Test]
    public void Propose_Affordable600_BalloonAboveMaxShareIsNotOffered()
    {
        // 12 × 600 leaves a balloon of 3,658.76 (final payment 4,258.76) > 35 % × 10,000 = 3,500.
        var result = new RepaymentPlanner().Propose(Loan(600m));
        Assert.That(result.Plans.Any(p => p.Kind == RepaymentPlanKind.ReducedInstalmentWithBalloon), Is.False);
        var allowed = new RepaymentPlanner(new RepaymentPlanOptions { MaxBalloonShare = 0.40m }).Propose(Loan(600m));
        var balloon = allowed.Plans.Single(p => p.Kind == RepaymentPlanKind.ReducedInstalmentWithBalloon);
        Assert.That(balloon.Balloon, Is.EqualTo(3_658.76m));
        Assert.That(balloon.FinalInstalment, Is.EqualTo(4_258.76m));
        AssertReconciles(balloon, 10_000m);
    }

    [Test]
    public void Propose_Affordable600_HolidayCapitalisesInterestThenExtends()
    {
        // Holiday: 10,000 → 10,100 → 10,201 → 10,303.01. Payment(10,303.01, 12 %, 18) = 628.30 > 600, (…, 19) = 598.11.
        var plan = new RepaymentPlanner().Propose(Loan(600m)).Plans.Single(p => p.Kind == RepaymentPlanKind.PaymentHoliday);
        Assert.That(plan.HolidayMonths, Is.EqualTo(3));
        Assert.That(plan.Schedule[2].Balance, Is.EqualTo(10_303.01m));
        Assert.That(plan.Schedule[0].Instalment, Is.EqualTo(0m));
        Assert.That(plan.Schedule[0].Principal, Is.EqualTo(-100m));
        Assert.That(plan.RegularInstalment, Is.EqualTo(598.11m));
        Assert.That(plan.TermMonths, Is.EqualTo(3 + 19));
        AssertReconciles(plan, 10_000m);
    }

    [Test]
    public void Propose_HolidayWithInterestWaived_RecordsWaivedInterest()
    {
        // 1 % of 10,000 = 100 waived in each of 3 months; the balance stays 10,000, then 19 months at 580.52.
        var planner = new RepaymentPlanner(new RepaymentPlanOptions { HolidayInterest = HolidayInterest.Waived });
        var plan = planner.Propose(Loan(600m)).Plans.Single(p => p.Kind == RepaymentPlanKind.PaymentHoliday);
        Assert.That(plan.InterestWaived, Is.EqualTo(300m));
        Assert.That(plan.Schedule[2].Balance, Is.EqualTo(10_000m));
        Assert.That(plan.RegularInstalment, Is.EqualTo(580.52m));
        AssertReconciles(plan, 10_000m);
    }

    [Test]
    public void Propose_Affordable860_RateReductionTo5Point85Percent()
    {
        // Payment(10,000, 5.86 %, 12) = 860.02 > 860; Payment(…, 5.85 %, 12) = 859.98 ≤ 860.
        var plan = new RepaymentPlanner().Propose(Loan(860m)).Plans.Single(p => p.Kind == RepaymentPlanKind.RateReduction);
        Assert.That(plan.AnnualRate, Is.EqualTo(0.0585m));
        Assert.That(plan.RegularInstalment, Is.EqualTo(859.98m));
        AssertReconciles(plan, 10_000m);
    }

    [Test]
    public void Propose_CurrentInstalmentAffordable_RefusesWithReason()
    {
        var result = new RepaymentPlanner().Propose(Loan(900m));
        Assert.That(result.HasPlans, Is.False);
        Assert.That(result.Refusal, Is.EqualTo(RepaymentPlanRefusal.CurrentInstalmentAffordable));
        Assert.That(result.Message, Does.Contain("888.49").And.Contain("900.00"));
    }

    [Test]
    public void Propose_NothingAffordable_RefusesNoRepaymentAbility()
    {
        Assert.That(new RepaymentPlanner().Propose(Loan(0m)).Refusal, Is.EqualTo(RepaymentPlanRefusal.NoRepaymentAbility));
    }

    [Test]
    public void Propose_AffordableBelowEveryPlan_RefusesNoPlanFits()
    {
        // 50 a month: below the 100 monthly interest (balloon grows), below 10,000/12 at 0 % and below the 72-month
        // instalment 195.50.
        var result = new RepaymentPlanner().Propose(Loan(50m));
        Assert.That(result.Refusal, Is.EqualTo(RepaymentPlanRefusal.NoPlanFits));
        Assert.That(result.Plans, Is.Empty);
        Assert.That(result.Message, Does.StartWith("no plan fits: the affordable instalment 50.00"));
    }

    [Test]
    public void Propose_InvalidLoan_ThrowsNamingField()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RepaymentPlanner().Propose(Loan(500m) with { RemainingTermMonths = 0 }));
        Assert.That(ex!.Message, Does.StartWith("RemainingTermMonths = 0: must be between 1 and 600"));
    }

    [Test]
    public void Propose_RandomLoans_EveryPlanReconcilesAndFitsAffordability()
    {
        var gen = Gen.Select(
            Gen.Int[100_00, 50_000_00], // balance in cents
            Gen.Int[0, 3000], // rate in basis points
            Gen.Int[1, 120],
            Gen.Int[10, 95], // affordable as % of current
            Gen.Int[1, 3]);
        gen.Sample(
            (cents, bp, term, pct, holiday) =>
            {
                decimal balance = cents / 100m, rate = bp / 10_000m;
                decimal current = Annuity.Payment(balance, rate, term);
                var loan = new LoanInDifficulty
                {
                    OutstandingBalance = balance,
                    AnnualRate = rate,
                    RemainingTermMonths = term,
                    CurrentInstalment = current,
                    AffordableInstalment = Math.Round(current * pct / 100m, 2),
                    FirstPaymentDate = First,
                };
                var result = new RepaymentPlanner(new RepaymentPlanOptions { HolidayMonths = holiday }).Propose(loan);
                foreach (var plan in result.Plans)
                {
                    decimal sumPrincipal = 0m, balanceRun = balance;
                    foreach (var row in plan.Schedule)
                    {
                        if (row.Instalment != row.Interest + row.Principal)
                        {
                            return false;
                        }

                        sumPrincipal += row.Principal;
                        balanceRun -= row.Principal;
                        if (row.Balance != balanceRun)
                        {
                            return false;
                        }
                    }

                    if (sumPrincipal != balance || plan.Schedule[^1].Balance != 0m || plan.RegularInstalment > loan.AffordableInstalment)
                    {
                        return false;
                    }
                }

                return result.HasPlans != result.Plans.IsEmpty;
            },
            iter: 2_000);
    }
}
