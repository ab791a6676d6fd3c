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
        return ScoreTableCore(scorer, o => CsvReader.FromFile(inputPath, o), () => new OutputWriter(output, scorer, options), options, inputPath);
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
        return ScoreTableCore(scorer, o => CsvReader.Create(input, o, leaveOpen: true), () => new OutputWriter(output, scorer, options), options, sourceName);
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
        return ScoreTableCore(scorer, o => CsvReader.Create(input, o, leaveOpen: true), () => new OutputWriter(output, scorer, options), options, sourceName);
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
        return ScoreBorrowersCore(scorer, BorrowerCsv.ReadFile(inputPath, load), load, new OutputWriter(output, scorer, options), options);
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
        return ScoreBorrowersCore(scorer, records, load, new OutputWriter(output, scorer, options), options);
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
        return ScoreBorrowersCore(scorer, BorrowerCsv.Read(input, load), load, new OutputWriter(output, scorer, options), options);
    }

    private static void EnsureProfiles(RiskScorer scorer)
    {
        if (!scorer.AcceptsProfiles)
        {
            throw new InvalidOperationException($"The model reads schema {scorer.Schema}, not a borrower schema, so it cannot score a borrower CSV; score a table CSV with one column per feature instead (ScoreTable).");
        }
    }

    private static CsvScoringReport ScoreBorrowersCore(RiskScorer scorer, IEnumerable<BorrowerRecord> records, LoadReport load, OutputWriter output, CsvScoringOptions options)
    {
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

        output.Flush();
        foreach (var rejection in load.Rejections)
        {
            failures.Add(rejection);
        }

        var kept = failures.Kept.OrderBy(f => f.Line).ToImmutableArray();
        return new CsvScoringReport(load.Source, load.RowsRead, scored, kept, failures.NotKept);
    }

    private static CsvScoringReport ScoreTableCore(RiskScorer scorer, Func<CsvReaderOptions, CsvReader> open, Func<OutputWriter> create, CsvScoringOptions options, string source)
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
        var output = create();
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

            bool plain = TableLayout.IsPlain(csv);
            int bad = layout.Parse(csv, plain, features);
            if (bad >= 0)
            {
                var column = layout.Columns[bad];
                failures.Add(new LoadRejection(line, column.Name, Encoding.UTF8.GetString(TableLayout.Cell(csv, column.Index, plain)), "the feature is numeric but the value is not a finite number or percentage"));
                continue;
            }

            var assessment = scorer.ScoreFeatures(features);
            if (layout.IdIndex >= 0)
            {
                output.WriteRow(TableLayout.Cell(csv, layout.IdIndex, plain), assessment);
            }
            else
            {
                output.WriteRow(line, assessment);
            }

            scored++;
        }

        output.Flush();
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

    /// <summary>
    /// Writes <c>id,pd,score,grade,reason1..N</c> rows as UTF-8 into a reused buffer, emptied into the output stream (or
    /// decoded into the output text writer) when it fills: grade labels and reason codes are encoded (and quoted if
    /// need be) once, the PD is the shortest round-trip text (<see cref="Utf8Number.TryFormatRoundTrip"/>), the
    /// score takes <see cref="Utf8Number.TryFormatFixed"/>. The text is what CsvHelper's writer wrote with the library's options
    /// (comma, LF, invariant culture, a field quoted when it holds a comma, a quote, CR or LF).
    /// </summary>
    internal sealed class OutputWriter
    {
        private const int BufferSize = 1 << 16;

        /// <summary>Room kept for a row's numbers, grade and reasons besides the id; more is made when a row needs it.</summary>
        private const int RowReserve = 512;

        private readonly Stream? _stream;
        private readonly TextWriter? _text;
        private readonly int _maxReasons;
        private readonly int _scoreDecimals;
        private readonly string[] _gradeLabels;
        private readonly byte[][] _gradeBytes;
        private readonly string[] _codes;
        private readonly byte[][] _codeBytes;

        /// <summary>Bytes the grade and reasons of a row take at most (cached labels and codes, commas, line feed).</summary>
        private readonly int _tailReserve;
        private byte[] _buffer = new byte[BufferSize];
        private char[] _chars = [];
        private int _length;

        public OutputWriter(Stream stream, RiskScorer scorer, CsvScoringOptions options)
            : this(scorer, options) => _stream = stream;

        public OutputWriter(TextWriter text, RiskScorer scorer, CsvScoringOptions options)
            : this(scorer, options) => _text = text;

        private OutputWriter(RiskScorer scorer, CsvScoringOptions options)
        {
            _maxReasons = scorer.Options.MaxReasons;
            _scoreDecimals = options.ScoreDecimals;
            _gradeLabels = [.. scorer.Options.Grades.Grades.Select(g => g.Label)];
            _gradeBytes = [.. _gradeLabels.Select(Field)];
            _codes = [.. scorer.Options.Reasons.Resolve(scorer.Schema).Select(r => r.Code)];
            _codeBytes = [.. _codes.Select(Field)];
            _tailReserve = _gradeBytes.Max(g => g.Length) + (_maxReasons * (1 + _codeBytes.Append([]).Max(c => c.Length))) + 1;
            var header = new StringBuilder("id,pd,score,grade");
            for (int i = 1; i <= _maxReasons; i++)
            {
                header.Append(",reason").Append(i.ToString(CultureInfo.InvariantCulture));
            }

            header.Append('\n');
            Append(Encoding.UTF8.GetBytes(header.ToString()));
        }

        public void WriteRow(ReadOnlySpan<byte> id, in RiskAssessment a)
        {
            AppendField(id);
            WriteRest(a);
        }

        public void WriteRow(long line, in RiskAssessment a)
        {
            Reserve(RowReserve);
            line.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
            _length += written;
            WriteRest(a);
        }

        public void WriteRow(string id, in RiskAssessment a)
        {
            AppendField(Encoding.UTF8.GetBytes(id));
            WriteRest(a);
        }

        /// <summary>Writes out what the buffer holds and flushes the output.</summary>
        public void Flush()
        {
            Drain();
            if (_stream is not null)
            {
                _stream.Flush();
            }
            else
            {
                _text!.Flush();
            }
        }

        /// <summary>The UTF-8 text of a field: the value, or quoted with its quotes doubled when it holds a comma, a
        /// quote, CR or LF.</summary>
        internal static byte[] Field(string value) => QuotedField(Encoding.UTF8.GetBytes(value));

        private static byte[] QuotedField(ReadOnlySpan<byte> utf8)
        {
            if (utf8.IndexOfAny(",\"\r\n"u8) < 0)
            {
                return utf8.ToArray();
            }

            var text = new List<byte>(utf8.Length + 4) { (byte)'"' };
            foreach (byte b in utf8)
            {
                text.Add(b);
                if (b == (byte)'"')
                {
                    text.Add(b);
                }
            }

            text.Add((byte)'"');
            return [.. text];
        }

        private void AppendField(ReadOnlySpan<byte> value)
        {
            if (value.IndexOfAny(",\"\r\n"u8) >= 0)
            {
                Append(QuotedField(value));
            }
            else
            {
                Append(value);
            }
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            Reserve(bytes.Length + RowReserve);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        private void Reserve(int count)
        {
            if (_buffer.Length - _length >= count)
            {
                return;
            }

            Drain();
            if (_buffer.Length < count)
            {
                _buffer = new byte[count];
            }
        }

        private void Drain()
        {
            if (_length == 0)
            {
                return;
            }

            if (_stream is not null)
            {
                _stream.Write(_buffer, 0, _length);
            }
            else
            {
                // Rows end at a line feed, so the buffer never ends inside a UTF-8 sequence.
                int needed = Encoding.UTF8.GetMaxCharCount(_length);
                if (_chars.Length < needed)
                {
                    _chars = new char[needed];
                }

                int count = Encoding.UTF8.GetChars(_buffer, 0, _length, _chars, 0);
                _text!.Write(_chars, 0, count);
            }

            _length = 0;
        }

        private void WriteRest(in RiskAssessment a)
        {
            // One reservation for the row; the cached grade and codes are then copied without further checks.
            Reserve(RowReserve + _tailReserve);
            var buffer = _buffer;
            int at = _length;
            buffer[at++] = (byte)',';
            if (!Utf8Number.TryFormatRoundTrip(a.ProbabilityOfDefault, buffer.AsSpan(at), out int written))
            {
                throw new InvalidOperationException("The output row buffer is too small for the PD.");
            }

            at += written;
            buffer[at++] = (byte)',';
            if (!Utf8Number.TryFormatFixed(a.Score, _scoreDecimals, buffer.AsSpan(at), out written))
            {
                throw new InvalidOperationException("The output row buffer is too small for the score.");
            }

            at += written;
            buffer[at++] = (byte)',';
            var grade = a.Grade;
            if ((uint)grade.Rank < (uint)_gradeLabels.Length && ReferenceEquals(grade.Label, _gradeLabels[grade.Rank]))
            {
                var label = _gradeBytes[grade.Rank];
                label.CopyTo(buffer, at);
                at += label.Length;
            }
            else
            {
                at = AppendUncached(at, grade.Label);
                buffer = _buffer;
            }

            for (int i = 0; i < _maxReasons; i++)
            {
                buffer[at++] = (byte)',';
                if (i >= a.ReasonCount)
                {
                    continue;
                }

                var reason = a.GetReason(i);
                int f = reason.FeatureIndex;
                if ((uint)f < (uint)_codes.Length && string.Equals(reason.Code, _codes[f], StringComparison.Ordinal))
                {
                    var code = _codeBytes[f];
                    code.CopyTo(buffer, at);
                    at += code.Length;
                }
                else
                {
                    at = AppendUncached(at, reason.Code);
                    buffer = _buffer;
                }
            }

            buffer[at++] = (byte)'\n';
            _length = at;
        }

        /// <summary>Appends a label or code the scorer's options do not hold (a custom catalogue's), then makes room for
        /// the rest of the row again; returns the new write position.</summary>
        private int AppendUncached(int at, string text)
        {
            _length = at;
            Append(Field(text));
            Reserve(_tailReserve);
            return _length;
        }
    }

    /// <summary>Where each feature of the schema sits in a table CSV, and how its cells parse.</summary>
    internal sealed class TableLayout
    {
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
        public int Parse(CsvReader csv, bool plain, Span<float> features)
        {
            var columns = Columns;
            for (int j = 0; j < columns.Length; j++)
            {
                if (!columns[j].TryRead(Cell(csv, columns[j].Index, plain), out features[j]))
                {
                    return j;
                }
            }

            return -1;
        }

        /// <summary>
        /// Whether the current record holds no quote, space or tab, so that each field's raw bytes are its value
        /// (<see cref="CsvReader.GetRawSpan(int)"/> equals <see cref="CsvReader.GetSpan(int)"/>, without the per-field
        /// cost of CsvHelper's trimming). One vectorised scan of the record.
        /// </summary>
        internal static bool IsPlain(CsvReader csv) => csv.RawRecord.IndexOfAny((byte)'"', (byte)' ', (byte)'\t') < 0;

        /// <summary>The value of field <paramref name="index"/> (trimmed and unquoted as CsvHelper decodes it): its raw
        /// bytes when the record is <paramref name="plain"/> (<see cref="IsPlain"/>), else CsvHelper's decoding.</summary>
        internal static ReadOnlySpan<byte> Cell(CsvReader csv, int index, bool plain) => plain ? csv.GetRawSpan(index) : csv.GetSpan(index);

        /// <summary>Whether the cell is empty or NA, N/A, null or NaN (ASCII, any case).</summary>
        internal static bool IsMissing(ReadOnlySpan<byte> value) =>
            value.IsEmpty || (Is(value[0], 'n') && value.Length <= 4 && IsMissingToken(value));

        /// <summary>The token test behind <see cref="IsMissing"/> for a short cell starting with n (a number never does,
        /// so the numeric cells take one predictable branch above instead of a jump on their length).</summary>
        private static bool IsMissingToken(ReadOnlySpan<byte> value) => value.Length switch
        {
            2 => Is(value[0], 'n') && Is(value[1], 'a'),
            3 => Is(value[0], 'n') && ((value[1] == (byte)'/' && Is(value[2], 'a')) || (Is(value[1], 'a') && Is(value[2], 'n'))),
            4 => Is(value[0], 'n') && Is(value[1], 'u') && Is(value[2], 'l') && Is(value[3], 'l'),
            _ => false,
        };

        /// <summary>Whether <paramref name="b"/> is the lower-case ASCII letter <paramref name="letter"/> in either case
        /// (only the letter's two cases map to it when the 0x20 bit is set).</summary>
        private static bool Is(byte b, char letter) => (b | 0x20) == letter;
    }

    internal sealed class FeatureColumn
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
                if (cell[^1] != (byte)'%')
                {
                    // The common case first: a plain number (no percent sign).
                    if (!Utf8Number.TryParseDouble(cell, out double plain) || !double.IsFinite(plain))
                    {
                        return false;
                    }

                    value = (float)plain;
                    return true;
                }

                // A percentage: the number before the sign (spaces allowed between), divided by 100.
                if (!Utf8Number.TryParseDouble(cell[..^1].TrimEnd((byte)' '), out double number) || !double.IsFinite(number))
                {
                    return false;
                }

                value = (float)(number / 100);
                return true;
            }

            var categories = _categories;
            for (int k = 0; k < categories.Length; k++)
            {
                // The first byte first: most categories differ there (the cell is not empty: empty is missing).
                var category = categories[k];
                if (category.Length == cell.Length && category[0] == cell[0] && cell.SequenceEqual(category))
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
