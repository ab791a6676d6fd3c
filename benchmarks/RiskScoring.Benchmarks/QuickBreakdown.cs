using System.Diagnostics;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

namespace RiskScoring.Benchmarks;

/// <summary>A fast, rough per-stage timing of RiskScorer.Score with a stopwatch (<c>--breakdown</c>), for profiling
/// the hot path without a full BenchmarkDotNet run; use HotPathBreakdownBenchmarks for reported figures.</summary>
internal static class QuickBreakdown
{
    public static int Run(TextWriter output)
    {
        var profiles = BenchmarkData.TestProfiles(1024);
        var rows = BenchmarkData.TestRows(1024);
        var extractor = new FeatureExtractor(BorrowerFeatures.Schema);
        var features = new float[BorrowerFeatures.Schema.Count];
        var contributions = new double[BorrowerFeatures.Schema.Count];
        foreach (var kind in new[] { ModelKind.Logistic, ModelKind.Scorecard, ModelKind.Gbdt })
        {
            var model = BenchmarkData.Model(kind).Compiled;
            var scorer = new RiskScorer(model);
            var average = new RiskScorer(model, new RiskScorerOptions { ReasonMethod = ReasonMethod.AverageApplicant });
            var kernel = ScoringKernel.For(model);
            using var engine = BenchmarkData.Model(kind).CreateBaseline();
            output.WriteLine($"{kind} ({model.Encoder.EncodedLength} encoded columns), ns per row:");
            if (model is TreeEnsembleModel trees)
            {
                static int Depth(TreeSpec s, int node) => 1 + Math.Max(s.Left[node] >= 0 ? Depth(s, s.Left[node]) : 0, s.Right[node] >= 0 ? Depth(s, s.Right[node]) : 0);
                var depths = trees.Trees.Select(t => t.SplitFeatures.Length == 0 ? 0 : Depth(t, 0)).ToArray();
                double groupMax = depths.Chunk(4).Average(g => (double)g.Max());
                output.WriteLine($"  trees {depths.Length}, mean depth {depths.Average():F1}, max {depths.Max()}, mean of per-4-group max {groupMax:F1}");
            }

            Time(output, "validate", () => { int n = 0; foreach (var p in profiles) { n += ProfileValidator.IsValid(p) ? 1 : 0; } return n; });
            Time(output, "extract (validated)", () => { foreach (var p in profiles) { extractor.ExtractValidated(p, features); } return features[0]; });
            Time(output, "kernel margin", () => { double s = 0; foreach (var r in rows) { s += kernel.Margin(r); } return s; });
            Time(output, "kernel margin + contributions", () => { double s = 0; foreach (var r in rows) { s += kernel.Explain(r, contributions); } return s; });
            Time(output, "model.Explain", () => { double s = 0; foreach (var r in rows) { s += model.Explain(r, contributions); } return s; });
            var calibrator = model.Calibrator;
            Time(output, "PD + score + grade from a margin", () => { double s = 0; foreach (var r in rows) { double pd = calibrator.Probability(r[0] * 0.001); s += ScoreScaling.Default.ScoreFromProbability(pd) + GradeBands.Default.GradeOf(pd).Rank; } return s; });
            ReasonCode[] reasonArray = [new("R1", "a", 1, 3), new("R2", "b", 2, 2), new("R3", "c", 3, 1), new("R4", "d", 4, 0.5)];
            Time(output, "RiskAssessment with 4 reasons", () => { double s = 0; foreach (var r in rows) { s += new RiskAssessment(0.1, 600, GradeBands.Default.Grades[1], reasonArray).Score; } return s; });
            var defs = new ReasonCodeCalculator(model, ScoreScaling.Default, ReasonCatalogue.Default).Sides;
            var reasonBuffer = new ReasonCode[4];
            Time(output, "kernel + select top 4 reasons", () => { double s = 0; foreach (var r in rows) { s += kernel.Explain(r, contributions); s += ReasonSelection.SelectTop(r, contributions, 20, defs, 4, reasonBuffer); } return s; });
            Time(output, "ScoreFeatures", () => { double s = 0; foreach (var r in rows) { s += scorer.ScoreFeatures(r).Score; } return s; });
            Time(output, "Score(profile)", () => { double s = 0; foreach (var p in profiles) { s += scorer.Score(p).Score; } return s; });
            Time(output, "Score(profile), average applicant", () => { double s = 0; foreach (var p in profiles) { s += average.Score(p).Score; } return s; });
            Time(output, "PredictionEngine (raw row)", () => { double s = 0; foreach (var r in rows) { s += engine.PredictProbability(r); } return s; });
        }

        return 0;
    }

    /// <summary>Scores the test profiles in a loop for a while (<c>--loop kind seconds</c>), for a sampling profiler
    /// such as <c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>.</summary>
    public static int Loop(ModelKind kind, double seconds)
    {
        var profiles = BenchmarkData.TestProfiles(1024);
        var scorer = new RiskScorer(BenchmarkData.Model(kind).Compiled);
        var watch = Stopwatch.StartNew();
        double sum = 0;
        long scored = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            foreach (var p in profiles)
            {
                sum += scorer.Score(p).Score;
            }

            scored += profiles.Length;
        }

        Console.WriteLine($"{scored} scores, {watch.Elapsed.TotalNanoseconds / scored:F1} ns each ({sum:F0})");
        return 0;
    }

    private static void Time(TextWriter output, string name, Func<double> body)
    {
        // Warm up, let tiered compilation finish its background work, warm up again.
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 20; i++)
            {
                body();
            }

            Thread.Sleep(200);
        }

        double best = double.MaxValue;
        for (int round = 0; round < 15; round++)
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 5; i++)
            {
                body();
            }

            best = Math.Min(best, watch.Elapsed.TotalNanoseconds / (5 * 1024));
        }

        output.WriteLine($"  {name,-36} {best,10:F1}");
    }
}
