using System.Collections.ObjectModel;
using RiskScoring.Scorecards;

namespace RiskScoring.Training.Binning;

/// <summary>The fitted bins of one characteristic with their training statistics.</summary>
public sealed class BinningResult
{
    internal BinningResult(CharacteristicStatistics statistics, MonotonicTrend trend, int prebinCount)
    {
        Statistics = statistics;
        Trend = trend;
        PrebinCount = prebinCount;
    }

    /// <summary>Feature (characteristic) name.</summary>
    public string FeatureName => Bins.FeatureName;

    /// <summary>The run-time bin definition.</summary>
    public CharacteristicBins Bins => Statistics.Definition;

    /// <summary>Counts, default rates, WoE and IV of each bin on the training data.</summary>
    public CharacteristicStatistics Statistics { get; }

    /// <summary>Per-bin statistics, indexed by bin index (shortcut for <c>Statistics.Bins</c>).</summary>
    public ReadOnlyCollection<BinStatistics> BinStatistics => Statistics.Bins;

    /// <summary>Information value of the characteristic on the training data.</summary>
    public double InformationValue => Statistics.InformationValue;

    /// <summary>The default-rate shape the regular bins satisfy: the requested one, or for
    /// <see cref="MonotonicTrend.Auto"/> the direction chosen. Categorical characteristics report
    /// <see cref="MonotonicTrend.Ascending"/>: their groups are numbered in ascending default-rate order.</summary>
    public MonotonicTrend Trend { get; }

    /// <summary>Number of prebins (numeric) or category groups (categorical) the optimisation started from.</summary>
    public int PrebinCount { get; }

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"{FeatureName}: IV {InformationValue:F4}, {Bins.BinCount} bins, trend {Trend}");
}
