using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Features;
using RiskScoring.Profiles;

namespace RiskScoring.Training.Data;

/// <summary>
/// Adapter for Kaggle's "Give Me Some Credit" <c>cs-training.csv</c> (150,000 rows; never copied into the repository:
/// read it from <c>../shared/data/real/</c>). Mapping, documented in <c>data/README.md</c>:
/// <list type="bullet">
/// <item><c>RevolvingUtilizationOfUnsecuredLines</c> → one aggregate revolving line with limit 1 and balance = utilisation.</item>
/// <item><c>MonthlyIncome</c> → a one-month income history (empty when NA).</item>
/// <item><c>DebtRatio</c> → monthly obligations = DebtRatio × MonthlyIncome when income is known and positive; when
/// income is NA or 0 the file's DebtRatio is a raw monthly amount and is taken as the obligations as is.</item>
/// <item>Past-due counts: the special codes 96 and 98 are read as unknown (null), never as counts or zero; the
/// extra feature <see cref="SpecialPastDueCode"/> is 1 for those rows, 0 otherwise.</item>
/// <item><c>NumberOfOpenCreditLinesAndLoans</c> → open credit lines; <c>NumberRealEstateLoansOrLines</c> → extra
/// feature <see cref="RealEstateLoans"/>; <c>NumberOfDependents</c> → dependents; <c>SeriousDlqin2yrs</c> → label.</item>
/// </list>
/// Rows breaking a profile rule (for example age 0) are rejected in the <see cref="LoadReport"/> with line and reason.
/// </summary>
public static class GiveMeSomeCredit
{
    /// <summary>The file name of the labelled training file.</summary>
    public const string FileName = "cs-training.csv";

    /// <summary>Extra feature: number of real-estate loans or lines.</summary>
    public const string RealEstateLoans = "real_estate_loans";

    /// <summary>Extra feature: 1 when the past-due columns hold the special code 96 or 98, else 0.</summary>
    public const string SpecialPastDueCode = "past_due_special_code";

#pragma warning disable CS1591 // the column names of the source file, documented by their names
    public const string ColumnTarget = "SeriousDlqin2yrs";
    public const string ColumnUtilisation = "RevolvingUtilizationOfUnsecuredLines";
    public const string ColumnAge = "age";
    public const string ColumnPastDue30To59 = "NumberOfTime30-59DaysPastDueNotWorse";
    public const string ColumnDebtRatio = "DebtRatio";
    public const string ColumnMonthlyIncome = "MonthlyIncome";
    public const string ColumnOpenLines = "NumberOfOpenCreditLinesAndLoans";
    public const string ColumnPastDue90Plus = "NumberOfTimes90DaysLate";
    public const string ColumnRealEstate = "NumberRealEstateLoansOrLines";
    public const string ColumnPastDue60To89 = "NumberOfTime60-89DaysPastDueNotWorse";
    public const string ColumnDependents = "NumberOfDependents";
#pragma warning restore CS1591

    /// <summary>The schema of the adapter's tables: the standard features plus <see cref="RealEstateLoans"/> and
    /// <see cref="SpecialPastDueCode"/>.</summary>
    public static FeatureSchema Schema { get; } = BorrowerFeatures.CreateSchema(
    [
        FeatureDefinition.Numeric(RealEstateLoans, "Number of mortgage and real-estate loans including home-equity lines (GMSC NumberRealEstateLoansOrLines)."),
        FeatureDefinition.Numeric(SpecialPastDueCode, "1 when GMSC's past-due columns hold the special code 96 or 98 (counts then unknown), else 0."),
    ]);

    private static readonly string[] Columns =
    [
        ColumnTarget, ColumnUtilisation, ColumnAge, ColumnPastDue30To59, ColumnDebtRatio, ColumnMonthlyIncome,
        ColumnOpenLines, ColumnPastDue90Plus, ColumnRealEstate, ColumnPastDue60To89, ColumnDependents,
    ];

    /// <summary>Streams the accepted rows as profiles with their label.</summary>
    /// <param name="path">Path of <c>cs-training.csv</c>.</param>
    /// <param name="report">Receives counts, rejections and adjustments.</param>
    /// <param name="options">Loading options; default <see cref="LoadOptions.Default"/>.</param>
    /// <returns>The accepted rows, lazily.</returns>
    /// <exception cref="DataLoadException">When the header lacks a GMSC column, or in strict mode at the first invalid row.</exception>
    /// <exception cref="FileNotFoundException">When the file does not exist (on enumeration).</exception>
    public static IEnumerable<BorrowerRecord> ReadProfiles(string path, LoadReport report, LoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(report);
        options ??= LoadOptions.Default;
        options.Validate();
        return ReadCore(path, report, options);
    }

    /// <summary>Loads the file into a feature table with <see cref="Schema"/> and labels.</summary>
    /// <param name="path">Path of <c>cs-training.csv</c>.</param>
    /// <param name="options">Loading options; default <see cref="LoadOptions.Default"/>.</param>
    /// <returns>The table and the load report.</returns>
    /// <exception cref="DataLoadException">See <see cref="ReadProfiles"/>.</exception>
    public static LoadedTable Load(string path, LoadOptions? options = null)
    {
        var report = new LoadReport(path);
        var records = ReadProfiles(path, report, options).ToList();
        return new LoadedTable(TableBuilder.Build(records, Schema), report);
    }

    private static IEnumerable<BorrowerRecord> ReadCore(string path, LoadReport report, LoadOptions options)
    {
        int[]? index = null;
        var p = new CellParser();
        foreach (var (line, fields) in BorrowerCsv.FileRecords(path, ',', report, options))
        {
            if (index is null)
            {
                index = HeaderIndex(fields, report);
                continue;
            }

            report.CountRead();
            p.Reset(line);
            var record = fields.Length == Columns.Length + 1
                ? Parse(fields, index, line, p, report)
                : null;
            if (fields.Length != Columns.Length + 1)
            {
                p.Fail("(row)", fields.Length.ToString(CultureInfo.InvariantCulture) + " fields", string.Create(CultureInfo.InvariantCulture, $"has {fields.Length} fields; the header has {Columns.Length + 1}"));
            }

            if (record is null)
            {
                BorrowerCsv.Reject(report, p, options);
                continue;
            }

            report.CountAccepted();
            yield return record;
        }

        if (index is null)
        {
            throw new DataLoadException(report.Source, new LoadRejection(1, "(header)", string.Empty, "the file is empty: the GMSC header is required"));
        }
    }

    private static int[] HeaderIndex(string[] header, LoadReport report)
    {
        var index = new int[Columns.Length];
        for (int c = 0; c < Columns.Length; c++)
        {
            index[c] = Array.FindIndex(header, h => string.Equals(h.Trim().TrimStart('\uFEFF'), Columns[c], StringComparison.Ordinal));
            if (index[c] < 0)
            {
                throw new DataLoadException(report.Source, new LoadRejection(1, Columns[c], string.Empty, "header: the Give Me Some Credit column is missing"));
            }
        }

        return index;
    }

    private static BorrowerRecord? Parse(string[] f, int[] ix, long line, CellParser p, LoadReport report)
    {
        string Cell(string column) => f[ix[Array.IndexOf(Columns, column)]];

        bool? label = p.Bool(Cell(ColumnTarget), ColumnTarget);
        if (label is null && !p.HasProblems)
        {
            p.Fail(ColumnTarget, Cell(ColumnTarget), "the label is required");
        }

        double? utilisation = p.Double(Cell(ColumnUtilisation), ColumnUtilisation);
        int? age = p.Int(Cell(ColumnAge), ColumnAge);
        double? debtRatio = p.Double(Cell(ColumnDebtRatio), ColumnDebtRatio);
        double? income = p.Double(Cell(ColumnMonthlyIncome), ColumnMonthlyIncome);
        int? open = p.Int(Cell(ColumnOpenLines), ColumnOpenLines);
        int? realEstate = p.Int(Cell(ColumnRealEstate), ColumnRealEstate);
        int? dependents = p.Int(Cell(ColumnDependents), ColumnDependents);
        int? pd30 = p.Int(Cell(ColumnPastDue30To59), ColumnPastDue30To59);
        int? pd60 = p.Int(Cell(ColumnPastDue60To89), ColumnPastDue60To89);
        int? pd90 = p.Int(Cell(ColumnPastDue90Plus), ColumnPastDue90Plus);
        if (p.HasProblems)
        {
            return null;
        }

        bool special = IsSpecial(pd30) || IsSpecial(pd60) || IsSpecial(pd90);
        if (special)
        {
            report.Adjust("past-due special code 96/98 read as unknown counts (" + SpecialPastDueCode + " = 1)");
        }

        double? obligations = debtRatio;
        if (debtRatio is double ratio && income is double known && known > 0)
        {
            obligations = ratio * known;
        }
        else if (debtRatio is not null)
        {
            report.Adjust("DebtRatio taken as a raw monthly amount because MonthlyIncome is NA or 0");
        }

        string id = f[0].Trim();
        var profile = new BorrowerProfile
        {
            Id = id,
            Age = age,
            IncomeHistory = income is double m ? [m] : [],
            MonthlyDebtObligations = obligations,
            Dependents = dependents,
            CreditLines = utilisation is double u ? [CreditLine.Revolving(1, u)] : [],
            OpenCreditLinesCount = open,
            Repayment = new RepaymentHistory(Count(pd30), Count(pd60), Count(pd90), null, null),
            Extra = ImmutableDictionary<string, ExtraValue>.Empty.WithComparers(StringComparer.Ordinal)
                .Add(SpecialPastDueCode, ExtraValue.Numeric(special ? 1 : 0))
                .AddRange(realEstate is int r ? [new KeyValuePair<string, ExtraValue>(RealEstateLoans, ExtraValue.Numeric(r))] : []),
        };

        foreach (var error in ProfileValidator.Validate(profile))
        {
            p.Fail(FieldToColumn(error.Field), error.Value, error.Rule);
        }

        return p.HasProblems ? null : new BorrowerRecord(profile) { Line = line, Defaulted = label };
    }

    private static bool IsSpecial(int? count) => count is 96 or 98;

    private static int? Count(int? count) => IsSpecial(count) ? null : count;

    private static string FieldToColumn(string field) => field switch
    {
        nameof(BorrowerProfile.Age) => ColumnAge,
        nameof(BorrowerProfile.Dependents) => ColumnDependents,
        nameof(BorrowerProfile.OpenCreditLinesCount) => ColumnOpenLines,
        nameof(BorrowerProfile.MonthlyDebtObligations) => ColumnDebtRatio,
        "IncomeHistory[0]" => ColumnMonthlyIncome,
        "CreditLines[0].Balance" => ColumnUtilisation,
        "Repayment.PastDue30To59" => ColumnPastDue30To59,
        "Repayment.PastDue60To89" => ColumnPastDue60To89,
        "Repayment.PastDue90Plus" => ColumnPastDue90Plus,
        _ => field,
    };
}
