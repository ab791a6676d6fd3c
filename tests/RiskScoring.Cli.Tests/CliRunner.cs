using RiskScoring.Training.Data;

namespace RiskScoring.Cli.Tests;

/// <summary>Runs the riskscore command in-process and captures its exit code, stdout and stderr.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = RiskScoreApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A file of the repository (walking up from the test binaries).</summary>
    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Not found above the test directory: " + relative);
    }

    /// <summary>Writes <paramref name="rows"/> synthetic borrowers (with defaulted and true_pd) as a borrower CSV.</summary>
    public static string WriteBorrowers(string directory, int rows, int seed, bool limitColumns = false)
    {
        string path = Path.Combine(directory, $"borrowers-{rows}-{seed}{(limitColumns ? "-limits" : "")}.csv");
        BorrowerCsv.WriteFile(path, SyntheticPopulation.Generate(rows, seed), new BorrowerCsvWriteOptions { IncludeTruePd = true, IncludeLimitColumns = limitColumns });
        return path;
    }
}
