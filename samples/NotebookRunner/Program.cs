using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace RiskScoring.NotebookRunner;

/// <summary>Command line: <c>NotebookRunner [--out DIR] notebook.ipynb ...</c>; exit code 1 on the first failing cell.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        string? outDir = null;
        var notebooks = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length)
            {
                outDir = args[++i];
            }
            else
            {
                notebooks.Add(args[i]);
            }
        }

        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine("usage: NotebookRunner [--out DIR] notebook.ipynb ...");
            return 2;
        }

        foreach (var path in notebooks)
        {
            if (!await NotebookExecutor.RunAsync(Path.GetFullPath(path), outDir, Console.Out, Console.Error))
            {
                return 1;
            }
        }

        return 0;
    }
}

/// <summary>
/// Runs the C# code cells of Jupyter notebooks (.ipynb) in order with Roslyn scripting, the way a .NET kernel would,
/// writes each cell's output back into a copy of the notebook, and fails on the first cell that throws or does not
/// compile. The RiskScoring, RiskScoring.Training and RiskScoring.Reporting assemblies are preloaded.
/// </summary>
public static class NotebookExecutor
{
    private static readonly string[] PreloadedPackages = ["RiskScoring", "RiskScoring.Training", "RiskScoring.Reporting"];

    /// <summary>Runs one notebook. Not re-entrant: it redirects <see cref="Console.Out"/> and changes the current
    /// directory to the notebook's folder while the cells run.</summary>
    /// <param name="path">The notebook.</param>
    /// <param name="outDir">Folder for the executed copy, or null.</param>
    /// <param name="log">Progress (one line per cell).</param>
    /// <param name="errors">The failing cell's diagnostics or exception.</param>
    /// <returns>True when every code cell ran.</returns>
    public static async Task<bool> RunAsync(string path, string? outDir, TextWriter log, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(errors);
        path = Path.GetFullPath(path);
        log.WriteLine($"== {Path.GetFileName(path)}");
        var notebook = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var cells = notebook["cells"]!.AsArray();
        var options = ScriptOptions.Default
            .AddReferences(typeof(RiskScoring.Features.FeatureSchema).Assembly, typeof(RiskScoring.Training.Data.FeatureTable).Assembly, typeof(RiskScoring.Reporting.HtmlReportWriter).Assembly)
            .AddImports("System", "System.Linq", "System.Collections.Generic", "System.IO")
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(Path.GetDirectoryName(path)!))
            .WithEmitDebugInformation(false);
        string previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(path)!;
        var originalOut = Console.Out;
        ScriptState<object>? state = null;
        int executionCount = 0;
        try
        {
            for (int c = 0; c < cells.Count; c++)
            {
                var cell = cells[c]!.AsObject();
                if ((string?)cell["cell_type"] != "code")
                {
                    continue;
                }

                string code = StripPreloadedReferences(SourceOf(cell));
                var output = new StringWriter(CultureInfo.InvariantCulture);
                Console.SetOut(output);
                string? result = null;
                try
                {
                    state = state is null
                        ? await CSharpScript.RunAsync(code, options)
                        : await state.ContinueWithAsync(code, options);
                    if (state.ReturnValue is not null)
                    {
                        result = Convert.ToString(state.ReturnValue, CultureInfo.InvariantCulture);
                    }
                }
                catch (CompilationErrorException ex)
                {
                    Console.SetOut(originalOut);
                    errors.WriteLine($"{Path.GetFileName(path)}: cell {c + 1} does not compile:\n  {string.Join("\n  ", ex.Diagnostics)}");
                    return false;
                }
                catch (Exception ex)
                {
                    Console.SetOut(originalOut);
                    errors.WriteLine($"{Path.GetFileName(path)}: cell {c + 1} failed: {ex}");
                    return false;
                }
                finally
                {
                    Console.SetOut(originalOut);
                }

                executionCount++;
                SetOutputs(cell, executionCount, output.ToString(), result);
                log.WriteLine($"   cell {c + 1}: ok");
            }
        }
        finally
        {
            Console.SetOut(originalOut);
            Environment.CurrentDirectory = previousDirectory;
        }

        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            string target = Path.Combine(outDir, Path.GetFileName(path));
            await File.WriteAllTextAsync(target, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            log.WriteLine($"   executed notebook written to {target}");
        }

        return true;
    }

    private static string SourceOf(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? string.Empty,
        _ => string.Empty,
    };

    /// <summary>The runner already references the RiskScoring assemblies; <c>#r "nuget: RiskScoring…"</c> lines that a
    /// Jupyter .NET kernel needs are commented out here. Any other <c>#r</c> is left to Roslyn's resolver.</summary>
    private static string StripPreloadedReferences(string code)
    {
        var sb = new StringBuilder();
        foreach (var line in code.Split('\n'))
        {
            string trimmed = line.TrimStart();
            bool preloaded = trimmed.StartsWith("#r \"nuget:", StringComparison.Ordinal)
                && PreloadedPackages.Any(p => trimmed.Contains("nuget: " + p + ",", StringComparison.Ordinal) || trimmed.Contains("nuget: " + p + "\"", StringComparison.Ordinal));
            sb.Append(preloaded ? "// (preloaded) " + trimmed : line).Append('\n');
        }

        return sb.ToString();
    }

    private static void SetOutputs(JsonObject cell, int executionCount, string stdout, string? result)
    {
        var outputs = new JsonArray();
        if (stdout.Length > 0)
        {
            outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = stdout });
        }

        if (result is not null)
        {
            outputs.Add(new JsonObject
            {
                ["output_type"] = "execute_result",
                ["execution_count"] = executionCount,
                ["data"] = new JsonObject { ["text/plain"] = result },
                ["metadata"] = new JsonObject(),
            });
        }

        cell["outputs"] = outputs;
        cell["execution_count"] = executionCount;
    }
}
