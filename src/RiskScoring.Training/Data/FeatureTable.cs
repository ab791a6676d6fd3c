using System.Collections.Immutable;
using RiskScoring.Features;

namespace RiskScoring.Training.Data;

/// <summary>
/// A training or scoring sample in memory: one row of features per borrower in <see cref="Schema"/> order
/// (row-major floats, NaN = missing, categories as codes), the default flags when known, the row ids and side
/// attributes that are never features (protected attributes such as sex or age group, kept for fairness checks).
/// </summary>
/// <threadsafety>Immutable after construction; safe to read from many threads.</threadsafety>
public sealed class FeatureTable
{
    private readonly float[] _values;
    private readonly bool[]? _labels;
    private readonly string[] _ids;

    /// <summary>Creates a table.</summary>
    /// <param name="schema">The feature schema of every row.</param>
    /// <param name="values">Row-major feature values, length = rows × <see cref="FeatureSchema.Count"/> (the table keeps
    /// this array: do not modify it afterwards).</param>
    /// <param name="labels">Default flag per row (true = defaulted), or null when unknown (a scoring sample).</param>
    /// <param name="ids">Row identifiers (length = rows).</param>
    /// <param name="attributes">Side columns by name (each of length = rows), never used as features; null for none.</param>
    /// <exception cref="ArgumentException">When the lengths disagree or an attribute name is also a feature.</exception>
    public FeatureTable(FeatureSchema schema, float[] values, bool[]? labels, string[] ids, IReadOnlyDictionary<string, string[]>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(ids);
        if (values.Length != ids.Length * schema.Count)
        {
            throw new ArgumentException($"values has {values.Length} floats; {ids.Length} rows × {schema.Count} features need {ids.Length * schema.Count}.", nameof(values));
        }

        if (labels is not null && labels.Length != ids.Length)
        {
            throw new ArgumentException($"labels has {labels.Length} entries for {ids.Length} rows.", nameof(labels));
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string[]>(StringComparer.Ordinal);
        foreach (var pair in attributes ?? ImmutableDictionary<string, string[]>.Empty)
        {
            if (pair.Value.Length != ids.Length)
            {
                throw new ArgumentException($"Attribute '{pair.Key}' has {pair.Value.Length} entries for {ids.Length} rows.", nameof(attributes));
            }

            if (schema.TryGetIndex(pair.Key, out _))
            {
                throw new ArgumentException($"Attribute '{pair.Key}' is also a feature of schema {schema}; side attributes are never features.", nameof(attributes));
            }

            builder.Add(pair.Key, pair.Value);
        }

        Schema = schema;
        _values = values;
        _labels = labels;
        _ids = ids;
        Attributes = builder.ToImmutable();
    }

    /// <summary>The schema of every row.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _ids.Length;

    /// <summary>True when every row has a known default flag.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>All feature values, row-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Default flags (true = defaulted).</summary>
    /// <exception cref="InvalidOperationException">When the table has no labels.</exception>
    public ReadOnlySpan<bool> Labels => _labels ?? throw new InvalidOperationException("This table has no default flags (labels).");

    /// <summary>Row identifiers.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>Side attributes by name (never features).</summary>
    public ImmutableDictionary<string, string[]> Attributes { get; }

    /// <summary>The features of row <paramref name="row"/>.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>A span of <see cref="FeatureSchema.Count"/> values.</returns>
    public ReadOnlySpan<float> Row(int row) => _values.AsSpan(row * Schema.Count, Schema.Count);

    /// <summary>The value of one feature in one row.</summary>
    /// <param name="row">Row index.</param>
    /// <param name="feature">Feature index.</param>
    public float this[int row, int feature] => _values[(row * Schema.Count) + feature];

    /// <summary>Copies one feature column into a new array.</summary>
    /// <param name="feature">Feature index.</param>
    /// <returns>The column.</returns>
    public float[] Column(int feature)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feature);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(feature, Schema.Count);
        var column = new float[RowCount];
        for (int r = 0; r < column.Length; r++)
        {
            column[r] = _values[(r * Schema.Count) + feature];
        }

        return column;
    }

    /// <summary>Share of rows that defaulted.</summary>
    public double PositiveRate
    {
        get
        {
            var labels = Labels;
            int positives = 0;
            foreach (bool b in labels)
            {
                positives += b ? 1 : 0;
            }

            return labels.Length == 0 ? double.NaN : (double)positives / labels.Length;
        }
    }

    /// <summary>A new table holding the given rows, in the given order.</summary>
    /// <param name="rows">Row indices (may repeat).</param>
    /// <returns>The subset.</returns>
    public FeatureTable Subset(ReadOnlySpan<int> rows)
    {
        int width = Schema.Count;
        var values = new float[rows.Length * width];
        var ids = new string[rows.Length];
        var labels = _labels is null ? null : new bool[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            _values.AsSpan(r * width, width).CopyTo(values.AsSpan(i * width, width));
            ids[i] = _ids[r];
            if (labels is not null)
            {
                labels[i] = _labels![r];
            }
        }

        var attributes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var pair in Attributes)
        {
            var column = new string[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                column[i] = pair.Value[rows[i]];
            }

            attributes.Add(pair.Key, column);
        }

        return new FeatureTable(Schema, values, labels, ids, attributes);
    }

    /// <summary>Extracts the features of labelled profiles into a table with <paramref name="extractor"/>'s schema.</summary>
    /// <param name="rows">Profiles with their default flag (null = unknown; then the table has no labels unless every
    /// row has one).</param>
    /// <param name="extractor">The extractor (its schema becomes the table's).</param>
    /// <returns>The table.</returns>
    public static FeatureTable FromProfiles(IEnumerable<(Profiles.BorrowerProfile Profile, bool? Defaulted)> rows, FeatureExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(extractor);
        int width = extractor.Schema.Count;
        var values = new List<float>();
        var ids = new List<string>();
        var labels = new List<bool>();
        bool allLabelled = true;
        var buffer = new float[width];
        foreach (var (profile, defaulted) in rows)
        {
            extractor.Extract(profile, buffer);
            values.AddRange(buffer);
            ids.Add(profile.Id);
            allLabelled &= defaulted.HasValue;
            labels.Add(defaulted ?? false);
        }

        return new FeatureTable(extractor.Schema, [.. values], allLabelled ? [.. labels] : null, [.. ids]);
    }
}
