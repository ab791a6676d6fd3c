using System.Collections.Immutable;
using System.Globalization;

namespace RiskScoring.Scoring;

/// <summary>
/// The risk-grade table: grades ordered from lowest to highest risk, each with the upper PD bound (exclusive) of its
/// band; the last grade takes every PD above the previous bound. Default (<see cref="Default"/>):
/// A &lt; 1 %, B &lt; 2.5 %, C &lt; 5 %, D &lt; 10 %, E ≥ 10 %.
/// </summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed class GradeBands
{
    private readonly double[] _upperBounds;
    private readonly RiskGrade[] _grades;

    /// <summary>Creates a table.</summary>
    /// <param name="labels">Grade labels from lowest to highest risk (at least 2, unique, non-empty).</param>
    /// <param name="upperBounds">Exclusive upper PD bound of every grade but the last (labels.Count − 1 values, strictly
    /// increasing, in (0, 1)).</param>
    /// <exception cref="ArgumentException">When the table is inconsistent; the message names the offending entry.</exception>
    public GradeBands(IReadOnlyList<string> labels, IReadOnlyList<double> upperBounds)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(upperBounds);
        if (labels.Count < 2)
        {
            throw new ArgumentException("A grade table needs at least two grades.", nameof(labels));
        }

        if (upperBounds.Count != labels.Count - 1)
        {
            throw new ArgumentException($"{labels.Count} grades need {labels.Count - 1} upper bounds, got {upperBounds.Count}.", nameof(upperBounds));
        }

        for (int i = 0; i < upperBounds.Count; i++)
        {
            double b = upperBounds[i];
            if (!(b > 0 && b < 1) || (i > 0 && !(b > upperBounds[i - 1])))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"upperBounds[{i}] = {b}: bounds must be strictly increasing and inside (0, 1)."), nameof(upperBounds));
            }
        }

        if (labels.Any(string.IsNullOrWhiteSpace) || labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            throw new ArgumentException("Grade labels must be non-empty and unique.", nameof(labels));
        }

        _upperBounds = [.. upperBounds];
        _grades = [.. labels.Select((label, rank) => new RiskGrade(rank, label))];
        Grades = [.. _grades];
        UpperBounds = [.. _upperBounds];
    }

    /// <summary>The default five-grade table A–E with PD bounds 1 %, 2.5 %, 5 % and 10 %.</summary>
    public static GradeBands Default { get; } = new(["A", "B", "C", "D", "E"], [0.01, 0.025, 0.05, 0.10]);

    /// <summary>The grades, lowest risk first.</summary>
    public ImmutableArray<RiskGrade> Grades { get; }

    /// <summary>Exclusive upper PD bound of each grade but the last.</summary>
    public ImmutableArray<double> UpperBounds { get; }

    /// <summary>The grade of a PD. Allocates nothing.</summary>
    /// <param name="probabilityOfDefault">PD in [0, 1].</param>
    /// <returns>The grade whose band holds the PD.</returns>
    public RiskGrade GradeOf(double probabilityOfDefault)
    {
        var bounds = _upperBounds;
        for (int i = 0; i < bounds.Length; i++)
        {
            if (probabilityOfDefault < bounds[i])
            {
                return _grades[i];
            }
        }

        return _grades[^1];
    }
}
