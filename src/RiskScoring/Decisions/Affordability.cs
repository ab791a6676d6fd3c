using System.Globalization;
using RiskScoring.Profiles;

namespace RiskScoring.Decisions;

/// <summary>What to do when <see cref="BorrowerProfile.MonthlyDebtObligations"/> is unknown.</summary>
public enum UnknownObligationsHandling
{
    /// <summary>Refuse to assess: the result says "cannot assess: obligations unknown".</summary>
    CannotAssess = 0,

    /// <summary>Count the unknown obligations as zero (the instalments and revolving balances of the listed credit
    /// lines are still counted); the result records that it did so.</summary>
    AssumeZero = 1,
}

/// <summary>
/// Settings of the repayment-ability (affordability) check. Immutable; call <see cref="Validate"/> (the
/// <see cref="AffordabilityCalculator"/> constructor does) before use.
/// </summary>
public sealed record AffordabilityOptions
{
    /// <summary>The percentile of recent monthly income taken as stable income, 0–100. Default: 20.
    /// Definition: linear interpolation between closest ranks (Hyndman–Fan type 7, the same as Excel
    /// <c>PERCENTILE.INC</c>): sort the n months ascending as x[0..n−1], let h = (n − 1)·p/100, then the percentile is
    /// x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).</summary>
    public double StableIncomePercentile { get; init; } = 20;

    /// <summary>How many of the most recent months of income history are used (1–36). Default: 12. A profile with
    /// fewer months uses all it has.</summary>
    public int IncomeMonths { get; init; } = 12;

    /// <summary>The share of each revolving balance counted as a monthly minimum payment (0–1). Default: 0.03 (3 %).</summary>
    public decimal RevolvingMinimumPaymentShare { get; init; } = 0.03m;

    /// <summary>Monthly living-cost allowance for the borrower (currency units per month, ≥ 0). Default: 800.</summary>
    public decimal LivingCostBase { get; init; } = 800m;

    /// <summary>Additional monthly living-cost allowance per dependent (currency units per month, ≥ 0). Default: 300.</summary>
    public decimal LivingCostPerDependent { get; init; } = 300m;

    /// <summary>Dependents assumed when <see cref="BorrowerProfile.Dependents"/> is unknown (0–30). Default: 0.</summary>
    public int DependentsWhenUnknown { get; init; }

    /// <summary>Maximum debt-service ratio: total monthly debt service (existing obligations plus the new
    /// instalment) as a share of stable income (0–1]. Default: 0.40 (40 %).</summary>
    public decimal MaxDebtServiceRatio { get; init; } = 0.40m;

    /// <summary>What to do when monthly debt obligations are unknown. Default:
    /// <see cref="UnknownObligationsHandling.CannotAssess"/>.</summary>
    public UnknownObligationsHandling UnknownObligations { get; init; } = UnknownObligationsHandling.CannotAssess;

    /// <summary>The default settings.</summary>
    public static AffordabilityOptions Default { get; } = new();

    /// <summary>Returns every broken rule as <c>field = value: rule</c> text (empty when valid).</summary>
    /// <returns>The errors; field names are camelCase as in JSON.</returns>
    public IReadOnlyList<string> GetErrors()
    {
        var errors = new List<string>();
        if (!(StableIncomePercentile >= 0 && StableIncomePercentile <= 100))
        {
            errors.Add(Err("stableIncomePercentile", StableIncomePercentile.ToString("R", CultureInfo.InvariantCulture), "must be between 0 and 100"));
        }

        if (IncomeMonths < 1 || IncomeMonths > BorrowerProfile.MaxIncomeHistoryMonths)
        {
            errors.Add(Err("incomeMonths", IncomeMonths.ToString(CultureInfo.InvariantCulture), "must be between 1 and 36"));
        }

        if (RevolvingMinimumPaymentShare < 0m || RevolvingMinimumPaymentShare > 1m)
        {
            errors.Add(Err("revolvingMinimumPaymentShare", Annuity.Text(RevolvingMinimumPaymentShare), "must be between 0 and 1"));
        }

        if (LivingCostBase < 0m)
        {
            errors.Add(Err("livingCostBase", Annuity.Text(LivingCostBase), "must not be negative"));
        }

        if (LivingCostPerDependent < 0m)
        {
            errors.Add(Err("livingCostPerDependent", Annuity.Text(LivingCostPerDependent), "must not be negative"));
        }

        if (DependentsWhenUnknown < 0 || DependentsWhenUnknown > 30)
        {
            errors.Add(Err("dependentsWhenUnknown", DependentsWhenUnknown.ToString(CultureInfo.InvariantCulture), "must be between 0 and 30"));
        }

        if (MaxDebtServiceRatio <= 0m || MaxDebtServiceRatio > 1m)
        {
            errors.Add(Err("maxDebtServiceRatio", Annuity.Text(MaxDebtServiceRatio), "must be > 0 and ≤ 1"));
        }

        if (!Enum.IsDefined(UnknownObligations))
        {
            errors.Add(Err("unknownObligations", UnknownObligations.ToString(), "is not a defined UnknownObligationsHandling value"));
        }

        return errors;
    }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">Naming every field, value and rule broken.</exception>
    public void Validate()
    {
        var errors = GetErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid affordability options: " + string.Join("; ", errors));
        }
    }

    private static string Err(string field, string value, string rule) => field + " = " + value + ": " + rule;
}

/// <summary>Whether an affordability check could be made.</summary>
public enum AffordabilityStatus
{
    /// <summary>Assessed: the amounts are meaningful.</summary>
    Assessed = 0,

    /// <summary>Cannot assess: the profile has no income history.</summary>
    IncomeUnknown = 1,

    /// <summary>Cannot assess: monthly debt obligations are unknown and the options say not to assume zero.</summary>
    ObligationsUnknown = 2,
}

/// <summary>Which constraint sets the largest affordable instalment.</summary>
public enum BindingConstraint
{
    /// <summary>Not assessed.</summary>
    None = 0,

    /// <summary>Disposable capacity: stable income minus obligations minus living costs.</summary>
    Capacity = 1,

    /// <summary>The debt-service-ratio cap minus existing obligations.</summary>
    DebtServiceRatio = 2,
}

/// <summary>
/// The outcome of a repayment-ability check. Amounts are monthly, in currency units, rounded to the cent. When
/// <see cref="Status"/> is not <see cref="AffordabilityStatus.Assessed"/> the amounts are zero and meaningless; read
/// <see cref="Message"/>.
/// </summary>
public sealed record AffordabilityResult
{
    /// <summary>Whether the check could be made.</summary>
    public required AffordabilityStatus Status { get; init; }

    /// <summary>Plain-language summary, for example <c>cannot assess: income unknown</c>.</summary>
    public required string Message { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="AffordabilityStatus.Assessed"/>.</summary>
    public bool CanAssess => Status == AffordabilityStatus.Assessed;

    /// <summary>Number of income months used.</summary>
    public int IncomeMonthsUsed { get; init; }

    /// <summary>Stable monthly income: the configured low percentile of recent months.</summary>
    public decimal StableIncome { get; init; }

    /// <summary>Existing monthly obligations: declared obligations + loan instalments + minimum payments on
    /// revolving balances.</summary>
    public decimal ExistingObligations { get; init; }

    /// <summary>True when unknown declared obligations were counted as zero.</summary>
    public bool ObligationsAssumedZero { get; init; }

    /// <summary>Dependents used for the living-cost allowance (the profile's, or the configured assumption).</summary>
    public int DependentsUsed { get; init; }

    /// <summary>Monthly living-cost allowance: base + per-dependent amount × dependents.</summary>
    public decimal LivingCosts { get; init; }

    /// <summary>Capacity: stable income − existing obligations − living costs (may be negative).</summary>
    public decimal Capacity { get; init; }

    /// <summary>Debt-service-ratio cap: the maximum ratio × stable income.</summary>
    public decimal DebtServiceCap { get; init; }

    /// <summary>Room under the debt-service cap: the cap − existing obligations (may be negative).</summary>
    public decimal DebtServiceHeadroom { get; init; }

    /// <summary>Largest affordable new monthly instalment: max(0, min(capacity, headroom)), rounded down to the cent.</summary>
    public decimal MaxAffordableInstalment { get; init; }

    /// <summary>The constraint that sets <see cref="MaxAffordableInstalment"/> (the smaller of the two; capacity on a tie).</summary>
    public BindingConstraint Binding { get; init; }

    /// <summary>The largest loan affordable at <paramref name="annualRate"/> over <paramref name="termMonths"/>
    /// months (see <see cref="Annuity.MaxPrincipal"/>), or null when the check could not be made.</summary>
    /// <param name="annualRate">Nominal annual rate as a fraction (0.12 = 12 %).</param>
    /// <param name="termMonths">Term in months (1–600).</param>
    /// <returns>The principal in currency units, exact to the cent.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the rate or term is out of range.</exception>
    public decimal? MaxAffordableLoan(decimal annualRate, int termMonths) =>
        CanAssess ? Annuity.MaxPrincipal(MaxAffordableInstalment, annualRate, termMonths) : null;
}

/// <summary>
/// Computes a borrower's repayment ability from a <see cref="BorrowerProfile"/>: stable income (a low percentile of
/// recent months, not the mean) minus existing obligations and a living-cost allowance, bounded by a
/// debt-service-ratio cap.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class AffordabilityCalculator
{
    /// <summary>Creates a calculator.</summary>
    /// <param name="options">Settings; null for <see cref="AffordabilityOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">When the options are invalid.</exception>
    public AffordabilityCalculator(AffordabilityOptions? options = null)
    {
        Options = options ?? AffordabilityOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public AffordabilityOptions Options { get; }

    /// <summary>Assesses the borrower. Unknown income gives a result with status
    /// <see cref="AffordabilityStatus.IncomeUnknown"/>, not an exception.</summary>
    /// <param name="profile">A valid profile.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidProfileException">When the profile is invalid.</exception>
    public AffordabilityResult Assess(BorrowerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ProfileValidator.EnsureValid(profile);
        var o = Options;
        var history = profile.IncomeHistory.IsDefault ? default : profile.IncomeHistory.AsSpan();
        if (history.IsEmpty)
        {
            return new AffordabilityResult { Status = AffordabilityStatus.IncomeUnknown, Message = "cannot assess: income unknown" };
        }

        if (profile.MonthlyDebtObligations is null && o.UnknownObligations == UnknownObligationsHandling.CannotAssess)
        {
            return new AffordabilityResult { Status = AffordabilityStatus.ObligationsUnknown, Message = "cannot assess: monthly debt obligations unknown" };
        }

        int months = Math.Min(o.IncomeMonths, history.Length);
        decimal stable = StableIncome(profile, o) ?? 0m;
        decimal obligations = ExistingObligations(profile, o.RevolvingMinimumPaymentShare);
        int dependents = profile.Dependents ?? o.DependentsWhenUnknown;
        decimal living = o.LivingCostBase + (o.LivingCostPerDependent * dependents);
        decimal capacity = stable - obligations - living;
        decimal cap = Annuity.RoundCents(o.MaxDebtServiceRatio * stable);
        decimal headroom = cap - obligations;
        var binding = capacity <= headroom ? BindingConstraint.Capacity : BindingConstraint.DebtServiceRatio;
        decimal max = Math.Max(0m, Annuity.FloorCents(Math.Min(capacity, headroom)));
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"assessed: stable income {stable:0.00}, obligations {obligations:0.00}, living costs {living:0.00}, capacity {capacity:0.00}, DSR headroom {headroom:0.00}; max instalment {max:0.00} ({binding})");
        return new AffordabilityResult
        {
            Status = AffordabilityStatus.Assessed,
            Message = message,
            IncomeMonthsUsed = months,
            StableIncome = stable,
            ExistingObligations = obligations,
            ObligationsAssumedZero = profile.MonthlyDebtObligations is null,
            DependentsUsed = dependents,
            LivingCosts = living,
            Capacity = capacity,
            DebtServiceCap = cap,
            DebtServiceHeadroom = headroom,
            MaxAffordableInstalment = max,
            Binding = binding,
        };
    }

    /// <summary>Stable monthly income (the configured percentile of the recent months, rounded to the cent), or null
    /// when the income history is empty.</summary>
    internal static decimal? StableIncome(BorrowerProfile profile, AffordabilityOptions o)
    {
        var history = profile.IncomeHistory.IsDefault ? default : profile.IncomeHistory.AsSpan();
        if (history.IsEmpty)
        {
            return null;
        }

        int months = Math.Min(o.IncomeMonths, history.Length);
        return Annuity.RoundCents(ToMoney(Percentile(history[^months..], o.StableIncomePercentile), nameof(BorrowerProfile.IncomeHistory)));
    }

    /// <summary>Declared obligations + instalments + minimum share of revolving balances, rounded to the cent.</summary>
    internal static decimal ExistingObligations(BorrowerProfile profile, decimal revolvingShare)
    {
        decimal total = ToMoney(profile.MonthlyDebtObligations ?? 0, nameof(BorrowerProfile.MonthlyDebtObligations));
        if (!profile.CreditLines.IsDefault)
        {
            foreach (var line in profile.CreditLines)
            {
                total += line.Kind == CreditLineKind.Instalment
                    ? ToMoney(line.MonthlyInstalment, "CreditLines.MonthlyInstalment")
                    : revolvingShare * ToMoney(line.Balance, "CreditLines.Balance");
            }
        }

        return Annuity.RoundCents(total);
    }

    /// <summary>Percentile by linear interpolation between closest ranks (Hyndman–Fan type 7).</summary>
    internal static double Percentile(ReadOnlySpan<double> values, double percent)
    {
        Span<double> sorted = values.Length <= 64 ? stackalloc double[values.Length] : new double[values.Length];
        values.CopyTo(sorted);
        sorted.Sort();
        double h = (sorted.Length - 1) * percent / 100.0;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>Converts a profile amount to money, rejecting amounts too large for <see cref="decimal"/> arithmetic.</summary>
    internal static decimal ToMoney(double value, string field)
    {
        if (!(value <= 1e15))
        {
            throw new ArgumentOutOfRangeException(field, value, field + " = " + value.ToString("R", CultureInfo.InvariantCulture) + ": must be at most 1e15 for money arithmetic");
        }

        return (decimal)value;
    }
}
