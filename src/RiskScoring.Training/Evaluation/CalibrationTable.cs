namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Calibration of predicted PDs: rows sorted by PD and split into equal-frequency bins (deciles by default), with the
/// mean predicted PD against the observed default rate in each bin, and the expected calibration error.
/// </summary>
/// <param name="Bins">Bins from lowest to highest PD.</param>
/// <param name="ExpectedCalibrationError">ECE = Σ_b (n_b / N)·|mean predicted_b − observed rate_b|, in [0, 1].</param>
/// <param name="MaximumCalibrationError">max_b |mean predicted_b − observed rate_b|.</param>
public sealed record CalibrationTable(
    IReadOnlyList<CalibrationBin> Bins,
    double ExpectedCalibrationError,
    double MaximumCalibrationError)
{
    /// <summary>Default number of bins: 10 (deciles).</summary>
    public const int DefaultBins = 10;

    /// <summary>Builds the calibration table.</summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <param name="bins">
    /// Number of equal-frequency bins, ≥ 1; default 10. Rows with equal PD always share a bin, so heavy ties (or
    /// fewer rows than bins) give fewer bins.
    /// </param>
    /// <returns>The table; a single class is allowed.</returns>
    /// <exception cref="ArgumentException">Lengths differ, no rows, or a PD is NaN or outside [0, 1].</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    public static CalibrationTable Compute(ReadOnlySpan<double> predictedPd, ReadOnlySpan<bool> isDefault, int bins = DefaultBins)
    {
        EvaluationGuard.CheckAtLeast(bins, 1, nameof(bins));
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        return ComputeCore(predictedPd, isDefault, EvaluationGuard.SortAscending(predictedPd), bins);
    }

    /// <summary>ECE of an existing table: Σ_b (n_b / N)·|mean predicted_b − observed rate_b|.</summary>
    /// <param name="bins">The bins; counts must be non-negative and not all zero.</param>
    /// <returns>The expected calibration error.</returns>
    /// <exception cref="ArgumentException">No bins, or the counts sum to zero.</exception>
    public static double ExpectedCalibrationErrorOf(IReadOnlyList<CalibrationBin> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        long total = 0;
        var weighted = 0.0;
        foreach (var b in bins)
        {
            total += b.Count;
            weighted += b.Count * b.AbsoluteGap;
        }

        if (total <= 0)
        {
            throw new ArgumentException("bins hold no rows (the counts sum to 0); ECE needs at least one row.", nameof(bins));
        }

        return weighted / total;
    }

    internal static CalibrationTable ComputeCore(ReadOnlySpan<double> pd, ReadOnlySpan<bool> y, int[] order, int bins)
    {
        var ranges = EqualFrequencyBins.Split(pd, order, bins);
        var result = new List<CalibrationBin>(ranges.Count);
        var max = 0.0;
        for (var b = 0; b < ranges.Count; b++)
        {
            var (start, end) = ranges[b];
            var sum = 0.0;
            var defaults = 0;
            for (var k = start; k < end; k++)
            {
                sum += pd[order[k]];
                if (y[order[k]])
                {
                    defaults++;
                }
            }

            var count = end - start;
            var bin = new CalibrationBin(b + 1, count, defaults, pd[order[start]], pd[order[end - 1]], sum / count, (double)defaults / count);
            max = Math.Max(max, bin.AbsoluteGap);
            result.Add(bin);
        }

        return new CalibrationTable(result, ExpectedCalibrationErrorOf(result), max);
    }
}

/// <summary>One bin of a <see cref="CalibrationTable"/>.</summary>
/// <param name="Bin">1-based bin number, 1 = lowest PDs.</param>
/// <param name="Count">Rows in the bin.</param>
/// <param name="Defaults">Defaults in the bin.</param>
/// <param name="MinPd">Lowest PD in the bin.</param>
/// <param name="MaxPd">Highest PD in the bin.</param>
/// <param name="MeanPredicted">Mean predicted PD in the bin.</param>
/// <param name="ObservedRate">Observed default rate <paramref name="Defaults"/> / <paramref name="Count"/>.</param>
public sealed record CalibrationBin(
    int Bin,
    int Count,
    int Defaults,
    double MinPd,
    double MaxPd,
    double MeanPredicted,
    double ObservedRate)
{
    /// <summary>|<see cref="MeanPredicted"/> − <see cref="ObservedRate"/>|.</summary>
    public double AbsoluteGap => Math.Abs(MeanPredicted - ObservedRate);
}
