using System.Collections.Immutable;
using System.Text.Json;

namespace RiskScoring.Models;

/// <summary>What a model package records about how and when its model was trained (file <c>metadata.json</c>).</summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ModelMetadata
{
    /// <summary>The model family.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>The random seed used for training (same data + options + seed → identical model).</summary>
    public required int Seed { get; init; }

    /// <summary>Number of training rows.</summary>
    public required int TrainingRows { get; init; }

    /// <summary>Share of training rows that defaulted (0–1).</summary>
    public required double TrainingDefaultRate { get; init; }

    /// <summary>Hash of the feature schema (see <see cref="Features.FeatureSchema.Hash"/>).</summary>
    public required string SchemaHash { get; init; }

    /// <summary>Training options, flattened to <c>section.name → invariant text</c>.</summary>
    public ImmutableSortedDictionary<string, string> Options { get; init; } = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Evaluation figures by name (for example <c>oof_auc</c>, <c>holdout_auc</c>, <c>holdout_ece</c>).</summary>
    public ImmutableSortedDictionary<string, double> Evaluation { get; init; } = ImmutableSortedDictionary<string, double>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Version of the library that trained the model.</summary>
    public required string LibraryVersion { get; init; }

    /// <summary>When the model was trained (UTC, from the trainer's injected clock).</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    internal string ToJson() => JsonSerializer.Serialize(
        new MetadataDto(CompiledModelJson.FormatVersion, Kind, Seed, TrainingRows, TrainingDefaultRate, SchemaHash,
            new SortedDictionary<string, string>(Options, StringComparer.Ordinal), new SortedDictionary<string, double>(Evaluation, StringComparer.Ordinal), LibraryVersion, CreatedUtc),
        CompiledModelJsonContext.Default.MetadataDto);

    internal static ModelMetadata FromJson(string json)
    {
        var dto = JsonEntry.Read(json, CompiledModelJsonContext.Default.MetadataDto, "model metadata");

        if (dto is null || dto.SchemaHash is null || dto.LibraryVersion is null)
        {
            throw new InvalidDataException("The model metadata JSON is empty or lacks 'schema_hash' or 'library_version'.");
        }

        if (dto.FormatVersion != CompiledModelJson.FormatVersion)
        {
            throw new InvalidDataException($"The model metadata has format_version {dto.FormatVersion}; this library reads version {CompiledModelJson.FormatVersion}.");
        }

        return new ModelMetadata
        {
            Kind = dto.Kind,
            Seed = dto.Seed,
            TrainingRows = dto.TrainingRows,
            TrainingDefaultRate = dto.TrainingDefaultRate,
            SchemaHash = dto.SchemaHash,
            Options = (dto.Options ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal),
            Evaluation = (dto.Evaluation ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal),
            LibraryVersion = dto.LibraryVersion,
            CreatedUtc = dto.CreatedUtc,
        };
    }

    internal sealed record MetadataDto(int FormatVersion, ModelKind Kind, int Seed, int TrainingRows, double TrainingDefaultRate, string? SchemaHash,
        SortedDictionary<string, string>? Options, SortedDictionary<string, double>? Evaluation, string? LibraryVersion, DateTimeOffset CreatedUtc);
}
