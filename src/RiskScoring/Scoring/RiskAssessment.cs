namespace RiskScoring.Scoring;

/// <summary>
/// The result of scoring one borrower: probability of default, score on the points scale, risk grade and up to
/// <see cref="MaxReasons"/> principal reasons, most important first. A value type so that scoring allocates nothing.
/// </summary>
public readonly struct RiskAssessment
{
    /// <summary>The most reasons an assessment carries.</summary>
    public const int MaxReasons = 4;

    // The reasons are kept as (index into a shared table of reasons without points, points lost): a scorer's table
    // holds every characteristic's possible reasons, so scoring writes numbers only and an assessment holds two
    // references (the table and the grade label) instead of eight strings — cheaper to copy and to store in bulk.
    private readonly ReasonCode[]? _table;
    private readonly int _index0;
    private readonly int _index1;
    private readonly int _index2;
    private readonly int _index3;
    private readonly double _points0;
    private readonly double _points1;
    private readonly double _points2;
    private readonly double _points3;

    /// <summary>Creates an assessment.</summary>
    /// <param name="probabilityOfDefault">Calibrated probability of default in [0, 1].</param>
    /// <param name="score">Score on the points scale (higher is safer).</param>
    /// <param name="grade">Risk grade.</param>
    /// <param name="reasons">Up to <see cref="MaxReasons"/> reasons, most important first (copied into a small array
    /// when there are any; the scorer's own path allocates nothing).</param>
    /// <exception cref="ArgumentOutOfRangeException">When the PD is outside [0, 1] or NaN, or there are too many reasons.</exception>
    public RiskAssessment(double probabilityOfDefault, double score, RiskGrade grade, ReadOnlySpan<ReasonCode> reasons)
        : this(probabilityOfDefault, score, grade, reasons.Length)
    {
        if (reasons.Length > 0)
        {
            _table = reasons.ToArray();
            (_index0, _index1, _index2, _index3) = (0, 1, 2, 3);
            (_points0, _points1, _points2, _points3) = (At(_table, 0).PointsLost, At(_table, 1).PointsLost, At(_table, 2).PointsLost, At(_table, 3).PointsLost);
        }
    }

    /// <summary>The scorer's assessment: reason k is <c>table[indices[k]]</c> with <c>points[k]</c> points lost.</summary>
    internal RiskAssessment(double probabilityOfDefault, double score, RiskGrade grade, ReasonCode[] table, ReadOnlySpan<int> indices, ReadOnlySpan<double> points)
        : this(probabilityOfDefault, score, grade, indices.Length)
    {
        _table = table;
        (_index0, _index1, _index2, _index3) = (At(indices, 0), At(indices, 1), At(indices, 2), At(indices, 3));
        (_points0, _points1, _points2, _points3) = (At(points, 0), At(points, 1), At(points, 2), At(points, 3));
    }

    private RiskAssessment(double probabilityOfDefault, double score, RiskGrade grade, int reasonCount)
    {
        if (!(probabilityOfDefault >= 0 && probabilityOfDefault <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probabilityOfDefault), probabilityOfDefault, "The probability of default must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(reasonCount, MaxReasons, "reasons");
        ProbabilityOfDefault = probabilityOfDefault;
        Score = score;
        Grade = grade;
        ReasonCount = reasonCount;
    }

    /// <summary>Calibrated probability of default over the model's outcome window, in [0, 1].</summary>
    public double ProbabilityOfDefault { get; }

    /// <summary>Score on the points scale: higher means lower risk.</summary>
    public double Score { get; }

    /// <summary>Risk grade from the scorer's band table.</summary>
    public RiskGrade Grade { get; }

    /// <summary>Number of reasons carried (0 to <see cref="MaxReasons"/>).</summary>
    public int ReasonCount { get; }

    /// <summary>Returns reason <paramref name="index"/> (0 = most important). Allocates nothing.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="ReasonCount"/>.</param>
    /// <returns>The reason.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the index is out of range.</exception>
    public ReasonCode GetReason(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReasonCount);
        var (entry, points) = index switch
        {
            0 => (_index0, _points0),
            1 => (_index1, _points1),
            2 => (_index2, _points2),
            _ => (_index3, _points3),
        };
        return _table![entry] with { PointsLost = points };
    }

    /// <summary>Copies the reasons into a new array (allocates; for reporting, not the hot path).</summary>
    /// <returns>The reasons, most important first.</returns>
    public ReasonCode[] ToReasonArray()
    {
        var result = new ReasonCode[ReasonCount];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = GetReason(i);
        }

        return result;
    }

    /// <summary>Element <paramref name="i"/>, or the default past the end.</summary>
    private static T At<T>(ReadOnlySpan<T> values, int i)
        where T : struct => (uint)i < (uint)values.Length ? values[i] : default;
}
