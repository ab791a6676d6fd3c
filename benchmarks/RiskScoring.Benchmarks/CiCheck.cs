using System.Globalization;
using System.Text.Json;

namespace RiskScoring.Benchmarks;

/// <summary>
/// The CI benchmark guard. Reads BenchmarkDotNet full JSON reports and fails (exit code 1) unless every guarded
/// benchmark allocates 0 bytes per operation and is at least its floor times faster than its PredictionEngine
/// baseline on the same model and input in the same run. Ratios only: absolute times vary between machines.
/// </summary>
/// <remarks>
/// Usage: <c>RiskScoring.Benchmarks --check &lt;*-report-full.json&gt;… [--min-ratio 3]</c>. Guarded:
/// <list type="bullet">
/// <item>Model evaluation, the model's own input vector in (ModelEvaluationBenchmarks.CompiledModelEncodedInput
/// against PredictionEngineEncodedInput): at least <c>--min-ratio</c>, default 3, the issue's guard.</item>
/// <item>The scorer's kernel, raw features in (RiskScorerKernel against PredictionEngine fed by the same encoder):
/// at least 1.25×, a regression alarm (the encoding is part of both sides, so the ratio is lower).</item>
/// <item>The full assessment from a profile (FullAssessmentBenchmarks.RiskScorer against extraction + PredictionEngine,
/// which computes the PD only, no score, grade or reasons): at least 0.5×, a regression alarm.</item>
/// </list>
/// </remarks>
internal static class CiCheck
{
    private static readonly (string Type, string Method, string Baseline, double? Floor)[] Guarded =
    [
        (nameof(ModelEvaluationBenchmarks), nameof(ModelEvaluationBenchmarks.CompiledModelEncodedInput), nameof(ModelEvaluationBenchmarks.PredictionEngineEncodedInput), null),
        (nameof(ModelEvaluationBenchmarks), nameof(ModelEvaluationBenchmarks.RiskScorerKernel), nameof(ModelEvaluationBenchmarks.PredictionEngine), 1.25),
        (nameof(FullAssessmentBenchmarks), nameof(FullAssessmentBenchmarks.RiskScorer), nameof(FullAssessmentBenchmarks.PredictionEngine), 0.5),
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
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CI benchmark guard: model evaluation ≥ {minRatio}× PredictionEngine on the same model and vector, kernel and full assessment above their regression floors, 0 B allocated per score"));
        foreach (var (type, method, baseline, floor) in Guarded)
        {
            double required = floor ?? minRatio;
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
                bool fast = ratio >= required;
                bool noAllocation = r.BytesPerOperation == 0;
                failures += fast && noAllocation ? 0 : 1;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(fast && noAllocation ? "PASS" : "FAIL")} {name}: {r.Mean:F1} ns vs {b.Mean:F1} ns = {ratio:F1}× the PredictionEngine speed{(fast ? string.Empty : $" (needs ≥ {required}×)")}; {r.BytesPerOperation?.ToString(CultureInfo.InvariantCulture) ?? "?"} B/op{(noAllocation ? string.Empty : " (must be 0)")}"));
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
