namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Lift / gains table: rows sorted by PD from riskiest down and split into equal-frequency bins (deciles by default),
/// showing how many of the defaults the riskiest bins capture.
/// </summary>
/// <param name="Bins">Bins from the highest PDs (bin 1) to the lowest.</param>
/// <param name="OverallBadRate">Defaults / rows over the whole sample.</param>
public sealed record GainsTable(IReadOnlyList<GainsBin> Bins, double OverallBadRate)
{
    /// <summary>Default number of bins: 10 (deciles).</summary>
    public const int DefaultBins = 10;

    /// <summary>Builds the gains table.</summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <param name="bins">Number of equal-frequency bins, ≥ 1; default 10. Equal PDs always share a bin.</param>
    /// <returns>The table. Lifts are NaN when the sample has no defaults.</returns>
    /// <exception cref="ArgumentException">Lengths differ, no rows, or a PD is NaN or outside [0, 1].</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    public static GainsTable Compute(ReadOnlySpan<double> predictedPd, ReadOnlySpan<bool> isDefault, int bins = DefaultBins)
    {
        EvaluationGuard.CheckAtLeast(bins, 1, nameof(bins));
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        return ComputeCore(predictedPd, isDefault, EvaluationGuard.SortAscending(predictedPd), bins);
    }

    internal static GainsTable ComputeCore(ReadOnlySpan<double> pd, ReadOnlySpan<bool> y, int[] ascendingOrder, int bins)
    {
        var order = (int[])ascendingOrder.Clone();
        Array.Reverse(order);
        var n = order.Length;
        var totalDefaults = EvaluationGuard.CountDefaults(y);
        var overall = (double)totalDefaults / n;
        var ranges = EqualFrequencyBins.Split(pd, order, bins);
        var result = new List<GainsBin>(ranges.Count);
        long cumulativeRows = 0;
        long cumulativeDefaults = 0;
        for (var b = 0; b < ranges.Count; b++)
        {
            var (start, end) = ranges[b];
            var defaults = 0;
            for (var k = start; k < end; k++)
            {
                if (y[order[k]])
                {
                    defaults++;
                }
            }

            var count = end - start;
            cumulativeRows += count;
            cumulativeDefaults += defaults;
            var badRate = (double)defaults / count;
            var cumulativeBadRate = (double)cumulativeDefaults / cumulativeRows;
            result.Add(new GainsBin(
                b + 1,
                count,
                defaults,
                pd[order[end - 1]],
                pd[order[start]],
                badRate,
                (double)cumulativeRows / n,
                totalDefaults == 0 ? double.NaN : (double)cumulativeDefaults / totalDefaults,
                totalDefaults == 0 ? double.NaN : badRate / overall,
                totalDefaults == 0 ? double.NaN : cumulativeBadRate / overall));
        }

        return new GainsTable(result, overall);
    }
}

/// <summary>One bin of a <see cref="GainsTable"/>.</summary>
/// <param name="Bin">1-based bin number, 1 = highest PDs.</param>
/// <param name="Count">Rows in the bin.</param>
/// <param name="Defaults">Defaults in the bin.</param>
/// <param name="MinPd">Lowest PD in the bin.</param>
/// <param name="MaxPd">Highest PD in the bin.</param>
/// <param name="BadRate">Defaults / rows in this bin.</param>
/// <param name="CumulativePopulationShare">Share of all rows in bins 1..this.</param>
/// <param name="CumulativeBadsCaptured">Share of all defaults in bins 1..this (the gains curve); NaN without defaults.</param>
/// <param name="Lift">Bin bad rate / overall bad rate; NaN without defaults.</param>
/// <param name="CumulativeLift">Bad rate of bins 1..this / overall bad rate; NaN without defaults.</param>
public sealed record GainsBin(
    int Bin,
    int Count,
    int Defaults,
    double MinPd,
    double MaxPd,
    double BadRate,
    double CumulativePopulationShare,
    double CumulativeBadsCaptured,
    double Lift,
    double CumulativeLift);
