using System.Runtime.CompilerServices;
using RiskScoring.Models;
using RiskScoring.Scorecards;

namespace RiskScoring.Scoring;

/// <summary>
/// One characteristic's reason, ready for scoring: its code, the text for each side of the reference, and the
/// reference as two thresholds, so that choosing the text for an applicant is two or three comparisons and no
/// allocation (see <see cref="ReasonCodeCalculator"/>, whose remarks define the reference).
/// </summary>
/// <remarks>A value <c>x ≤ LowAtOrBelow</c> is below the reference, <c>x &gt; HighAbove</c> above it; a threshold of
/// NaN means there is no such side (every comparison with NaN is false), so a categorical feature, or a numeric one
/// whose reference is unknown, always gets the neutral text. An exact special value (a 96/98 "refused" code) has no
/// side either.</remarks>
internal readonly struct ReasonSide
{
    private static readonly float[] NoSpecials = [];

    private readonly string _code;
    private readonly string _lowText;
    private readonly string _highText;
    private readonly string _neutralText;
    private readonly ReasonDirection _lowDirection;
    private readonly ReasonDirection _highDirection;
    private readonly float[] _specials;

    private ReasonSide(ReasonDefinition definition, float lowAtOrBelow, float highAbove, float[]? specials)
    {
        _code = definition.Code;
        _lowText = definition.LowText;
        _highText = definition.HighText;
        _neutralText = definition.AnySideText;
        _lowDirection = definition.LowTextDirection;
        _highDirection = definition.HighTextDirection;
        LowAtOrBelow = lowAtOrBelow;
        HighAbove = highAbove;
        _specials = specials is { Length: > 0 } ? specials : NoSpecials;
    }

    /// <summary>A value at or below this is below the reference (NaN = no value is).</summary>
    public float LowAtOrBelow { get; }

    /// <summary>A value above this is above the reference (NaN = no value is).</summary>
    public float HighAbove { get; }

    /// <summary>Which of this characteristic's three reasons (<see cref="Variants"/>) is true of a value.
    /// Allocates nothing.</summary>
    /// <param name="value">The applicant's raw value (not NaN: unknown values are never reasons).</param>
    /// <returns>0 = the low-side text, 1 = the high-side text, 2 = the neutral text.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int VariantOf(float value)
    {
        var specials = _specials;
        for (int i = 0; i < specials.Length; i++)
        {
            if (specials[i] == value)
            {
                return 2;
            }
        }

        return value <= LowAtOrBelow ? 0 : value > HighAbove ? 1 : 2;
    }

    /// <summary>The characteristic's three possible reasons with no points: low side, high side, neutral (the order of
    /// <see cref="VariantOf"/>).</summary>
    /// <param name="featureIndex">The feature's index.</param>
    /// <returns>Three reasons.</returns>
    public ReasonCode[] Variants(int featureIndex) =>
    [
        new ReasonCode(_code, _lowText, featureIndex, 0) { Direction = _lowDirection },
        new ReasonCode(_code, _highText, featureIndex, 0) { Direction = _highDirection },
        new ReasonCode(_code, _neutralText, featureIndex, 0),
    ];

    /// <summary>The reason for a value of this characteristic. Allocates nothing.</summary>
    /// <param name="value">The applicant's raw value (not NaN: unknown values are never reasons).</param>
    /// <param name="featureIndex">The feature's index.</param>
    /// <param name="pointsLost">Points lost.</param>
    /// <returns>The reason with the text true of <paramref name="value"/>.</returns>
    public ReasonCode Create(float value, int featureIndex, double pointsLost) => VariantOf(value) switch
    {
        0 => new ReasonCode(_code, _lowText, featureIndex, pointsLost) { Direction = _lowDirection },
        1 => new ReasonCode(_code, _highText, featureIndex, pointsLost) { Direction = _highDirection },
        _ => new ReasonCode(_code, _neutralText, featureIndex, pointsLost),
    };

    /// <summary>No side: the neutral text for any value (categorical features, unknown references).</summary>
    public static ReasonSide Unsided(ReasonDefinition definition) => new(definition, float.NaN, float.NaN, null);

    /// <summary>A single reference value r: below r is low, above r is high, r itself neither.</summary>
    public static ReasonSide AroundValue(ReasonDefinition definition, float reference) =>
        float.IsFinite(reference) ? new(definition, MathF.BitDecrement(reference), reference, null) : Unsided(definition);

    /// <summary>The reference of a numeric encoding that is not a lookup: the training mean when the encoder
    /// standardises the feature (<see cref="FeatureEncoding.Center"/>), else the training median
    /// (<see cref="FeatureEncoding.Fill"/>).</summary>
    public static ReasonSide ForNumeric(ReasonDefinition definition, FeatureEncoding encoding) =>
        AroundValue(definition, encoding.Center != 0f || encoding.Scale != 1f ? encoding.Center : encoding.Fill);

    /// <summary>The reference of a lookup-encoded numeric feature: the encoder bins (upper-inclusive edges, see
    /// <see cref="FeatureEncoding.BinEdges"/>) whose lookup value satisfies <paramref name="isReference"/>. Below the lowest such bin is low, above the highest is high. One-value bins (edges one float apart, which
    /// is how a scorecard's special values are encoded) are special values: no side, and not part of the
    /// reference.</summary>
    public static ReasonSide ForLookupBins(ReasonDefinition definition, FeatureEncoding encoding, Func<float, bool> isReference)
    {
        var edges = encoding.BinEdges;
        int lastBin = edges.Length; // bins 0..lastBin; LookupValues[lastBin + 1] is for missing
        var specials = new List<float>();
        int lowest = -1, highest = -1;
        for (int k = 0; k <= lastBin; k++)
        {
            if (k > 0 && k < lastBin && edges[k - 1] == MathF.BitDecrement(edges[k]))
            {
                specials.Add(edges[k]);
                continue;
            }

            if (isReference(encoding.LookupValues[k]))
            {
                lowest = lowest < 0 ? k : lowest;
                highest = k;
            }
        }

        return lowest < 0
            ? new(definition, float.NaN, float.NaN, [.. specials])
            : new(definition, lowest > 0 ? edges[lowest - 1] : float.NaN, highest < lastBin ? edges[highest] : float.NaN, [.. specials]);
    }

    /// <summary>The reference of a scorecard's numeric characteristic for the best-attainable method: its regular
    /// intervals that held training rows and score the best attainable contribution <paramref name="best"/>. Cut points
    /// are lower-inclusive (x &lt; c is below c), hence the thresholds one float below the cuts. The scorecard's
    /// special values have no side.</summary>
    /// <param name="definition">The characteristic's reason.</param>
    /// <param name="characteristic">The characteristic's bins.</param>
    /// <param name="weight">The model's weight of the feature (as the best contribution was computed with it).</param>
    /// <param name="best">The best attainable contribution over the non-empty regular bins.</param>
    /// <returns>The side, or null when no non-empty interval attains <paramref name="best"/>.</returns>
    public static ReasonSide? ForScorecardBins(ReasonDefinition definition, ScorecardCharacteristic characteristic, double weight, double best)
    {
        var bins = characteristic.Definition;
        if (bins.Kind != CharacteristicKind.Numeric)
        {
            return Unsided(definition);
        }

        int lowest = -1, highest = -1;
        for (int i = 0; i < bins.RegularBinCount; i++)
        {
            var b = characteristic.Bins[i];
            if (b.Count > 0 && weight * (double)(float)b.ModelValue == best)
            {
                lowest = lowest < 0 ? i : lowest;
                highest = i;
            }
        }

        if (lowest < 0)
        {
            return null;
        }

        var cuts = bins.CutPoints;
        return new(definition,
            lowest > 0 ? MathF.BitDecrement(cuts[lowest - 1]) : float.NaN,
            highest < cuts.Count ? MathF.BitDecrement(cuts[highest]) : float.NaN,
            [.. bins.SpecialValues]);
    }
}
