namespace RiskScoring.Samples.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
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
}
