using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsvHelper;
using RiskScoring.Features;
using RiskScoring.Profiles;
using RiskScoring.Scoring;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Scoring;

/// <summary>Options of <see cref="CsvScoring"/>. Immutable; checked once per call.</summary>
public sealed record CsvScoringOptions
{
    /// <summary>The defaults: comma, id column detected, unseen categories to "(other)" when the feature has it,
    /// 1000 failures kept, scores with 2 decimals.</summary>
    public static CsvScoringOptions Default { get; } = new();

    /// <summary>Field delimiter of a table CSV (ASCII). Default ','. The borrower CSV format is always comma-separated.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>The id column of a table CSV, copied to the output's <c>id</c>. Default null: the first column when its
    /// header is empty (as in Give Me Some Credit), else a column named <c>id</c>, else the line number.</summary>
    public string? IdColumn { get; init; }

    /// <summary>Category of a table CSV that takes values not among a categorical feature's categories, as
    /// <see cref="Modeling.TableCsvReader"/> does for rare values in training. A feature without this category reads an
    /// unseen value as missing (NaN). Default "(other)" (<see cref="Modeling.TableCsvOptions.OtherCategory"/>'s default).</summary>
    public string OtherCategory { get; init; } = "(other)";

    /// <summary>Most failures kept in <see cref="CsvScoringReport.Failures"/>; further failures are counted in
    /// <see cref="CsvScoringReport.FailuresNotKept"/> so memory stays bounded on a bad file. Default 1000.</summary>
    public int MaxFailuresKept { get; init; } = 1000;

    /// <summary>Decimals of the written score (0 … 6). Default 2. The PD is written in full (shortest round-trip text).</summary>
    public int ScoreDecimals { get; init; } = 2;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the delimiter is not ASCII or is a quote, CR or LF, or a
    /// count is out of range.</exception>
    public void Validate()
    {
        if (Delimiter > 127 || Delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentOutOfRangeException(nameof(Delimiter), Delimiter, "The delimiter must be an ASCII character other than a quote, CR or LF.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxFailuresKept);
        ArgumentOutOfRangeException.ThrowIfNegative(ScoreDecimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ScoreDecimals, 6);
    }
}

/// <summary>What one <see cref="CsvScoring"/> run did: rows read, rows scored and the rows that failed (not written
/// to the output), each with its line, column, value and reason.</summary>
/// <param name="Source">The input file or stream name.</param>
/// <param name="RowsRead">Data rows read (blank lines are not rows).</param>
/// <param name="RowsScored">Rows scored and written to the output.</param>
/// <param name="Failures">Problems of the failed rows, in file order, at most
/// <see cref="CsvScoringOptions.MaxFailuresKept"/> (a borrower row may have several).</param>
/// <param name="FailuresNotKept">Problems beyond <see cref="CsvScoringOptions.MaxFailuresKept"/>, counted only.</param>
public sealed record CsvScoringReport(string Source, long RowsRead, long RowsScored, ImmutableArray<LoadRejection> Failures, long FailuresNotKept)
{
    /// <summary>Rows that failed and were not written (<see cref="RowsRead"/> − <see cref="RowsScored"/>).</summary>
    public long RowsFailed => RowsRead - RowsScored;
}

/// <summary>
/// Scores a CSV file row by row in constant memory with a <see cref="RiskScorer"/> and writes one output row per
/// scored input row: <c>id,pd,score,grade,reason1,…,reasonN</c> (N = <see cref="RiskScorerOptions.MaxReasons"/>;
/// reason = code, empty when the applicant has fewer reasons). Comma-separated, LF line ends, invariant culture, UTF-8.
/// A row that cannot be scored is not written; the returned <see cref="CsvScoringReport"/> lists it with its line,
/// column, value and reason.
/// </summary>
/// <remarks>
/// <para>Two input formats. A <b>borrower CSV</b> (<see cref="BorrowerCsv"/> format, for a scorer whose
/// <see cref="RiskScorer.AcceptsProfiles"/> is true) is read into profiles, validated and scored with
/// <see cref="RiskScorer.Score"/>. A <b>table CSV</b> has a column per feature of the model's schema, named as the
/// feature (any order; other columns are ignored), read with <see cref="Modeling.TableCsvReader"/>'s rules:
/// <c>NA</c>, <c>N/A</c>, <c>null</c>, <c>NaN</c> and empty (any case, trimmed) are missing; <c>12.5%</c> reads as
/// 0.125; numbers are invariant-culture; a category maps to its code in the schema (an unseen one to
/// <see cref="CsvScoringOptions.OtherCategory"/> when the feature has it, else missing). The table route parses UTF-8
/// bytes in place and allocates nothing per row.</para>
/// </remarks>
/// <threadsafety>Stateless; concurrent calls on different files are safe.</threadsafety>
public static class CsvScoring
{
    /// <summary>Scores a table CSV file into an output CSV file (replaced).</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="inputPath">The table CSV (UTF-8; a byte-order mark is accepted).</param>
    /// <param name="outputPath">The output CSV.</param>
    /// <param name="options">Options; null = <see cref="CsvScoringOptions.Default"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidDataException">When the file is empty, the header lacks a feature of the schema or the
    /// id column, or names a column twice (the message names the file and column).</exception>
    /// <exception cref="FileNotFoundException">When the input does not exist.</exception>
    public static CsvScoringReport ScoreTableFile(RiskScorer scorer, string inputPath, string outputPath, CsvScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        options ??= CsvScoringOptions.Default;
        options.Validate();
        using var output = File.Create(outputPath);
        return ScoreTableCore(scorer, o => CsvReader.FromFile(inputPath, o), () => CsvWriter.Create(output, WriterOptions(), leaveOpen: true), options, inputPath);
    }

    /// <summary>Scores a table CSV from a stream into a stream (both left open).</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="input">UTF-8 table CSV, read to its end.</param>
    /// <param name="output">Receives the UTF-8 output CSV.</param>
    /// <param name="options">Options; null = <see cref="CsvScoringOptions.Default"/>.</param>
    /// <param name="sourceName">Name used in the report and messages.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidDataException">See <see cref="ScoreTableFile"/>.</exception>
    public static CsvScoringReport ScoreTable(RiskScorer scorer, Stream input, Stream output, CsvScoringOptions? options = null, string sourceName = "(stream)")
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        options ??= CsvScoringOptions.Default;
        options.Validate();
        return ScoreTableCore(scorer, o => CsvReader.Create(input, o, leaveOpen: true), () => CsvWriter.Create(output, WriterOptions(), leaveOpen: true), options, sourceName);
    }

    /// <summary>Scores a table CSV from text into text (both left open).</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="input">The table CSV.</param>
    /// <param name="output">Receives the output CSV.</param>
    /// <param name="options">Options; null = <see cref="CsvScoringOptions.Default"/>.</param>
    /// <param name="sourceName">Name used in the report and messages.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidDataException">See <see cref="ScoreTableFile"/>.</exception>
    public static CsvScoringReport ScoreTable(RiskScorer scorer, TextReader input, TextWriter output, CsvScoringOptions? options = null, string sourceName = "(text)")
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        options ??= CsvScoringOptions.Default;
        options.Validate();
        return ScoreTableCore(scorer, o => CsvReader.Create(input, o, leaveOpen: true), () => CsvWriter.Create(output, WriterOptions(), leaveOpen: true), options, sourceName);
    }

    /// <summary>Scores a borrower CSV file into an output CSV file (replaced).</summary>
    /// <param name="scorer">A scorer whose <see cref="RiskScorer.AcceptsProfiles"/> is true.</param>
    /// <param name="inputPath">The borrower CSV.</param>
    /// <param name="outputPath">The output CSV.</param>
    /// <param name="options">Options (<see cref="CsvScoringOptions.MaxFailuresKept"/> and
    /// <see cref="CsvScoringOptions.ScoreDecimals"/> apply); null = <see cref="CsvScoringOptions.Default"/>.</param>
    /// <returns>The report (rows rejected by the borrower CSV rules are its failures).</returns>
    /// <exception cref="InvalidOperationException">When the scorer's schema is not a borrower schema.</exception>
    /// <exception cref="DataLoadException">When the file is empty or its header is invalid.</exception>
    public static CsvScoringReport ScoreBorrowersFile(RiskScorer scorer, string inputPath, string outputPath, CsvScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        options ??= CsvScoringOptions.Default;
        options.Validate();
        EnsureProfiles(scorer);
        var load = new LoadReport(inputPath);
        using var output = File.Create(outputPath);
        using var writer = CsvWriter.Create(output, WriterOptions(), leaveOpen: true);
        return ScoreBorrowersCore(scorer, BorrowerCsv.ReadFile(inputPath, load), load, writer, options);
    }

    /// <summary>Scores borrower records streamed by any reader (the borrower CSV, or the Give Me Some Credit and German
    /// credit adapters' <c>ReadProfiles</c>) into an output CSV file, in constant memory.</summary>
    /// <param name="scorer">A scorer whose <see cref="RiskScorer.AcceptsProfiles"/> is true.</param>
    /// <param name="records">The records, read lazily.</param>
    /// <param name="load">The reader's load report: its rejections become the scoring report's failures.</param>
    /// <param name="outputPath">Output CSV path (replaced if it exists).</param>
    /// <param name="options">Options; null = <see cref="CsvScoringOptions.Default"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidOperationException">When the scorer's schema is not a borrower schema.</exception>
    public static CsvScoringReport ScoreRecordsFile(RiskScorer scorer, IEnumerable<BorrowerRecord> records, LoadReport load, string outputPath, CsvScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        options ??= CsvScoringOptions.Default;
        options.Validate();
        EnsureProfiles(scorer);
        using var output = File.Create(outputPath);
        using var writer = CsvWriter.Create(output, WriterOptions(), leaveOpen: true);
        return ScoreBorrowersCore(scorer, records, load, writer, options);
    }

    /// <summary>Scores a borrower CSV from text into text (both left open).</summary>
    /// <param name="scorer">A scorer whose <see cref="RiskScorer.AcceptsProfiles"/> is true.</param>
    /// <param name="input">The borrower CSV.</param>
    /// <param name="output">Receives the output CSV.</param>
    /// <param name="options">Options; null = <see cref="CsvScoringOptions.Default"/>.</param>
    /// <param name="sourceName">Name used in the report and messages.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidOperationException">When the scorer's schema is not a borrower schema.</exception>
    /// <exception cref="DataLoadException">When the input is empty or its header is invalid.</exception>
    public static CsvScoringReport ScoreBorrowers(RiskScorer scorer, TextReader input, TextWriter output, CsvScoringOptions? options = null, string sourceName = "(text)")
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        options ??= CsvScoringOptions.Default;
        options.Validate();
        EnsureProfiles(scorer);
        var load = new LoadReport(sourceName);
        using var writer = CsvWriter.Create(output, WriterOptions(), leaveOpen: true);
        return ScoreBorrowersCore(scorer, BorrowerCsv.Read(input, load), load, writer, options);
    }

    private static CsvWriterOptions WriterOptions() => CsvWriterOptions.Default with
    {
        NewLine = "\n",
        Injection = CsvInjection.None,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private static void EnsureProfiles(RiskScorer scorer)
    {
        if (!scorer.AcceptsProfiles)
        {
            throw new InvalidOperationException($"The model reads schema {scorer.Schema}, not a borrower schema, so it cannot score a borrower CSV; score a table CSV with one column per feature instead (ScoreTable).");
        }
    }

    private static CsvScoringReport ScoreBorrowersCore(RiskScorer scorer, IEnumerable<BorrowerRecord> records, LoadReport load, CsvWriter writer, CsvScoringOptions options)
    {
        var output = new OutputWriter(writer, scorer, options);
        var failures = new Failures(options.MaxFailuresKept);
        long scored = 0;
        foreach (var record in records)
        {
            RiskAssessment assessment;
            try
            {
                assessment = scorer.Score(record.Profile);
            }
            catch (InvalidProfileException ex)
            {
                failures.Add(new LoadRejection(record.Line, "(profile)", record.Profile.Id, ex.Message));
                continue;
            }

            output.WriteRow(record.Profile.Id, assessment);
            scored++;
        }

        writer.Flush();
        foreach (var rejection in load.Rejections)
        {
            failures.Add(rejection);
        }

        var kept = failures.Kept.OrderBy(f => f.Line).ToImmutableArray();
        return new CsvScoringReport(load.Source, load.RowsRead, scored, kept, failures.NotKept);
    }

    private static CsvScoringReport ScoreTableCore(RiskScorer scorer, Func<CsvReaderOptions, CsvReader> open, Func<CsvWriter> create, CsvScoringOptions options, string source)
    {
        var failures = new Failures(options.MaxFailuresKept);
        long read = 0;
        void OnMalformed(CsvMalformedRecord m)
        {
            read++;
            failures.Add(new LoadRejection(m.LineNumber, "(row)", m.RawRecord ?? string.Empty, "malformed CSV: " + m.Reason + " (the row was skipped)"));
        }

        // The loader's tolerant reading (line numbers, ragged rows and malformed quoting reported), with the header
        // read by CsvHelper and cells trimmed as the table route trims them.
        var readerOptions = BorrowerCsv.ReaderOptions(options.Delimiter, OnMalformed) with { HasHeader = true, TrimWhitespace = true };
        using var csv = open(readerOptions);
        csv.ReadHeader();
        if (csv.Headers.Count == 0)
        {
            throw new InvalidDataException($"{source}: the file is empty; a header with the model's features ({string.Join(", ", scorer.Schema.Features.Select(f => f.Name))}) is required.");
        }

        var layout = TableLayout.FromHeader([.. csv.Headers], scorer.Schema, options, source);
        using var writer = create();
        var output = new OutputWriter(writer, scorer, options);
        var features = new float[scorer.Schema.Count];
        long scored = 0;
        while (csv.Read())
        {
            read++;
            long line = csv.LineNumber;
            if (csv.FieldCount != layout.Width)
            {
                failures.Add(new LoadRejection(line, "(row)", Encoding.UTF8.GetString(csv.RawRecord),
                    string.Create(CultureInfo.InvariantCulture, $"the row has {csv.FieldCount} fields; the header has {layout.Width}")));
                continue;
            }

            int bad = layout.Parse(csv, features);
            if (bad >= 0)
            {
                var column = layout.Columns[bad];
                failures.Add(new LoadRejection(line, column.Name, Encoding.UTF8.GetString(csv.GetSpan(column.Index)), "the feature is numeric but the value is not a finite number or percentage"));
                continue;
            }

            var assessment = scorer.ScoreFeatures(features);
            if (layout.IdIndex >= 0)
            {
                output.WriteRow(csv.GetSpan(layout.IdIndex), assessment);
            }
            else
            {
                output.WriteRow(line, assessment);
            }

            scored++;
        }

        writer.Flush();
        return new CsvScoringReport(source, read, scored, [.. failures.Kept], failures.NotKept);
    }

    /// <summary>Keeps the first failures and counts the rest.</summary>
    private sealed class Failures(int max)
    {
        public List<LoadRejection> Kept { get; } = [];

        public long NotKept { get; private set; }

        public void Add(LoadRejection rejection)
        {
            if (Kept.Count < max)
            {
                Kept.Add(rejection);
            }
            else
            {
                NotKept++;
            }
        }
    }

    /// <summary>Writes <c>id,pd,score,grade,reason1..N</c> rows with cached UTF-8 labels and codes.</summary>
    private sealed class OutputWriter
    {
        private readonly CsvWriter _writer;
        private readonly int _maxReasons;
        private readonly string _scoreFormat;
        private readonly string[] _gradeLabels;
        private readonly byte[][] _gradeBytes;
        private readonly string[] _codes;
        private readonly byte[][] _codeBytes;

        public OutputWriter(CsvWriter writer, RiskScorer scorer, CsvScoringOptions options)
        {
            _writer = writer;
            _maxReasons = scorer.Options.MaxReasons;
            _scoreFormat = "F" + options.ScoreDecimals.ToString(CultureInfo.InvariantCulture);
            _gradeLabels = [.. scorer.Options.Grades.Grades.Select(g => g.Label)];
            _gradeBytes = [.. _gradeLabels.Select(Encoding.UTF8.GetBytes)];
            _codes = [.. scorer.Options.Reasons.Resolve(scorer.Schema).Select(r => r.Code)];
            _codeBytes = [.. _codes.Select(Encoding.UTF8.GetBytes)];
            var header = new List<string> { "id", "pd", "score", "grade" };
            for (int i = 1; i <= _maxReasons; i++)
            {
                header.Add("reason" + i.ToString(CultureInfo.InvariantCulture));
            }

            writer.WriteHeader([.. header]);
        }

        public void WriteRow(ReadOnlySpan<byte> id, in RiskAssessment a)
        {
            _writer.WriteField(id);
            WriteRest(a);
        }

        public void WriteRow(long line, in RiskAssessment a)
        {
            _writer.WriteField(line);
            WriteRest(a);
        }

        public void WriteRow(string id, in RiskAssessment a)
        {
            _writer.WriteField(id);
            WriteRest(a);
        }

        private void WriteRest(in RiskAssessment a)
        {
            _writer.WriteField(a.ProbabilityOfDefault);
            _writer.WriteField(a.Score, _scoreFormat);
            var grade = a.Grade;
            if ((uint)grade.Rank < (uint)_gradeLabels.Length && ReferenceEquals(grade.Label, _gradeLabels[grade.Rank]))
            {
                _writer.WriteField((ReadOnlySpan<byte>)_gradeBytes[grade.Rank]);
            }
            else
            {
                _writer.WriteField(grade.Label);
            }

            for (int i = 0; i < _maxReasons; i++)
            {
                if (i >= a.ReasonCount)
                {
                    _writer.WriteField(ReadOnlySpan<byte>.Empty);
                    continue;
                }

                var reason = a.GetReason(i);
                int f = reason.FeatureIndex;
                if ((uint)f < (uint)_codes.Length && string.Equals(reason.Code, _codes[f], StringComparison.Ordinal))
                {
                    _writer.WriteField((ReadOnlySpan<byte>)_codeBytes[f]);
                }
                else
                {
                    _writer.WriteField(reason.Code);
                }
            }

            _writer.EndRecord();
        }
    }

    /// <summary>Where each feature of the schema sits in a table CSV, and how its cells parse.</summary>
    private sealed class TableLayout
    {
        private static readonly byte[][] MissingTokens = [.. new[] { "na", "n/a", "null", "nan" }.Select(Encoding.ASCII.GetBytes)];

        private TableLayout(int width, int idIndex, FeatureColumn[] columns)
        {
            Width = width;
            IdIndex = idIndex;
            Columns = columns;
        }

        public int Width { get; }

        public int IdIndex { get; }

        public FeatureColumn[] Columns { get; }

        public static TableLayout FromHeader(string[] header, FeatureSchema schema, CsvScoringOptions options, string source)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++)
            {
                string name = header[i].TrimStart('\uFEFF');
                if (!index.TryAdd(name, i))
                {
                    throw new InvalidDataException($"{source}: header names column '{name}' twice.");
                }
            }

            var columns = new FeatureColumn[schema.Count];
            var absent = new List<string>();
            for (int j = 0; j < schema.Count; j++)
            {
                var def = schema[j];
                if (!index.TryGetValue(def.Name, out int at))
                {
                    absent.Add(def.Name);
                    continue;
                }

                columns[j] = new FeatureColumn(def, at, options.OtherCategory);
            }

            if (absent.Count > 0)
            {
                throw new InvalidDataException($"{source}: the header lacks the model's feature column(s) {string.Join(", ", absent.Select(a => "'" + a + "'"))} (schema {schema}); the header has {string.Join(", ", header)}.");
            }

            int id;
            if (options.IdColumn is not null)
            {
                id = index.TryGetValue(options.IdColumn, out int at) ? at
                    : throw new InvalidDataException($"{source}: there is no id column '{options.IdColumn}'; the header has {string.Join(", ", header)}.");
            }
            else
            {
                id = header.Length > 0 && header[0].TrimStart('\uFEFF').Length == 0 ? 0 : index.GetValueOrDefault("id", -1);
            }

            return new TableLayout(header.Length, id, columns);
        }

        /// <summary>Parses the row's features; returns the index of the first feature that does not parse, or −1.</summary>
        public int Parse(CsvReader csv, Span<float> features)
        {
            var columns = Columns;
            for (int j = 0; j < columns.Length; j++)
            {
                if (!columns[j].TryRead(csv.GetSpan(columns[j].Index), out features[j]))
                {
                    return j;
                }
            }

            return -1;
        }

        internal static bool IsMissing(ReadOnlySpan<byte> value)
        {
            if (value.IsEmpty)
            {
                return true;
            }

            if (value.Length > 4)
            {
                return false;
            }

            foreach (var token in MissingTokens)
            {
                if (Ascii.EqualsIgnoreCase(value, token))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class FeatureColumn
    {
        private readonly byte[][] _categories;
        private readonly float _unseen;

        public FeatureColumn(FeatureDefinition definition, int index, string otherCategory)
        {
            Name = definition.Name;
            Index = index;
            IsNumeric = definition.Kind == FeatureKind.Numeric;
            _categories = [.. definition.Categories.Select(Encoding.UTF8.GetBytes)];
            _unseen = definition.CodeOf(otherCategory);
        }

        public string Name { get; }

        public int Index { get; }

        public bool IsNumeric { get; }

        public bool TryRead(ReadOnlySpan<byte> cell, out float value)
        {
            value = float.NaN;
            if (TableLayout.IsMissing(cell))
            {
                return true;
            }

            if (IsNumeric)
            {
                bool percent = cell[^1] == (byte)'%';
                var text = percent ? cell[..^1].TrimEnd((byte)' ') : cell;
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
                {
                    return false;
                }

                value = (float)(percent ? number / 100 : number);
                return true;
            }

            var categories = _categories;
            for (int k = 0; k < categories.Length; k++)
            {
                if (cell.SequenceEqual(categories[k]))
                {
                    value = k;
                    return true;
                }
            }

            value = _unseen;
            return true;
        }
    }
}
