using BenchmarkDotNet.Attributes;
using RiskScoring.Features;
using RiskScoring.Profiles;

namespace RiskScoring.Benchmarks;

/// <summary>Feature extraction from a profile, with and without validation (no model involved). Each operation is one
/// profile of 1024 held-out profiles, cycled.</summary>
[MemoryDiagnoser]
public class FeatureExtractionBenchmarks
{
    private const int Rows = 1024;
    private BorrowerProfile[] _profiles = [];
    private FeatureExtractor _extractor = null!;
    private float[] _features = [];

    [GlobalSetup]
    public void Setup()
    {
        _profiles = BenchmarkData.TestProfiles(Rows);
        _extractor = new FeatureExtractor(BorrowerFeatures.Schema);
        _features = new float[BorrowerFeatures.Schema.Count];
    }

    /// <summary>The public route: validation, then extraction.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public float ValidateAndExtract()
    {
        float sum = 0;
        foreach (var p in _profiles)
        {
            _extractor.Extract(p, _features);
            sum += _features[BorrowerFeatures.IncomeMonths];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public float ExtractOnly()
    {
        float sum = 0;
        foreach (var p in _profiles)
        {
            _extractor.ExtractValidated(p, _features);
            sum += _features[BorrowerFeatures.IncomeMonths];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int ValidateOnly()
    {
        int valid = 0;
        foreach (var p in _profiles)
        {
            valid += ProfileValidator.IsValid(p) ? 1 : 0;
        }

        return valid;
    }
}
