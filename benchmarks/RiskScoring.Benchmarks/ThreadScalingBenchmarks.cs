using BenchmarkDotNet.Attributes;
using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Scoring;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Benchmarks;

/// <summary>
/// Scoring 100 000 profiles split into equal chunks over 1, 2 and N (= processor count) threads: one shared RiskScorer
/// (no locks) against one PredictionEngine per thread (engines are not thread-safe), same model. Reported per profile
/// (throughput: divide 1 s by the time for profiles per second).
/// </summary>
[MemoryDiagnoser]
public class ThreadScalingBenchmarks
{
    private const int Rows = 100_000;
    private BorrowerProfile[] _profiles = [];
    private RiskAssessment[] _destination = [];
    private RiskScorer _scorer = null!;
    private MlNetBaseline[] _engines = [];
    private float[][] _rows = [];

    [Params(ModelKind.Logistic, ModelKind.Gbdt)]
    public ModelKind Kind { get; set; }

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => new[] { 1, 2, Environment.ProcessorCount }.Distinct().Order();

    [GlobalSetup]
    public void Setup()
    {
        var trained = BenchmarkData.Model(Kind);
        _scorer = new RiskScorer(trained.Compiled);
        _engines = [.. Enumerable.Range(0, Threads).Select(_ => trained.CreateBaseline())];
        var test = BenchmarkData.TestProfiles(10_000);
        _profiles = [.. Enumerable.Range(0, Rows).Select(i => test[i % test.Length])];
        var testRows = BenchmarkData.TestRows(10_000);
        _rows = [.. Enumerable.Range(0, Rows).Select(i => testRows[i % testRows.Length])];
        _destination = new RiskAssessment[Rows];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var e in _engines)
        {
            e.Dispose();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public void PredictionEnginePerThread() => Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
    {
        var (start, end) = Chunk(t);
        var engine = _engines[t];
        for (int i = start; i < end; i++)
        {
            engine.PredictProbability(_rows[i]);
        }
    });

    [Benchmark(OperationsPerInvoke = Rows)]
    public void SharedRiskScorer() => Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
    {
        var (start, end) = Chunk(t);
        _scorer.ScoreBatch(_profiles.AsSpan(start, end - start), _destination.AsSpan(start, end - start));
    });

    private (int Start, int End) Chunk(int t) => (Rows * t / Threads, Rows * (t + 1) / Threads);
}
