namespace RiskScoring.Scoring;

/// <summary>
/// The result of scoring one borrower: probability of default, score on the points scale, risk grade and up to
/// <see cref="MaxReasons"/> principal reasons, most important first. A value type so that scoring allocates nothing.
/// </summary>
public readonly struct RiskAssessment
{
    /// <summary>The most reasons an assessment carries.</summary>
    public const int MaxReasons = 4;

    private readonly ReasonCode _reason0;
    private readonly ReasonCode _reason1;
    private readonly ReasonCode _reason2;
    private readonly ReasonCode _reason3;

    /// <summary>Creates an assessment.</summary>
    /// <param name="probabilityOfDefault">Calibrated probability of default in [0, 1].</param>
    /// <param name="score">Score on the points scale (higher is safer).</param>
    /// <param name="grade">Risk grade.</param>
    /// <param name="reasons">Up to <see cref="MaxReasons"/> reasons, most important first.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the PD is outside [0, 1] or NaN, or there are too many reasons.</exception>
    public RiskAssessment(double probabilityOfDefault, double score, RiskGrade grade, ReadOnlySpan<ReasonCode> reasons)
    {
        if (!(probabilityOfDefault >= 0 && probabilityOfDefault <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probabilityOfDefault), probabilityOfDefault, "The probability of default must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(reasons.Length, MaxReasons, nameof(reasons));
        ProbabilityOfDefault = probabilityOfDefault;
        Score = score;
        Grade = grade;
        ReasonCount = reasons.Length;
        _reason0 = reasons.Length > 0 ? reasons[0] : default;
        _reason1 = reasons.Length > 1 ? reasons[1] : default;
        _reason2 = reasons.Length > 2 ? reasons[2] : default;
        _reason3 = reasons.Length > 3 ? reasons[3] : default;
    }

    /// <summary>Calibrated probability of default over the model's outcome window, in [0, 1].</summary>
    public double ProbabilityOfDefault { get; }

    /// <summary>Score on the points scale: higher means lower risk.</summary>
    public double Score { get; }

    /// <summary>Risk grade from the scorer's band table.</summary>
    public RiskGrade Grade { get; }

    /// <summary>Number of reasons carried (0 to <see cref="MaxReasons"/>).</summary>
    public int ReasonCount { get; }

    /// <summary>Returns reason <paramref name="index"/> (0 = most important).</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="ReasonCount"/>.</param>
    /// <returns>The reason.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the index is out of range.</exception>
    public ReasonCode GetReason(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReasonCount);
        return index switch
        {
            0 => _reason0,
            1 => _reason1,
            2 => _reason2,
            _ => _reason3,
        };
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
}
