using System.Collections.Immutable;
using System.Globalization;

namespace RiskScoring.Decisions;

/// <summary>The kind of a forbearance plan.</summary>
public enum RepaymentPlanKind
{
    /// <summary>Same rate, longer term: the shortest extension whose level instalment is affordable.</summary>
    TermExtension = 0,

    /// <summary>Same rate and term, lower (affordable) level instalment, the remainder due as a balloon with the last instalment.</summary>
    ReducedInstalmentWithBalloon = 1,

    /// <summary>Same term, the smallest rate reduction (in whole basis points) that makes the instalment affordable.</summary>
    RateReduction = 2,

    /// <summary>A payment holiday of 1–3 months, then level instalments over the shortest affordable term
    /// (at least the remaining term).</summary>
    PaymentHoliday = 3,
}

/// <summary>How interest is treated during a payment holiday.</summary>
public enum HolidayInterest
{
    /// <summary>Interest accrues and is added to the balance (capitalised).</summary>
    Capitalised = 0,

    /// <summary>Interest is waived: the balance does not grow.</summary>
    Waived = 1,
}

/// <summary>Why no plan was proposed.</summary>
public enum RepaymentPlanRefusal
{
    /// <summary>Not refused: at least one plan fits.</summary>
    None = 0,

    /// <summary>The current instalment is already within the affordable instalment: no forbearance is needed.</summary>
    CurrentInstalmentAffordable = 1,

    /// <summary>The affordable instalment is zero: no plan can be repaid.</summary>
    NoRepaymentAbility = 2,

    /// <summary>No plan kind fits within the affordable instalment and the configured limits.</summary>
    NoPlanFits = 3,
}

/// <summary>Settings of the <see cref="RepaymentPlanner"/>. Immutable; validated by the planner's constructor.</summary>
public sealed record RepaymentPlanOptions
{
    /// <summary>Most months a term may be extended by (1–600). Default: 60. The total term never exceeds
    /// <see cref="Annuity.MaxTermMonths"/>.</summary>
    public int MaxTermExtensionMonths { get; init; } = 60;

    /// <summary>Largest balloon as a share of the outstanding balance (0–1). Default: 0.35 (35 %).</summary>
    public decimal MaxBalloonShare { get; init; } = 0.35m;

    /// <summary>Lowest annual rate a rate reduction may reach, as a fraction (≥ 0). Default: 0.</summary>
    public decimal MinimumAnnualRate { get; init; }

    /// <summary>Length of a payment holiday in months (1–3). Default: 3.</summary>
    public int HolidayMonths { get; init; } = 3;

    /// <summary>Interest treatment during a payment holiday. Default: <see cref="Decisions.HolidayInterest.Capitalised"/>.</summary>
    public HolidayInterest HolidayInterest { get; init; } = HolidayInterest.Capitalised;

    /// <summary>The default settings.</summary>
    public static RepaymentPlanOptions Default { get; } = new();

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">Naming the field, value and rule.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxTermExtensionMonths < 1 || MaxTermExtensionMonths > Annuity.MaxTermMonths)
        {
            errors.Add("maxTermExtensionMonths = " + MaxTermExtensionMonths.ToString(CultureInfo.InvariantCulture) + ": must be between 1 and 600");
        }

        if (MaxBalloonShare < 0m || MaxBalloonShare > 1m)
        {
            errors.Add("maxBalloonShare = " + Annuity.Text(MaxBalloonShare) + ": must be between 0 and 1");
        }

        if (MinimumAnnualRate < 0m || MinimumAnnualRate > Annuity.MaxAnnualRate)
        {
            errors.Add("minimumAnnualRate = " + Annuity.Text(MinimumAnnualRate) + ": must be between 0 and 1");
        }

        if (HolidayMonths < 1 || HolidayMonths > 3)
        {
            errors.Add("holidayMonths = " + HolidayMonths.ToString(CultureInfo.InvariantCulture) + ": must be between 1 and 3");
        }

        if (!Enum.IsDefined(HolidayInterest))
        {
            errors.Add("holidayInterest = " + HolidayInterest + ": is not a defined HolidayInterest value");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid repayment plan options: " + string.Join("; ", errors));
        }
    }
}

/// <summary>A loan whose borrower is in difficulty. Amounts in currency units.</summary>
public sealed record LoanInDifficulty
{
    /// <summary>Outstanding principal (&gt; 0, at most 10^15).</summary>
    public required decimal OutstandingBalance { get; init; }

    /// <summary>Nominal annual rate as a fraction (0.12 = 12 %), 0–1; interest is charged monthly at rate / 12.</summary>
    public required decimal AnnualRate { get; init; }

    /// <summary>Remaining contractual instalments (1–600).</summary>
    public required int RemainingTermMonths { get; init; }

    /// <summary>Current contractual monthly instalment (≥ 0).</summary>
    public required decimal CurrentInstalment { get; init; }

    /// <summary>The monthly instalment the borrower can afford for this loan (≥ 0). From an affordability check:
    /// <see cref="AffordabilityResult.MaxAffordableInstalment"/> plus this loan's current instalment when that
    /// instalment is among the obligations the check deducted.</summary>
    public required decimal AffordableInstalment { get; init; }

    /// <summary>Date of the first instalment of any plan; later instalments fall on the same day of later months.</summary>
    public required DateOnly FirstPaymentDate { get; init; }
}

/// <summary>One row of a repayment schedule. For every row Instalment = Interest + Principal, and Balance is the
/// balance after the row. During a capitalised payment holiday Instalment is 0 and Principal is −Interest (the balance
/// grows).</summary>
/// <param name="Number">1-based row number.</param>
/// <param name="Date">Due date.</param>
/// <param name="Instalment">Amount due (currency units).</param>
/// <param name="Interest">Interest charged for the month (currency units, rounded to the cent half away from zero).</param>
/// <param name="Principal">Reduction of the balance (currency units; negative when interest is capitalised).</param>
/// <param name="Balance">Balance after the row (currency units).</param>
public readonly record struct ScheduleLine(int Number, DateOnly Date, decimal Instalment, decimal Interest, decimal Principal, decimal Balance);

/// <summary>One proposed plan with its full schedule. Totals reconcile to the cent: the principal column sums to the
/// opening balance, the last balance is 0, and the last instalment absorbs rounding.</summary>
public sealed record RepaymentPlan
{
    /// <summary>The kind of plan.</summary>
    public required RepaymentPlanKind Kind { get; init; }

    /// <summary>Plain-language summary of the plan.</summary>
    public required string Description { get; init; }

    /// <summary>Annual rate applied (fraction).</summary>
    public required decimal AnnualRate { get; init; }

    /// <summary>Months in the schedule, holiday months included.</summary>
    public int TermMonths => Schedule.Length;

    /// <summary>Holiday months at the start of the schedule (0 when none).</summary>
    public int HolidayMonths { get; init; }

    /// <summary>The level instalment due after any holiday (currency units).</summary>
    public required decimal RegularInstalment { get; init; }

    /// <summary>The last instalment (the regular instalment adjusted for rounding, plus any balloon).</summary>
    public decimal FinalInstalment => Schedule[^1].Instalment;

    /// <summary>The balloon: final instalment − regular instalment for a balloon plan, 0 otherwise.</summary>
    public decimal Balloon { get; init; }

    /// <summary>Interest waived during a holiday with waived interest (currency units; 0 otherwise).</summary>
    public decimal InterestWaived { get; init; }

    /// <summary>The schedule, one row per month.</summary>
    public required ImmutableArray<ScheduleLine> Schedule { get; init; }

    /// <summary>Sum of instalments.</summary>
    public decimal TotalPaid => Sum(static l => l.Instalment);

    /// <summary>Sum of interest charged.</summary>
    public decimal TotalInterest => Sum(static l => l.Interest);

    /// <summary>Sum of the principal column; equals the opening balance.</summary>
    public decimal TotalPrincipal => Sum(static l => l.Principal);

    private decimal Sum(Func<ScheduleLine, decimal> pick)
    {
        decimal total = 0m;
        foreach (var line in Schedule)
        {
            total += pick(line);
        }

        return total;
    }
}

/// <summary>The planner's answer: plans that fit, or a refusal with its reason.</summary>
public sealed record RepaymentPlanResult
{
    /// <summary>Plans that fit, in <see cref="RepaymentPlanKind"/> order (empty when refused).</summary>
    public required ImmutableArray<RepaymentPlan> Plans { get; init; }

    /// <summary>Why no plan was proposed, or <see cref="RepaymentPlanRefusal.None"/>.</summary>
    public required RepaymentPlanRefusal Refusal { get; init; }

    /// <summary>Plain-language explanation with the numbers; for a success, a one-line summary.</summary>
    public required string Message { get; init; }

    /// <summary>True when at least one plan fits.</summary>
    public bool HasPlans => Refusal == RepaymentPlanRefusal.None;
}

/// <summary>
/// Proposes forbearance plans for a borrower in difficulty, each within the affordable instalment:
/// term extension, reduced instalment with balloon, rate reduction and a payment holiday.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class RepaymentPlanner
{
    private const decimal BasisPoint = 0.0001m;

    /// <summary>Creates a planner.</summary>
    /// <param name="options">Settings; null for <see cref="RepaymentPlanOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">When the options are invalid.</exception>
    public RepaymentPlanner(RepaymentPlanOptions? options = null)
    {
        Options = options ?? RepaymentPlanOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public RepaymentPlanOptions Options { get; }

    /// <summary>Proposes every plan kind that fits.</summary>
    /// <param name="loan">The loan.</param>
    /// <returns>The plans, or a refusal with its reason.</returns>
    /// <exception cref="ArgumentException">When a field of <paramref name="loan"/> is out of range (the message names it).</exception>
    public RepaymentPlanResult Propose(LoanInDifficulty loan)
    {
        ArgumentNullException.ThrowIfNull(loan);
        Check(loan);
        decimal affordable = Annuity.FloorCents(loan.AffordableInstalment);
        if (affordable >= loan.CurrentInstalment)
        {
            return Refuse(RepaymentPlanRefusal.CurrentInstalmentAffordable, F($"no plan needed: the current instalment {loan.CurrentInstalment:0.00} is within the affordable instalment {affordable:0.00}"));
        }

        if (affordable <= 0m)
        {
            return Refuse(RepaymentPlanRefusal.NoRepaymentAbility, F($"no plan fits: the affordable instalment is {affordable:0.00}"));
        }

        var plans = ImmutableArray.CreateBuilder<RepaymentPlan>();
        decimal monthlyRate = loan.AnnualRate / 12m;
        int maxTerm = Math.Min(Annuity.MaxTermMonths, loan.RemainingTermMonths + Options.MaxTermExtensionMonths);

        int? extended = ShortestAffordableTerm(loan.OutstandingBalance, loan.AnnualRate, loan.RemainingTermMonths + 1, maxTerm, affordable);
        if (extended is int n)
        {
            decimal instalment = Annuity.Payment(loan.OutstandingBalance, loan.AnnualRate, n);
            plans.Add(new RepaymentPlan
            {
                Kind = RepaymentPlanKind.TermExtension,
                Description = F($"extend the term from {loan.RemainingTermMonths} to {n} months at {loan.AnnualRate:P2}: {instalment:0.00} a month"),
                AnnualRate = loan.AnnualRate,
                RegularInstalment = instalment,
                Schedule = BuildSchedule(loan.OutstandingBalance, monthlyRate, loan.FirstPaymentDate, 0, HolidayInterest.Capitalised, instalment, n, out _),
            });
        }

        var balloonSchedule = BuildSchedule(loan.OutstandingBalance, monthlyRate, loan.FirstPaymentDate, 0, HolidayInterest.Capitalised, affordable, loan.RemainingTermMonths, out _);
        decimal balloon = balloonSchedule[^1].Instalment - affordable;
        if (loan.RemainingTermMonths > 1 && balloon <= Options.MaxBalloonShare * loan.OutstandingBalance)
        {
            plans.Add(new RepaymentPlan
            {
                Kind = RepaymentPlanKind.ReducedInstalmentWithBalloon,
                Description = F($"reduce the instalment to {affordable:0.00} a month for {loan.RemainingTermMonths} months at {loan.AnnualRate:P2}, with a balloon of {balloon:0.00} in the last month"),
                AnnualRate = loan.AnnualRate,
                RegularInstalment = affordable,
                Balloon = balloon,
                Schedule = balloonSchedule,
            });
        }

        decimal? rate = HighestAffordableRate(loan, affordable);
        if (rate is decimal reduced)
        {
            decimal instalment = Annuity.Payment(loan.OutstandingBalance, reduced, loan.RemainingTermMonths);
            plans.Add(new RepaymentPlan
            {
                Kind = RepaymentPlanKind.RateReduction,
                Description = F($"reduce the rate from {loan.AnnualRate:P2} to {reduced:P2} over the remaining {loan.RemainingTermMonths} months: {instalment:0.00} a month"),
                AnnualRate = reduced,
                RegularInstalment = instalment,
                Schedule = BuildSchedule(loan.OutstandingBalance, reduced / 12m, loan.FirstPaymentDate, 0, HolidayInterest.Capitalised, instalment, loan.RemainingTermMonths, out _),
            });
        }

        AddHoliday(loan, affordable, monthlyRate, maxTerm, plans);
        if (plans.Count == 0)
        {
            return Refuse(RepaymentPlanRefusal.NoPlanFits, F($"no plan fits: the affordable instalment {affordable:0.00} is below every plan's instalment (balance {loan.OutstandingBalance:0.00}, rate {loan.AnnualRate:P2}, term up to {maxTerm} months, balloon up to {Options.MaxBalloonShare:P0}, rate down to {Options.MinimumAnnualRate:P2})"));
        }

        return new RepaymentPlanResult
        {
            Plans = plans.ToImmutable(),
            Refusal = RepaymentPlanRefusal.None,
            Message = F($"{plans.Count} plan(s) within the affordable instalment {affordable:0.00}"),
        };
    }

    /// <summary>Builds a schedule: <paramref name="holidayMonths"/> holiday rows, then <paramref name="paymentMonths"/>
    /// rows of <paramref name="instalment"/>, the last row paying off the balance with its interest.</summary>
    internal static ImmutableArray<ScheduleLine> BuildSchedule(
        decimal balance, decimal monthlyRate, DateOnly first, int holidayMonths, HolidayInterest holidayInterest, decimal instalment, int paymentMonths, out decimal waived)
    {
        var rows = ImmutableArray.CreateBuilder<ScheduleLine>(holidayMonths + paymentMonths);
        waived = 0m;
        for (int i = 0; i < holidayMonths; i++)
        {
            decimal interest = Annuity.RoundCents(balance * monthlyRate);
            if (holidayInterest == HolidayInterest.Waived)
            {
                waived += interest;
                interest = 0m;
            }

            balance += interest;
            rows.Add(new ScheduleLine(i + 1, first.AddMonths(i), 0m, interest, -interest, balance));
        }

        for (int k = 1; k <= paymentMonths; k++)
        {
            int i = holidayMonths + k - 1;
            decimal interest = Annuity.RoundCents(balance * monthlyRate);
            decimal payment = k == paymentMonths ? balance + interest : instalment;
            decimal principal = payment - interest;
            balance -= principal;
            rows.Add(new ScheduleLine(i + 1, first.AddMonths(i), payment, interest, principal, balance));
        }

        return rows.MoveToImmutable();
    }

    private static int? ShortestAffordableTerm(decimal balance, decimal annualRate, int minTerm, int maxTerm, decimal affordable)
    {
        if (minTerm > maxTerm || Annuity.Payment(balance, annualRate, maxTerm) > affordable)
        {
            return null;
        }

        int lo = minTerm, hi = maxTerm; // payment(hi) is affordable; payment falls as the term grows
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (Annuity.Payment(balance, annualRate, mid) <= affordable)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private decimal? HighestAffordableRate(LoanInDifficulty loan, decimal affordable)
    {
        decimal floor = Options.MinimumAnnualRate;
        if (loan.AnnualRate <= floor || Annuity.Payment(loan.OutstandingBalance, floor, loan.RemainingTermMonths) > affordable)
        {
            return null;
        }

        // Reduction k in whole basis points, 1..kMax; the rate is max(floor, rate − k bp). Find the smallest k that fits.
        int kMax = (int)Math.Ceiling((loan.AnnualRate - floor) / BasisPoint);
        int lo = 1, hi = kMax;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (Annuity.Payment(loan.OutstandingBalance, Math.Max(floor, loan.AnnualRate - (mid * BasisPoint)), loan.RemainingTermMonths) <= affordable)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return Math.Max(floor, loan.AnnualRate - (lo * BasisPoint));
    }

    private void AddHoliday(LoanInDifficulty loan, decimal affordable, decimal monthlyRate, int maxTerm, ImmutableArray<RepaymentPlan>.Builder plans)
    {
        int h = Options.HolidayMonths;
        decimal balance = loan.OutstandingBalance;
        for (int i = 0; i < h; i++)
        {
            balance += Options.HolidayInterest == HolidayInterest.Capitalised ? Annuity.RoundCents(balance * monthlyRate) : 0m;
        }

        int? term = ShortestAffordableTerm(balance, loan.AnnualRate, loan.RemainingTermMonths, Math.Min(maxTerm, Annuity.MaxTermMonths - h), affordable);
        if (term is not int n)
        {
            return;
        }

        decimal instalment = Annuity.Payment(balance, loan.AnnualRate, n);
        var schedule = BuildSchedule(loan.OutstandingBalance, monthlyRate, loan.FirstPaymentDate, h, Options.HolidayInterest, instalment, n, out decimal waived);
        string treatment = Options.HolidayInterest == HolidayInterest.Capitalised ? "interest capitalised" : "interest waived";
        plans.Add(new RepaymentPlan
        {
            Kind = RepaymentPlanKind.PaymentHoliday,
            Description = F($"payment holiday of {h} month(s) ({treatment}), then {instalment:0.00} a month for {n} months at {loan.AnnualRate:P2}"),
            AnnualRate = loan.AnnualRate,
            HolidayMonths = h,
            InterestWaived = waived,
            RegularInstalment = instalment,
            Schedule = schedule,
        });
    }

    private static void Check(LoanInDifficulty loan)
    {
        if (loan.OutstandingBalance <= 0m || loan.OutstandingBalance > LimitAdjuster.MaxAmount)
        {
            throw new ArgumentException("OutstandingBalance = " + Annuity.Text(loan.OutstandingBalance) + ": must be > 0 and at most 1e15", nameof(loan));
        }

        if (loan.AnnualRate < 0m || loan.AnnualRate > Annuity.MaxAnnualRate)
        {
            throw new ArgumentException("AnnualRate = " + Annuity.Text(loan.AnnualRate) + ": must be between 0 and 1 (a fraction per year)", nameof(loan));
        }

        if (loan.RemainingTermMonths < 1 || loan.RemainingTermMonths > Annuity.MaxTermMonths)
        {
            throw new ArgumentException("RemainingTermMonths = " + loan.RemainingTermMonths.ToString(CultureInfo.InvariantCulture) + ": must be between 1 and 600", nameof(loan));
        }

        if (loan.CurrentInstalment < 0m)
        {
            throw new ArgumentException("CurrentInstalment = " + Annuity.Text(loan.CurrentInstalment) + ": must not be negative", nameof(loan));
        }

        if (loan.AffordableInstalment < 0m)
        {
            throw new ArgumentException("AffordableInstalment = " + Annuity.Text(loan.AffordableInstalment) + ": must not be negative", nameof(loan));
        }
    }

    private static RepaymentPlanResult Refuse(RepaymentPlanRefusal reason, string message) =>
        new() { Plans = ImmutableArray<RepaymentPlan>.Empty, Refusal = reason, Message = message };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
