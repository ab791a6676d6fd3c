using System.Globalization;
using System.Text;
using CsvHelper;
using RiskScoring.Profiles;
using C = RiskScoring.Training.Data.BorrowerCsvColumns;

namespace RiskScoring.Training.Data;

/// <summary>Writes the borrower CSV format with CsvHelper (quoting cells that need it).</summary>
internal static class BorrowerCsvWriter
{
    public static int Write(TextWriter writer, IEnumerable<BorrowerRecord> records, BorrowerCsvWriteOptions options)
    {
        using var csv = CsvWriter.Create(writer, BorrowerCsv.WriterOptions(), leaveOpen: true);
        var extras = options.ExtraColumns.IsDefault ? [] : options.ExtraColumns;
        var extraSet = new HashSet<string>(extras, StringComparer.Ordinal);
        foreach (string column in C.StandardOrder(options.IncomeMonths))
        {
            csv.WriteField(column);
        }

        foreach (string extra in extras)
        {
            csv.WriteField(C.ExtraPrefix + extra);
        }

        if (options.IncludeDefaulted)
        {
            csv.WriteField(C.Defaulted);
        }

        if (options.IncludeTruePd)
        {
            csv.WriteField(C.TruePd);
        }

        if (options.IncludeLimitColumns)
        {
            csv.WriteField(C.CurrentLimit);
            csv.WriteField(C.LastIncreaseDate);
        }

        csv.EndRecord();
        int rows = 0;
        var sb = new StringBuilder();
        foreach (var record in records)
        {
            var p = record.Profile;
            ProfileValidator.EnsureValid(p);
            var income = p.IncomeHistory.IsDefault ? [] : p.IncomeHistory;
            if (income.Length > options.IncomeMonths)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Record '{p.Id}' has {income.Length} months of income; the writer has {options.IncomeMonths} income columns (BorrowerCsvWriteOptions.IncomeMonths)."), nameof(records));
            }

            foreach (var key in p.Extra.Keys)
            {
                if (!extraSet.Contains(key))
                {
                    throw new ArgumentException($"Record '{p.Id}' has the extra attribute '{key}', which is not in BorrowerCsvWriteOptions.ExtraColumns.", nameof(records));
                }
            }

            csv.WriteField(p.Id);
            csv.WriteField(p.Kind.ToString());
            csv.WriteField(Text(p.Age));
            csv.WriteField(p.Employment == EmploymentType.Unknown ? string.Empty : p.Employment.ToString());
            csv.WriteField(Text(p.MonthsInEmployment));
            for (int m = 0; m < options.IncomeMonths; m++)
            {
                int i = m - (options.IncomeMonths - income.Length);
                csv.WriteField(i < 0 ? string.Empty : Text(income[i]));
            }

            csv.WriteField(Text(p.MonthlyDebtObligations));
            csv.WriteField(Text(p.Dependents));
            csv.WriteField(Lines(p, sb));
            csv.WriteField(Text(p.OpenCreditLinesCount));
            var r = p.Repayment;
            csv.WriteField(Text(r.PastDue30To59));
            csv.WriteField(Text(r.PastDue60To89));
            csv.WriteField(Text(r.PastDue90Plus));
            csv.WriteField(Text(r.MonthsSinceLastDelinquency));
            csv.WriteField(r.EverDelinquent switch { true => "1", false => "0", null => string.Empty });
            csv.WriteField(Text(p.MonthsOnBook));
            csv.WriteField(Text(p.EnquiriesLast6Months));
            csv.WriteField(Text(p.Business?.AnnualRevenue));
            csv.WriteField(Text(p.Business?.YearsTrading));
            foreach (string extra in extras)
            {
                csv.WriteField(p.Extra.TryGetValue(extra, out var value) ? value.ToString() : string.Empty);
            }

            if (options.IncludeDefaulted)
            {
                csv.WriteField(record.Defaulted switch { true => "1", false => "0", null => string.Empty });
            }

            if (options.IncludeTruePd)
            {
                csv.WriteField(record.TruePd is double pd ? pd.ToString("0.######", CultureInfo.InvariantCulture) : string.Empty);
            }

            if (options.IncludeLimitColumns)
            {
                csv.WriteField(record.CurrentLimit?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(record.LastIncreaseDate?.ToString(C.DateFormat, CultureInfo.InvariantCulture) ?? string.Empty);
            }

            csv.EndRecord();
            rows++;
        }

        csv.Flush();
        return rows;
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Lines(BorrowerProfile p, StringBuilder sb)
    {
        sb.Clear();
        foreach (var line in p.CreditLines.IsDefault ? [] : p.CreditLines)
        {
            if (sb.Length > 0)
            {
                sb.Append(C.LineSeparator);
            }

            bool revolving = line.Kind == CreditLineKind.Revolving;
            sb.Append(revolving ? C.RevolvingTag : C.InstalmentTag).Append(C.PartSeparator)
                .Append((revolving ? line.Limit : line.Balance).ToString("R", CultureInfo.InvariantCulture)).Append(C.PartSeparator)
                .Append((revolving ? line.Balance : line.MonthlyInstalment).ToString("R", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
