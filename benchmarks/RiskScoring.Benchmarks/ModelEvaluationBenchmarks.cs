using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using RiskScoring.Models;
using RiskScoring.Scoring;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Benchmarks;

/// <summary>
/// Model evaluation alone: the same raw feature vector in, the PD out. Baseline: ML.NET's PredictionEngine on the same
/// trained model, fed by the same encoder. RiskScorerKernel is the scorer's evaluation (what Score runs, without
/// score, grade and reasons); CompiledModel is the model's generic encode-then-evaluate path. The *EncodedInput pair
/// compares the two evaluators on the same already encoded vector. Each operation is one vector of 1024 held-out rows.
/// </summary>
[MemoryDiagnoser]
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

    /// <summary>Evaluation of an already encoded vector (no encoder): the raw model cost.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public double CompiledModelEncodedInput()
    {
        double sum = 0;
        foreach (var row in _encoded)
        {
            sum += _model.ScoreEncoded(row);
        }

        return sum;
    }

    /// <summary>ML.NET alone on the already encoded vector (no encoder).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
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
