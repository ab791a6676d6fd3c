using System.Diagnostics;
using RiskScoring.NotebookRunner;

namespace RiskScoring.Samples.Tests;

/// <summary>Runs every notebook in samples/notebooks cell by cell, as CI's runner does; fails on the first bad cell.</summary>
[NonParallelizable]
public sealed class NotebookTests
{
    private static IEnumerable<TestCaseData> Notebooks() =>
        Directory.GetFiles(RepoPaths.Combine("samples", "notebooks"), "*.ipynb")
            .Order(StringComparer.Ordinal)
            .Select(p => new TestCaseData(p).SetName("Notebook_" + Path.GetFileNameWithoutExtension(p).Replace('-', '_') + "_RunsGreen"));

    [Test]
    public void Notebooks_Folder_HoldsTheRetrainingNotebooks() =>
        Assert.That(Notebooks().Count(), Is.GreaterThanOrEqualTo(2));

    [TestCaseSource(nameof(Notebooks))]
    public async Task Notebook_RunsGreen(string path)
    {
        var log = new StringWriter();
        var errors = new StringWriter();
        string outDir = Path.Combine(Path.GetTempPath(), "riskscoring-notebooks-" + Guid.NewGuid().ToString("N"));
        var sw = Stopwatch.StartNew();
        bool ok = await NotebookExecutor.RunAsync(path, outDir, log, errors);
        TestContext.Out.WriteLine(log.ToString() + $"   {sw.Elapsed.TotalSeconds:0.0} s");
        Assert.That(ok, Is.True, errors.ToString());
        Assert.That(File.Exists(Path.Combine(outDir, Path.GetFileName(path))), Is.True, "executed copy written");
        Directory.Delete(outDir, recursive: true);
    }
}
