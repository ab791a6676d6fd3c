using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsvHelper;
using RiskScoring.Features;
using RiskScoring.Profiles;
using C = RiskScoring.Training.Data.BorrowerCsvColumns;

namespace RiskScoring.Training.Data;

/// <summary>Options of <see cref="BorrowerCsv.Write"/>. Immutable.</summary>
public sealed record BorrowerCsvWriteOptions
{
    /// <summary>Number of income columns written (0 … 36); shorter histories are right-aligned (leading cells empty).
    /// Default: 12.</summary>
    public int IncomeMonths { get; init; } = 12;

    /// <summary>Extra attribute names written as <c>x_&lt;name&gt;</c> columns, in this order. A record carrying an
    /// extra attribute not listed here is refused (nothing is dropped silently). Default: none.</summary>
    public ImmutableArray<string> ExtraColumns { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Write the <c>defaulted</c> column. Default: true.</summary>
    public bool IncludeDefaulted { get; init; } = true;

    /// <summary>Write the <c>true_pd</c> column. Default: false.</summary>
    public bool IncludeTruePd { get; init; }

    /// <summary>Write the <c>current_limit</c> and <c>last_increase_date</c> columns. Default: false.</summary>
    public bool IncludeLimitColumns { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <see cref="IncomeMonths"/> is outside 0 … 36.</exception>
    /// <exception cref="ArgumentException">When an extra column name is empty or repeated.</exception>
    public void Validate()
    {
        if (IncomeMonths is < 0 or > BorrowerProfile.MaxIncomeHistoryMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(IncomeMonths), IncomeMonths, "must be between 0 and 36");
        }

        var extras = ExtraColumns.IsDefault ? [] : ExtraColumns;
        if (extras.Any(string.IsNullOrWhiteSpace) || extras.Distinct(StringComparer.Ordinal).Count() != extras.Length)
        {
            throw new ArgumentException($"{nameof(ExtraColumns)} must hold distinct, non-empty names.", nameof(ExtraColumns));
        }
    }
}

/// <summary>
/// Reads and writes the borrower CSV format documented in <c>data/README.md</c>: a header with the names in
/// <see cref="BorrowerCsvColumns"/>, one row per borrower, comma-separated, invariant culture, UTF-8 (a byte-order
/// mark is accepted), LF or CRLF line ends. Reading streams row by row in constant memory; every row that cannot be
/// turned into a valid profile is recorded in the <see cref="LoadReport"/> with its line, column, value and reason.
/// </summary>
public static class BorrowerCsv
{
    /// <summary>Streams the accepted rows of a borrower CSV. The report is filled as the rows are enumerated.</summary>
    /// <param name="reader">The text (the caller disposes it).</param>
    /// <param name="report">Receives counts and rejections.</param>
    /// <param name="options">Loading options; default <see cref="LoadOptions.Default"/>.</param>
    /// <returns>The accepted rows, lazily, in file order.</returns>
    /// <exception cref="DataLoadException">When the file is empty or its header is invalid (a missing <c>id</c>
    /// column, an unknown, repeated or misnumbered column), or in <see cref="InvalidRowHandling.Throw"/> mode at the first
    /// invalid row.</exception>
    public static IEnumerable<BorrowerRecord> Read(TextReader reader, LoadReport report, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(report);
        options ??= LoadOptions.Default;
        options.Validate();
        return ReadCore(reader, report, options);
    }

    /// <summary>Streams the accepted rows of a borrower CSV file (UTF-8, byte-order mark detected).</summary>
    /// <param name="path">The file.</param>
    /// <param name="report">Receives counts and rejections.</param>
    /// <param name="options">Loading options; default <see cref="LoadOptions.Default"/>.</param>
    /// <returns>The accepted rows, lazily; the file is open while they are enumerated.</returns>
    /// <exception cref="DataLoadException">See <see cref="Read"/>.</exception>
    /// <exception cref="FileNotFoundException">When the file does not exist (on enumeration).</exception>
    public static IEnumerable<BorrowerRecord> ReadFile(string path, LoadReport report, LoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(report);
        options ??= LoadOptions.Default;
        options.Validate();
        return ReadFileCore(path, report, options);
    }

    /// <summary>Loads a borrower CSV into a feature table. Extra attributes (<c>x_</c> columns) become extra features:
    /// numeric when every non-missing cell of the column is a number, else categorical with the categories in ordinal
    /// order (numbers in such a column become their invariant text). <c>true_pd</c>, when present, becomes the side
    /// attribute <see cref="BorrowerCsvColumns.TruePd"/>.</summary>
    /// <param name="reader">The text (the caller disposes it).</param>
    /// <param name="sourceName">Name shown in the report and messages.</param>
    /// <param name="options">Loading options; default <see cref="LoadOptions.Default"/>.</param>
    /// <returns>The table (labels when every accepted row has a <c>defaulted</c> value) and the report.</returns>
    /// <exception cref="DataLoadException">See <see cref="Read"/>.</exception>
    public static LoadedTable LoadTable(TextReader reader, string sourceName, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        var report = new LoadReport(sourceName);
        var records = Read(reader, report, options).ToList();
        return new LoadedTable(TableBuilder.FromCsvRecords(records), report);
    }

    /// <summary>Loads a borrower CSV file into a feature table (see <see cref="LoadTable"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Loading options; default <see cref="LoadOptions.Default"/>.</param>
    /// <returns>The table and the report.</returns>
    /// <exception cref="DataLoadException">See <see cref="Read"/>.</exception>
    public static LoadedTable LoadFile(string path, LoadOptions? options = null)
    {
        var report = new LoadReport(path);
        var records = ReadFile(path, report, options).ToList();
        return new LoadedTable(TableBuilder.FromCsvRecords(records), report);
    }

    /// <summary>Writes records in the borrower CSV format (header first, LF line ends, invariant culture).</summary>
    /// <param name="writer">The destination (the caller disposes it).</param>
    /// <param name="records">The records (their profiles must be valid).</param>
    /// <param name="options">Writing options; default <see cref="BorrowerCsvWriteOptions"/> defaults.</param>
    /// <returns>The number of rows written.</returns>
    /// <exception cref="ArgumentException">When a record has more income months than <see cref="BorrowerCsvWriteOptions.IncomeMonths"/>,
    /// an extra attribute not in <see cref="BorrowerCsvWriteOptions.ExtraColumns"/>, or an invalid profile.</exception>
    public static int Write(TextWriter writer, IEnumerable<BorrowerRecord> records, BorrowerCsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        options ??= new BorrowerCsvWriteOptions();
        options.Validate();
        return BorrowerCsvWriter.Write(writer, records, options);
    }

    /// <summary>Writes records to a file in the borrower CSV format (UTF-8 without byte-order mark).</summary>
    /// <param name="path">The file (overwritten).</param>
    /// <param name="records">The records.</param>
    /// <param name="options">Writing options.</param>
    /// <returns>The number of rows written.</returns>
    /// <exception cref="ArgumentException">See <see cref="Write"/>.</exception>
    public static int WriteFile(string path, IEnumerable<BorrowerRecord> records, BorrowerCsvWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\n";
        return Write(writer, records, options);
    }

    /// <summary>Reader options: no header handling by CsvHelper (the first record is read as the header here, so
    /// that an empty file and bad headers get our messages), line numbers tracked, blank lines skipped, ragged rows
    /// allowed (they are rejected here with their field counts), malformed quoting reported and skipped.</summary>
    internal static CsvReaderOptions ReaderOptions(char separator, Action<CsvMalformedRecord> onMalformed) => CsvReaderOptions.Default with
    {
        Separator = separator,
        HasHeader = false,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        MalformedData = CsvMalformedDataHandling.Skip,
        OnMalformedRecord = onMalformed,
        TrimWhitespace = false,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    internal static CsvWriterOptions WriterOptions() => CsvWriterOptions.Default with
    {
        NewLine = "\n",
        Injection = CsvInjection.None,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>Streams the records of a delimited text as string arrays with their line numbers, recording malformed
    /// records (bad quoting) as rejected rows. The first record is returned like any other.</summary>
    internal static IEnumerable<(long Line, string[] Fields)> Records(TextReader reader, char separator, LoadReport report, LoadOptions options) =>
        Records(o => CsvReader.Create(reader, o, leaveOpen: true), separator, report, options);

    /// <summary>Streams the records of a UTF-8 file (read as bytes, without transcoding; a byte-order mark is skipped).</summary>
    internal static IEnumerable<(long Line, string[] Fields)> FileRecords(string path, char separator, LoadReport report, LoadOptions options) =>
        Records(o => CsvReader.FromFile(path, o), separator, report, options);

    private static IEnumerable<(long Line, string[] Fields)> Records(Func<CsvReaderOptions, CsvReader> open, char separator, LoadReport report, LoadOptions options)
    {
        LoadRejection? malformed = null;
        void OnMalformed(CsvMalformedRecord m)
        {
            var rejection = new LoadRejection(m.LineNumber, "(row)", m.RawRecord ?? string.Empty, "malformed CSV: " + m.Reason + " (the row was skipped)");
            report.CountRead();
            report.Reject(rejection);
            malformed ??= rejection;
        }

        using var csv = open(ReaderOptions(separator, OnMalformed));
        while (csv.Read())
        {
            if (malformed is not null && options.InvalidRows == InvalidRowHandling.Throw)
            {
                throw new DataLoadException(report.Source, malformed);
            }

            var fields = new string[csv.FieldCount];
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = csv.GetString(i) ?? string.Empty;
            }

            yield return (csv.LineNumber, fields);
        }

        if (malformed is not null && options.InvalidRows == InvalidRowHandling.Throw)
        {
            throw new DataLoadException(report.Source, malformed);
        }
    }

    private static IEnumerable<BorrowerRecord> ReadFileCore(string path, LoadReport report, LoadOptions options) =>
        ReadRecords(FileRecords(path, ',', report, options), report, options);

    private static IEnumerable<BorrowerRecord> ReadCore(TextReader reader, LoadReport report, LoadOptions options) =>
        ReadRecords(Records(reader, ',', report, options), report, options);

    private static IEnumerable<BorrowerRecord> ReadRecords(IEnumerable<(long Line, string[] Fields)> source, LoadReport report, LoadOptions options)
    {
        CsvLayout? layout = null;
        BorrowerRowParser? rowParser = null;
        var parser = new CellParser();
        foreach (var (line, fields) in source)
        {
            if (layout is null)
            {
                layout = CsvLayout.FromHeader(fields, report, options);
                rowParser = new BorrowerRowParser(layout, parser, options);
                continue;
            }

            report.CountRead();
            parser.Reset(line);
            BorrowerRecord? record = null;
            if (fields.Length != layout.Width)
            {
                parser.Fail("(row)", fields.Length.ToString(CultureInfo.InvariantCulture) + " fields",
                    string.Create(CultureInfo.InvariantCulture, $"has {fields.Length} fields; the header has {layout.Width}"));
            }
            else
            {
                record = rowParser!.Parse(fields, line);
            }

            if (record is null)
            {
                Reject(report, parser, options);
                continue;
            }

            report.CountAccepted();
            yield return record;
        }

        if (layout is null)
        {
            throw new DataLoadException(report.Source, new LoadRejection(1, "(header)", string.Empty, "the file is empty: a header row with at least the column '" + C.Id + "' is required"));
        }
    }

    /// <summary>Records the parser's problems for the current row; throws in <see cref="InvalidRowHandling.Throw"/> mode.</summary>
    internal static void Reject(LoadReport report, CellParser parser, LoadOptions options)
    {
        foreach (var problem in parser.Problems)
        {
            report.Reject(problem);
        }

        if (options.InvalidRows == InvalidRowHandling.Throw)
        {
            throw new DataLoadException(report.Source, parser.Problems[0]);
        }
    }
}
