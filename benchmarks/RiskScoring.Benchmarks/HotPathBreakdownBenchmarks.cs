using BenchmarkDotNet.Attributes;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

namespace RiskScoring.Benchmarks;

/// <summary>Where the time of one RiskScorer.Score goes, stage by stage, per profile (1024 held-out profiles cycled):
/// validation, extraction, the model's generic path (encoding, margin, margin + contributions), the scorer's kernel
/// (margin; margin + contributions), the kernel with the reason selection, and the whole assessment from features and
/// from a profile.</summary>
[MemoryDiagnoser]
public class HotPathBreakdownBenchmarks
{
    private const int Rows = 1024;
    private BorrowerProfile[] _profiles = [];
    private float[][] _rows = [];
    private float[] _encoded = [];
    private double[] _contributions = [];
    private FeatureExtractor _extractor = null!;
    private CompiledModel _model = null!;
    private RiskScorer _scorer = null!;
    private float[] _features = [];
    private ScoringKernel _kernel = null!;
    private ReasonSide[] _sides = [];
    private ReasonCode[] _reasons = [];

    [Params(ModelKind.Scorecard, ModelKind.Gbdt)]
    public ModelKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkData.Model(Kind).Compiled;
        _scorer = new RiskScorer(_model);
        _extractor = new FeatureExtractor(BorrowerFeatures.Schema);
        _profiles = BenchmarkData.TestProfiles(Rows);
        _rows = BenchmarkData.TestRows(Rows);
        _encoded = new float[_model.Encoder.EncodedLength];
        _contributions = new double[BorrowerFeatures.Schema.Count];
        _features = new float[BorrowerFeatures.Schema.Count];
        var calculator = new ReasonCodeCalculator(_model, ScoreScaling.Default, ReasonCatalogue.Default);
        _kernel = ScoringKernel.For(_model, calculator.EffectiveMethod == ReasonMethod.BestAttainable ? calculator.BestContributions : null);
        _sides = calculator.Sides;
        _reasons = new ReasonCode[RiskAssessment.MaxReasons];
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double KernelMargin()
    {
        double s = 0;
        foreach (var r in _rows)
        {
            s += _kernel.Margin(r);
        }

        return s;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double KernelExplain()
    {
        double s = 0;
        foreach (var r in _rows)
        {
            s += _kernel.Explain(r, _contributions);
        }

        return s;
    }

    /// <summary>The kernel's margin and contributions, then the top four reasons (no PD, score or grade).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public double KernelExplainAndReasons()
    {
        double s = 0;
        foreach (var r in _rows)
        {
            s += _kernel.Explain(r, _contributions);
            s += ReasonSelection.SelectTop(r, _contributions, ScoreScaling.Default.Factor, _sides, RiskAssessment.MaxReasons, _reasons);
        }

        return s;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int Validate()
    {
        int n = 0;
        foreach (var p in _profiles)
        {
            n += ProfileValidator.IsValid(p) ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public float Extract()
    {
        float s = 0;
        foreach (var p in _profiles)
        {
            _extractor.ExtractValidated(p, _features);
            s += _features[0];
        }

        return s;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public float Encode()
    {
        float s = 0;
        foreach (var r in _rows)
        {
            _model.Encoder.Encode(r, _encoded);
            s += _encoded[0];
        }

        return s;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double Margin()
    {
        double s = 0;
        foreach (var r in _rows)
        {
            s += _model.Score(r);
        }

        return s;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double Explain()
    {
        double s = 0;
        foreach (var r in _rows)
        {
            s += _model.Explain(r, _contributions);
        }

        return s;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double ScoreFeatures()
    {
        double s = 0;
        foreach (var r in _rows)
        {
            s += _scorer.ScoreFeatures(r).Score;
        }

        return s;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public double ScoreProfile()
    {
        double s = 0;
        foreach (var p in _profiles)
        {
            s += _scorer.Score(p).Score;
        }

        return s;
    }
}
