using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;

namespace RiskScoring.Benchmarks;

/// <summary>
/// Runs the benchmarks (BenchmarkDotNet switcher: pass <c>--filter</c>, <c>--job</c> and so on), or with
/// <c>--check &lt;report-full.json&gt;…</c> checks exported results against the CI guard (see <see cref="CiCheck"/>).
/// Every run exports GitHub markdown and full JSON with the memory diagnoser on.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--check")
        {
            return CiCheck.Run(args[1..], Console.Out);
        }

        if (args.Length > 2 && args[0] == "--loop")
        {
            return QuickBreakdown.Loop(Enum.Parse<RiskScoring.Models.ModelKind>(args[1], ignoreCase: true), double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        if (args.Length > 0 && args[0] == "--breakdown")
        {
            return QuickBreakdown.Run(Console.Out);
        }

        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddExporter(JsonExporter.Full);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
