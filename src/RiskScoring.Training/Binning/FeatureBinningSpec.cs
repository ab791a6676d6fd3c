using System.Globalization;
using RiskScoring.Scorecards;

namespace RiskScoring.Training.Binning;

/// <summary>
/// What to bin for one feature: its name and kind, and for numeric features the special values and forced cut points.
/// </summary>
public sealed record FeatureBinningSpec
{
    /// <summary>Feature (characteristic) name. Required, not empty.</summary>
    public required string Name { get; init; }

    /// <summary>Numeric or categorical. Default <see cref="CharacteristicKind.Numeric"/>.</summary>
    public CharacteristicKind Kind { get; init; } = CharacteristicKind.Numeric;

    /// <summary>Categorical only: the category names, indexed by category index (the feature value). Required (at
    /// least one) for categorical features; must be empty for numeric ones.</summary>
    public IReadOnlyList<string> CategoryNames { get; init; } = [];

    /// <summary>Numeric only: exact values that get their own bin each and are left out of the trend, for example
    /// 96 and 98 (GMSC's "other"/"refused" codes). Finite, distinct. Default none.</summary>
    public IReadOnlyList<float> SpecialValues { get; init; } = [];

    /// <summary>Numeric only: cut points every fit must contain (lower-inclusive, so a cut at 62 separates "under 62"
    /// from "62 or older"). Finite. Default none. A forced cut wins over <see cref="BinningOptions.MaxBins"/>, the
    /// minimum share and the minimum bads: a bin between two forced cuts is kept even when small.</summary>
    public IReadOnlyList<float> ForcedCutPoints { get; init; } = [];

    /// <summary>Numeric only: the default-rate shape for this feature; null = <see cref="BinningOptions.Trend"/>.
    /// Default null. Categorical features ignore it (their groups are ordered by default rate).</summary>
    public MonotonicTrend? Trend { get; init; }

    /// <summary>A numeric feature with default settings.</summary>
    /// <param name="name">Feature name.</param>
    /// <returns>The spec.</returns>
    public static FeatureBinningSpec Numeric(string name) => new() { Name = name };

    /// <summary>A categorical feature.</summary>
    /// <param name="name">Feature name.</param>
    /// <param name="categoryNames">Category names, indexed by category index.</param>
    /// <returns>The spec.</returns>
    public static FeatureBinningSpec Categorical(string name, IReadOnlyList<string> categoryNames) =>
        new() { Name = name, Kind = CharacteristicKind.Categorical, CategoryNames = categoryNames };

    /// <summary>Checks the spec.</summary>
    /// <exception cref="ArgumentException">When a rule is broken; the message names the feature, the field, the value
    /// and the rule.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("FeatureBinningSpec.Name must not be empty.", nameof(Name));
        }

        ArgumentNullException.ThrowIfNull(CategoryNames);
        ArgumentNullException.ThrowIfNull(SpecialValues);
        ArgumentNullException.ThrowIfNull(ForcedCutPoints);
        if (Trend is { } trend && !Enum.IsDefined(trend))
        {
            throw Error(nameof(Trend), trend, "must be a defined MonotonicTrend");
        }

        if (Kind == CharacteristicKind.Categorical)
        {
            if (CategoryNames.Count == 0)
            {
                throw Error(nameof(CategoryNames), "[]", "a categorical feature needs at least one category");
            }

            if (SpecialValues.Count > 0 || ForcedCutPoints.Count > 0)
            {
                throw Error(nameof(SpecialValues), SpecialValues.Count + ForcedCutPoints.Count, "special values and forced cut points apply to numeric features only");
            }

            return;
        }

        if (Kind != CharacteristicKind.Numeric)
        {
            throw Error(nameof(Kind), Kind, "must be Numeric or Categorical");
        }

        if (CategoryNames.Count > 0)
        {
            throw Error(nameof(CategoryNames), CategoryNames.Count, "a numeric feature has no categories");
        }

        for (var i = 0; i < ForcedCutPoints.Count; i++)
        {
            if (!float.IsFinite(ForcedCutPoints[i]))
            {
                throw Error(Invariant($"{nameof(ForcedCutPoints)}[{i}]"), ForcedCutPoints[i], "must be finite");
            }
        }

        // Distinct, finite special values: the bin definition checks them with the same messages.
        _ = CharacteristicBins.CreateNumeric(Name, [], SpecialValues.ToArray());
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private ArgumentException Error(string field, object value, string rule) =>
        new(Invariant($"{Name}: FeatureBinningSpec.{field} = {value}: {rule}."), field);
}
