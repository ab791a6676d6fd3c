using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace RiskScoring.Scorecards;

/// <summary>
/// The immutable bin definition of one scorecard characteristic: maps a feature value to a bin index without
/// allocating. Safe to share across threads.
/// </summary>
/// <remarks>
/// <para><b>Bin layout.</b> Bins are numbered <c>0 .. <see cref="BinCount"/> − 1</c>: first the
/// <see cref="RegularBinCount"/> regular bins (numeric intervals in ascending order, or category groups), then one
/// bin per special value in the order of <see cref="SpecialValues"/>, and last the missing bin
/// (<see cref="MissingBinIndex"/>), which is always present even when no training row was missing.</para>
/// <para><b>Numeric convention: lower-inclusive cut points.</b> With sorted cut points
/// <c>c[0] &lt; c[1] &lt; … &lt; c[m−1]</c>, bin 0 is <c>(−∞, c[0])</c>, bin <c>i</c> is <c>[c[i−1], c[i])</c> and
/// bin <c>m</c> is <c>[c[m−1], +∞)</c>. A value exactly on a cut point belongs to the bin above it, so a cut at 62
/// separates "younger than 62" from "62 or older" and a cut at 50 separates <c>x &lt; 50</c> from <c>x ≥ 50</c>.
/// −∞ falls in bin 0 and +∞ in the last interval.</para>
/// <para><b>Special values</b> are exact values checked before the intervals (a value equal to a special value goes
/// to that special bin even when it lies inside an interval). <b>Missing</b> is <see cref="float.NaN"/>.</para>
/// <para><b>Categorical convention.</b> The value is the category index as a float. An index outside
/// <c>0..K−1</c>, a non-integer value, ±∞, or a category mapped to the missing bin (unseen in training) all fall
/// back to the missing bin.</para>
/// </remarks>
public sealed class CharacteristicBins
{
    private readonly float[] _cuts;
    private readonly float[] _specials;
    private readonly int[] _categoryToBin;
    private readonly string[] _descriptions;

    private CharacteristicBins(
        string featureName,
        CharacteristicKind kind,
        float[] cuts,
        float[] specials,
        string[] categoryNames,
        int[] categoryToBin,
        int regularBinCount)
    {
        FeatureName = featureName;
        Kind = kind;
        _cuts = cuts;
        _specials = specials;
        _categoryToBin = categoryToBin;
        RegularBinCount = regularBinCount;
        BinCount = regularBinCount + specials.Length + 1;
        MissingBinIndex = BinCount - 1;
        CutPoints = Array.AsReadOnly(cuts);
        SpecialValues = Array.AsReadOnly(specials);
        CategoryNames = Array.AsReadOnly(categoryNames);
        CategoryToBin = Array.AsReadOnly(categoryToBin);
        _descriptions = BuildDescriptions();
        Descriptions = Array.AsReadOnly(_descriptions);
    }

    /// <summary>Name of the feature (characteristic) in the feature schema.</summary>
    public string FeatureName { get; }

    /// <summary>Numeric (intervals) or categorical (category groups).</summary>
    public CharacteristicKind Kind { get; }

    /// <summary>Sorted, strictly increasing, finite lower-inclusive cut points of a numeric characteristic (see the
    /// class remarks); empty for a categorical characteristic or a numeric one with a single interval.</summary>
    public ReadOnlyCollection<float> CutPoints { get; }

    /// <summary>The exact special values, each with its own bin <c>RegularBinCount + i</c>; empty when none.</summary>
    public ReadOnlyCollection<float> SpecialValues { get; }

    /// <summary>Category names of a categorical characteristic, indexed by category index; empty for numeric.</summary>
    public ReadOnlyCollection<string> CategoryNames { get; }

    /// <summary>For a categorical characteristic, the bin of each category index (a group bin, or
    /// <see cref="MissingBinIndex"/> for a category unseen in training); empty for numeric.</summary>
    public ReadOnlyCollection<int> CategoryToBin { get; }

    /// <summary>Number of regular bins: intervals (<c>CutPoints.Count + 1</c>) or category groups.</summary>
    public int RegularBinCount { get; }

    /// <summary>Total number of bins: regular + special + 1 missing.</summary>
    public int BinCount { get; }

    /// <summary>Index of the missing bin, always <c>BinCount − 1</c>.</summary>
    public int MissingBinIndex { get; }

    /// <summary>Human-readable description of each bin, for tables: <c>"(-inf, 0.25)"</c>, <c>"[0.25, 0.5)"</c>,
    /// <c>"[0.5, +inf)"</c>, <c>"A11, A12"</c>, <c>"Special 98"</c>, <c>"Missing"</c>.</summary>
    public ReadOnlyCollection<string> Descriptions { get; }

    /// <summary>Creates the bins of a numeric characteristic.</summary>
    /// <param name="featureName">Feature name (not empty).</param>
    /// <param name="cutPoints">Lower-inclusive cut points: finite and strictly increasing (may be empty).</param>
    /// <param name="specialValues">Exact special values: finite and distinct (may be empty).</param>
    /// <returns>The bins.</returns>
    /// <exception cref="ArgumentException">When the name is empty, or a cut point or special value breaks its rule;
    /// the message names the value, its position and the rule.</exception>
    public static CharacteristicBins CreateNumeric(
        string featureName,
        ReadOnlySpan<float> cutPoints,
        ReadOnlySpan<float> specialValues = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featureName);
        for (var i = 0; i < cutPoints.Length; i++)
        {
            if (!float.IsFinite(cutPoints[i]))
            {
                throw new ArgumentException(
                    Invariant($"{featureName}: cut point [{i}] = {cutPoints[i]} must be finite."), nameof(cutPoints));
            }

            if (i > 0 && !(cutPoints[i] > cutPoints[i - 1]))
            {
                throw new ArgumentException(
                    Invariant($"{featureName}: cut point [{i}] = {cutPoints[i]} must be greater than cut point [{i - 1}] = {cutPoints[i - 1]} (cut points are strictly increasing)."),
                    nameof(cutPoints));
            }
        }

        ValidateSpecials(featureName, specialValues);
        return new CharacteristicBins(
            featureName,
            CharacteristicKind.Numeric,
            cutPoints.ToArray(),
            specialValues.ToArray(),
            [],
            [],
            cutPoints.Length + 1);
    }

    /// <summary>Creates the bins of a categorical characteristic.</summary>
    /// <param name="featureName">Feature name (not empty).</param>
    /// <param name="categoryNames">Name of each category, indexed by category index (at least one, none empty).</param>
    /// <param name="categoryToBin">Group bin of each category index, in <c>0 .. groupCount − 1</c>, or
    /// <c>groupCount</c> (the missing bin) for a category that falls back to missing. Same length as
    /// <paramref name="categoryNames"/>.</param>
    /// <param name="groupCount">Number of category groups (regular bins), at least 1; every group must hold at least
    /// one category.</param>
    /// <returns>The bins.</returns>
    /// <exception cref="ArgumentException">When a rule above is broken; the message names the value and the rule.</exception>
    public static CharacteristicBins CreateCategorical(
        string featureName,
        IReadOnlyList<string> categoryNames,
        ReadOnlySpan<int> categoryToBin,
        int groupCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featureName);
        ArgumentNullException.ThrowIfNull(categoryNames);
        if (categoryNames.Count == 0)
        {
            throw new ArgumentException(Invariant($"{featureName}: categoryNames must hold at least one category."), nameof(categoryNames));
        }

        if (categoryToBin.Length != categoryNames.Count)
        {
            throw new ArgumentException(
                Invariant($"{featureName}: categoryToBin has {categoryToBin.Length} entries but there are {categoryNames.Count} categories (must be equal)."),
                nameof(categoryToBin));
        }

        if (groupCount < 1 || groupCount > categoryNames.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(groupCount),
                groupCount,
                Invariant($"{featureName}: groupCount = {groupCount} must be between 1 and the number of categories ({categoryNames.Count})."));
        }

        var used = new bool[groupCount];
        var names = new string[categoryNames.Count];
        for (var c = 0; c < categoryNames.Count; c++)
        {
            if (string.IsNullOrWhiteSpace(categoryNames[c]))
            {
                throw new ArgumentException(Invariant($"{featureName}: category name [{c}] must not be empty."), nameof(categoryNames));
            }

            names[c] = categoryNames[c];
            var bin = categoryToBin[c];
            if (bin < 0 || bin > groupCount)
            {
                throw new ArgumentException(
                    Invariant($"{featureName}: categoryToBin[{c}] = {bin} must be between 0 and {groupCount} (groupCount = the missing bin)."),
                    nameof(categoryToBin));
            }

            if (bin < groupCount)
            {
                used[bin] = true;
            }
        }

        var empty = Array.IndexOf(used, false);
        if (empty >= 0)
        {
            throw new ArgumentException(Invariant($"{featureName}: group {empty} holds no category (every group needs at least one)."), nameof(categoryToBin));
        }

        return new CharacteristicBins(
            featureName,
            CharacteristicKind.Categorical,
            [],
            [],
            names,
            categoryToBin.ToArray(),
            groupCount);
    }

    /// <summary>Returns the bin of <paramref name="value"/>. Allocates nothing; O(log m) for m cut points.</summary>
    /// <param name="value">Feature value: a number or a category index as a float; <see cref="float.NaN"/> = missing.</param>
    /// <returns>The bin index in <c>0 .. BinCount − 1</c> (see the class remarks for the conventions).</returns>
    public int FindBin(float value)
    {
        if (float.IsNaN(value))
        {
            return MissingBinIndex;
        }

        var specials = _specials;
        for (var i = 0; i < specials.Length; i++)
        {
            if (specials[i] == value)
            {
                return RegularBinCount + i;
            }
        }

        if (Kind == CharacteristicKind.Categorical)
        {
            var map = _categoryToBin;
            if (value >= 0f && value < map.Length)
            {
                var index = (int)value;
                if (index == value)
                {
                    return map[index];
                }
            }

            return MissingBinIndex;
        }

        // Upper bound: the number of cut points <= value.
        var cuts = _cuts;
        int lo = 0, hi = cuts.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cuts[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The kind of bin <paramref name="bin"/>.</summary>
    /// <param name="bin">Bin index.</param>
    /// <returns>Interval, category group, special or missing.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="bin"/> is not in <c>0 .. BinCount − 1</c>.</exception>
    public BinKind GetBinKind(int bin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, BinCount);
        if (bin == MissingBinIndex)
        {
            return BinKind.Missing;
        }

        if (bin >= RegularBinCount)
        {
            return BinKind.Special;
        }

        return Kind == CharacteristicKind.Numeric ? BinKind.Interval : BinKind.CategoryGroup;
    }

    /// <summary>The description of bin <paramref name="bin"/> (see <see cref="Descriptions"/>).</summary>
    /// <param name="bin">Bin index.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="bin"/> is not in <c>0 .. BinCount − 1</c>.</exception>
    public string GetDescription(int bin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, BinCount);
        return _descriptions[bin];
    }

    /// <inheritdoc />
    public override string ToString() =>
        Invariant($"{FeatureName} ({Kind}, {BinCount} bins: {string.Join(" | ", _descriptions)})");

    private static void ValidateSpecials(string featureName, ReadOnlySpan<float> specialValues)
    {
        for (var i = 0; i < specialValues.Length; i++)
        {
            if (!float.IsFinite(specialValues[i]))
            {
                throw new ArgumentException(
                    Invariant($"{featureName}: special value [{i}] = {specialValues[i]} must be finite (NaN is the missing bin)."),
                    nameof(specialValues));
            }

            for (var j = 0; j < i; j++)
            {
                if (specialValues[j] == specialValues[i])
                {
                    throw new ArgumentException(
                        Invariant($"{featureName}: special value [{i}] = {specialValues[i]} repeats special value [{j}] (special values are distinct)."),
                        nameof(specialValues));
                }
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Format(float value) => value.ToString(CultureInfo.InvariantCulture);

    private string[] BuildDescriptions()
    {
        var result = new string[BinCount];
        if (Kind == CharacteristicKind.Numeric)
        {
            for (var i = 0; i < RegularBinCount; i++)
            {
                var lower = i == 0 ? "(-inf" : "[" + Format(_cuts[i - 1]);
                var upper = i == _cuts.Length ? "+inf)" : Format(_cuts[i]) + ")";
                result[i] = lower + ", " + upper;
            }
        }
        else
        {
            var builders = new StringBuilder[RegularBinCount];
            for (var c = 0; c < _categoryToBin.Length; c++)
            {
                var bin = _categoryToBin[c];
                if (bin >= RegularBinCount)
                {
                    continue;
                }

                var builder = builders[bin] ??= new StringBuilder();
                if (builder.Length > 0)
                {
                    builder.Append(", ");
                }

                builder.Append(CategoryNames[c]);
            }

            for (var i = 0; i < RegularBinCount; i++)
            {
                result[i] = builders[i].ToString();
            }
        }

        for (var s = 0; s < _specials.Length; s++)
        {
            result[RegularBinCount + s] = "Special " + Format(_specials[s]);
        }

        result[MissingBinIndex] = "Missing";
        return result;
    }
}
