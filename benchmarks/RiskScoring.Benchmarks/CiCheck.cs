using System.Globalization;
using System.Text.Json;

namespace RiskScoring.Benchmarks;

/// <summary>
/// The CI benchmark guard. Reads BenchmarkDotNet full JSON reports and fails (exit code 1) unless, for every guarded
/// benchmark, the scorer is at least <c>--min-ratio</c> (default 3) times faster than the PredictionEngine baseline of
/// the same class and parameters (same model), and allocates 0 bytes per operation. Ratios only: absolute times vary
/// between machines.
/// </summary>
/// <remarks>Usage: <c>RiskScoring.Benchmarks --check &lt;*-report-full.json&gt;… [--min-ratio 3]</c>. Guarded, each
/// against the PredictionEngine method on the same input: ModelEvaluationBenchmarks.CompiledModelEncodedInput (the
/// model's own vector in), ModelEvaluationBenchmarks.RiskScorerKernel (raw features in) and
/// FullAssessmentBenchmarks.RiskScorer (a profile in).</remarks>
internal static class CiCheck
{
    private static readonly (string Type, string Method, string Baseline)[] Guarded =
    [
        (nameof(ModelEvaluationBenchmarks), nameof(ModelEvaluationBenchmarks.CompiledModelEncodedInput), nameof(ModelEvaluationBenchmarks.PredictionEngineEncodedInput)),
        (nameof(ModelEvaluationBenchmarks), nameof(ModelEvaluationBenchmarks.RiskScorerKernel), nameof(ModelEvaluationBenchmarks.PredictionEngine)),
        (nameof(FullAssessmentBenchmarks), nameof(FullAssessmentBenchmarks.RiskScorer), nameof(FullAssessmentBenchmarks.PredictionEngine)),
    ];

    public static int Run(string[] args, TextWriter output)
    {
        double minRatio = 3;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--min-ratio" && i + 1 < args.Length)
            {
                minRatio = double.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                files.Add(args[i]);
            }
        }

        if (files.Count == 0)
        {
            output.WriteLine("usage: --check <report-full.json>... [--min-ratio 3]");
            return 2;
        }

        var results = new List<Result>();
        foreach (string file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var b in doc.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                double? mean = b.TryGetProperty("Statistics", out var s) && s.ValueKind == JsonValueKind.Object ? s.GetProperty("Mean").GetDouble() : null;
                long? bytes = b.TryGetProperty("Memory", out var m) && m.ValueKind == JsonValueKind.Object ? m.GetProperty("BytesAllocatedPerOperation").GetInt64() : null;
                results.Add(new Result(b.GetProperty("Type").GetString() ?? string.Empty, b.GetProperty("Method").GetString() ?? string.Empty,
                    b.TryGetProperty("Parameters", out var p) ? p.GetString() ?? string.Empty : string.Empty, mean, bytes));
            }
        }

        int failures = 0, checkedCount = 0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CI benchmark guard: scorer ≥ {minRatio}× faster than PredictionEngine on the same model, 0 B allocated per score"));
        foreach (var (type, method, baseline) in Guarded)
        {
            foreach (var r in results.Where(r => r.Type == type && r.Method == method))
            {
                checkedCount++;
                var b = results.FirstOrDefault(x => x.Type == type && x.Method == baseline && x.Parameters == r.Parameters);
                string name = $"{type}.{method} [{r.Parameters}]";
                if (r.Mean is null || b?.Mean is null)
                {
                    output.WriteLine($"FAIL {name}: no result for the benchmark or its baseline (did the run fail?)");
                    failures++;
                    continue;
                }

                double ratio = b.Mean.Value / r.Mean.Value;
                bool fast = ratio >= minRatio;
                bool noAllocation = r.BytesPerOperation == 0;
                failures += fast && noAllocation ? 0 : 1;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(fast && noAllocation ? "PASS" : "FAIL")} {name}: {r.Mean:F1} ns vs {b.Mean:F1} ns = {ratio:F1}× the PredictionEngine speed{(fast ? string.Empty : $" (needs ≥ {minRatio}×)")}; {r.BytesPerOperation?.ToString(CultureInfo.InvariantCulture) ?? "?"} B/op{(noAllocation ? string.Empty : " (must be 0)")}"));
            }
        }

        if (checkedCount == 0)
        {
            output.WriteLine("FAIL no guarded benchmark in the reports (expected ModelEvaluationBenchmarks and FullAssessmentBenchmarks)");
            return 1;
        }

        output.WriteLine(failures == 0 ? $"benchmark guard PASSED ({checkedCount} of {checkedCount} checks)" : $"benchmark guard FAILED ({failures} of {checkedCount} checks failed)");
        return failures == 0 ? 0 : 1;
    }

    private sealed record Result(string Type, string Method, string Parameters, double? Mean, long? BytesPerOperation);
}
