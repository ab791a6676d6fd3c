using System.Collections.Immutable;

namespace RiskScoring.Features;

/// <summary>Whether a feature is a number or a category.</summary>
public enum FeatureKind
{
    /// <summary>A number; NaN means missing.</summary>
    Numeric = 0,

    /// <summary>A category, carried in a feature vector as its index (0 … K−1) in
    /// <see cref="FeatureDefinition.Categories"/>; NaN means missing or unseen.</summary>
    Categorical = 1,
}

/// <summary>One feature of a <see cref="FeatureSchema"/>: its name, kind, categories and meaning.</summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed record FeatureDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="name">Unique, non-empty name (snake_case by convention).</param>
    /// <param name="kind">Numeric or categorical.</param>
    /// <param name="description">What the feature measures, with its unit and formula.</param>
    /// <param name="categories">For a categorical feature, its categories in code order (at least one, unique);
    /// must be empty for a numeric one.</param>
    /// <exception cref="ArgumentException">When the name is empty or the categories do not fit the kind.</exception>
    public FeatureDefinition(string name, FeatureKind kind, string description, ImmutableArray<string> categories = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(description);
        categories = categories.IsDefault ? ImmutableArray<string>.Empty : categories;
        if (kind == FeatureKind.Categorical && categories.IsEmpty)
        {
            throw new ArgumentException($"Categorical feature '{name}' needs at least one category.", nameof(categories));
        }

        if (kind == FeatureKind.Numeric && !categories.IsEmpty)
        {
            throw new ArgumentException($"Numeric feature '{name}' cannot have categories.", nameof(categories));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in categories)
        {
            if (c is null || !seen.Add(c))
            {
                throw new ArgumentException($"Feature '{name}' has a null or repeated category '{c}'.", nameof(categories));
            }
        }

        Name = name;
        Kind = kind;
        Description = description;
        Categories = categories;
    }

    /// <summary>The feature's unique name.</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical.</summary>
    public FeatureKind Kind { get; }

    /// <summary>What the feature measures, with unit and formula.</summary>
    public string Description { get; }

    /// <summary>Categories in code order (empty for a numeric feature).</summary>
    public ImmutableArray<string> Categories { get; }

    /// <summary>Returns the code of <paramref name="category"/>, or NaN when it is not one of
    /// <see cref="Categories"/> (unseen categories are treated as missing). Allocates nothing.</summary>
    /// <param name="category">The category label (case-sensitive).</param>
    /// <returns>The category's index as a float, or NaN.</returns>
    public float CodeOf(string? category)
    {
        if (category is null)
        {
            return float.NaN;
        }

        var span = Categories.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            if (string.Equals(span[i], category, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return float.NaN;
    }

    /// <summary>Value equality: same name, kind, description and categories in the same order. (The compiler's record
    /// equality would compare <see cref="Categories"/> by reference, so a definition read back from JSON, for example
    /// from a model package, would differ from the one it was written from.)</summary>
    /// <param name="other">The other definition.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(FeatureDefinition? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Kind == other.Kind
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Categories.AsSpan().SequenceEqual(other.Categories.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        hash.Add(Kind);
        hash.Add(Description, StringComparer.Ordinal);
        foreach (string c in Categories)
        {
            hash.Add(c, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Creates a numeric feature.</summary>
    /// <param name="name">Unique name.</param>
    /// <param name="description">Meaning, unit and formula.</param>
    /// <returns>The definition.</returns>
    public static FeatureDefinition Numeric(string name, string description) => new(name, FeatureKind.Numeric, description);

    /// <summary>Creates a categorical feature.</summary>
    /// <param name="name">Unique name.</param>
    /// <param name="description">Meaning.</param>
    /// <param name="categories">Categories in code order.</param>
    /// <returns>The definition.</returns>
    public static FeatureDefinition Categorical(string name, string description, params string[] categories) =>
        new(name, FeatureKind.Categorical, description, [.. categories]);
}
