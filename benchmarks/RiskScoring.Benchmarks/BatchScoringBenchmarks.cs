using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RiskScoring.Models;
using RiskScoring.Scoring;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Benchmarks;

/// <summary>
/// Batch scoring of 1 000 000 raw feature rows (row-major block, held-out rows cycled) into assessments with
/// RiskScorer.ScoreFeatureRows, against a PredictionEngine loop over the same rows (PD only). Reported per row.
/// Three long iterations (monitoring strategy) since one invocation takes from 0.1 to several seconds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BatchScoringBenchmarks
{
    private const int Rows = 1_000_000;
    private float[] _block = [];
    private RiskAssessment[] _destination = [];
    private RiskScorer _scorer = null!;
    private MlNetBaseline _engine = null!;
    private int _width;

    [Params(ModelKind.Logistic, ModelKind.Scorecard, ModelKind.Gbdt)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var trained = BenchmarkData.Model(Kind);
        _scorer = new RiskScorer(trained.Compiled);
        _engine = trained.CreateBaseline();
        var rows = BenchmarkData.TestRows(10_000);
        _width = rows[0].Length;
        _block = new float[Rows * _width];
        for (int r = 0; r < Rows; r++)
        {
            rows[r % rows.Length].CopyTo(_block, r * _width);
        }

        _destination = new RiskAssessment[Rows];
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double PredictionEngine()
    {
        double sum = 0;
        for (int r = 0; r < Rows; r++)
        {
            sum += _engine.PredictProbability(_block.AsSpan(r * _width, _width));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double ScoreFeatureRows()
    {
        _scorer.ScoreFeatureRows(_block, _destination);
        return _destination[Rows - 1].Score;
    }
}
