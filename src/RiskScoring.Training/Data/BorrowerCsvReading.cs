using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Profiles;
using C = RiskScoring.Training.Data.BorrowerCsvColumns;

namespace RiskScoring.Training.Data;

/// <summary>Column positions of one borrower CSV, checked once from its header.</summary>
internal sealed class CsvLayout
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public int Width { get; private set; }

    public int[] Income { get; private set; } = [];

    public (string Name, int Index)[] Extras { get; private set; } = [];

    public int this[string column] => _index.TryGetValue(column, out int i) ? i : -1;

    public static CsvLayout FromHeader(string[] header, LoadReport report, LoadOptions options)
    {
        var names = new string[header.Length];
        for (int i = 0; i < header.Length; i++)
        {
            names[i] = header[i].Trim().TrimStart('\uFEFF');
        }

        var layout = new CsvLayout { Width = names.Length };
        var known = new HashSet<string>(C.BeforeIncome.Concat(C.AfterIncome).Concat(C.Optional), StringComparer.Ordinal);
        var income = new SortedDictionary<int, int>();
        var extras = new List<(string, int)>();
        for (int i = 0; i < names.Length; i++)
        {
            string name = names[i];
            if (layout._index.ContainsKey(name))
            {
                throw HeaderError(report, name, "the column appears twice in the header");
            }

            layout._index.Add(name, i);
            if (known.Contains(name))
            {
                continue;
            }

            if (name.StartsWith(C.IncomePrefix, StringComparison.Ordinal))
            {
                if (!int.TryParse(name.AsSpan(C.IncomePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int month)
                    || month < 1 || month > BorrowerProfile.MaxIncomeHistoryMonths)
                {
                    throw HeaderError(report, name, "is not an income column income_m1 … income_m36");
                }

                income.Add(month, i);
            }
            else if (name.StartsWith(C.ExtraPrefix, StringComparison.Ordinal) && name.Length > C.ExtraPrefix.Length)
            {
                extras.Add((name[C.ExtraPrefix.Length..], i));
            }
            else
            {
                throw HeaderError(report, name, "is not a borrower CSV column (see BorrowerCsvColumns); a lender's own attribute needs the prefix " + C.ExtraPrefix);
            }
        }

        if (!layout._index.ContainsKey(C.Id))
        {
            throw HeaderError(report, C.Id, "the required column is missing from the header");
        }

        if (options.RequireLabel && !layout._index.ContainsKey(C.Defaulted))
        {
            throw HeaderError(report, C.Defaulted, "the column is required for training (LoadOptions.RequireLabel) but missing from the header");
        }

        int expected = 1;
        foreach (int month in income.Keys)
        {
            if (month != expected++)
            {
                throw HeaderError(report, C.Income(month), string.Create(CultureInfo.InvariantCulture, $"income columns must be numbered income_m1 … income_mN without gaps; income_m{expected - 1} is missing"));
            }
        }

        foreach (string column in C.BeforeIncome.Concat(C.AfterIncome))
        {
            if (!layout._index.ContainsKey(column))
            {
                report.AddAbsentColumn(column);
            }
        }

        if (income.Count == 0)
        {
            report.AddAbsentColumn(C.IncomePrefix + "1…N");
        }

        layout.Income = [.. income.Values];
        layout.Extras = [.. extras];
        return layout;
    }

    private static DataLoadException HeaderError(LoadReport report, string column, string reason) =>
        new(report.Source, new LoadRejection(1, column, column, "header: " + reason));
}

/// <summary>Turns the cells of one row into a validated <see cref="BorrowerRecord"/>.</summary>
internal sealed class BorrowerRowParser(CsvLayout layout, CellParser p, LoadOptions options)
{
    private readonly int _id = layout[C.Id];
    private readonly int _kind = layout[C.Kind];
    private readonly int _age = layout[C.Age];
    private readonly int _employment = layout[C.EmploymentType];
    private readonly int _monthsEmployed = layout[C.MonthsInEmployment];
    private readonly int _debt = layout[C.MonthlyDebtObligations];
    private readonly int _dependents = layout[C.Dependents];
    private readonly int _lines = layout[C.CreditLines];
    private readonly int _open = layout[C.OpenCreditLines];
    private readonly int _pd30 = layout[C.PastDue30To59];
    private readonly int _pd60 = layout[C.PastDue60To89];
    private readonly int _pd90 = layout[C.PastDue90Plus];
    private readonly int _since = layout[C.MonthsSinceDelinquency];
    private readonly int _ever = layout[C.EverDelinquent];
    private readonly int _book = layout[C.MonthsOnBook];
    private readonly int _enquiries = layout[C.Enquiries6M];
    private readonly int _revenue = layout[C.BusinessRevenue];
    private readonly int _years = layout[C.YearsTrading];
    private readonly int _defaulted = layout[C.Defaulted];
    private readonly int _truePd = layout[C.TruePd];
    private readonly int _limit = layout[C.CurrentLimit];
    private readonly int _increase = layout[C.LastIncreaseDate];

    public BorrowerRecord? Parse(string[] f, long line)
    {
        string? Cell(int i) => i < 0 ? null : f[i];

        string id = Cell(_id)?.Trim() ?? string.Empty;
        var kind = p.Enum<BorrowerKind>(Cell(_kind), C.Kind) ?? BorrowerKind.Individual;
        var income = Income(f, out int firstIncomeColumn);
        var extras = ImmutableDictionary.CreateBuilder<string, ExtraValue>(StringComparer.Ordinal);
        foreach (var (name, index) in layout.Extras)
        {
            if (CellParser.Extra(f[index]) is { } value)
            {
                extras.Add(name, value);
            }
        }

        double? revenue = p.Double(Cell(_revenue), C.BusinessRevenue);
        double? years = p.Double(Cell(_years), C.YearsTrading);
        var profile = new BorrowerProfile
        {
            Id = id,
            Kind = kind,
            Age = p.Int(Cell(_age), C.Age),
            Employment = p.Enum<EmploymentType>(Cell(_employment), C.EmploymentType) ?? EmploymentType.Unknown,
            MonthsInEmployment = p.Int(Cell(_monthsEmployed), C.MonthsInEmployment),
            IncomeHistory = income,
            MonthlyDebtObligations = p.Double(Cell(_debt), C.MonthlyDebtObligations),
            Dependents = p.Int(Cell(_dependents), C.Dependents),
            CreditLines = p.CreditLines(Cell(_lines), C.CreditLines),
            OpenCreditLinesCount = p.Int(Cell(_open), C.OpenCreditLines),
            Repayment = new RepaymentHistory(
                p.Int(Cell(_pd30), C.PastDue30To59),
                p.Int(Cell(_pd60), C.PastDue60To89),
                p.Int(Cell(_pd90), C.PastDue90Plus),
                p.Int(Cell(_since), C.MonthsSinceDelinquency),
                p.Bool(Cell(_ever), C.EverDelinquent)),
            MonthsOnBook = p.Int(Cell(_book), C.MonthsOnBook),
            EnquiriesLast6Months = p.Int(Cell(_enquiries), C.Enquiries6M),
            Business = kind == BorrowerKind.SmallBusiness || revenue is not null || years is not null ? new BusinessDetails(revenue, years) : null,
            Extra = extras.ToImmutable(),
        };

        bool? defaulted = p.Bool(Cell(_defaulted), C.Defaulted);
        if (defaulted is null && options.RequireLabel && !p.HasProblems)
        {
            p.Fail(C.Defaulted, Cell(_defaulted), "is required for training (LoadOptions.RequireLabel)");
        }

        double? truePd = p.Double(Cell(_truePd), C.TruePd);
        if (truePd is < 0 or > 1)
        {
            p.Fail(C.TruePd, Cell(_truePd), "must be a probability between 0 and 1");
        }

        var record = new BorrowerRecord(profile)
        {
            Line = line,
            Defaulted = defaulted,
            TruePd = truePd,
            CurrentLimit = p.Decimal(Cell(_limit), C.CurrentLimit),
            LastIncreaseDate = p.Date(Cell(_increase), C.LastIncreaseDate),
        };
        if (record.CurrentLimit < 0)
        {
            p.Fail(C.CurrentLimit, Cell(_limit), "must not be negative");
        }

        if (p.HasProblems)
        {
            return null;
        }

        foreach (var error in ProfileValidator.Validate(profile))
        {
            p.Fail(ProfileFieldMap.CsvColumn(error.Field, firstIncomeColumn), error.Value, error.Rule);
        }

        return p.HasProblems ? null : record;
    }

    private ImmutableArray<double> Income(string[] f, out int firstMonth)
    {
        var columns = layout.Income;
        firstMonth = 1;
        int first = 0;
        while (first < columns.Length && CellParser.Missing(f[columns[first]]))
        {
            first++;
        }

        if (first == columns.Length)
        {
            return ImmutableArray<double>.Empty;
        }

        firstMonth = first + 1;
        var values = ImmutableArray.CreateBuilder<double>(columns.Length - first);
        for (int m = first; m < columns.Length; m++)
        {
            string column = C.Income(m + 1);
            string cell = f[columns[m]];
            if (CellParser.Missing(cell))
            {
                p.Fail(column, cell, string.Create(CultureInfo.InvariantCulture, $"is missing after {C.Income(firstMonth)} has a value; only the oldest (leading) income cells may be empty"));
                return ImmutableArray<double>.Empty;
            }

            values.Add(p.Double(cell, column) ?? double.NaN);
        }

        return values.MoveToImmutable();
    }
}

/// <summary>Maps a <see cref="ProfileError.Field"/> path back to the borrower CSV column it came from.</summary>
internal static class ProfileFieldMap
{
    private static readonly Dictionary<string, string> Simple = new(StringComparer.Ordinal)
    {
        [nameof(BorrowerProfile.Id)] = C.Id,
        [nameof(BorrowerProfile.Kind)] = C.Kind,
        [nameof(BorrowerProfile.Age)] = C.Age,
        [nameof(BorrowerProfile.Employment)] = C.EmploymentType,
        [nameof(BorrowerProfile.MonthsInEmployment)] = C.MonthsInEmployment,
        [nameof(BorrowerProfile.IncomeHistory)] = C.IncomePrefix + "1…N",
        [nameof(BorrowerProfile.MonthlyDebtObligations)] = C.MonthlyDebtObligations,
        [nameof(BorrowerProfile.Dependents)] = C.Dependents,
        [nameof(BorrowerProfile.OpenCreditLinesCount)] = C.OpenCreditLines,
        [nameof(BorrowerProfile.MonthsOnBook)] = C.MonthsOnBook,
        [nameof(BorrowerProfile.EnquiriesLast6Months)] = C.Enquiries6M,
        [nameof(BorrowerProfile.Business)] = C.Kind,
        [nameof(BorrowerProfile.Business) + "." + nameof(BusinessDetails.AnnualRevenue)] = C.BusinessRevenue,
        [nameof(BorrowerProfile.Business) + "." + nameof(BusinessDetails.YearsTrading)] = C.YearsTrading,
        [nameof(BorrowerProfile.Repayment) + "." + nameof(RepaymentHistory.PastDue30To59)] = C.PastDue30To59,
        [nameof(BorrowerProfile.Repayment) + "." + nameof(RepaymentHistory.PastDue60To89)] = C.PastDue60To89,
        [nameof(BorrowerProfile.Repayment) + "." + nameof(RepaymentHistory.PastDue90Plus)] = C.PastDue90Plus,
        [nameof(BorrowerProfile.Repayment) + "." + nameof(RepaymentHistory.MonthsSinceLastDelinquency)] = C.MonthsSinceDelinquency,
        [nameof(BorrowerProfile.Repayment) + "." + nameof(RepaymentHistory.EverDelinquent)] = C.EverDelinquent,
    };

    public static string CsvColumn(string field, int firstIncomeMonth)
    {
        if (Simple.TryGetValue(field, out var column))
        {
            return column;
        }

        if (field.StartsWith(nameof(BorrowerProfile.IncomeHistory) + "[", StringComparison.Ordinal))
        {
            int close = field.IndexOf(']', StringComparison.Ordinal);
            if (close > 0 && int.TryParse(field.AsSpan(nameof(BorrowerProfile.IncomeHistory).Length + 1, close - nameof(BorrowerProfile.IncomeHistory).Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
                && firstIncomeMonth + i <= BorrowerProfile.MaxIncomeHistoryMonths)
            {
                return C.Income(firstIncomeMonth + i);
            }
        }

        if (field.StartsWith(nameof(BorrowerProfile.CreditLines), StringComparison.Ordinal))
        {
            return C.CreditLines + field[nameof(BorrowerProfile.CreditLines).Length..];
        }

        if (field.StartsWith(nameof(BorrowerProfile.Extra) + "[", StringComparison.Ordinal) && field.EndsWith(']'))
        {
            return C.ExtraPrefix + field[(nameof(BorrowerProfile.Extra).Length + 1)..^1];
        }

        return field;
    }
}
