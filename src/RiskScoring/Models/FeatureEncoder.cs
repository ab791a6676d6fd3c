using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Features;

namespace RiskScoring.Models;

/// <summary>
/// Turns a raw feature vector (in <see cref="FeatureSchema"/> order, NaN = missing, categories as codes) into the dense,
/// NaN-free vector a model was trained on. Per numeric feature, in this order: the value winsorised to the training
/// percentiles (missing → the training median), optionally standardised as (x − centre) / scale; then a missing
/// indicator (1 when the raw value was NaN) when the feature had missing values in training; then, optionally, one
/// column per equal-frequency quantile bin (1 in the bin holding the winsorised value, all 0 when missing). Per
/// categorical feature: one column per category and a last one for missing or unseen codes (one-hot).
/// </summary>
/// <remarks>Lookup encodings (one column per feature, used by scorecards for weight-of-evidence values): a numeric
/// feature's winsorised value picks a bin by the same edges (the last lookup value is for missing); a categorical
/// code picks its value (the last one is for missing or unseen codes).
/// A numeric feature that had no missing values in training has no indicator: a NaN at scoring time is then
/// imputed with the median alone. Training builds encoders (see <c>RiskScoring.Training.Modeling</c>); the model
/// package stores them.</remarks>
/// <threadsafety>Immutable; <see cref="Encode"/> is safe to call from many threads at once.</threadsafety>
public sealed class FeatureEncoder
{
    private readonly FeatureEncoding[] _encodings;
    private readonly int[] _offsets;
    private readonly Slot[] _slots;
    private readonly float[] _lookupValues;

    internal FeatureEncoder(FeatureSchema schema, IReadOnlyList<FeatureEncoding> encodings)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(encodings);
        if (encodings.Count != schema.Count)
        {
            throw new ArgumentException($"The encoder has {encodings.Count} feature encodings; schema {schema} has {schema.Count} features.", nameof(encodings));
        }

        _encodings = [.. encodings];
        _offsets = new int[_encodings.Length];
        var names = ImmutableArray.CreateBuilder<string>();
        var sources = ImmutableArray.CreateBuilder<int>();
        int offset = 0;
        for (int i = 0; i < _encodings.Length; i++)
        {
            var e = _encodings[i];
            var def = schema[i];
            e.Validate(def);
            _offsets[i] = offset;
            foreach (string name in e.ColumnNames(def))
            {
                names.Add(name);
                sources.Add(i);
            }

            offset += e.Width;
        }

        Schema = schema;
        (_slots, _lookupValues) = Compile(_encodings, _offsets);
        Edges = new PaddedEdges([.. _encodings.Select(e => (IReadOnlyList<float>)[.. e.BinEdges])]);
        ColumnNames = names.ToImmutable();
        ColumnSources = sources.ToImmutable();
        EncodedLength = offset;
    }

    /// <summary>The schema of the raw vectors this encoder reads.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Length of an encoded vector.</summary>
    public int EncodedLength { get; }

    /// <summary>Names of the encoded columns, derived from the schema: <c>name</c> for a numeric value,
    /// <c>name#missing</c> for an indicator, <c>name#q3</c> for quantile bin 3, <c>name=category</c> and
    /// <c>name=&lt;missing&gt;</c> for one-hot columns.</summary>
    public ImmutableArray<string> ColumnNames { get; }

    /// <summary>For each encoded column, the index of the raw feature it comes from (to aggregate contributions back
    /// to features for reason codes).</summary>
    public ImmutableArray<int> ColumnSources { get; }

    internal IReadOnlyList<FeatureEncoding> Encodings => _encodings;

    /// <summary>Each feature's bin edges, packed for branch-free bin counting.</summary>
    internal PaddedEdges Edges { get; }

    /// <summary>Encodes one raw vector. Allocates nothing.</summary>
    /// <param name="raw">The raw features (exactly <see cref="FeatureSchema.Count"/> values).</param>
    /// <param name="encoded">Destination of at least <see cref="EncodedLength"/> floats.</param>
    /// <exception cref="ArgumentException">When a span has the wrong length.</exception>
    public void Encode(ReadOnlySpan<float> raw, Span<float> encoded)
    {
        if (raw.Length != _encodings.Length)
        {
            throw new ArgumentException($"The raw vector has {raw.Length} values; schema {Schema} needs {_encodings.Length}.", nameof(raw));
        }

        if (encoded.Length < EncodedLength)
        {
            throw new ArgumentException($"The destination holds {encoded.Length} floats; the encoder writes {EncodedLength}.", nameof(encoded));
        }

        // Zero the whole vector once, then write only the non-zero columns: per feature one value (and an indicator
        // or a bin flag), found without a data-dependent search (see PaddedEdges).
        encoded[..EncodedLength].Clear();
        var slots = _slots;
        var edges = Edges;
        for (int i = 0; i < slots.Length; i++)
        {
            ref readonly var slot = ref slots[i];
            float value = raw[i];
            switch (slot.Mode)
            {
                case SlotMode.Categorical:
                    encoded[slot.Offset + CategoryCode(value, slot.CategoryCount)] = 1f;
                    break;
                case SlotMode.CategoricalLookup:
                    encoded[slot.Offset] = _lookupValues[slot.LookupStart + CategoryCode(value, slot.CategoryCount)];
                    break;
                case SlotMode.NumericLookup:
                    encoded[slot.Offset] = _lookupValues[slot.LookupStart
                        + (float.IsNaN(value) ? slot.MissingBin : edges.Bin(i, Math.Clamp(value, slot.Lower, slot.Upper)))];
                    break;
                default:
                    if (float.IsNaN(value))
                    {
                        encoded[slot.Offset] = slot.MissingValue;
                        if (slot.HasIndicator)
                        {
                            encoded[slot.Offset + 1] = 1f;
                        }
                    }
                    else
                    {
                        float x = Math.Clamp(value, slot.Lower, slot.Upper);
                        encoded[slot.Offset] = (x - slot.Center) / slot.Scale;
                        if (slot.HasBins)
                        {
                            encoded[slot.BinOffset + edges.Bin(i, x)] = 1f;
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>A categorical feature's column: its code when the value is a valid code, else the last column
    /// (missing or unseen).</summary>
    internal static int CategoryCode(float value, int categoryCount) =>
        value >= 0f && value < categoryCount && value == MathF.Floor(value) ? (int)value : categoryCount;

    private static (Slot[] Slots, float[] LookupValues) Compile(FeatureEncoding[] encodings, int[] offsets)
    {
        var slots = new Slot[encodings.Length];
        var lookups = new List<float>();
        for (int i = 0; i < encodings.Length; i++)
        {
            var e = encodings[i];
            int binOffset = offsets[i] + 1 + (e.MissingIndicator ? 1 : 0);
            var mode = e.Kind == FeatureKind.Categorical
                ? e.IsLookup ? SlotMode.CategoricalLookup : SlotMode.Categorical
                : e.IsLookup ? SlotMode.NumericLookup : SlotMode.Numeric;
            slots[i] = new Slot(mode, offsets[i], e.Lower, e.Upper, e.Center, e.Scale, (e.Fill - e.Center) / e.Scale,
                e.MissingIndicator, !e.BinEdges.IsEmpty, binOffset, e.CategoryCount, lookups.Count, e.LookupValues.Length - 1);
            if (e.IsLookup)
            {
                lookups.AddRange(e.LookupValues);
            }
        }

        return (slots, [.. lookups]);
    }

    private enum SlotMode : byte
    {
        Numeric,
        NumericLookup,
        Categorical,
        CategoricalLookup,
    }

    /// <summary>One feature's encoding flattened for <see cref="Encode"/>: <paramref name="MissingValue"/> is the
    /// standardised fill, (Fill − Center) / Scale, computed with the same float operations as a present value;
    /// <paramref name="MissingBin"/> is the lookup slot for missing values.</summary>
    private readonly record struct Slot(SlotMode Mode, int Offset, float Lower, float Upper, float Center, float Scale, float MissingValue,
        bool HasIndicator, bool HasBins, int BinOffset, int CategoryCount, int LookupStart, int MissingBin);
}

/// <summary>How one raw feature is encoded (see <see cref="FeatureEncoder"/>).</summary>
internal sealed record FeatureEncoding
{
    /// <summary>Numeric or categorical.</summary>
    public required FeatureKind Kind { get; init; }

    /// <summary>Winsorising lower bound (numeric).</summary>
    public float Lower { get; init; } = float.NegativeInfinity;

    /// <summary>Winsorising upper bound (numeric).</summary>
    public float Upper { get; init; } = float.PositiveInfinity;

    /// <summary>Imputed value for missing (numeric; training median).</summary>
    public float Fill { get; init; }

    /// <summary>Whether a missing indicator column follows the value (numeric).</summary>
    public bool MissingIndicator { get; init; }

    /// <summary>Standardisation centre (0 = none).</summary>
    public float Center { get; init; }

    /// <summary>Standardisation scale (1 = none; must be positive).</summary>
    public float Scale { get; init; } = 1f;

    /// <summary>Ascending quantile cut points; bin k holds x ≤ edge[k] (and above edge[k−1]); empty = no bins.</summary>
    public ImmutableArray<float> BinEdges { get; init; } = [];

    /// <summary>Number of categories (categorical).</summary>
    public int CategoryCount { get; init; }

    /// <summary>Lookup mode (one output column): a value per numeric bin (BinEdges.Length + 1) or per category
    /// (CategoryCount), then one for missing/unseen. Empty = the standard expansion.</summary>
    public ImmutableArray<float> LookupValues { get; init; } = [];

    public bool IsLookup => !LookupValues.IsDefaultOrEmpty;

    public int Width => IsLookup ? 1 : Kind == FeatureKind.Categorical
        ? CategoryCount + 1
        : 1 + (MissingIndicator ? 1 : 0) + (BinEdges.IsEmpty ? 0 : BinEdges.Length + 1);

    public void Validate(FeatureDefinition def)
    {
        if (def.Kind != Kind)
        {
            throw new ArgumentException($"Feature '{def.Name}' is {def.Kind} but its encoding is {Kind}.");
        }

        if (IsLookup)
        {
            int expected = (Kind == FeatureKind.Categorical ? CategoryCount : BinEdges.Length + 1) + 1;
            if (LookupValues.Length != expected || LookupValues.Any(v => !float.IsFinite(v)))
            {
                throw new ArgumentException($"Feature '{def.Name}' has {LookupValues.Length} lookup values; it needs {expected} finite values (one per bin or category, then missing).");
            }
        }

        if (Kind == FeatureKind.Categorical)
        {
            if (CategoryCount != def.Categories.Length)
            {
                throw new ArgumentException($"Feature '{def.Name}' has {def.Categories.Length} categories but its encoding has {CategoryCount}.");
            }

            return;
        }

        if (float.IsNaN(Lower) || float.IsNaN(Upper) || Lower > Upper || !float.IsFinite(Fill) || !float.IsFinite(Center)
            || !(Scale > 0f) || !float.IsFinite(Scale))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Feature '{def.Name}' has an invalid numeric encoding: lower {Lower}, upper {Upper}, fill {Fill}, centre {Center}, scale {Scale} (bounds ordered, finite fill/centre, positive scale)."));
        }

        for (int k = 0; k < BinEdges.Length; k++)
        {
            if (!float.IsFinite(BinEdges[k]) || (k > 0 && !(BinEdges[k] > BinEdges[k - 1])))
            {
                throw new ArgumentException($"Feature '{def.Name}' has bin edges that are not finite and strictly ascending (at {k}).");
            }
        }
    }

    public IEnumerable<string> ColumnNames(FeatureDefinition def)
    {
        if (IsLookup)
        {
            yield return def.Name;
            yield break;
        }

        if (Kind == FeatureKind.Categorical)
        {
            foreach (string c in def.Categories)
            {
                yield return def.Name + "=" + c;
            }

            yield return def.Name + "=<missing>";
            yield break;
        }

        yield return def.Name;
        if (MissingIndicator)
        {
            yield return def.Name + "#missing";
        }

        for (int k = 0; k < (BinEdges.IsEmpty ? 0 : BinEdges.Length + 1); k++)
        {
            yield return def.Name + "#q" + k.ToString(CultureInfo.InvariantCulture);
        }
    }
}
