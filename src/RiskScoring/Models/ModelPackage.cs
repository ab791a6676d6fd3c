using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RiskScoring.Features;
using RiskScoring.Scorecards;

namespace RiskScoring.Models;

/// <summary>
/// A trained model as one zip file: <c>manifest.json</c> (SHA-256 and length of every other entry),
/// <c>schema.json</c> (the <see cref="FeatureSchema"/>), <c>model.json</c> (the compiled model), <c>metadata.json</c>
/// (<see cref="ModelMetadata"/>), <c>mlnet.zip</c> (the ML.NET model, for baselines and retraining tools) and, for a
/// scorecard model, the optional <c>scorecard.json</c> (the points table, see <see cref="Scorecard"/>).
/// <see cref="Load(string, FeatureSchema?)"/> verifies every hash and the schema hash and refuses a tampered,
/// truncated or mismatched file with an <see cref="InvalidDataException"/> naming the entry and both hashes; there is
/// no fallback. The manifest proves integrity, not authorship: pin <see cref="ManifestSha256"/> to trust a release.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class ModelPackage
{
    /// <summary>Entry name of the manifest.</summary>
    public const string ManifestEntry = "manifest.json";

    /// <summary>Entry name of the feature schema.</summary>
    public const string SchemaEntry = "schema.json";

    /// <summary>Entry name of the compiled model.</summary>
    public const string ModelEntry = "model.json";

    /// <summary>Entry name of the metadata.</summary>
    public const string MetadataEntry = "metadata.json";

    /// <summary>Entry name of the saved ML.NET model.</summary>
    public const string MlNetEntry = "mlnet.zip";

    /// <summary>Entry name of the optional scorecard points table (scorecard models only).</summary>
    public const string ScorecardEntry = "scorecard.json";

    /// <summary>Format version of the manifest this library writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly string[] RequiredEntries = [SchemaEntry, ModelEntry, MetadataEntry, MlNetEntry];

    private readonly byte[] _mlNetModel;

    private ModelPackage(CompiledModel model, ModelMetadata metadata, byte[] mlNetModel, string manifestSha256, Scorecard? scorecard)
    {
        Model = model;
        Scorecard = scorecard;
        Metadata = metadata;
        _mlNetModel = mlNetModel;
        ManifestSha256 = manifestSha256;
    }

    /// <summary>The compiled model, ready to score.</summary>
    public CompiledModel Model { get; }

    /// <summary>The feature schema the model reads.</summary>
    public FeatureSchema Schema => Model.Schema;

    /// <summary>Training metadata.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The points table of a scorecard model (entry <c>scorecard.json</c>, verified like every entry), or null
    /// when the package has none.</summary>
    public Scorecard? Scorecard { get; }

    /// <summary>Lower-case hex SHA-256 of the manifest: one fingerprint for the whole package.</summary>
    public string ManifestSha256 { get; }

    /// <summary>The verified bytes of the saved ML.NET model (for the training library's baseline).</summary>
    internal ReadOnlyMemory<byte> MlNetModel => _mlNetModel;

    /// <summary>Reads and verifies a package file.</summary>
    /// <param name="path">Path of the package.</param>
    /// <param name="expectedSchema">When given, the package's schema must have the same hash.</param>
    /// <returns>The verified package.</returns>
    /// <exception cref="InvalidDataException">When the file is not a readable zip, an entry is missing, extra,
    /// truncated or altered, or the schema differs (message names the file, entry and hashes).</exception>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    public static ModelPackage Load(string path, FeatureSchema? expectedSchema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        return Load(stream, expectedSchema, path);
    }

    /// <summary>Reads and verifies a package from a stream (read to its end; not closed).</summary>
    /// <param name="stream">A readable stream positioned at the start of the package.</param>
    /// <param name="expectedSchema">When given, the package's schema must have the same hash.</param>
    /// <returns>The verified package.</returns>
    /// <exception cref="InvalidDataException">See <see cref="Load(string, FeatureSchema?)"/>.</exception>
    public static ModelPackage Load(Stream stream, FeatureSchema? expectedSchema = null) => Load(stream, expectedSchema, "(stream)");

    internal static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

    private static ModelPackage Load(Stream stream, FeatureSchema? expectedSchema, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var entries = ReadEntries(stream, source);
        if (!entries.TryGetValue(ManifestEntry, out byte[]? manifestBytes))
        {
            throw new InvalidDataException($"Model package {source} has no '{ManifestEntry}'; it is not a model package or was truncated.");
        }

        ManifestDto? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(manifestBytes, CompiledModelJsonContext.Default.ManifestDto);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Model package {source}: '{ManifestEntry}' is malformed: {ex.Message}", ex);
        }

        if (manifest?.Entries is null || manifest.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"Model package {source}: '{ManifestEntry}' has format_version {manifest?.FormatVersion} or no entries; this library reads version {FormatVersion}.");
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in manifest.Entries)
        {
            if (e.Name is null || !listed.Add(e.Name))
            {
                throw new InvalidDataException($"Model package {source}: the manifest lists entry '{e.Name}' twice or without a name.");
            }

            if (!entries.TryGetValue(e.Name, out byte[]? data))
            {
                throw new InvalidDataException($"Model package {source}: entry '{e.Name}' is listed in the manifest but missing from the file.");
            }

            string actual = Sha256Hex(data);
            if (data.LongLength != e.Length || !string.Equals(actual, e.Sha256, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Model package {source}: entry '{e.Name}' has SHA-256 {actual} ({data.LongLength} bytes) but the manifest expects {e.Sha256} ({e.Length} bytes); the file was altered or corrupted.");
            }
        }

        foreach (string name in entries.Keys)
        {
            if (name != ManifestEntry && !listed.Contains(name))
            {
                throw new InvalidDataException($"Model package {source}: entry '{name}' is not listed in the manifest (an added file).");
            }
        }

        foreach (string name in RequiredEntries)
        {
            if (!listed.Contains(name))
            {
                throw new InvalidDataException($"Model package {source}: required entry '{name}' is missing.");
            }
        }

        FeatureSchema schema = FeatureSchema.FromJson(Encoding.UTF8.GetString(entries[SchemaEntry]));
        if (expectedSchema is not null && !schema.Equals(expectedSchema))
        {
            throw new InvalidDataException($"Model package {source} was trained on schema {schema} (hash {schema.Hash}) but {expectedSchema} (hash {expectedSchema.Hash}) was expected.");
        }

        var metadata = ModelMetadata.FromJson(Encoding.UTF8.GetString(entries[MetadataEntry]));
        if (!string.Equals(metadata.SchemaHash, schema.Hash, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Model package {source}: '{MetadataEntry}' names schema hash {metadata.SchemaHash} but '{SchemaEntry}' hashes to {schema.Hash}.");
        }

        var model = CompiledModel.FromJson(Encoding.UTF8.GetString(entries[ModelEntry]), schema);
        if (model.Kind != metadata.Kind)
        {
            throw new InvalidDataException($"Model package {source}: '{ModelEntry}' is a {model.Kind} model but '{MetadataEntry}' says {metadata.Kind}.");
        }

        Scorecard? scorecard = null;
        if (entries.TryGetValue(ScorecardEntry, out byte[]? scorecardBytes))
        {
            scorecard = Scorecard.FromJson(Encoding.UTF8.GetString(scorecardBytes));
            if (model.Kind != ModelKind.Scorecard)
            {
                throw new InvalidDataException($"Model package {source}: '{ScorecardEntry}' is present but the model is of kind {model.Kind}, not Scorecard.");
            }

            foreach (var c in scorecard.Characteristics)
            {
                if (c.FeatureIndex >= schema.Count || !string.Equals(schema[c.FeatureIndex].Name, c.Name, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"Model package {source}: '{ScorecardEntry}' characteristic '{c.Name}' (feature index {c.FeatureIndex}) does not match schema {schema}.");
                }
            }
        }

        return new ModelPackage(model, metadata, entries[MlNetEntry], Sha256Hex(manifestBytes), scorecard);
    }

    private static Dictionary<string, byte[]> ReadEntries(Stream stream, string source)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                using var input = entry.Open();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                if (!entries.TryAdd(entry.FullName, buffer.ToArray()))
                {
                    throw new InvalidDataException($"Model package {source} holds entry '{entry.FullName}' twice.");
                }
            }
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith("Model package", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Model package {source} is not a readable zip archive (truncated or corrupted): {ex.Message}", ex);
        }

        return entries;
    }

    internal sealed record ManifestEntryDto(string? Name, string? Sha256, long Length);

    internal sealed record ManifestDto(int FormatVersion, ManifestEntryDto[]? Entries);
}
