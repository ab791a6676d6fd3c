using System.Globalization;
using System.Text;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Scoring;
using RiskScoring.Training.Data;
using RiskScoring.Training.Scoring;

namespace RiskScoring.Training.Tests.Scoring;

public sealed class CsvScoringTests
{
    private static readonly FeatureSchema TableSchema = new("table", 1, [
        FeatureDefinition.Numeric("x", "a number"),
        FeatureDefinition.Categorical("c", "a category", "a", "b", "(other)"),
    ]);

    /// <summary>margin = −1 + 0.5 x + 1 [c = b] + 2 [c = (other)]; x missing → 0; column means 0.</summary>
    private static RiskScorer TableScorer(RiskScorerOptions? options = null)
    {
        var encoder = new FeatureEncoder(TableSchema, [
            new FeatureEncoding { Kind = FeatureKind.Numeric, Fill = 0 },
            new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = 3 },
        ]);
        return new RiskScorer(new LinearModel(ModelKind.Logistic, encoder, [0.5f, 0f, 1f, 2f, 0f], -1f, null, ProbabilityCalibrator.Logistic), options);
    }

    private static (CsvScoringReport Report, string[][] Rows) ScoreTable(string csv, CsvScoringOptions? options = null, RiskScorer? scorer = null)
    {
        using var output = new StringWriter();
        var report = CsvScoring.ScoreTable(scorer ?? TableScorer(), new StringReader(csv), output, options, "test.csv");
        return (report, Parse(output.ToString()));
    }

    private static string[][] Parse(string csv)
    {
        using var reader = CsvHelper.CsvReader.FromText(csv, CsvHelper.CsvReaderOptions.Default with { HasHeader = false, Separator = ',' });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return [.. rows];
    }

    private static double Pd(double margin) => 1 / (1 + Math.Exp(-margin));

    [Test]
    public void ScoreTable_MixedRows_WritesScoredRowsAndReportsFailures()
    {
        const string csv = "id,c,x,ignored\n"
            + "r1,a,2,zz\n"          // line 2: margin −1 + 1 = 0 → PD 0.5
            + "r2,b,NA,zz\n"         // line 3: x missing → 0; c = b → margin 0 → PD 0.5
            + "r3, zzz ,50%,zz\n"    // line 4: unseen category → (other), x = 0.5 → margin −1 + 0.25 + 2 = 1.25
            + "r4,a,abc,zz\n"        // line 5: not a number → failure
            + "\n"                   // line 6: blank, skipped
            + "r5,a,1\n"             // line 7: 3 fields → failure
            + "\"r,6\",,-4,zz\n";    // line 8: quoted id with a comma; c empty → missing; margin −1 − 2 = −3

        var (report, rows) = ScoreTable(csv);

        Assert.That(rows[0], Is.EqualTo(new[] { "id", "pd", "score", "grade", "reason1", "reason2", "reason3", "reason4" }));
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { "r1", "r2", "r3", "r,6" }));
        Assert.That(double.Parse(rows[1][1], CultureInfo.InvariantCulture), Is.EqualTo(0.5));
        Assert.That(double.Parse(rows[2][1], CultureInfo.InvariantCulture), Is.EqualTo(0.5));
        Assert.That(double.Parse(rows[3][1], CultureInfo.InvariantCulture), Is.EqualTo(Pd(1.25)));
        Assert.That(double.Parse(rows[4][1], CultureInfo.InvariantCulture), Is.EqualTo(Pd(-3)).Within(1e-15));

        // Score of PD 0.5 = Offset = 600 − (20 / ln 2) ln 50 = 487.12; grade E.
        Assert.That(rows[1][2], Is.EqualTo("487.12"));
        Assert.That(rows[1][3], Is.EqualTo("E"));

        // r3: contributions x 0.25 (7.21 points) and c 2 (57.71 points): reasons X-c then X-x (no catalogue entries).
        Assert.That(rows[3][4..], Is.EqualTo(new[] { "X-c", "X-x", string.Empty, string.Empty }));

        Assert.That(report.Source, Is.EqualTo("test.csv"));
        Assert.That(report.RowsRead, Is.EqualTo(6));
        Assert.That(report.RowsScored, Is.EqualTo(4));
        Assert.That(report.RowsFailed, Is.EqualTo(2));
        Assert.That(report.Failures.Select(f => f.ToString()), Is.EqualTo(new[]
        {
            "line 5, column 'x', value 'abc': the feature is numeric but the value is not a finite number or percentage",
            "line 7, column '(row)', value 'r5,a,1': the row has 3 fields; the header has 4",
        }));
        Assert.That(report.FailuresNotKept, Is.Zero);
    }

    [Test]
    public void ScoreTable_OutputEqualsScoreFeatures()
    {
        var scorer = TableScorer();
        var random = new Random(3);
        var csv = new StringBuilder("id,x,c\n");
        var expected = new List<RiskAssessment>();
        string[] categories = ["a", "b", "(other)", "NA", "q"];
        for (int i = 0; i < 300; i++)
        {
            double x = Math.Round((random.NextDouble() * 8) - 4, 3);
            int c = random.Next(categories.Length);
            csv.Append(CultureInfo.InvariantCulture, $"{i},{x},{categories[c]}\n");
            float code = c < 3 ? c : c == 3 ? float.NaN : 2;
            expected.Add(scorer.ScoreFeatures([(float)x, code]));
        }

        var (report, rows) = ScoreTable(csv.ToString(), scorer: scorer);

        Assert.That(report.RowsScored, Is.EqualTo(300));
        for (int i = 0; i < 300; i++)
        {
            var row = rows[i + 1];
            Assert.That(row[0], Is.EqualTo(i.ToString(CultureInfo.InvariantCulture)));
            Assert.That(double.Parse(row[1], CultureInfo.InvariantCulture), Is.EqualTo(expected[i].ProbabilityOfDefault), "the PD round-trips");
            Assert.That(row[2], Is.EqualTo(expected[i].Score.ToString("F2", CultureInfo.InvariantCulture)));
            Assert.That(row[3], Is.EqualTo(expected[i].Grade.Label));
            Assert.That(row[4..].Where(s => s.Length > 0), Is.EqualTo(expected[i].ToReasonArray().Select(r => r.Code)));
        }
    }

    [Test]
    public void ScoreTable_EmptyIdHeader_UsesFirstColumn_ElseLineNumber()
    {
        var (_, withEmpty) = ScoreTable(",x,c\nk1,1,a\n");
        var (_, without) = ScoreTable("x,c\n1,a\n\n2,b\n");

        Assert.That(withEmpty[1][0], Is.EqualTo("k1"));
        Assert.That(without.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { "2", "4" }), "the line numbers, blank line counted");
    }

    [Test]
    public void ScoreTable_MissingFeatureColumn_ThrowsNamingIt() =>
        Assert.That(() => ScoreTable("id,x\n1,2\n"),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("test.csv: the header lacks the model's feature column(s) 'c'"));

    [Test]
    public void ScoreTable_UnknownIdColumn_Throws() =>
        Assert.That(() => ScoreTable("x,c\n1,a\n", new CsvScoringOptions { IdColumn = "key" }),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("no id column 'key'"));

    [Test]
    public void ScoreTable_EmptyInput_Throws() =>
        Assert.That(() => ScoreTable(string.Empty), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("the file is empty"));

    [Test]
    public void ScoreTable_MaxFailuresKept_CountsTheRest()
    {
        var csv = "x,c\n" + string.Concat(Enumerable.Repeat("bad,a\n", 5)) + "1,a\n";
        var (report, rows) = ScoreTable(csv, new CsvScoringOptions { MaxFailuresKept = 2 });

        Assert.That(report.Failures, Has.Length.EqualTo(2));
        Assert.That(report.FailuresNotKept, Is.EqualTo(3));
        Assert.That(report.RowsFailed, Is.EqualTo(5));
        Assert.That(rows, Has.Length.EqualTo(2), "header and the one good row");
    }

    [Test]
    public void ScoreTable_MaxReasonsAndDecimals_ShapeTheOutput()
    {
        var scorer = TableScorer(new RiskScorerOptions { MaxReasons = 1 });
        var (_, rows) = ScoreTable("x,c\n4,(other)\n", new CsvScoringOptions { ScoreDecimals = 0 }, scorer);

        // margin = −1 + 2 + 2 = 3 → score = 487.12 − 28.85 × 3 = 400.56 → "401".
        Assert.That(rows[0], Is.EqualTo(new[] { "id", "pd", "score", "grade", "reason1" }));
        Assert.That(rows[1][2], Is.EqualTo("401"));
    }

    [TestCase('"')]
    [TestCase('é')]
    public void Options_BadDelimiter_Throws(char delimiter) =>
        Assert.That(() => ScoreTable("x,c\n", new CsvScoringOptions { Delimiter = delimiter }), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void ScoreTable_ManyRows_AllocatesNothingPerRow()
    {
        static byte[] Input(int rows)
        {
            var text = new StringBuilder("id,x,c\n");
            for (int i = 0; i < rows; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"id{i},{(i % 17) * 0.25},{(i % 3 == 0 ? "a" : "b")}\n");
            }

            return Encoding.UTF8.GetBytes(text.ToString());
        }

        var scorer = TableScorer();
        byte[] small = Input(1000), large = Input(21_000);
        CsvScoring.ScoreTable(scorer, new MemoryStream(small), Stream.Null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        CsvScoring.ScoreTable(scorer, new MemoryStream(small), Stream.Null);
        long smallBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var report = CsvScoring.ScoreTable(scorer, new MemoryStream(large), Stream.Null);
        long largeBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(report.RowsScored, Is.EqualTo(21_000));
        Assert.That((largeBytes - smallBytes) / 20_000.0, Is.LessThan(1.0), $"bytes per extra row (runs allocated {smallBytes} and {largeBytes} bytes)");
    }

    [Test]
    public void ScoreTable_IdWithQuoteCommaAndLineBreak_WrittenQuotedWithQuotesDoubled()
    {
        // Input ids: a"b (escaped in the input as "a""b"), c,d and e<LF>f; x = 0, c = a → margin −1 → PD 1/(1+e) as
        // the shortest round-trip text (0.2689…, grade E: above the default D bound 0.10); score 487.12 + 28.85 =
        // 515.98 (Offset − Factor × (−1), Factor = 20 / ln 2); no reason (both contributions 0), so reason1 is empty.
        const string csv = "id,x,c\n\"a\"\"b\",0,a\n\"c,d\",0,a\n\"e\nf\",0,a\n";
        using var output = new StringWriter();
        CsvScoring.ScoreTable(TableScorer(new RiskScorerOptions { MaxReasons = 1 }), new StringReader(csv), output);

        string pd = Pd(-1).ToString("R", CultureInfo.InvariantCulture);
        Assert.That(output.ToString(), Is.EqualTo(
            "id,pd,score,grade,reason1\n"
            + $"\"a\"\"b\",{pd},515.98,E,\n"
            + $"\"c,d\",{pd},515.98,E,\n"
            + $"\"e\nf\",{pd},515.98,E,\n"));
    }

    [Test]
    public void ScoreTable_QuotedAndPaddedCells_ReadAsTheirValues()
    {
        // Rows with quotes, spaces or tabs take CsvHelper's trimmed decoding; plain rows their raw bytes. Same values:
        // x = 1.5, c = b → margin −1 + 0.75 + 1 = 0.75 for all four rows.
        const string csv = "id,x,c\nr1,1.5,b\nr2,\"1.5\",\"b\"\nr3, 1.5 ,\tb\nr4, \"1.5\" ,b \n";
        var (report, rows) = ScoreTable(csv);

        Assert.That(report.RowsScored, Is.EqualTo(4));
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { "r1", "r2", "r3", "r4" }));
        Assert.That(rows.Skip(1).Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)), Is.All.EqualTo(Pd(0.75)));
    }

    [TestCase(',')]
    [TestCase(';')]
    [TestCase('\t')]
    [TestCase(' ')]
    public void ScoreTable_OtherDelimiters_LongAndShortRowsReadAlike(char d)
    {
        // Rows longer than one 16-byte block (ids padded) and shorter ones, plain and with a quote late in the row: every
        // row is x = 2, c = b → margin −1 + 1 + 1 = 1.
        string csv = $"id{d}ignored{d}x{d}c\n"
            + $"a{d}0{d}2{d}b\n"
            + $"{new string('k', 40)}{d}0{d}2.0{d}b\n"
            + $"{new string('q', 40)}{d}0{d}2{d}\"b\"\n"
            + $"z{d}0000000000000000000{d}2{d}b\n";
        var (report, rows) = ScoreTable(csv, new CsvScoringOptions { Delimiter = d });

        Assert.That(report.Failures, Is.Empty);
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { "a", new string('k', 40), new string('q', 40), "z" }));
        Assert.That(rows.Skip(1).Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)), Is.All.EqualTo(Pd(1)));
    }

    [TestCase("", true)]
    [TestCase("NA", true)]
    [TestCase("nA", true)]
    [TestCase("N/A", true)]
    [TestCase("n/a", true)]
    [TestCase("null", true)]
    [TestCase("NULL", true)]
    [TestCase("NaN", true)]
    [TestCase("nan", true)]
    [TestCase("n", false)]
    [TestCase("nb", false)]
    [TestCase("n/b", false)]
    [TestCase("nul", false)]
    [TestCase("nulls", false)]
    [TestCase("none", false)]
    [TestCase("0", false)]
    [TestCase("-1.5", false)]
    [TestCase("Individual", false)]
    public void IsMissing_Tokens_AnyCaseOnlyTheFour(string cell, bool expected) =>
        Assert.That(CsvScoring.TableLayout.IsMissing(Encoding.UTF8.GetBytes(cell)), Is.EqualTo(expected));

    [Test]
    public void ScoreTable_StreamAndTextOutput_SameTextAcrossManyBuffers()
    {
        // 5 000 rows of ~70 bytes: about 350 kB of output, several 64 kB buffers; ids with a two-byte UTF-8 letter.
        var csv = new StringBuilder("id,x,c\n");
        for (int i = 0; i < 5000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"é{i},{i % 9},{(i % 2 == 0 ? "a" : "b")}\n");
        }

        var scorer = TableScorer();
        using var text = new StringWriter();
        CsvScoring.ScoreTable(scorer, new StringReader(csv.ToString()), text);
        using var bytes = new MemoryStream();
        CsvScoring.ScoreTable(scorer, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), bytes);

        Assert.That(Encoding.UTF8.GetString(bytes.ToArray()), Is.EqualTo(text.ToString()));
        var rows = Parse(text.ToString());
        Assert.That(rows, Has.Length.EqualTo(5001));
        Assert.That(rows[4999][0], Is.EqualTo("é4998"));
    }

    [Test]
    public void ScoreTable_IdLongerThanTheOutputBuffer_WrittenWhole()
    {
        string id = new('k', 200_000);
        var (_, rows) = ScoreTable($"id,x,c\n{id},0,a\nshort,0,a\n");

        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { id, "short" }));
    }

    [Test]
    public void OutputWriter_GradeAndCodesNotInTheOptions_WrittenQuotedAsNeeded()
    {
        // A grade label and reason codes the scorer's options do not hold (as a custom catalogue could give) take the
        // uncached path: quoted when they hold a comma or a quote. PD 0.2 and score 512.345 (2 decimals: the double is
        // 512.34500000000002728… in binary, so "512.35"), two reasons for three slots.
        var scorer = TableScorer(new RiskScorerOptions { MaxReasons = 3 });
        using var text = new StringWriter();
        var output = new CsvScoring.OutputWriter(text, scorer, CsvScoringOptions.Default);
        var assessment = new RiskAssessment(0.2, 512.345, new RiskGrade(9, "Z,1"), [new ReasonCode("Q\"1", "t", 0, 2), new ReasonCode("PLAIN", "t", 99, 1)]);

        output.WriteRow("id-1", assessment);
        output.WriteRow(7, assessment);
        output.Flush();

        Assert.That(text.ToString(), Is.EqualTo(
            "id,pd,score,grade,reason1,reason2,reason3\n"
            + "id-1,0.2,512.35,\"Z,1\",\"Q\"\"1\",PLAIN,\n"
            + "7,0.2,512.35,\"Z,1\",\"Q\"\"1\",PLAIN,\n"));
    }

    [Test]
    public void ScoreBorrowers_ValidAndInvalidRows_ScoresProfilesAndReportsRejections()
    {
        var model = TrainedBorrowerModel();
        var scorer = new RiskScorer(model);
        var records = SyntheticPopulation.Generate(50, seed: 5);
        using var text = new StringWriter();
        BorrowerCsv.Write(text, records, new BorrowerCsvWriteOptions { IncludeDefaulted = false });
        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Line 3 (the second data row) gets age 12: rejected by the profile rules, reported, not written.
        int ageColumn = Array.IndexOf(lines[0].Split(','), BorrowerCsvColumns.Age);
        var cells = lines[2].Split(',');
        cells[ageColumn] = "12";
        lines[2] = string.Join(',', cells);
        using var output = new StringWriter();
        var report = CsvScoring.ScoreBorrowers(scorer, new StringReader(string.Join('\n', lines) + "\n"), output, sourceName: "b.csv");

        var rows = Parse(output.ToString()).Skip(1).ToArray();
        Assert.That(report.RowsRead, Is.EqualTo(50));
        Assert.That(report.RowsScored, Is.EqualTo(49));
        Assert.That(report.Failures, Has.Length.EqualTo(1));
        Assert.That(report.Failures[0].Line, Is.EqualTo(3));
        Assert.That(report.Failures[0].Value, Is.EqualTo("12"));
        Assert.That(rows.Select(r => r[0]), Is.EqualTo(records.Where((_, i) => i != 1).Select(r => r.Profile.Id)));
        for (int i = 0; i < rows.Length; i++)
        {
            var expected = scorer.Score(records[i == 0 ? 0 : i + 1].Profile);
            Assert.That(double.Parse(rows[i][1], CultureInfo.InvariantCulture), Is.EqualTo(expected.ProbabilityOfDefault));
            Assert.That(rows[i][3], Is.EqualTo(expected.Grade.Label));
        }
    }

    [Test]
    public void ScoreBorrowers_TableModel_Throws() =>
        Assert.That(() => CsvScoring.ScoreBorrowers(TableScorer(), new StringReader("id\n1\n"), new StringWriter()),
            Throws.InvalidOperationException.With.Message.Contains("not a borrower schema"));

    [Test]
    public void ScoreTableFile_AndBorrowersFile_WriteFiles()
    {
        string dir = Path.Combine(Path.GetTempPath(), "csvscoring-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "t.csv"), "\uFEFFx,c\n1,a\n");
            var table = CsvScoring.ScoreTableFile(TableScorer(), Path.Combine(dir, "t.csv"), Path.Combine(dir, "t.out.csv"));
            Assert.That(table.RowsScored, Is.EqualTo(1), "a byte-order mark before the header is accepted");
            Assert.That(File.ReadAllLines(Path.Combine(dir, "t.out.csv"))[1], Does.StartWith("2,"));

            BorrowerCsv.WriteFile(Path.Combine(dir, "b.csv"), SyntheticPopulation.Generate(10, seed: 1));
            var borrowers = CsvScoring.ScoreBorrowersFile(new RiskScorer(TrainedBorrowerModel()), Path.Combine(dir, "b.csv"), Path.Combine(dir, "b.out.csv"));
            Assert.That(borrowers.RowsScored, Is.EqualTo(10));
            Assert.That(File.ReadAllLines(Path.Combine(dir, "b.out.csv")), Has.Length.EqualTo(11));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A hand-made logistic model on the standard borrower schema (margin = −3 + 2 × utilisation + 0.75 ×
    /// past due 90+).</summary>
    private static LinearModel TrainedBorrowerModel()
    {
        var schema = BorrowerFeatures.Schema;
        var encoder = new FeatureEncoder(schema, [.. schema.Features.Select(f => f.Kind == FeatureKind.Numeric
            ? new FeatureEncoding { Kind = FeatureKind.Numeric, Fill = 0 }
            : new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = f.Categories.Length })]);
        var w = new float[encoder.EncodedLength];
        w[encoder.ColumnNames.IndexOf("revolving_utilisation")] = 2f;
        w[encoder.ColumnNames.IndexOf("past_due_90_plus")] = 0.75f;
        return new LinearModel(ModelKind.Logistic, encoder, w, -3f, null, ProbabilityCalibrator.Logistic);
    }
}
