namespace RiskScoring.Training.Tests.Data;

/// <summary>Locates the repository and the shared real-data folder from the test directory.</summary>
internal static class TestData
{
    public const string SyntheticFileName = "synthetic-borrowers.csv";

    /// <summary>The seed of the bundled synthetic file (documented in data/README.md).</summary>
    public const int SyntheticSeed = 20240601;

    public const int SyntheticCount = 50_000;

    /// <summary>The repository root: the first folder above the test directory holding RiskScoring.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RiskScoring.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("RiskScoring.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }

    /// <summary>The path of a file in shared/data/real, found by walking up from the test directory; the test is
    /// ignored when the folder or file is absent.</summary>
    public static string RealFile(string name)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string real = Path.Combine(dir.FullName, "shared", "data", "real");
            if (Directory.Exists(real))
            {
                string path = Path.Combine(real, name);
                if (!File.Exists(path))
                {
                    Assert.Ignore($"{name} not found at {path}; the shared real-data folder lacks it.");
                }

                return path;
            }
        }

        Assert.Ignore($"{name} not found at <ancestor of {TestContext.CurrentContext.TestDirectory}>/shared/data/real; put the shared folder beside the repository to run this test.");
        return string.Empty;
    }
}
