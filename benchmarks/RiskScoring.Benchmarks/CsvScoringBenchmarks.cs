using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Scoring;
using RiskScoring.Training.Modeling;
using RiskScoring.Training.Scoring;

namespace RiskScoring.Benchmarks;

/// <summary>
/// Streamed CSV scoring, reported per row (rows/s = 1 s ÷ the mean): a table CSV of 200 000 rows (one column per
/// borrower feature, in memory, output discarded) through CsvScoring.ScoreTable, against the same read → parse →
/// PredictionEngine → write pipeline; and the borrower CSV route (20 000 rows of the bundled file: profiles parsed,
/// validated, extracted and scored). The table route's parts, per row, for the split: <c>TableTokenise</c> (CsvHelper
/// reading the records and the 25 field spans), <c>TableTokeniseParse</c> (and parsing the 24 features),
/// <c>TableScoreFeatures</c> (RiskScorer.ScoreFeatures on parsed rows) and <c>TableFormat</c> (formatting and writing
/// the output rows of precomputed assessments). Tokenise and format do not depend on the model.
/// </summary>
[MemoryDiagnoser]
public class CsvScoringBenchmarks
{
    private const int TableRows = 200_000;
    private const int BorrowerRows = 20_000;
    private byte[] _table = [];
    private byte[] _borrowers = [];
    private RiskScorer _scorer = null!;
    private MlNetBaseline _engine = null!;
    private float[][] _rows = [];
    private RiskAssessment[] _assessments = [];
    private byte[][] _ids = [];
    private CsvScoring.TableLayout _layout = null!;

    [Params(ModelKind.Logistic, ModelKind.Scorecard, ModelKind.Gbdt)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var trained = BenchmarkData.Model(Kind);
        _scorer = new RiskScorer(trained.Compiled);
        _engine = trained.CreateBaseline();
        _rows = BenchmarkData.TestRows(10_000);
        _table = TableCsv(_rows, TableRows);
        _assessments = [.. _rows.Select(r => _scorer.ScoreFeatures(r))];
        _ids = [.. Enumerable.Range(0, _rows.Length).Select(i => Encoding.UTF8.GetBytes("B" + (i * 17).ToString(CultureInfo.InvariantCulture)))];
        using (var csv = CsvReader.Create(new MemoryStream(_table), TableReaderOptions()))
        {
            csv.ReadHeader();
            _layout = CsvScoring.TableLayout.FromHeader([.. csv.Headers], _scorer.Schema, CsvScoringOptions.Default, "bench");
        }

        var lines = File.ReadLines(BenchmarkData.DataFile()).Take(BorrowerRows + 1);
        _borrowers = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = TableRows)]
    public long TablePredictionEngine()
    {
        var schema = BorrowerFeatures.Schema;
        var categories = schema.Features.Select(f => f.Categories.Select(Encoding.UTF8.GetBytes).ToArray()).ToArray();
        using var csv = CsvReader.Create(new MemoryStream(_table), CsvReaderOptions.Default with { Separator = ',', TrimWhitespace = true });
        csv.ReadHeader();
        using var writer = CsvWriter.Create(Stream.Null, CsvWriterOptions.Default with { NewLine = "\n" });
        var features = new float[schema.Count];
        long rows = 0;
        while (csv.Read())
        {
            for (int j = 0; j < features.Length; j++)
            {
                var cell = csv.GetSpan(j + 1);
                features[j] = float.NaN;
                if (categories[j].Length == 0)
                {
                    if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    {
                        features[j] = (float)v;
                    }
                }
                else
                {
                    for (int k = 0; k < categories[j].Length; k++)
                    {
                        if (cell.SequenceEqual(categories[j][k]))
                        {
                            features[j] = k;
                        }
                    }
                }
            }

            writer.WriteField(csv.GetSpan(0));
            writer.WriteField((double)_engine.PredictProbability(features));
            writer.EndRecord();
            rows++;
        }

        writer.Flush();
        return rows;
    }

    [Benchmark(OperationsPerInvoke = TableRows)]
    public long TableCsvScoring() => CsvScoring.ScoreTable(_scorer, new MemoryStream(_table), Stream.Null).RowsScored;

    [Benchmark(OperationsPerInvoke = TableRows)]
    public long TableTokenise()
    {
        using var csv = CsvReader.Create(new MemoryStream(_table), TableReaderOptions());
        csv.ReadHeader();
        long sum = 0;
        while (csv.Read())
        {
            sum += csv.LineNumber + csv.FieldCount;
            bool plain = CsvScoring.TableLayout.IsPlain(csv);
            for (int j = 0; j < csv.FieldCount; j++)
            {
                sum += CsvScoring.TableLayout.Cell(csv, j, plain).Length;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TableRows)]
    public long TableTokeniseParse()
    {
        using var csv = CsvReader.Create(new MemoryStream(_table), TableReaderOptions());
        csv.ReadHeader();
        var features = new float[_scorer.Schema.Count];
        long sum = 0;
        while (csv.Read())
        {
            sum += csv.LineNumber + csv.FieldCount;
            bool plain = CsvScoring.TableLayout.IsPlain(csv);
            sum += _layout.Parse(csv, plain, features) + CsvScoring.TableLayout.Cell(csv, _layout.IdIndex, plain).Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TableRows)]
    public double TableScoreFeatures()
    {
        double sum = 0;
        var rows = _rows;
        for (int i = 0; i < TableRows; i++)
        {
            sum += _scorer.ScoreFeatures(rows[i % rows.Length]).Score;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TableRows)]
    public int TableFormat()
    {
        var output = new CsvScoring.OutputWriter(Stream.Null, _scorer, CsvScoringOptions.Default);
        var assessments = _assessments;
        for (int i = 0; i < TableRows; i++)
        {
            int k = i % assessments.Length;
            output.WriteRow(_ids[k], assessments[k]);
        }

        output.Flush();
        return assessments.Length;
    }

    [Benchmark(OperationsPerInvoke = BorrowerRows)]
    public long BorrowerCsvScoring()
    {
        using var reader = new StreamReader(new MemoryStream(_borrowers));
        return CsvScoring.ScoreBorrowers(_scorer, reader, TextWriter.Null).RowsScored;
    }

    /// <summary>The reader options CsvScoring's table route uses.</summary>
    private static CsvReaderOptions TableReaderOptions() =>
        RiskScoring.Training.Data.BorrowerCsv.ReaderOptions(',', _ => { }) with { HasHeader = true, TrimWhitespace = true };

    /// <summary>A table CSV with an id column and one column per borrower feature (categories as labels, NA missing).</summary>
    internal static byte[] TableCsv(float[][] rows, int count)
    {
        var schema = BorrowerFeatures.Schema;
        var text = new StringBuilder("id," + string.Join(',', schema.Features.Select(f => f.Name)) + "\n");
        for (int i = 0; i < count; i++)
        {
            var row = rows[i % rows.Length];
            text.Append(CultureInfo.InvariantCulture, $"B{i}");
            for (int j = 0; j < row.Length; j++)
            {
                text.Append(',');
                float v = row[j];
                if (float.IsNaN(v))
                {
                    text.Append("NA");
                }
                else if (schema[j].Kind == FeatureKind.Categorical)
                {
                    text.Append(schema[j].Categories[(int)v]);
                }
                else
                {
                    text.Append(v.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
