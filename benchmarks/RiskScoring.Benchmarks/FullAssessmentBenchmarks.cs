using BenchmarkDotNet.Attributes;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Scoring;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Benchmarks;

/// <summary>
/// Full assessment from a profile: validate → features → PD → score → grade → 4 reasons (RiskScorer.Score). Baseline:
/// feature extraction + ML.NET's PredictionEngine PD on the same model (PD only: no score, grade or reasons). Each
/// operation is one profile of 1024 held-out profiles, cycled.
/// </summary>
[MemoryDiagnoser]
public class FullAssessmentBenchmarks
{
    private const int Rows = 1024;
    private BorrowerProfile[] _profiles = [];
    private RiskScorer _scorer = null!;
    private RiskScorer _averageApplicant = null!;
    private MlNetBaseline _engine = null!;
    private FeatureExtractor _extractor = null!;
    private float[] _features = [];

    [Params(ModelKind.Logistic, ModelKind.Scorecard, ModelKind.Gbdt)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var trained = BenchmarkData.Model(Kind);
        _scorer = new RiskScorer(trained.Compiled);
        _averageApplicant = new RiskScorer(trained.Compiled, new RiskScorerOptions { ReasonMethod = ReasonMethod.AverageApplicant });
        _engine = trained.CreateBaseline();
        _extractor = new FeatureExtractor(BorrowerFeatures.Schema);
        _features = new float[BorrowerFeatures.Schema.Count];
        _profiles = BenchmarkData.TestProfiles(Rows);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double PredictionEngine()
    {
        double sum = 0;
        foreach (var profile in _profiles)
        {
            _extractor.Extract(profile, _features);
            sum += _engine.PredictProbability(_features);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double RiskScorer()
    {
        double sum = 0;
        foreach (var profile in _profiles)
        {
            var a = _scorer.Score(profile);
            sum += a.Score + a.ReasonCount;
        }

        return sum;
    }

    /// <summary>Reasons against the average applicant: for a scorecard this skips ReasonCodeCalculator's
    /// best-attainable pass (same as RiskScorer for the other kinds, which fall back to this method).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public double RiskScorerAverageApplicant()
    {
        double sum = 0;
        foreach (var profile in _profiles)
        {
            var a = _averageApplicant.Score(profile);
            sum += a.Score + a.ReasonCount;
        }

        return sum;
    }
}
