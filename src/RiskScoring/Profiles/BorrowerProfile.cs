using System.Collections.Immutable;

namespace RiskScoring.Profiles;

/// <summary>
/// Everything a lender holds about one borrower at one date, as an immutable value. Amounts are in the lender's
/// currency units; durations in months unless a member says otherwise. A null (or empty) member means
/// <em>unknown</em>: missing is represented explicitly and never replaced by zero. Call <see cref="Validate"/> or
/// <see cref="ProfileValidator.EnsureValid"/> before use; the scorer and the feature extractor reject invalid profiles.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed record BorrowerProfile
{
    /// <summary>The maximum number of months of income history a profile may carry.</summary>
    public const int MaxIncomeHistoryMonths = 36;

    /// <summary>The lender's identifier for the borrower or application (not a feature). Default: empty.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Individual or small business. Default: <see cref="BorrowerKind.Individual"/>.</summary>
    public BorrowerKind Kind { get; init; } = BorrowerKind.Individual;

    /// <summary>Age in whole years (18–120), or null when unknown. For a business, the age of the principal.
    /// Use <see cref="AgeOn"/> to derive it from a date of birth.</summary>
    public int? Age { get; init; }

    /// <summary>Employment type. Default: <see cref="EmploymentType.Unknown"/>.</summary>
    public EmploymentType Employment { get; init; } = EmploymentType.Unknown;

    /// <summary>Months in the current employment (0–1200), or null when unknown.</summary>
    public int? MonthsInEmployment { get; init; }

    /// <summary>Monthly net income for the last N months, oldest first (0 ≤ N ≤ 36, each ≥ 0, currency units per
    /// month). Empty means unknown income.</summary>
    public ImmutableArray<double> IncomeHistory { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>Monthly debt obligations outside the credit lines listed here (rent or mortgage, alimony, other
    /// loans; currency units per month, ≥ 0), or null when unknown. Instalments of <see cref="CreditLines"/> are added
    /// to it by the features that need total obligations.</summary>
    public double? MonthlyDebtObligations { get; init; }

    /// <summary>Number of financial dependents (0–30), or null when unknown.</summary>
    public int? Dependents { get; init; }

    /// <summary>The credit lines the borrower holds (with this lender and reported by bureaus). Empty means none
    /// reported.</summary>
    public ImmutableArray<CreditLine> CreditLines { get; init; } = ImmutableArray<CreditLine>.Empty;

    /// <summary>Number of open credit lines and loans when only a count is known (for example from a bureau
    /// summary), or null to use the number of <see cref="CreditLines"/>.</summary>
    public int? OpenCreditLinesCount { get; init; }

    /// <summary>Delinquency record over the last 24 months. Default: unknown.</summary>
    public RepaymentHistory Repayment { get; init; } = RepaymentHistory.Unknown;

    /// <summary>Months since the borrower's first account with the lender (≥ 0), or null when unknown.</summary>
    public int? MonthsOnBook { get; init; }

    /// <summary>Credit enquiries (hard searches) in the last 6 months (≥ 0), or null when unknown.</summary>
    public int? EnquiriesLast6Months { get; init; }

    /// <summary>Facts about a small business; required when <see cref="Kind"/> is
    /// <see cref="BorrowerKind.SmallBusiness"/> (its members may be unknown), null for an individual.</summary>
    public BusinessDetails? Business { get; init; }

    /// <summary>The lender's own attributes (name → number or category), read by the features a schema declares for
    /// them. Names are case-sensitive. Default: none.</summary>
    public ImmutableDictionary<string, ExtraValue> Extra { get; init; } =
        ImmutableDictionary<string, ExtraValue>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Age in whole years on <paramref name="asOf"/> of a person born on <paramref name="dateOfBirth"/>.</summary>
    /// <param name="dateOfBirth">Date of birth.</param>
    /// <param name="asOf">The date the profile describes (injected: the library never reads the clock).</param>
    /// <returns>Completed years of age.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="asOf"/> is before the date of birth.</exception>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly asOf)
    {
        if (asOf < dateOfBirth)
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), asOf, $"The as-of date {asOf:yyyy-MM-dd} is before the date of birth {dateOfBirth:yyyy-MM-dd}.");
        }

        int age = asOf.Year - dateOfBirth.Year;
        if (asOf.Month < dateOfBirth.Month || (asOf.Month == dateOfBirth.Month && asOf.Day < dateOfBirth.Day))
        {
            age--;
        }

        return age;
    }

    /// <summary>Checks every field and returns all violations (empty when the profile is valid).</summary>
    /// <returns>The violations, in field order.</returns>
    public IReadOnlyList<ProfileError> Validate() => ProfileValidator.Validate(this);
}
