using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.ML;
using RiskScoring.Models;
using RiskScoring.Scoring;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Benchmarks;

/// <summary>
/// Model evaluation alone, PD out, in two categories, each with its own PredictionEngine baseline on the same
/// trained model:
/// <list type="bullet">
/// <item><b>ModelVector</b>: the model's own input vector in (the encoded vector ML.NET was trained on), the issue's
/// "same feature vector in" comparison: <c>CompiledModelEncodedInput</c> (the compiled model's evaluation and
/// calibration) against <c>PredictionEngineEncodedInput</c>.</item>
/// <item><b>RawFeatures</b>: the raw feature vector in, so the encoding is part of the work: <c>RiskScorerKernel</c>
/// (what RiskScorer runs, without score, grade and reasons) and <c>CompiledModel</c> (encode, then evaluate) against
/// <c>PredictionEngine</c> (the same encoder, then ML.NET).</item>
/// </list>
/// Each operation is one vector of 1024 held-out rows, cycled.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ModelEvaluationBenchmarks
{
    private const int Rows = 1024;
    private float[][] _rows = [];
    private float[][] _encoded = [];
    private CompiledModel _model = null!;
    private MlNetBaseline _engine = null!;
    private PredictionEngine<EncodedRow, ScoredRow> _encodedEngine = null!;
    private EncodedRow[] _encodedRows = [];
    private RiskScorer _scorer = null!;

    [Params(ModelKind.Logistic, ModelKind.Scorecard, ModelKind.Gbdt)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var trained = BenchmarkData.Model(Kind);
        _model = trained.Compiled;
        _engine = trained.CreateBaseline();
        _scorer = new RiskScorer(_model);
        _encodedEngine = new MLContext(BenchmarkData.Seed).Model.CreatePredictionEngine<EncodedRow, ScoredRow>(
            trained.Transformer, inputSchemaDefinition: EncodedRow.Definition(_model.Encoder.EncodedLength));
        _rows = BenchmarkData.TestRows(Rows);
        _encoded = [.. _rows.Select(r =>
        {
            var e = new float[_model.Encoder.EncodedLength];
            _model.Encoder.Encode(r, e);
            return e;
        })];
        _encodedRows = [.. _encoded.Select(e => new EncodedRow { Features = e })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _encodedEngine.Dispose();
    }

    /// <summary>The category of the raw-vector comparisons.</summary>
    public const string RawFeatures = nameof(RawFeatures);

    /// <summary>The category of the model-vector comparisons.</summary>
    public const string ModelVector = nameof(ModelVector);

    [BenchmarkCategory(RawFeatures)]
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double PredictionEngine()
    {
        double sum = 0;
        foreach (var row in _rows)
        {
            sum += _engine.PredictProbability(row);
        }

        return sum;
    }

    [BenchmarkCategory(RawFeatures)]
    [Benchmark(OperationsPerInvoke = Rows)]
    public double RiskScorerKernel()
    {
        double sum = 0;
        foreach (var row in _rows)
        {
            sum += _scorer.ProbabilityOfDefault(row);
        }

        return sum;
    }

    [BenchmarkCategory(RawFeatures)]
    [Benchmark(OperationsPerInvoke = Rows)]
    public double CompiledModel()
    {
        double sum = 0;
        foreach (var row in _rows)
        {
            sum += _model.PredictProbability(row);
        }

        return sum;
    }

    /// <summary>The compiled model's PD of its own input vector (no encoder): evaluation and calibration.</summary>
    [BenchmarkCategory(ModelVector)]
    [Benchmark(OperationsPerInvoke = Rows)]
    public double CompiledModelEncodedInput()
    {
        double sum = 0;
        var calibrator = _model.Calibrator;
        foreach (var row in _encoded)
        {
            sum += calibrator.Probability(_model.ScoreEncoded(row));
        }

        return sum;
    }

    /// <summary>ML.NET alone on the model's input vector (no encoder): the baseline of the ModelVector category.</summary>
    [BenchmarkCategory(ModelVector)]
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double PredictionEngineEncodedInput()
    {
        double sum = 0;
        var output = new ScoredRow();
        foreach (var row in _encodedRows)
        {
            _encodedEngine.Predict(row, ref output);
            sum += output.Probability;
        }

        return sum;
    }
}
