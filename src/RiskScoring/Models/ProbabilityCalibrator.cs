using System.Collections.Immutable;
using System.Globalization;

namespace RiskScoring.Models;

/// <summary>
/// Maps a model's raw score (margin) to a probability of default: a sigmoid (Platt scaling, or the fixed logistic
/// link ML.NET attaches to a trainer) or an isotonic step function.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class ProbabilityCalibrator
{
    /// <summary>Lowest and highest probability an isotonic calibrator returns (1e-6 and 1 − 1e-6), so that log-odds
    /// and points scaling stay finite.</summary>
    public const double IsotonicFloor = 1e-6;

    private readonly double[] _upperBounds;
    private readonly double[] _values;

    private ProbabilityCalibrator(CalibratorKind kind, double slope, double offset, double[] upperBounds, double[] values)
    {
        Kind = kind;
        Slope = slope;
        Offset = offset;
        _upperBounds = upperBounds;
        _values = values;
    }

    /// <summary>Sigmoid or isotonic.</summary>
    public CalibratorKind Kind { get; }

    /// <summary>Sigmoid slope A in PD = 1 / (1 + exp(−(A × score + B))); 0 for isotonic.</summary>
    public double Slope { get; }

    /// <summary>Sigmoid offset B; 0 for isotonic.</summary>
    public double Offset { get; }

    /// <summary>Isotonic blocks: the highest score of each block, ascending (empty for a sigmoid).</summary>
    public ImmutableArray<double> UpperBounds => [.. _upperBounds];

    /// <summary>Isotonic blocks: the PD of each block, non-decreasing (empty for a sigmoid).</summary>
    public ImmutableArray<double> Values => [.. _values];

    /// <summary>The plain logistic link PD = 1 / (1 + exp(−score)).</summary>
    public static ProbabilityCalibrator Logistic { get; } = Sigmoid(1, 0);

    /// <summary>Creates a sigmoid calibrator PD = 1 / (1 + exp(−(slope × score + offset))).</summary>
    /// <param name="slope">Slope A (finite, non-zero).</param>
    /// <param name="offset">Offset B (finite).</param>
    /// <returns>The calibrator.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When a parameter is not finite or the slope is 0.</exception>
    public static ProbabilityCalibrator Sigmoid(double slope, double offset)
    {
        if (!double.IsFinite(slope) || slope == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slope), slope, "The sigmoid slope must be finite and non-zero.");
        }

        if (!double.IsFinite(offset))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The sigmoid offset must be finite.");
        }

        return new ProbabilityCalibrator(CalibratorKind.Sigmoid, slope, offset, [], []);
    }

    /// <summary>Creates an isotonic step calibrator: a score s gets the value of the first block whose upper bound is
    /// ≥ s (scores above the last bound get the last value), clamped to [<see cref="IsotonicFloor"/>, 1 − <see cref="IsotonicFloor"/>].</summary>
    /// <param name="upperBounds">Strictly ascending finite block upper bounds (at least one).</param>
    /// <param name="values">Non-decreasing block probabilities in [0, 1], one per bound.</param>
    /// <returns>The calibrator.</returns>
    /// <exception cref="ArgumentException">When the arrays are empty, differ in length, or break the ordering rules.</exception>
    public static ProbabilityCalibrator Isotonic(IReadOnlyList<double> upperBounds, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        ArgumentNullException.ThrowIfNull(values);
        if (upperBounds.Count == 0 || upperBounds.Count != values.Count)
        {
            throw new ArgumentException($"An isotonic calibrator needs at least one block and as many values as bounds (got {upperBounds.Count} bounds, {values.Count} values).", nameof(values));
        }

        for (int i = 0; i < upperBounds.Count; i++)
        {
            if (!double.IsFinite(upperBounds[i]) || (i > 0 && !(upperBounds[i] > upperBounds[i - 1])))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Isotonic upper bound {i} ({upperBounds[i]}) is not finite or not above the previous one."), nameof(upperBounds));
            }

            if (!(values[i] >= 0 && values[i] <= 1) || (i > 0 && values[i] < values[i - 1]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Isotonic value {i} ({values[i]}) is outside [0, 1] or below the previous one."), nameof(values));
            }
        }

        return new ProbabilityCalibrator(CalibratorKind.Isotonic, 0, 0, [.. upperBounds], [.. values]);
    }

    /// <summary>The probability of default for a raw score. Allocates nothing.</summary>
    /// <param name="score">The model's raw score (margin).</param>
    /// <returns>The PD in [0, 1] (NaN when the score is NaN).</returns>
    public double Probability(double score)
    {
        if (double.IsNaN(score))
        {
            return double.NaN;
        }

        if (Kind == CalibratorKind.Sigmoid)
        {
            return 1.0 / (1.0 + Math.Exp(-((Slope * score) + Offset)));
        }

        int index = Array.BinarySearch(_upperBounds, score);
        if (index < 0)
        {
            index = Math.Min(~index, _values.Length - 1);
        }

        return Math.Clamp(_values[index], IsotonicFloor, 1 - IsotonicFloor);
    }
}
