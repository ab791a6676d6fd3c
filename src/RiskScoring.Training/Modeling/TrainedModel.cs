using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Scorecards;

namespace RiskScoring.Training.Modeling;

/// <summary>
/// The result of <see cref="ModelTrainer.Train"/>: the compiled model (what production scores with), the ML.NET
/// transformer it was read from (input: the encoded vector column <c>Features</c>) and the metadata. Saves to and
/// loads from a <see cref="ModelPackage"/> file.
/// </summary>
/// <threadsafety>Immutable; <see cref="Compiled"/> is thread-safe, a <see cref="MlNetBaseline"/> is not.</threadsafety>
public sealed class TrainedModel
{
    private readonly MLContext _ml;
    private readonly DataViewSchema _inputSchema;

    internal TrainedModel(MLContext ml, ITransformer transformer, DataViewSchema inputSchema, CompiledModel compiled, ModelMetadata metadata, Scorecard? scorecard = null)
    {
        _ml = ml;
        Scorecard = scorecard;
        Transformer = transformer;
        _inputSchema = inputSchema;
        Compiled = compiled;
        Metadata = metadata;
    }

    /// <summary>The compiled model.</summary>
    public CompiledModel Compiled { get; }

    /// <summary>The ML.NET transformer (scores encoded vectors; its own probability uses the trainer's link, not the
    /// compiled calibrator).</summary>
    public ITransformer Transformer { get; }

    /// <summary>Training metadata.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The raw feature schema.</summary>
    public FeatureSchema Schema => Compiled.Schema;

    /// <summary>The points table of a <see cref="ModelKind.Scorecard"/> model (saved as <c>scorecard.json</c>), or
    /// null for other kinds.</summary>
    public Scorecard? Scorecard { get; }

    /// <summary>A PredictionEngine-based scorer of the same model, as a reference for exactness checks and
    /// benchmarks. Not thread-safe; dispose it.</summary>
    /// <returns>The baseline.</returns>
    public MlNetBaseline CreateBaseline() => new(_ml, Transformer, Compiled);

    /// <summary>Returns a copy whose metadata holds these evaluation figures as well (same names are replaced).</summary>
    /// <param name="figures">Figures by name, for example <c>holdout_auc</c>.</param>
    /// <returns>The new trained model.</returns>
    public TrainedModel WithEvaluation(IReadOnlyDictionary<string, double> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var merged = Metadata.Evaluation.SetItems(figures);
        return new TrainedModel(_ml, Transformer, _inputSchema, Compiled, Metadata with { Evaluation = merged }, Scorecard);
    }

    /// <summary>Writes the model package (see <see cref="ModelPackage"/>) to a file, replacing it.</summary>
    /// <param name="path">Destination path.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var file = File.Create(path);
        Save(file);
    }

    /// <summary>Writes the model package to a stream (left open).</summary>
    /// <param name="stream">A writable stream.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var mlnet = new MemoryStream();
        _ml.Model.Save(Transformer, _inputSchema, mlnet);
        var stamp = Metadata.CreatedUtc.Year < 1980 ? new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero) : Metadata.CreatedUtc;
        var entries = new List<(string Name, byte[] Data)>
        {
            (ModelPackage.SchemaEntry, Encoding.UTF8.GetBytes(Schema.ToJson())),
            (ModelPackage.ModelEntry, Encoding.UTF8.GetBytes(Compiled.ToJson())),
            (ModelPackage.MetadataEntry, Encoding.UTF8.GetBytes(Metadata.ToJson())),
            (ModelPackage.MlNetEntry, Restamp(mlnet.ToArray(), stamp)),
        };
        if (Scorecard is not null)
        {
            entries.Add((ModelPackage.ScorecardEntry, Encoding.UTF8.GetBytes(Scorecard.ToJson())));
        }

        var manifest = new ModelPackage.ManifestDto(ModelPackage.FormatVersion,
            [.. entries.Select(e => new ModelPackage.ManifestEntryDto(e.Name, ModelPackage.Sha256Hex(e.Data), e.Data.LongLength))]);
        entries.Insert(0, (ModelPackage.ManifestEntry, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(manifest, CompiledModelJsonContext.Default.ManifestDto)));
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, data) in entries)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = stamp;
            using var output = entry.Open();
            output.Write(data);
        }
    }

    /// <summary>Loads a package written by <see cref="Save(string)"/> (verified by <see cref="ModelPackage.Load(string, FeatureSchema?)"/>)
    /// together with its ML.NET model.</summary>
    /// <param name="path">The package file.</param>
    /// <param name="expectedSchema">When given, the package's schema must match it.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="InvalidDataException">When the package fails verification.</exception>
    public static TrainedModel Load(string path, FeatureSchema? expectedSchema = null)
    {
        var package = ModelPackage.Load(path, expectedSchema);
        var ml = new MLContext(package.Metadata.Seed);
        using var stream = new MemoryStream(package.MlNetModel.ToArray(), writable: false);
        var transformer = ml.Model.Load(stream, out var inputSchema);
        return new TrainedModel(ml, transformer, inputSchema, package.Model, package.Metadata, package.Scorecard);
    }

    /// <summary>ML.NET stamps the entries of its own zip with the wall-clock time, so two trainings of the same model
    /// would differ in those bytes only; this rewrites the zip with the package's creation time, in the same entry
    /// order, so that the same seed and creation time give the same package bytes.</summary>
    private static byte[] Restamp(byte[] zipBytes, DateTimeOffset stamp)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in source.Entries)
            {
                var copy = target.CreateEntry(e.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = stamp;
                using var from = e.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}

/// <summary>
/// Scores raw vectors through the same encoder and ML.NET's <c>PredictionEngine</c> — the reference the compiled model
/// is tested against. Not thread-safe (one engine, mutable rows); allocates per call.
/// </summary>
public sealed class MlNetBaseline : IDisposable
{
    private readonly PredictionEngine<EncodedRow, ScoredRow> _engine;
    private readonly FeatureEncoder _encoder;
    private readonly EncodedRow _row;
    private ScoredRow _output = new();

    internal MlNetBaseline(MLContext ml, ITransformer transformer, CompiledModel compiled)
    {
        _encoder = compiled.Encoder;
        _row = new EncodedRow { Features = new float[_encoder.EncodedLength] };
        _engine = ml.Model.CreatePredictionEngine<EncodedRow, ScoredRow>(transformer, inputSchemaDefinition: EncodedRow.Definition(_encoder.EncodedLength));
    }

    /// <summary>ML.NET's raw score for a raw feature vector.</summary>
    /// <param name="rawFeatures">Values in schema order.</param>
    /// <returns>The score (float, as ML.NET computes it).</returns>
    public float Score(ReadOnlySpan<float> rawFeatures)
    {
        Run(rawFeatures);
        return _output.Score;
    }

    /// <summary>ML.NET's probability (the trainer's own link, before this library's calibration).</summary>
    /// <param name="rawFeatures">Values in schema order.</param>
    /// <returns>The probability.</returns>
    public float PredictProbability(ReadOnlySpan<float> rawFeatures)
    {
        Run(rawFeatures);
        return _output.Probability;
    }

    /// <inheritdoc/>
    public void Dispose() => _engine.Dispose();

    private void Run(ReadOnlySpan<float> raw)
    {
        _encoder.Encode(raw, _row.Features);
        _engine.Predict(_row, ref _output);
    }

}
