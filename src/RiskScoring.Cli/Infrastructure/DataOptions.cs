using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using CsvHelper;
using RiskScoring.Training.Data;
using RiskScoring.Training.Modeling;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Infrastructure;

/// <summary>Input file layouts the commands read.</summary>
internal enum DataFormat
{
    /// <summary>Any CSV with a header (TableCsvReader): <c>--target</c> names the 0/1 default column.</summary>
    Table,

    /// <summary>The borrower CSV format (BorrowerCsv), target <c>defaulted</c>.</summary>
    Borrower,

    /// <summary>Give Me Some Credit <c>cs-training.csv</c>, target <c>SeriousDlqin2yrs</c>.</summary>
    Gmsc,

    /// <summary>UCI German credit <c>german.data</c>, target <c>class</c> (2 = bad).</summary>
    German,
}

/// <summary>A loaded data set.</summary>
/// <param name="Table">Features, labels, ids and side attributes.</param>
/// <param name="Format">How it was read.</param>
/// <param name="Path">Full path of the file.</param>
/// <param name="Target">The target column name.</param>
internal sealed record LoadedData(Training.Data.FeatureTable Table, DataFormat Format, string Path, string Target);

/// <summary>The data options every command shares (<c>--data</c>, <c>--format</c>, <c>--target</c>, <c>--id</c>,
/// <c>--exclude</c>, <c>--positive</c>, <c>--negative</c>) and the routing to the right reader. One instance per
/// command.</summary>
internal sealed class DataOptions
{
    private const int ShownRejections = 5;

    public DataOptions(string dataOptionName = "--data", string dataDescription = "Input data file.")
    {
        Data = new Option<string?>(dataOptionName) { Description = dataDescription + " Required for --format table; the other formats default to the bundled/shared file when it is found.", HelpName = "FILE" };
        Format = new Option<string>("--format")
        {
            Description = "File layout: table (any CSV with a header), borrower (borrower CSV, target 'defaulted'), gmsc (Give Me Some Credit, target 'SeriousDlqin2yrs'), german (UCI german.data, target 'class', 2 = bad).",
            DefaultValueFactory = _ => "table",
        };
        Format.AcceptOnlyFromAmong("table", "borrower", "gmsc", "german");
        Target = new Option<string?>("--target") { Description = "Name of the 0/1 default column (required for --format table; fixed for the other formats).", HelpName = "COLUMN" };
        Id = new Option<string?>("--id") { Description = "Row id column (table format; default: an unnamed first column, else the line number).", HelpName = "COLUMN" };
        Exclude = new Option<string?>("--exclude") { Description = "Columns that are not features, comma-separated (table format; kept as attributes).", HelpName = "COL,COL" };
        Positive = new Option<string>("--positive") { Description = "Target value meaning 'defaulted' (table format).", DefaultValueFactory = _ => "1", HelpName = "VALUE" };
        Negative = new Option<string>("--negative") { Description = "Target value meaning 'did not default' (table format).", DefaultValueFactory = _ => "0", HelpName = "VALUE" };
    }

    public Option<string?> Data { get; }

    public Option<string> Format { get; }

    public Option<string?> Target { get; }

    public Option<string?> Id { get; }

    public Option<string?> Exclude { get; }

    public Option<string> Positive { get; }

    public Option<string> Negative { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Format);
        command.Options.Add(Target);
        command.Options.Add(Id);
        command.Options.Add(Exclude);
        command.Options.Add(Positive);
        command.Options.Add(Negative);
    }

    public static DataFormat ParseFormat(string value) => value switch
    {
        "borrower" => DataFormat.Borrower,
        "gmsc" => DataFormat.Gmsc,
        "german" => DataFormat.German,
        _ => DataFormat.Table,
    };

    /// <summary>The format and full path of the data file the options name (for commands that stream the file).</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The format and the path.</returns>
    public (DataFormat Format, string Path) Resolve(ParseResult parse)
    {
        var format = ParseFormat(parse.GetValue(Format)!);
        return (format, ResolvePath(parse.GetValue(Data), format, Data.Name));
    }

    /// <summary>Loads the data named by the options, printing the load report to stderr.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="context">Output.</param>
    /// <param name="requireLabels">Whether every row needs a target value.</param>
    /// <param name="dataPath">A path to load instead of <c>--data</c> (for example <c>--baseline</c>).</param>
    /// <param name="optionName">The option the path came from, for messages.</param>
    public LoadedData Load(ParseResult parse, CliContext context, bool requireLabels, string? dataPath = null, string? optionName = null)
    {
        var format = ParseFormat(parse.GetValue(Format)!);
        optionName ??= Data.Name;
        string path = ResolvePath(dataPath ?? parse.GetValue(Data), format, optionName);
        string? target = parse.GetValue(Target);
        string fixedTarget = format switch
        {
            DataFormat.Borrower => BorrowerCsvColumns.Defaulted,
            DataFormat.Gmsc => GiveMeSomeCredit.ColumnTarget,
            DataFormat.German => "class",
            _ => target ?? throw new UserErrorException("--target: required with --format table (the name of the 0/1 default column)."),
        };
        if (format != DataFormat.Table && target is not null && target != fixedTarget)
        {
            throw new UserErrorException(Inv($"--target: --format {parse.GetValue(Format)} always uses the target '{fixedTarget}'; got '{target}'."));
        }

        var timer = StartTimer();
        context.Progress(Inv($"Loading {path} ({parse.GetValue(Format)} format)…"));
        Training.Data.FeatureTable table;
        if (format == DataFormat.Table)
        {
            table = LoadTable(parse, context, path, fixedTarget);
        }
        else
        {
            var options = new LoadOptions { RequireLabel = requireLabels };
            var loaded = format switch
            {
                DataFormat.Borrower => BorrowerCsv.LoadFile(path, options),
                DataFormat.Gmsc => GiveMeSomeCredit.Load(path, options),
                _ => GermanCredit.Load(path, options),
            };
            context.Err.Write(loaded.Report.ToText(ShownRejections));
            table = loaded.Table;
        }

        if (table.RowCount == 0)
        {
            throw new UserErrorException(Inv($"{optionName}: no row of '{path}' was accepted (see the load report above)."));
        }

        if (requireLabels && !table.HasLabels)
        {
            throw new UserErrorException(Inv($"--target: '{path}' has rows without a value in '{fixedTarget}'; every row needs one."));
        }

        context.Progress(Inv($"Loaded {table.RowCount} rows × {table.Schema.Count} features in {timer.Elapsed.TotalSeconds:0.0} s") +
            (table.HasLabels ? Inv($"; default rate {table.PositiveRate:P2}.") : "."));
        return new LoadedData(table, format, path, fixedTarget);
    }

    private Training.Data.FeatureTable LoadTable(ParseResult parse, CliContext context, string path, string target)
    {
        string[] header = ReadHeader(path);
        string columns = string.Join(", ", header);
        if (!header.Contains(target, StringComparer.Ordinal))
        {
            throw new UserErrorException(Inv($"--target: column '{target}' is not in the header of '{path}' (columns: {columns})."));
        }

        string? id = parse.GetValue(Id);
        if (id is not null && !header.Contains(id, StringComparer.Ordinal))
        {
            throw new UserErrorException(Inv($"--id: column '{id}' is not in the header of '{path}' (columns: {columns})."));
        }

        var excluded = SplitList(parse.GetValue(Exclude));
        foreach (string column in excluded)
        {
            if (!header.Contains(column, StringComparer.Ordinal))
            {
                throw new UserErrorException(Inv($"--exclude: column '{column}' is not in the header of '{path}' (columns: {columns})."));
            }
        }

        string positive = parse.GetValue(Positive)!;
        string negative = parse.GetValue(Negative)!;
        if (positive == negative)
        {
            throw new UserErrorException(Inv($"--positive and --negative are both '{positive}'; they must differ."));
        }

        var result = TableCsvReader.Read(path, new TableCsvOptions
        {
            TargetColumn = target,
            IdColumn = id,
            ExcludedColumns = excluded,
            PositiveLabel = positive,
            NegativeLabel = negative,
            SchemaName = System.IO.Path.GetFileNameWithoutExtension(path),
        });
        long read = result.Table.RowCount + result.Rejections.Length;
        context.Err.WriteLine(Inv($"{read} rows read, {result.Table.RowCount} accepted, {result.Rejections.Length} rejected."));
        foreach (var r in result.Rejections.Take(ShownRejections))
        {
            context.Err.WriteLine(Inv($"  line {r.Line}, column '{r.Column}', value '{r.Value}': {r.Reason}"));
        }

        if (result.Rejections.Length > ShownRejections)
        {
            context.Err.WriteLine(Inv($"  … and {result.Rejections.Length - ShownRejections} more rejected rows."));
        }

        return result.Table;
    }

    private static string[] ReadHeader(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true }, leaveOpen: false);
        csv.ReadHeader();
        string[] header = [.. csv.Headers];
        if (header.Length == 0)
        {
            throw new UserErrorException(Inv($"--data: '{path}' is empty or has no header line."));
        }

        return header;
    }

    private static ImmutableArray<string> SplitList(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string ResolvePath(string? given, DataFormat format, string optionName)
    {
        if (given is not null)
        {
            string full = System.IO.Path.GetFullPath(given);
            return File.Exists(full) ? full : throw new UserErrorException(Inv($"{optionName}: file '{given}' not found."));
        }

        string? relative = format switch
        {
            DataFormat.Borrower => DataFiles.SyntheticBorrowers,
            DataFormat.Gmsc => DataFiles.Gmsc,
            DataFormat.German => DataFiles.German,
            _ => null,
        };
        if (relative is null)
        {
            throw new UserErrorException(Inv($"{optionName}: required (the CSV file to read)."));
        }

        return DataFiles.Find(relative) ?? throw new UserErrorException(Inv($"{optionName}: not given, and the default file '{relative}' was not found from the current directory; pass the file with {optionName} FILE."));
    }
}
