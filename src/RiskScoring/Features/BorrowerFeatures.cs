using RiskScoring.Profiles;

namespace RiskScoring.Features;

/// <summary>
/// The standard borrower feature schema: names and positions of the features <see cref="FeatureExtractor"/> writes
/// from a <see cref="BorrowerProfile"/>. Every other stage refers to features through these constants, never through
/// string literals. A lender's extra attributes follow the standard features (see <see cref="CreateSchema"/>).
/// </summary>
public static class BorrowerFeatures
{
    /// <summary>Name of the standard schema.</summary>
    public const string SchemaName = "borrower";

    /// <summary>Version of the standard schema.</summary>
    public const int SchemaVersion = 1;

    /// <summary>A month counts as an income drop when income falls by more than this share from the previous month.</summary>
    public const double IncomeDropThreshold = 0.30;

    /// <summary>Debt-to-income is capped at this value (also the value for obligations with zero income).</summary>
    public const double MaxDebtToIncome = 10.0;

#pragma warning disable CS1591 // the constants are documented by the descriptions in Standard below
    public const int IncomeMean = 0;
    public const int IncomeCv = 1;
    public const int IncomeDropShare = 2;
    public const int IncomeTrend = 3;
    public const int IncomeMonths = 4;
    public const int EmploymentType = 5;
    public const int EmploymentMonths = 6;
    public const int Age = 7;
    public const int AgeGroup = 8;
    public const int RevolvingUtilisation = 9;
    public const int MaxLineUtilisation = 10;
    public const int DebtToIncome = 11;
    public const int PastDue30To59 = 12;
    public const int PastDue60To89 = 13;
    public const int PastDue90Plus = 14;
    public const int MonthsSinceDelinquency = 15;
    public const int EverDelinquent = 16;
    public const int MonthsOnBook = 17;
    public const int Enquiries6M = 18;
    public const int Dependents = 19;
    public const int OpenCreditLines = 20;
    public const int BorrowerKind = 21;
    public const int BusinessRevenue = 22;
    public const int YearsTrading = 23;
#pragma warning restore CS1591

    /// <summary>Number of standard features (extra attributes start at this index).</summary>
    public const int StandardCount = 24;

    /// <summary>Age-group category labels, in code order; the last group (62 and over) is the one Regulation B
    /// 1002.6(b)(2)(ii) protects.</summary>
    public static readonly IReadOnlyList<string> AgeGroups = ["18-24", "25-34", "35-44", "45-54", "55-61", "62+"];

    /// <summary>Code of the 62-and-over age group in <see cref="AgeGroup"/>.</summary>
    public const int ElderlyAgeGroupCode = 5;

    /// <summary>The age (years) from which an applicant is elderly under Regulation B.</summary>
    public const int ElderlyAge = 62;

    /// <summary>Employment-type categories in code order (<see cref="Profiles.EmploymentType.Unknown"/> is missing).</summary>
    public static readonly IReadOnlyList<string> EmploymentCategories =
    [
        nameof(Profiles.EmploymentType.SalariedPermanent), nameof(Profiles.EmploymentType.SalariedTemporary),
        nameof(Profiles.EmploymentType.SelfEmployed), nameof(Profiles.EmploymentType.Gig),
        nameof(Profiles.EmploymentType.Unemployed), nameof(Profiles.EmploymentType.Retired), nameof(Profiles.EmploymentType.Student),
    ];

    /// <summary>The standard features, in vector order, each with its formula.</summary>
    public static readonly IReadOnlyList<FeatureDefinition> Standard =
    [
        FeatureDefinition.Numeric("income_mean", "Mean monthly net income over the income history (currency units per month); missing when the history is empty."),
        FeatureDefinition.Numeric("income_cv", "Coefficient of variation of monthly income: population standard deviation / mean; missing with fewer than 2 months or a zero mean."),
        FeatureDefinition.Numeric("income_drop_share", "Share of month-to-month transitions where income fell by more than 30 % from the previous month: count(x[i] < 0.7·x[i-1]) / (n-1); missing with fewer than 2 months."),
        FeatureDefinition.Numeric("income_trend", "Least-squares slope of monthly income against month number, divided by the mean income (relative change per month); missing with fewer than 3 months or a zero mean."),
        FeatureDefinition.Numeric("income_months", "Number of months of income history (0 = income unknown)."),
        new FeatureDefinition("employment_type", FeatureKind.Categorical, "Employment type; missing when unknown.", [.. EmploymentCategories]),
        FeatureDefinition.Numeric("employment_months", "Months in the current employment; missing when unknown."),
        FeatureDefinition.Numeric("age", "Age in whole years; missing when unknown."),
        new FeatureDefinition("age_group", FeatureKind.Categorical, "Age group 18-24, 25-34, 35-44, 45-54, 55-61, 62+; missing when age is unknown.", [.. AgeGroups]),
        FeatureDefinition.Numeric("revolving_utilisation", "Total balance / total limit over revolving lines; missing when there is no revolving line or the total limit is zero."),
        FeatureDefinition.Numeric("max_line_utilisation", "Highest balance / limit of a single revolving line with a positive limit; missing when there is none."),
        FeatureDefinition.Numeric("debt_to_income", "(Monthly debt obligations + instalments of instalment loans) / mean monthly income, capped at 10 (also 10 for obligations with zero income, 0 for none); missing when obligations or income are unknown."),
        FeatureDefinition.Numeric("past_due_30_59", "Times 30-59 days past due in the last 24 months; missing when unknown."),
        FeatureDefinition.Numeric("past_due_60_89", "Times 60-89 days past due in the last 24 months; missing when unknown."),
        FeatureDefinition.Numeric("past_due_90_plus", "Times 90+ days past due in the last 24 months; missing when unknown."),
        FeatureDefinition.Numeric("months_since_delinquency", "Months since the last delinquency; missing when never delinquent or unknown (see ever_delinquent)."),
        FeatureDefinition.Numeric("ever_delinquent", "1 when any delinquency is recorded, 0 when known to have none, missing when unknown."),
        FeatureDefinition.Numeric("months_on_book", "Months since the first account with the lender; missing when unknown."),
        FeatureDefinition.Numeric("enquiries_6m", "Credit enquiries in the last 6 months; missing when unknown."),
        FeatureDefinition.Numeric("dependents", "Number of financial dependents; missing when unknown."),
        FeatureDefinition.Numeric("open_credit_lines", "Open credit lines and loans: the reported count, else the number of credit lines on the profile."),
        new FeatureDefinition("borrower_kind", FeatureKind.Categorical, "Individual or small business.", [nameof(Profiles.BorrowerKind.Individual), nameof(Profiles.BorrowerKind.SmallBusiness)]),
        FeatureDefinition.Numeric("business_revenue", "Annual revenue of a small business (currency units per year); missing for individuals or when unknown."),
        FeatureDefinition.Numeric("years_trading", "Years a small business has traded; missing for individuals or when unknown."),
    ];

    /// <summary>The standard schema with no extra attributes.</summary>
    public static FeatureSchema Schema { get; } = CreateSchema([]);

    /// <summary>Creates the borrower schema with a lender's extra attributes appended after the standard features.
    /// Each extra feature reads the profile's <see cref="BorrowerProfile.Extra"/> entry of the same name.</summary>
    /// <param name="extraFeatures">Definitions of the extra attributes (numeric or categorical).</param>
    /// <returns>The schema.</returns>
    public static FeatureSchema CreateSchema(IEnumerable<FeatureDefinition> extraFeatures)
    {
        ArgumentNullException.ThrowIfNull(extraFeatures);
        return new FeatureSchema(SchemaName, SchemaVersion, Standard.Concat(extraFeatures));
    }

    /// <summary>Whether <paramref name="schema"/> is a borrower schema of this version: the standard features first
    /// (equal definitions), then any extra attributes. A schema read back from a model package qualifies.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>True when <see cref="FeatureExtractor"/> can write its vectors.</returns>
    public static bool IsBorrowerSchema(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Name != SchemaName || schema.Version != SchemaVersion || schema.Count < StandardCount)
        {
            return false;
        }

        for (int i = 0; i < StandardCount; i++)
        {
            if (schema[i] != Standard[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Age group code (index into <see cref="AgeGroups"/>) for an age in years.</summary>
    /// <param name="age">Age in years (≥ 18).</param>
    /// <returns>The code 0–5.</returns>
    public static int AgeGroupOf(int age) => age switch
    {
        < 25 => 0,
        < 35 => 1,
        < 45 => 2,
        < 55 => 3,
        < ElderlyAge => 4,
        _ => ElderlyAgeGroupCode,
    };
}
