using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Training.Data;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Benchmarks;

/// <summary>
/// The bundled synthetic borrowers (data/synthetic-borrowers.csv, 50 000 rows) and the models every benchmark uses,
/// trained with fixed seeds on the first 40 000 rows; the last 10 000 rows are the scoring inputs. Calibration is off
/// so that the compiled PD is exactly ML.NET's probability. Trained packages are cached in the temp folder per build
/// of this assembly (each benchmark process would otherwise retrain), and in memory within a process. The scorecard
/// is the library's own (ModelKind.Scorecard: optimal binning, WoE, logistic regression, points table).
/// </summary>
internal static class BenchmarkData
{
    public const int TrainRows = 40_000;
    public const int Seed = 42;

    private static readonly Lazy<(BorrowerRecord[] Records, FeatureTable Table)> Data = new(Load);
    private static readonly Dictionary<ModelKind, TrainedModel> Models = [];
    private static readonly Lock Gate = new();

    public static BorrowerRecord[] Records => Data.Value.Records;

    public static FeatureTable Table => Data.Value.Table;

    /// <summary>Profiles of the scoring rows (not trained on).</summary>
    public static BorrowerProfile[] TestProfiles(int count) => [.. Records.Skip(TrainRows).Take(count).Select(r => r.Profile)];

    /// <summary>Raw feature rows of the scoring rows, cycling when more are asked than exist.</summary>
    public static float[][] TestRows(int count)
    {
        int available = Table.RowCount - TrainRows;
        return [.. Enumerable.Range(0, count).Select(i => Table.Row(TrainRows + (i % available)).ToArray())];
    }

    public static TrainedModel Model(ModelKind kind)
    {
        lock (Gate)
        {
            if (!Models.TryGetValue(kind, out var model))
            {
                model = LoadOrTrain(kind);
                Models[kind] = model;
            }

            return model;
        }
    }

    public static ModelTrainingOptions Options(ModelKind kind) => new()
    {
        Kind = kind,
        Seed = Seed,
        Calibration = CalibrationMethod.None,
        Gbdt = new GbdtOptions { NumberOfTrees = 300 },
    };

    private static TrainedModel LoadOrTrain(ModelKind kind)
    {
        string mvid = typeof(BenchmarkData).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        string path = Path.Combine(Path.GetTempPath(), $"riskscoring-bench-{mvid}-{kind}.rsk");
        if (File.Exists(path))
        {
            return TrainedModel.Load(path);
        }

        var train = Table.Subset([.. Enumerable.Range(0, TrainRows)]);
        var model = new ModelTrainer(new FixedTime()).Train(train, Options(kind));
        string temp = path + "." + Environment.ProcessId + ".tmp";
        model.Save(temp);
        File.Move(temp, path, overwrite: true);
        return model;
    }

    private static (BorrowerRecord[] Records, FeatureTable Table) Load()
    {
        var report = new LoadReport("synthetic");
        var records = BorrowerCsv.ReadFile(DataFile(), report).ToArray();
        return (records, TableBuilder.Build(records, BorrowerFeatures.Schema));
    }

    /// <summary>data/synthetic-borrowers.csv, found above the program's folder or the current directory.</summary>
    public static string DataFile()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "data", "synthetic-borrowers.csv");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"data/synthetic-borrowers.csv not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
