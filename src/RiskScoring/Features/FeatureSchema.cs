using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskScoring.Features;

/// <summary>
/// The ordered list of features that every stage reads: extraction writes vectors in this order, training learns on
/// it, model packages store it, and the scorer refuses a package whose schema hash differs from its own.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class FeatureSchema : IEquatable<FeatureSchema>
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a schema.</summary>
    /// <param name="name">Schema name, for example <c>borrower</c> or the name of a lender's table.</param>
    /// <param name="version">Schema version (≥ 1); bump it whenever a feature's meaning changes.</param>
    /// <param name="features">The features in vector order (at least one, unique names).</param>
    /// <exception cref="ArgumentException">When names repeat, the list is empty or the version is below 1.</exception>
    public FeatureSchema(string name, int version, IEnumerable<FeatureDefinition> features)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentNullException.ThrowIfNull(features);
        Name = name;
        Version = version;
        Features = [.. features];
        if (Features.IsEmpty)
        {
            throw new ArgumentException("A feature schema needs at least one feature.", nameof(features));
        }

        _index = new Dictionary<string, int>(Features.Length, StringComparer.Ordinal);
        for (int i = 0; i < Features.Length; i++)
        {
            if (!_index.TryAdd(Features[i].Name, i))
            {
                throw new ArgumentException($"Feature name '{Features[i].Name}' appears twice (positions {_index[Features[i].Name]} and {i}).", nameof(features));
            }
        }

        Hash = ComputeHash(Name, Version, Features);
    }

    /// <summary>The schema's name.</summary>
    public string Name { get; }

    /// <summary>The schema's version.</summary>
    public int Version { get; }

    /// <summary>The features in vector order.</summary>
    public ImmutableArray<FeatureDefinition> Features { get; }

    /// <summary>Number of features (the length of a feature vector).</summary>
    public int Count => Features.Length;

    /// <summary>Lower-case hex SHA-256 of the schema's canonical text (name, version, and each feature's name, kind
    /// and categories). Two schemas with the same hash produce interchangeable vectors.</summary>
    public string Hash { get; }

    /// <summary>The feature at <paramref name="index"/>.</summary>
    /// <param name="index">Position in the vector.</param>
    public FeatureDefinition this[int index] => Features[index];

    /// <summary>Returns the position of the named feature.</summary>
    /// <param name="name">Feature name (case-sensitive).</param>
    /// <returns>The index.</returns>
    /// <exception cref="KeyNotFoundException">When the schema has no such feature; the message lists the names.</exception>
    public int IndexOf(string name)
    {
        if (TryGetIndex(name, out int index))
        {
            return index;
        }

        throw new KeyNotFoundException($"Schema '{Name}' v{Version} has no feature '{name}'. Features: {string.Join(", ", Features.Select(f => f.Name))}.");
    }

    /// <summary>Looks up the position of the named feature.</summary>
    /// <param name="name">Feature name (case-sensitive).</param>
    /// <param name="index">The position when found.</param>
    /// <returns>Whether the feature exists.</returns>
    public bool TryGetIndex(string name, out int index) => _index.TryGetValue(name, out index);

    /// <summary>Serialises the schema to JSON (the form stored in model packages).</summary>
    /// <returns>Indented JSON with name, version, hash and features.</returns>
    public string ToJson() => JsonSerializer.Serialize(
        new SchemaDto(Name, Version, Hash, [.. Features.Select(f => new FeatureDto(f.Name, f.Kind, f.Description, f.Kind == FeatureKind.Categorical ? [.. f.Categories] : null))]),
        SchemaJsonContext.Default.SchemaDto);

    /// <summary>Reads a schema written by <see cref="ToJson"/> and checks its stored hash.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="InvalidDataException">When the JSON is malformed or the stored hash does not match the
    /// features (the file was edited or corrupted).</exception>
    public static FeatureSchema FromJson(string json)
    {
        var dto = Models.JsonEntry.Read(json, SchemaJsonContext.Default.SchemaDto, "feature schema");

        if (dto is null || dto.Features is null || dto.Name is null)
        {
            throw new InvalidDataException("The feature schema JSON is empty or lacks 'name' or 'features'.");
        }

        var schema = new FeatureSchema(dto.Name, dto.Version, dto.Features.Select(f =>
            new FeatureDefinition(f.Name, f.Kind, f.Description ?? string.Empty, f.Categories is null ? default : [.. f.Categories])));
        if (!string.Equals(schema.Hash, dto.Hash, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The feature schema '{dto.Name}' stores hash {dto.Hash} but its features hash to {schema.Hash}: the schema was altered.");
        }

        return schema;
    }

    /// <inheritdoc/>
    public bool Equals(FeatureSchema? other) => other is not null && string.Equals(Hash, other.Hash, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FeatureSchema);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Hash);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} v{Version} ({Count} features, {Hash[..12]})");

    private static string ComputeHash(string name, int version, ImmutableArray<FeatureDefinition> features)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"schema:{name}\nversion:{version}\n");
        foreach (var f in features)
        {
            text.Append(CultureInfo.InvariantCulture, $"{f.Name}|{f.Kind}|{string.Join('\u001f', f.Categories)}\n");
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    internal sealed record FeatureDto(string Name, FeatureKind Kind, string? Description, string[]? Categories);

    internal sealed record SchemaDto(string Name, int Version, string Hash, FeatureDto[] Features);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FeatureSchema.SchemaDto))]
internal sealed partial class SchemaJsonContext : JsonSerializerContext
{
}
