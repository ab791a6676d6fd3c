using System.Collections.Immutable;
using System.Globalization;
using CsvHelper;
using RiskScoring.Features;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Modeling;

/// <summary>Options of <see cref="TableCsvReader"/>.</summary>
public sealed record TableCsvOptions
{
    /// <summary>Column names (compared after lower-casing and dropping every non-letter/digit, so "Foreign worker",
    /// "foreign_worker" and "ForeignWorker" all match) excluded from the features by default and kept as side
    /// attributes for fairness checks: sex, gender, marital status, personal status (and sex), nationality, foreign
    /// worker, race, ethnicity, religion.</summary>
    public static readonly ImmutableArray<string> DefaultProtectedNames =
        ["sex", "gender", "maritalstatus", "personalstatus", "personalstatusandsex", "nationality", "foreignworker", "race", "ethnicity", "religion"];

    /// <summary>The name of the 0/1 default column (required).</summary>
    public required string TargetColumn { get; init; }

    /// <summary>Target value meaning "defaulted". Default "1" (German credit uses "2").</summary>
    public string PositiveLabel { get; init; } = "1";

    /// <summary>Target value meaning "did not default". Default "0" (German credit uses "1"). Any other value, or a
    /// missing one, rejects the row (reported, never dropped silently).</summary>
    public string NegativeLabel { get; init; } = "0";

    /// <summary>The row id column; never a feature. Default null: the first column when its header is empty (as in
    /// Give Me Some Credit), otherwise the line number.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Further columns to exclude from the features; kept as side attributes.</summary>
    public ImmutableArray<string> ExcludedColumns { get; init; } = [];

    /// <summary>Whether columns named in <see cref="DefaultProtectedNames"/> are excluded (kept as attributes). Default true.</summary>
    public bool ExcludeProtectedAttributes { get; init; } = true;

    /// <summary>Forced kinds by column name, overriding detection. A forced numeric column rejects rows whose value
    /// does not parse.</summary>
    public ImmutableDictionary<string, FeatureKind> ColumnKinds { get; init; } = ImmutableDictionary<string, FeatureKind>.Empty;

    /// <summary>Most categories kept per categorical column (≥ 2); beyond it the most frequent MaxCategories − 1 are
    /// kept and the rest map to <see cref="OtherCategory"/>. Default 50.</summary>
    public int MaxCategories { get; init; } = 50;

    /// <summary>Name of the catch-all category. Default "(other)".</summary>
    public string OtherCategory { get; init; } = "(other)";

    /// <summary>Name of the produced schema. Default "table".</summary>
    public string SchemaName { get; init; } = "table";

    /// <summary>Version of the produced schema. Default 1.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Field delimiter (ASCII). Default ','.</summary>
    public char Delimiter { get; init; } = ',';
}

/// <summary>A row that was not loaded, with the reason.</summary>
/// <param name="Line">1-based line number in the file (the header is line 1).</param>
/// <param name="Column">The column at fault (or empty for the whole row).</param>
/// <param name="Value">The offending value.</param>
/// <param name="Reason">Why the row was rejected.</param>
public sealed record TableCsvRejection(int Line, string Column, string Value, string Reason);

/// <summary>What <see cref="TableCsvReader.Read(string, TableCsvOptions)"/> produced.</summary>
/// <param name="Table">The loaded rows (features, labels, ids, side attributes).</param>
/// <param name="Rejections">Rows not loaded, in file order.</param>
public sealed record TableCsvResult(FeatureTable Table, ImmutableArray<TableCsvRejection> Rejections)
{
    /// <summary>The inferred feature schema.</summary>
    public FeatureSchema Schema => Table.Schema;
}

/// <summary>
/// Loads any CSV with a header into a <see cref="FeatureSchema"/> and a labelled <see cref="FeatureTable"/> in two
/// passes (type detection, then load; memory proportional to the table).
/// Rules: <c>NA</c>, <c>N/A</c>, <c>null</c>, <c>NaN</c> and empty (any case, trimmed) are missing; "12.5%" reads as
/// 0.125; numbers use the invariant culture (no thousands separators). A column is numeric when every non-missing
/// value parses as a number or percentage, otherwise categorical with its categories sorted ordinally (capped, see
/// <see cref="TableCsvOptions.MaxCategories"/>). <see cref="TableCsvOptions.ColumnKinds"/> overrides detection. The
/// id column, the target and excluded columns are never features.
/// </summary>
public static class TableCsvReader
{
    private static readonly string[] MissingTokens = ["", "na", "n/a", "null", "nan"];

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Options.</param>
    /// <returns>The table and the rejected rows.</returns>
    /// <exception cref="InvalidDataException">When the header lacks the target or id column, repeats a name, or
    /// leaves no feature (message names the file and column).</exception>
    public static TableCsvResult Read(string path, TableCsvOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Read(() => new StreamReader(path), options, path);
    }

    internal static TableCsvResult Read(Func<TextReader> open, TableCsvOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.TargetColumn);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCategories, 2);
        var columns = Scan(open, options, source, out string[] header);
        var features = columns.Where(c => c.Role == Role.Feature).ToArray();
        var schema = new FeatureSchema(options.SchemaName, options.SchemaVersion, features.Select(c => c.Definition(options)));
        return Load(open, options, source, header, columns, schema);
    }

    internal static bool IsMissing(string value)
    {
        foreach (string token in MissingTokens)
        {
            if (string.Equals(value, token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool TryParseNumber(string value, out double number)
    {
        bool percent = value.EndsWith('%');
        var text = percent ? value.AsSpan(0, value.Length - 1).Trim() : value.AsSpan();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
        {
            number = percent ? number / 100 : number;
            return true;
        }

        return false;
    }

    private static string Normalise(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    private static CsvReader Open(TextReader reader, TableCsvOptions options) => CsvReader.Create(reader, new CsvReaderOptions
    {
        Separator = options.Delimiter,
        HasHeader = true,
        TrimWhitespace = true,
        TrackLineNumbers = true,
    }, leaveOpen: false);

    private static Column[] Scan(Func<TextReader> open, TableCsvOptions options, string source, out string[] header)
    {
        using var reader = open();
        using var csv = Open(reader, options);
        csv.ReadHeader();
        header = [.. csv.Headers];
        if (header.Length == 0)
        {
            throw new InvalidDataException($"{source}: the file is empty or has no header line.");
        }

        var excluded = new HashSet<string>(options.ExcludedColumns.Select(Normalise), StringComparer.Ordinal);
        var protectedNames = options.ExcludeProtectedAttributes ? [.. TableCsvOptions.DefaultProtectedNames] : new HashSet<string>();
        var columns = new Column[header.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i];
            if (name.Length == 0 && !(i == 0 && options.IdColumn is null))
            {
                throw new InvalidDataException($"{source}: header column {i + 1} has no name.");
            }

            if (!seen.Add(name))
            {
                throw new InvalidDataException($"{source}: header names column '{name}' twice.");
            }

            var role = name == options.TargetColumn ? Role.Target
                : (options.IdColumn is null ? i == 0 && name.Length == 0 : name == options.IdColumn) ? Role.Id
                : excluded.Contains(Normalise(name)) || protectedNames.Contains(Normalise(name)) ? Role.Attribute
                : Role.Feature;
            columns[i] = new Column(name, i, role, options.ColumnKinds.TryGetValue(name, out var kind) ? kind : null);
        }

        if (!columns.Any(c => c.Role == Role.Target))
        {
            throw new InvalidDataException($"{source}: there is no target column '{options.TargetColumn}'; the header has {string.Join(", ", header)}.");
        }

        if (options.IdColumn is not null && !columns.Any(c => c.Role == Role.Id))
        {
            throw new InvalidDataException($"{source}: there is no id column '{options.IdColumn}'.");
        }

        if (!columns.Any(c => c.Role == Role.Feature))
        {
            throw new InvalidDataException($"{source}: no column is left as a feature after the target, id and excluded columns.");
        }

        foreach (string name in options.ColumnKinds.Keys)
        {
            if (!columns.Any(c => c.Name == name && c.Role == Role.Feature))
            {
                throw new InvalidDataException($"{source}: ColumnKinds names '{name}', which is not a feature column.");
            }
        }

        while (csv.Read())
        {
            foreach (var c in columns)
            {
                if (c.Role == Role.Feature && c.Index < csv.FieldCount)
                {
                    c.Observe(csv.GetString(c.Index));
                }
            }
        }

        return columns;
    }

    private static TableCsvResult Load(Func<TextReader> open, TableCsvOptions options, string source, string[] header, Column[] columns, FeatureSchema schema)
    {
        var features = columns.Where(c => c.Role == Role.Feature).ToArray();
        var target = columns.Single(c => c.Role == Role.Target);
        var id = columns.SingleOrDefault(c => c.Role == Role.Id);
        var attributeColumns = columns.Where(c => c.Role == Role.Attribute).ToArray();
        var values = new List<float>();
        var labels = new List<bool>();
        var ids = new List<string>();
        var attributes = attributeColumns.ToDictionary(c => c.Name, _ => new List<string>(), StringComparer.Ordinal);
        var rejections = ImmutableArray.CreateBuilder<TableCsvRejection>();
        var row = new float[features.Length];
        using var reader = open();
        using var csv = Open(reader, options);
        csv.ReadHeader();
        while (csv.Read())
        {
            int line = (int)csv.LineNumber;
            if (csv.FieldCount != header.Length)
            {
                rejections.Add(new TableCsvRejection(line, string.Empty, System.Text.Encoding.UTF8.GetString(csv.RawRecord), $"the row has {csv.FieldCount} fields; the header has {header.Length}"));
                continue;
            }

            string t = csv.GetString(target.Index);
            bool label;
            if (t == options.PositiveLabel)
            {
                label = true;
            }
            else if (t == options.NegativeLabel)
            {
                label = false;
            }
            else
            {
                rejections.Add(new TableCsvRejection(line, target.Name, t, $"the target must be '{options.PositiveLabel}' (default) or '{options.NegativeLabel}' (no default)"));
                continue;
            }

            string? error = null;
            for (int j = 0; j < features.Length && error is null; j++)
            {
                string v = csv.GetString(features[j].Index);
                if (!features[j].TryEncode(v, schema[j], options, out row[j]))
                {
                    error = v;
                    rejections.Add(new TableCsvRejection(line, features[j].Name, v, "the column is numeric but the value is not a number or percentage"));
                }
            }

            if (error is not null)
            {
                continue;
            }

            values.AddRange(row);
            labels.Add(label);
            ids.Add(id is null ? line.ToString(CultureInfo.InvariantCulture) : csv.GetString(id.Index));
            foreach (var a in attributeColumns)
            {
                attributes[a.Name].Add(csv.GetString(a.Index));
            }
        }

        var table = new FeatureTable(schema, [.. values], [.. labels], [.. ids], attributes.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
        return new TableCsvResult(table, rejections.ToImmutable());
    }

    private enum Role
    {
        Feature,
        Target,
        Id,
        Attribute,
    }

    private sealed class Column(string name, int index, Role role, FeatureKind? forced)
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private bool _allNumeric = true;
        private Dictionary<string, int>? _codes;
        private int _otherCode = -1;

        public string Name { get; } = name;

        public int Index { get; } = index;

        public Role Role { get; } = role;

        public FeatureKind Kind => forced ?? (_allNumeric ? FeatureKind.Numeric : FeatureKind.Categorical);

        public void Observe(string value)
        {
            if (IsMissing(value))
            {
                return;
            }

            _allNumeric &= TryParseNumber(value, out _);
            if (forced != FeatureKind.Numeric)
            {
                _counts[value] = _counts.GetValueOrDefault(value) + 1;
            }
        }

        public FeatureDefinition Definition(TableCsvOptions options)
        {
            if (Kind == FeatureKind.Numeric)
            {
                return FeatureDefinition.Numeric(Name, $"Column '{Name}' of the source table (numeric).");
            }

            var kept = _counts.Count <= options.MaxCategories
                ? _counts.Keys.ToList()
                : _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(options.MaxCategories - 1).Select(p => p.Key).ToList();
            kept.Sort(StringComparer.Ordinal);
            bool other = kept.Count < _counts.Count;
            if (other)
            {
                kept.Add(options.OtherCategory);
            }

            if (kept.Count == 0)
            {
                kept.Add(options.OtherCategory);
            }

            _codes = kept.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
            _otherCode = other ? kept.Count - 1 : -1;
            return FeatureDefinition.Categorical(Name, $"Column '{Name}' of the source table (categorical{(other ? ", rare values in " + options.OtherCategory : string.Empty)}).", [.. kept]);
        }

        public bool TryEncode(string value, FeatureDefinition def, TableCsvOptions options, out float encoded)
        {
            encoded = float.NaN;
            if (IsMissing(value))
            {
                return true;
            }

            if (def.Kind == FeatureKind.Numeric)
            {
                if (!TryParseNumber(value, out double number))
                {
                    return false;
                }

                encoded = (float)number;
                return true;
            }

            encoded = _codes!.TryGetValue(value, out int code) ? code : _otherCode >= 0 ? _otherCode : float.NaN;
            return true;
        }
    }
}
