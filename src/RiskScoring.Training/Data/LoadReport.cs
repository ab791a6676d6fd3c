using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace RiskScoring.Training.Data;

/// <summary>What to do with a row that cannot be turned into a valid profile.</summary>
public enum InvalidRowHandling
{
    /// <summary>Record the row in the <see cref="LoadReport"/> and go on with the next one (default).</summary>
    Reject = 0,

    /// <summary>Throw <see cref="DataLoadException"/> at the first invalid row, naming its line, column and value.</summary>
    Throw = 1,
}

/// <summary>Options shared by the borrower CSV reader and the data set adapters. Immutable.</summary>
public sealed record LoadOptions
{
    /// <summary>The defaults: reject invalid rows and keep going; labels not required.</summary>
    public static LoadOptions Default { get; } = new();

    /// <summary>What to do with an invalid row. Default: <see cref="InvalidRowHandling.Reject"/>.</summary>
    public InvalidRowHandling InvalidRows { get; init; } = InvalidRowHandling.Reject;

    /// <summary>When true, a row without a known default flag is rejected (for training). Default: false.</summary>
    public bool RequireLabel { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">When <see cref="InvalidRows"/> is not a defined value.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(InvalidRows))
        {
            throw new ArgumentException($"{nameof(InvalidRows)} = {InvalidRows} is not a defined {nameof(InvalidRowHandling)} value.", nameof(InvalidRows));
        }
    }
}

/// <summary>One problem that made a row be rejected.</summary>
/// <param name="Line">1-based physical line number in the file (the header is line 1 in a file with a header).</param>
/// <param name="Column">The column (file column name) or, for a profile rule, the CSV column the profile field came from.</param>
/// <param name="Value">The offending cell text or value.</param>
/// <param name="Reason">The rule that was broken, in plain words.</param>
public sealed record LoadRejection(long Line, string Column, string Value, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"line {Line}, column '{Column}', value '{Value}': {Reason}");
}

/// <summary>Thrown for a file that cannot be read at all (empty, bad header) or, in
/// <see cref="InvalidRowHandling.Throw"/> mode, for the first invalid row. The message names the line, column and value.</summary>
public sealed class DataLoadException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file or stream name.</param>
    /// <param name="rejection">The problem.</param>
    public DataLoadException(string source, LoadRejection rejection)
        : base(source + ": " + rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        Source = source;
        Rejection = rejection;
    }

    /// <summary>The line, column, value and reason.</summary>
    public LoadRejection Rejection { get; }
}

/// <summary>
/// The account of one load: rows read, rows accepted, every rejected row with its line, column, value and reason,
/// and counted adjustments (documented value mappings such as special codes read as unknown). Filled while the rows
/// are enumerated: read it after the enumeration finishes. Nothing is dropped without an entry here.
/// </summary>
/// <threadsafety>Not thread-safe while a load fills it; read-only afterwards.</threadsafety>
public sealed class LoadReport
{
    private readonly List<LoadRejection> _rejections = [];
    private readonly Dictionary<string, long> _adjustments = new(StringComparer.Ordinal);
    private readonly List<string> _absentColumns = [];

    /// <summary>Creates an empty report.</summary>
    /// <param name="source">The file or stream name shown in messages.</param>
    public LoadReport(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
    }

    /// <summary>The file or stream name.</summary>
    public string Source { get; }

    /// <summary>Data rows read (blank lines are not rows).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Rows turned into a valid profile.</summary>
    public long RowsAccepted { get; private set; }

    /// <summary>Rows rejected (<see cref="RowsRead"/> − <see cref="RowsAccepted"/>).</summary>
    public long RowsRejected => RowsRead - RowsAccepted;

    /// <summary>Every problem of every rejected row, in file order (a row may have several).</summary>
    public IReadOnlyList<LoadRejection> Rejections => _rejections;

    /// <summary>Optional standard columns the file does not have: their values are unknown for every row.</summary>
    public IReadOnlyList<string> AbsentColumns => _absentColumns;

    /// <summary>Documented value mappings applied, by description, with the number of rows each touched
    /// (for example special past-due codes read as unknown).</summary>
    public IReadOnlyDictionary<string, long> Adjustments => _adjustments;

    /// <summary>Rejected rows by reason: the number of rows whose first problem has that column and rule
    /// (values left out so that the counts group).</summary>
    /// <returns>Column: reason → rows, most frequent first.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> RejectionsByReason()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long lastLine = -1;
        foreach (var r in _rejections)
        {
            if (r.Line == lastLine)
            {
                continue;
            }

            lastLine = r.Line;
            string key = r.Column + ": " + r.Reason;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return [.. counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)];
    }

    /// <summary>A readable summary: counts, rejections by reason, adjustments, absent columns and the first
    /// <paramref name="maxRejections"/> rejections.</summary>
    /// <param name="maxRejections">How many individual rejections to list (default 20).</param>
    /// <returns>Multi-line text.</returns>
    public string ToText(int maxRejections = 20)
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.Append(c, $"Load report for {Source}: {RowsRead} rows read, {RowsAccepted} accepted, {RowsRejected} rejected.").AppendLine();
        foreach (var (reason, count) in RejectionsByReason())
        {
            sb.Append(c, $"  rejected {count,8}  {reason}").AppendLine();
        }

        foreach (var (what, count) in _adjustments.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(c, $"  adjusted {count,8}  {what}").AppendLine();
        }

        if (_absentColumns.Count > 0)
        {
            sb.Append("  absent columns (unknown for every row): ").AppendJoin(", ", _absentColumns).AppendLine();
        }

        foreach (var r in _rejections.Take(maxRejections))
        {
            sb.Append("  ").Append(r).AppendLine();
        }

        if (_rejections.Count > maxRejections)
        {
            sb.Append(c, $"  … and {_rejections.Count - maxRejections} more").AppendLine();
        }

        return sb.ToString();
    }

    internal void CountRead() => RowsRead++;

    internal void CountAccepted() => RowsAccepted++;

    internal void Reject(LoadRejection rejection) => _rejections.Add(rejection);

    internal void Adjust(string what) => _adjustments[what] = _adjustments.GetValueOrDefault(what) + 1;

    internal void AddAbsentColumn(string column) => _absentColumns.Add(column);
}

/// <summary>A loaded data set: the feature table ready for training and the report of the load.</summary>
/// <param name="Table">The accepted rows' features, labels, ids and side attributes.</param>
/// <param name="Report">Rows read, accepted and rejected.</param>
public sealed record LoadedTable(FeatureTable Table, LoadReport Report);

/// <summary>One accepted row: a valid profile with its target and side information.</summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed record BorrowerRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="profile">A valid profile.</param>
    public BorrowerRecord(Profiles.BorrowerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile;
    }

    /// <summary>The borrower.</summary>
    public Profiles.BorrowerProfile Profile { get; init; }

    /// <summary>The 1-based line the row came from, or 0 when it did not come from a file.</summary>
    public long Line { get; init; }

    /// <summary>True when the borrower defaulted, false when not, null when unknown.</summary>
    public bool? Defaulted { get; init; }

    /// <summary>The true probability of default (synthetic data only), or null.</summary>
    public double? TruePd { get; init; }

    /// <summary>The current credit limit (currency units), or null when unknown.</summary>
    public decimal? CurrentLimit { get; init; }

    /// <summary>The date of the last limit increase, or null when unknown or never.</summary>
    public DateOnly? LastIncreaseDate { get; init; }

    /// <summary>Side attributes that are never features (for example protected attributes for fairness checks).
    /// Default: none.</summary>
    public ImmutableDictionary<string, string> SideAttributes { get; init; } = ImmutableDictionary<string, string>.Empty;
}
