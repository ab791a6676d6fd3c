using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RiskScoring.Models;
using RiskScoring.Training.Binning;
using RiskScoring.Training.Data;
using RiskScoring.Training.Evaluation;
using RiskScoring.Training.Modeling;
using RiskScoring.Training.Scorecards;

namespace RiskScoring.Samples.DemoModelGenerator;

/// <summary>
/// Trains the demonstration model embedded in the RiskScoring package (<c>DemoModel</c>) from the bundled synthetic
/// data with a fixed seed and clock, and returns the model package bytes. Same data → same bytes.
/// </summary>
public static class DemoModelBuilder
{
    /// <summary>The training seed of the demonstration model.</summary>
    public const int Seed = 20260101;

    /// <summary>The creation time recorded in the package (fixed so the bytes are reproducible).</summary>
    public static readonly DateTimeOffset CreatedUtc = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The model family of the demonstration model.</summary>
    public const ModelKind Kind = ModelKind.Scorecard;

    /// <summary>
    /// Scorecard settings chosen for a model people read: monotone bins (points never rise and fall along a
    /// characteristic), classic WoE bin values, and characteristics with an information value of at least 0.05. The
    /// last drops the weak business-only characteristics (years trading, revenue; IV about 0.03-0.04), which would
    /// otherwise give every individual a "business has traded for a short time" reason, since an individual's missing
    /// value sits far below the best attainable business bin.
    /// </summary>
    public static ScorecardOptions ScorecardOptions { get; } = new()
    {
        Binning = new BinningOptions { PrebinCount = 50, Trend = MonotonicTrend.Auto },
        LargeSampleBinning = new BinningOptions { PrebinCount = 50, MaxBins = 12, MinBinShare = 0.02, Trend = MonotonicTrend.Auto },
        Selection = new SelectionOptions { MinInformationValue = 0.05 },
        BinValues = ScorecardBinValues.WeightOfEvidence,
    };

    /// <summary>Path of the embedded file, relative to the repository root.</summary>
    public const string EmbeddedPath = "src/RiskScoring/DemoModel/demo-model.rsmodel";

    /// <summary>Path of the bundled training data, relative to the repository root.</summary>
    public const string DataPath = "data/synthetic-borrowers.csv";

    /// <summary>Trains on <paramref name="csvPath"/> and returns the package bytes.</summary>
    public static byte[] Build(string csvPath)
    {
        var loaded = BorrowerCsv.LoadFile(csvPath, new LoadOptions { RequireLabel = true });
        var options = new ModelTrainingOptions { Kind = Kind, Seed = Seed, Scorecard = ScorecardOptions };
        var trained = new ModelTrainer(new FixedClock(CreatedUtc)).Train(loaded.Table, options);
        var table = loaded.Table;
        var pd = new double[table.RowCount];
        for (int i = 0; i < pd.Length; i++)
        {
            pd[i] = trained.Compiled.PredictProbability(table.Row(i));
        }

        // In-sample figure for the record; the notebooks compare models on held-out rows.
        trained = trained.WithEvaluation(new Dictionary<string, double> { ["training_auc"] = BinaryMetrics.Auc(pd, table.Labels) });
        using var raw = new MemoryStream();
        trained.Save(raw);
        return raw.ToArray();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
