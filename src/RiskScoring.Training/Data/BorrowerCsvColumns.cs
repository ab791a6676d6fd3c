using System.Globalization;

namespace RiskScoring.Training.Data;

/// <summary>
/// The column names of the borrower CSV format (see <c>data/README.md</c>), defined once. Every reader, writer and
/// test refers to these constants, never to string literals. Names are case-sensitive snake_case.
/// </summary>
public static class BorrowerCsvColumns
{
    /// <summary>Borrower or application identifier (required; text).</summary>
    public const string Id = "id";

    /// <summary><c>Individual</c> or <c>SmallBusiness</c> (<see cref="Profiles.BorrowerKind"/> names); missing = Individual.</summary>
    public const string Kind = "kind";

    /// <summary>Age in whole years (18–120).</summary>
    public const string Age = "age";

    /// <summary><see cref="Profiles.EmploymentType"/> name, for example <c>SalariedPermanent</c>; missing = Unknown.</summary>
    public const string EmploymentType = "employment_type";

    /// <summary>Months in the current employment.</summary>
    public const string MonthsInEmployment = "months_in_employment";

    /// <summary>Prefix of the income columns <c>income_m1</c> … <c>income_mN</c> (oldest first, N ≤ 36).</summary>
    public const string IncomePrefix = "income_m";

    /// <summary>Monthly debt obligations outside the listed credit lines (currency units per month).</summary>
    public const string MonthlyDebtObligations = "monthly_debt_obligations";

    /// <summary>Number of financial dependents.</summary>
    public const string Dependents = "dependents";

    /// <summary>Credit lines in one cell: <c>R:limit:balance</c> or <c>I:principal:instalment</c>, separated by <c>;</c>.</summary>
    public const string CreditLines = "credit_lines";

    /// <summary>Reported count of open credit lines and loans.</summary>
    public const string OpenCreditLines = "open_credit_lines";

    /// <summary>Times 30–59 days past due in the last 24 months.</summary>
    public const string PastDue30To59 = "past_due_30_59";

    /// <summary>Times 60–89 days past due in the last 24 months.</summary>
    public const string PastDue60To89 = "past_due_60_89";

    /// <summary>Times 90+ days past due in the last 24 months.</summary>
    public const string PastDue90Plus = "past_due_90_plus";

    /// <summary>Months since the last delinquency.</summary>
    public const string MonthsSinceDelinquency = "months_since_delinquency";

    /// <summary>1 when ever delinquent, 0 when known never to have been (also <c>true</c>/<c>false</c>).</summary>
    public const string EverDelinquent = "ever_delinquent";

    /// <summary>Months since the first account with the lender.</summary>
    public const string MonthsOnBook = "months_on_book";

    /// <summary>Credit enquiries in the last 6 months.</summary>
    public const string Enquiries6M = "enquiries_6m";

    /// <summary>Annual revenue of a small business (currency units per year).</summary>
    public const string BusinessRevenue = "business_revenue";

    /// <summary>Years a small business has traded.</summary>
    public const string YearsTrading = "years_trading";

    /// <summary>Optional target: 1 = defaulted, 0 = not.</summary>
    public const string Defaulted = "defaulted";

    /// <summary>Optional true probability of default (synthetic data only), in [0, 1].</summary>
    public const string TruePd = "true_pd";

    /// <summary>Optional current credit limit (decimal currency units), for limit reviews.</summary>
    public const string CurrentLimit = "current_limit";

    /// <summary>Optional date of the last limit increase, <c>yyyy-MM-dd</c>, for limit reviews.</summary>
    public const string LastIncreaseDate = "last_increase_date";

    /// <summary>Prefix of a lender's extra attribute column: <c>x_&lt;name&gt;</c> becomes the extra attribute
    /// <c>&lt;name&gt;</c> (numeric when the cell parses as a number, else categorical).</summary>
    public const string ExtraPrefix = "x_";

    /// <summary>Format of <see cref="LastIncreaseDate"/>.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Revolving-line tag inside <see cref="CreditLines"/>.</summary>
    public const char RevolvingTag = 'R';

    /// <summary>Instalment-loan tag inside <see cref="CreditLines"/>.</summary>
    public const char InstalmentTag = 'I';

    /// <summary>Separator between lines inside <see cref="CreditLines"/>.</summary>
    public const char LineSeparator = ';';

    /// <summary>Separator between the parts of one line inside <see cref="CreditLines"/>.</summary>
    public const char PartSeparator = ':';

    /// <summary>Cell texts read as missing (compared case-insensitively), besides the empty cell.</summary>
    public static IReadOnlyList<string> MissingTokens { get; } = ["NA", "N/A", "null"];

    /// <summary>The fixed (non-income, non-extra) columns in the order the writer emits them. The income columns
    /// follow <see cref="Kind"/>…<see cref="MonthsInEmployment"/>; see <see cref="StandardOrder"/>.</summary>
    internal static readonly string[] BeforeIncome = [Id, Kind, Age, EmploymentType, MonthsInEmployment];

    internal static readonly string[] AfterIncome =
    [
        MonthlyDebtObligations, Dependents, CreditLines, OpenCreditLines, PastDue30To59, PastDue60To89, PastDue90Plus,
        MonthsSinceDelinquency, EverDelinquent, MonthsOnBook, Enquiries6M, BusinessRevenue, YearsTrading,
    ];

    internal static readonly string[] Optional = [Defaulted, TruePd, CurrentLimit, LastIncreaseDate];

    /// <summary>Name of income column <paramref name="month"/> (1 = oldest).</summary>
    /// <param name="month">1 … 36.</param>
    /// <returns>For example <c>income_m3</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the month is outside 1 … 36.</exception>
    public static string Income(int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, Profiles.BorrowerProfile.MaxIncomeHistoryMonths);
        return IncomePrefix + month.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The standard header for <paramref name="incomeMonths"/> income columns, without optional or extra columns.</summary>
    /// <param name="incomeMonths">Number of income columns (0 … 36).</param>
    /// <returns>The column names in writer order.</returns>
    public static IReadOnlyList<string> StandardOrder(int incomeMonths)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(incomeMonths);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(incomeMonths, Profiles.BorrowerProfile.MaxIncomeHistoryMonths);
        var list = new List<string>(BeforeIncome);
        for (int m = 1; m <= incomeMonths; m++)
        {
            list.Add(Income(m));
        }

        list.AddRange(AfterIncome);
        return list;
    }

    /// <summary>True when <paramref name="cell"/> is empty, whitespace or one of <see cref="MissingTokens"/>.</summary>
    /// <param name="cell">The cell text.</param>
    /// <returns>Whether the cell means missing.</returns>
    public static bool IsMissing(ReadOnlySpan<char> cell)
    {
        cell = cell.Trim();
        return cell.IsEmpty
            || cell.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || cell.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || cell.Equals("null", StringComparison.OrdinalIgnoreCase);
    }
}
