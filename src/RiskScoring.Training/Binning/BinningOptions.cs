using System.Globalization;
using RiskScoring.Scorecards;

namespace RiskScoring.Training.Binning;

/// <summary>
/// Immutable settings of <see cref="OptimalBinner"/>. Validated once, when the binner is created.
/// </summary>
public sealed record BinningOptions
{
    /// <summary>The defaults: 20 prebins, at most 8 bins, 5 % minimum share, 5 bads per bin, trend Auto.</summary>
    public static BinningOptions Default { get; } = new();

    /// <summary>Number of fine equal-frequency prebins a numeric column starts from (and the cap on category groups
    /// before merging). Range 2..200. Default 20.</summary>
    public int PrebinCount { get; init; } = 20;

    /// <summary>Maximum number of regular bins (intervals or category groups; special and missing bins not
    /// counted). Range 1..100. Default 8. Forced cut points win when they imply more bins.</summary>
    public int MaxBins { get; init; } = 8;

    /// <summary>Minimum fraction of the column's regular rows (not missing, not special) in each regular bin.
    /// Range 0..0.5. Default 0.05 (5 %).</summary>
    public double MinBinShare { get; init; } = 0.05;

    /// <summary>Minimum number of bad rows (defaults) in each regular bin. Range ≥ 0. Default 5.</summary>
    public int MinBadsPerBin { get; init; } = 5;

    /// <summary>Default-rate shape for numeric characteristics without their own
    /// <see cref="FeatureBinningSpec.Trend"/>. Default <see cref="MonotonicTrend.Auto"/>.</summary>
    public MonotonicTrend Trend { get; init; } = MonotonicTrend.Auto;

    /// <summary>Constant added to the goods and bads of each bin when some bin has no goods or no bads, so every
    /// WoE is finite (see <see cref="CharacteristicStatistics"/>). Must be &gt; 0. Default 0.5.</summary>
    public double Smoothing { get; init; } = CharacteristicStatistics.DefaultSmoothing;

    /// <summary>Characteristics fitted in parallel by <see cref="OptimalBinner.FitMany"/>: −1 = one per core, or
    /// ≥ 1. Default −1. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a setting is out of range; the message names the setting,
    /// the value and the rule.</exception>
    public void Validate()
    {
        Check(PrebinCount is >= 2 and <= 200, nameof(PrebinCount), PrebinCount, "must be between 2 and 200");
        Check(MaxBins is >= 1 and <= 100, nameof(MaxBins), MaxBins, "must be between 1 and 100");
        Check(MinBinShare is >= 0 and <= 0.5, nameof(MinBinShare), MinBinShare, "must be between 0 and 0.5");
        Check(MinBadsPerBin >= 0, nameof(MinBadsPerBin), MinBadsPerBin, "must be ≥ 0");
        Check(Enum.IsDefined(Trend), nameof(Trend), Trend, "must be a defined MonotonicTrend");
        Check(double.IsFinite(Smoothing) && Smoothing > 0, nameof(Smoothing), Smoothing, "must be finite and > 0");
        Check(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be -1 or ≥ 1");
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Create(CultureInfo.InvariantCulture, $"BinningOptions.{name} = {value}: {rule}."));
        }
    }
}
