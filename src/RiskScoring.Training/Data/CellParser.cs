using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Profiles;

namespace RiskScoring.Training.Data;

/// <summary>Parses cells of one row, collecting every problem as a <see cref="LoadRejection"/> with the row's line.</summary>
internal sealed class CellParser
{
    private readonly List<LoadRejection> _problems = [];

    public long Line { get; set; }

    public List<LoadRejection> Problems => _problems;

    public bool HasProblems => _problems.Count > 0;

    public void Reset(long line)
    {
        Line = line;
        _problems.Clear();
    }

    public void Fail(string column, string? value, string reason) =>
        _problems.Add(new LoadRejection(Line, column, value ?? string.Empty, reason));

    public static bool Missing(string? cell) => cell is null || BorrowerCsvColumns.IsMissing(cell);

    public int? Int(string? cell, string column)
    {
        if (Missing(cell))
        {
            return null;
        }

        if (int.TryParse(cell!.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        // Accept a whole number written with a decimal point (for example "3.0"), nothing else.
        if (double.TryParse(cell.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue)
        {
            return (int)d;
        }

        Fail(column, cell, "is not a whole number");
        return null;
    }

    public double? Double(string? cell, string column)
    {
        if (Missing(cell))
        {
            return null;
        }

        if (double.TryParse(cell!.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            if (double.IsFinite(value))
            {
                return value;
            }

            Fail(column, cell, "must be a finite number (not NaN or Infinity)");
            return null;
        }

        Fail(column, cell, "is not a number (invariant culture, '.' as decimal separator)");
        return null;
    }

    public decimal? Decimal(string? cell, string column)
    {
        if (Missing(cell))
        {
            return null;
        }

        if (decimal.TryParse(cell!.AsSpan().Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value))
        {
            return value;
        }

        Fail(column, cell, "is not a decimal number (invariant culture, '.' as decimal separator)");
        return null;
    }

    public bool? Bool(string? cell, string column)
    {
        if (Missing(cell))
        {
            return null;
        }

        var span = cell!.AsSpan().Trim();
        if (span is "1" || span.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (span is "0" || span.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Fail(column, cell, "must be 0 or 1 (or false/true)");
        return null;
    }

    public DateOnly? Date(string? cell, string column)
    {
        if (Missing(cell))
        {
            return null;
        }

        if (DateOnly.TryParseExact(cell!.AsSpan().Trim(), BorrowerCsvColumns.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Fail(column, cell, "is not a date in the format " + BorrowerCsvColumns.DateFormat);
        return null;
    }

    /// <summary>Parses an enum by name (case-insensitive). Numbers are refused so that a shifted column cannot pass.</summary>
    public TEnum? Enum<TEnum>(string? cell, string column)
        where TEnum : struct, Enum
    {
        if (Missing(cell))
        {
            return null;
        }

        var text = cell!.Trim();
        if (text.Length > 0 && char.IsLetter(text[0]) && System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value))
        {
            return value;
        }

        Fail(column, cell, "is not one of " + string.Join("|", System.Enum.GetNames<TEnum>()));
        return null;
    }

    /// <summary>Parses <c>R:limit:balance;I:principal:instalment;…</c>.</summary>
    public ImmutableArray<CreditLine> CreditLines(string? cell, string column)
    {
        if (Missing(cell))
        {
            return ImmutableArray<CreditLine>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<CreditLine>();
        foreach (var part in cell!.Split(BorrowerCsvColumns.LineSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var bits = part.Split(BorrowerCsvColumns.PartSeparator, StringSplitOptions.TrimEntries);
            if (bits.Length != 3 || bits[0].Length != 1
                || !double.TryParse(bits[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                || !double.TryParse(bits[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
            {
                Fail(column, part, "is not a credit line R:limit:balance or I:principal:instalment");
                return ImmutableArray<CreditLine>.Empty;
            }

            switch (char.ToUpperInvariant(bits[0][0]))
            {
                case BorrowerCsvColumns.RevolvingTag:
                    builder.Add(CreditLine.Revolving(a, b));
                    break;
                case BorrowerCsvColumns.InstalmentTag:
                    builder.Add(CreditLine.Instalment(a, b));
                    break;
                default:
                    Fail(column, part, "has line kind '" + bits[0] + "'; expected R (revolving) or I (instalment)");
                    return ImmutableArray<CreditLine>.Empty;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>A number when the cell parses as a finite number, else a category (trimmed text).</summary>
    public static ExtraValue? Extra(string? cell)
    {
        if (Missing(cell))
        {
            return null;
        }

        var text = cell!.Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? ExtraValue.Numeric(d)
            : ExtraValue.Categorical(text);
    }
}
