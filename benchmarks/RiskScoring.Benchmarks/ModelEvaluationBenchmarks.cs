using BenchmarkDotNet.Attributes;
using RiskScoring.Models;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Benchmarks;

/// <summary>
/// Model evaluation alone: the same raw feature vector in, the PD out. Baseline: ML.NET's PredictionEngine on the same
/// trained model (fed by the same encoder). Each operation is one vector of 1024 held-out rows, cycled.
/// </summary>
[MemoryDiagnoser]
public class ModelEvaluationBenchmarks
{
    private const int Rows = 1024;
    private float[][] _rows = [];
    private float[][] _encoded = [];
    private CompiledModel _model = null!;
    private MlNetBaseline _engine = null!;

    [Params(ModelKind.Logistic, ModelKind.Scorecard, ModelKind.Gbdt)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var trained = BenchmarkData.Model(Kind);
        _model = trained.Compiled;
        _engine = trained.CreateBaseline();
        _rows = BenchmarkData.TestRows(Rows);
        _encoded = [.. _rows.Select(r =>
        {
            var e = new float[_model.Encoder.EncodedLength];
            _model.Encoder.Encode(r, e);
            return e;
        })];
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

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
}
