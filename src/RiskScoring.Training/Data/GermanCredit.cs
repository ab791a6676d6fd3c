using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Features;
using RiskScoring.Profiles;

namespace RiskScoring.Training.Data;

/// <summary>
/// Adapter for the UCI Statlog German credit file <c>german.data</c> (1,000 rows, 21 space-separated fields, no
/// header; Hofmann 1994, CC BY 4.0, DOI 10.24432/C5NC77; a copy with attribution is in <c>data/german/</c>).
/// Mapped onto the profile: age (13), employment since (7: A71 → <see cref="EmploymentType.Unemployed"/>, A72–A75 →
/// months in employment 6, 30, 66, 84 — the interval midpoints, 84 the lower bound of "≥ 7 years"; the employment
/// type of the employed stays unknown, as the data does not say), credit amount and duration (5, 2) → one instalment
/// loan (principal = amount, instalment = amount / duration), existing credits at this bank (16) → open credit lines,
/// people liable (18) → dependents, class (21) 2 = bad → defaulted. Every other non-protected attribute, and credit
/// amount and duration as well, are extra features (see <see cref="ExtraFeatures"/>). The protected attributes 9
/// (personal status and sex) and 20 (foreign worker) are NOT features: they are returned as side attributes
/// <see cref="PersonalStatusSex"/> and <see cref="ForeignWorker"/> for fairness checks.
/// </summary>
public static class GermanCredit
{
    /// <summary>The data file name.</summary>
    public const string FileName = "german.data";

    /// <summary>Side attribute: attribute 9, personal status and sex (codes A91–A95). Protected; never a feature.</summary>
    public const string PersonalStatusSex = "personal_status_sex";

    /// <summary>Side attribute: attribute 20, foreign worker (A201 yes, A202 no). Protected; never a feature.</summary>
    public const string ForeignWorker = "foreign_worker";

#pragma warning disable CS1591 // extra feature names, described in ExtraFeatures
    public const string CheckingAccount = "checking_account";
    public const string DurationMonths = "duration_months";
    public const string CreditHistory = "credit_history";
    public const string Purpose = "purpose";
    public const string CreditAmount = "credit_amount";
    public const string Savings = "savings";
    public const string EmploymentSince = "employment_since";
    public const string InstallmentRate = "installment_rate";
    public const string OtherDebtors = "other_debtors";
    public const string ResidenceSince = "residence_since";
    public const string Property = "property";
    public const string OtherInstallmentPlans = "other_installment_plans";
    public const string Housing = "housing";
    public const string Job = "job";
    public const string Telephone = "telephone";
#pragma warning restore CS1591

    /// <summary>Number of whitespace-separated fields per row.</summary>
    public const int FieldCount = 21;

    /// <summary>The extra features, in schema order (after the standard features).</summary>
    public static IReadOnlyList<FeatureDefinition> ExtraFeatures { get; } =
    [
        FeatureDefinition.Categorical(CheckingAccount, "Attribute 1, status of existing checking account: A11 < 0 DM, A12 0–200 DM, A13 ≥ 200 DM or salary assignment, A14 none.", "A11", "A12", "A13", "A14"),
        FeatureDefinition.Numeric(DurationMonths, "Attribute 2, duration of the credit in months."),
        FeatureDefinition.Categorical(CreditHistory, "Attribute 3, credit history: A30 none taken/all paid duly, A31 all at this bank paid duly, A32 existing paid duly till now, A33 delay in the past, A34 critical account.", "A30", "A31", "A32", "A33", "A34"),
        FeatureDefinition.Categorical(Purpose, "Attribute 4, purpose: A40 new car … A49 business, A410 others.", "A40", "A41", "A42", "A43", "A44", "A45", "A46", "A47", "A48", "A49", "A410"),
        FeatureDefinition.Numeric(CreditAmount, "Attribute 5, credit amount (DM)."),
        FeatureDefinition.Categorical(Savings, "Attribute 6, savings account/bonds: A61 < 100 DM … A64 ≥ 1000 DM, A65 unknown/none.", "A61", "A62", "A63", "A64", "A65"),
        FeatureDefinition.Categorical(EmploymentSince, "Attribute 7, present employment since: A71 unemployed, A72 < 1 year, A73 1–4, A74 4–7, A75 ≥ 7 years.", "A71", "A72", "A73", "A74", "A75"),
        FeatureDefinition.Numeric(InstallmentRate, "Attribute 8, instalment rate in percentage of disposable income (1–4)."),
        FeatureDefinition.Categorical(OtherDebtors, "Attribute 10, other debtors/guarantors: A101 none, A102 co-applicant, A103 guarantor.", "A101", "A102", "A103"),
        FeatureDefinition.Numeric(ResidenceSince, "Attribute 11, present residence since (1–4)."),
        FeatureDefinition.Categorical(Property, "Attribute 12, property: A121 real estate, A122 savings agreement/life insurance, A123 car or other, A124 unknown/none.", "A121", "A122", "A123", "A124"),
        FeatureDefinition.Categorical(OtherInstallmentPlans, "Attribute 14, other instalment plans: A141 bank, A142 stores, A143 none.", "A141", "A142", "A143"),
        FeatureDefinition.Categorical(Housing, "Attribute 15, housing: A151 rent, A152 own, A153 for free.", "A151", "A152", "A153"),
        FeatureDefinition.Categorical(Job, "Attribute 17, job: A171 unemployed/unskilled non-resident, A172 unskilled resident, A173 skilled, A174 management/self-employed/highly qualified.", "A171", "A172", "A173", "A174"),
        FeatureDefinition.Categorical(Telephone, "Attribute 19, telephone: A191 none, A192 yes, registered.", "A191", "A192"),
    ];

    /// <summary>The schema of the adapter's tables: <c>BorrowerFeatures.CreateSchema(ExtraFeatures)</c>.</summary>
    public static FeatureSchema Schema { get; } = BorrowerFeatures.CreateSchema(ExtraFeatures);

    // (field index 0-based, extra feature) for the categorical and numeric extras.
    private static readonly (int Field, string Name)[] ExtraFields =
    [
        (0, CheckingAccount), (1, DurationMonths), (2, CreditHistory), (3, Purpose), (4, CreditAmount), (5, Savings),
        (6, EmploymentSince), (7, InstallmentRate), (9, OtherDebtors), (10, ResidenceSince), (11, Property),
        (13, OtherInstallmentPlans), (14, Housing), (16, Job), (18, Telephone),
    ];

    private static readonly string[] PersonalStatusCodes = ["A91", "A92", "A93", "A94", "A95"];
    private static readonly string[] ForeignWorkerCodes = ["A201", "A202"];

    /// <summary>Streams the accepted rows as profiles with label and protected side attributes.</summary>
    /// <param name="path">Path of <c>german.data</c>.</param>
    /// <param name="report">Receives counts and rejections.</param>
    /// <param name="options">Loading options; default <see cref="LoadOptions.Default"/>.</param>
    /// <returns>The accepted rows, lazily; ids are <c>G0001</c> … by line.</returns>
    /// <exception cref="DataLoadException">In strict mode at the first invalid row.</exception>
    /// <exception cref="FileNotFoundException">When the file does not exist (on enumeration).</exception>
    public static IEnumerable<BorrowerRecord> ReadProfiles(string path, LoadReport report, LoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(report);
        options ??= LoadOptions.Default;
        options.Validate();
        return ReadCore(path, report, options);
    }

    /// <summary>Loads the file into a feature table with <see cref="Schema"/>, labels (class 2 = defaulted) and the
    /// side attributes <see cref="PersonalStatusSex"/> and <see cref="ForeignWorker"/>.</summary>
    /// <param name="path">Path of <c>german.data</c>.</param>
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
        var p = new CellParser();
        foreach (var (line, fields) in BorrowerCsv.FileRecords(path, ' ', report, options))
        {
            report.CountRead();
            p.Reset(line);
            var record = fields.Length == FieldCount ? Parse(fields, line, p) : null;
            if (fields.Length != FieldCount)
            {
                p.Fail("(row)", fields.Length.ToString(CultureInfo.InvariantCulture) + " fields", string.Create(CultureInfo.InvariantCulture, $"has {fields.Length} fields; german.data has {FieldCount}"));
            }

            if (record is null)
            {
                BorrowerCsv.Reject(report, p, options);
                continue;
            }

            report.CountAccepted();
            yield return record;
        }
    }

    private static string Attribute(int field) => "attribute " + (field + 1).ToString(CultureInfo.InvariantCulture);

    private static BorrowerRecord? Parse(string[] f, long line, CellParser p)
    {
        var extras = ImmutableDictionary.CreateBuilder<string, ExtraValue>(StringComparer.Ordinal);
        foreach (var (field, name) in ExtraFields)
        {
            var definition = ExtraFeatures.First(d => d.Name == name);
            string cell = f[field].Trim();
            if (definition.Kind == FeatureKind.Categorical)
            {
                if (float.IsNaN(definition.CodeOf(cell)))
                {
                    p.Fail(Attribute(field), cell, "is not one of " + string.Join("|", definition.Categories));
                    continue;
                }

                extras.Add(name, ExtraValue.Categorical(cell));
            }
            else if (p.Double(cell, Attribute(field)) is double value)
            {
                extras.Add(name, ExtraValue.Numeric(value));
            }
        }

        string personal = f[8].Trim(), foreign = f[19].Trim();
        if (Array.IndexOf(PersonalStatusCodes, personal) < 0)
        {
            p.Fail(Attribute(8), personal, "is not one of " + string.Join("|", PersonalStatusCodes));
        }

        if (Array.IndexOf(ForeignWorkerCodes, foreign) < 0)
        {
            p.Fail(Attribute(19), foreign, "is not one of " + string.Join("|", ForeignWorkerCodes));
        }

        int? duration = p.Int(f[1], Attribute(1));
        double? amount = p.Double(f[4], Attribute(4));
        int? age = p.Int(f[12], Attribute(12));
        int? credits = p.Int(f[15], Attribute(15));
        int? liable = p.Int(f[17], Attribute(17));
        string cls = f[20].Trim();
        if (cls is not ("1" or "2"))
        {
            p.Fail(Attribute(20), cls, "class must be 1 (good) or 2 (bad)");
        }

        if (duration is <= 0)
        {
            p.Fail(Attribute(1), f[1], "duration must be a positive number of months");
        }

        if (p.HasProblems)
        {
            return null;
        }

        var (employment, months) = f[6].Trim() switch
        {
            "A71" => (EmploymentType.Unemployed, (int?)null),
            "A72" => (EmploymentType.Unknown, 6),
            "A73" => (EmploymentType.Unknown, 30),
            "A74" => (EmploymentType.Unknown, 66),
            _ => (EmploymentType.Unknown, (int?)84),
        };

        var profile = new BorrowerProfile
        {
            Id = "G" + (line).ToString("D4", CultureInfo.InvariantCulture),
            Age = age,
            Employment = employment,
            MonthsInEmployment = months,
            Dependents = liable,
            CreditLines = [CreditLine.Instalment(amount!.Value, amount.Value / duration!.Value)],
            OpenCreditLinesCount = credits,
            Extra = extras.ToImmutable(),
        };

        foreach (var error in ProfileValidator.Validate(profile))
        {
            p.Fail(FieldToAttribute(error.Field), error.Value, error.Rule);
        }

        return p.HasProblems ? null : new BorrowerRecord(profile)
        {
            Line = line,
            Defaulted = cls == "2",
            SideAttributes = ImmutableDictionary<string, string>.Empty.Add(PersonalStatusSex, personal).Add(ForeignWorker, foreign),
        };
    }

    private static string FieldToAttribute(string field) => field switch
    {
        nameof(BorrowerProfile.Age) => Attribute(12),
        nameof(BorrowerProfile.Dependents) => Attribute(17),
        nameof(BorrowerProfile.OpenCreditLinesCount) => Attribute(15),
        _ when field.StartsWith(nameof(BorrowerProfile.CreditLines), StringComparison.Ordinal) => Attribute(4),
        _ => field,
    };
}
