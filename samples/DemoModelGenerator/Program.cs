// Regenerates the demonstration model embedded in the RiskScoring package:
//   dotnet run --project samples/DemoModelGenerator            (from the repository root)
// Trains on data/synthetic-borrowers.csv with a fixed seed and clock; the same data gives the same bytes.
using System.Diagnostics;
using RiskScoring.Models;
using RiskScoring.Samples.DemoModelGenerator;

string root = args.Length > 0 ? args[0] : FindRoot();
var sw = Stopwatch.StartNew();
byte[] bytes = DemoModelBuilder.Build(Path.Combine(root, DemoModelBuilder.DataPath));
string target = Path.Combine(root, DemoModelBuilder.EmbeddedPath);
Directory.CreateDirectory(Path.GetDirectoryName(target)!);
File.WriteAllBytes(target, bytes);
var package = ModelPackage.Load(target);
Console.WriteLine($"Wrote {target}: {bytes.Length} bytes, {package.Metadata.Kind}, seed {package.Metadata.Seed}, " +
    $"manifest {package.ManifestSha256[..12]}, training AUC {package.Metadata.Evaluation.GetValueOrDefault("training_auc"):0.0000}, {package.Model.Kind}, {sw.Elapsed.TotalSeconds:0.0} s");
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "RiskScoring.sln")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run from inside the repository (RiskScoring.sln not found above the current directory), or pass its path.");
}
