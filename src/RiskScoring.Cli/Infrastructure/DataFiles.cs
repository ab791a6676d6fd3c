namespace RiskScoring.Cli.Infrastructure;

/// <summary>Finds bundled and shared data files by walking up from the current directory and from the tool's own
/// directory (so <c>riskscore demo</c> works from anywhere inside a clone and from <c>dotnet run</c>).</summary>
internal static class DataFiles
{
    /// <summary>The bundled synthetic borrowers, relative to the repository root.</summary>
    public const string SyntheticBorrowers = "data/synthetic-borrowers.csv";

    /// <summary>The bundled German credit file, relative to the repository root.</summary>
    public const string German = "data/german/german.data";

    /// <summary>Give Me Some Credit, relative to the repository root's parent (never copied into the repository).</summary>
    public const string Gmsc = "../shared/data/real/cs-training.csv";

    /// <summary>The first existing <paramref name="relativePath"/> under the current directory or one of its
    /// ancestors, then under the tool's directory or one of its ancestors; null when none exists.</summary>
    public static string? Find(string relativePath)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, relativePath));
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
