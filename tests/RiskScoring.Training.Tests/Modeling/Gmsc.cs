using System.Globalization;
using RiskScoring.Features;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Tests.Modeling;

/// <summary>Give Me Some Credit (cs-training.csv) parsed by hand for the tests: first column = id, target
/// SeriousDlqin2yrs, 10 numeric columns, "NA" = NaN.</summary>
internal static class Gmsc
{
    private static readonly Lazy<FeatureTable?> Cached = new(Read);

    public static string? FindPath()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null)
        {
            foreach (string candidate in new[] { Path.Combine(dir.FullName, "shared", "data", "real", "cs-training.csv"), Path.Combine(dir.FullName, "..", "shared", "data", "real", "cs-training.csv") })
            {
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }

            dir = dir.Parent;
        }

        return File.Exists("/work/shared/data/real/cs-training.csv") ? "/work/shared/data/real/cs-training.csv" : null;
    }

    /// <summary>The whole file, or Assert.Ignore when absent.</summary>
    public static FeatureTable Load() =>
        Cached.Value ?? throw new IgnoreException("Give Me Some Credit (shared/data/real/cs-training.csv) is not present; the real-data exactness test is skipped.");

    private static FeatureTable? Read()
    {
        string? path = FindPath();
        if (path is null)
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var schema = new FeatureSchema("gmsc", 1, header.Skip(2).Select(h => FeatureDefinition.Numeric(h.Trim('"'), h)));
        int n = lines.Length - 1, w = schema.Count;
        var values = new float[n * w];
        var labels = new bool[n];
        var ids = new string[n];
        for (int r = 0; r < n; r++)
        {
            var f = lines[r + 1].Split(',');
            ids[r] = f[0];
            labels[r] = f[1] == "1";
            for (int j = 0; j < w; j++)
            {
                values[(r * w) + j] = f[j + 2] == "NA" ? float.NaN : float.Parse(f[j + 2], CultureInfo.InvariantCulture);
            }
        }

        return new FeatureTable(schema, values, labels, ids);
    }

    /// <summary>Stratified split with a seed: fold 0 of <paramref name="folds"/> is the test part.</summary>
    public static (FeatureTable Train, FeatureTable Test) Split(FeatureTable table, int folds, int seed, int? trainLimit = null)
    {
        int[] assignment = RiskScoring.Training.Modeling.Calibration.StratifiedFolds(table.Labels, folds, seed);
        var train = Enumerable.Range(0, table.RowCount).Where(i => assignment[i] != 0).ToArray();
        var test = Enumerable.Range(0, table.RowCount).Where(i => assignment[i] == 0).ToArray();
        if (trainLimit is int limit)
        {
            train = train.Take(limit).ToArray();
        }

        return (table.Subset(train), table.Subset(test));
    }
}
