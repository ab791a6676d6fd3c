namespace RiskScoring.Scoring;

/// <summary>
/// How a <see cref="RiskScorer"/> turns a model's probability of default into a score, a grade and reasons.
/// Immutable; checked once when a scorer is built (see <see cref="Validate"/>).
/// </summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed record RiskScorerOptions
{
    /// <summary>The defaults: <see cref="ScoreScaling.Default"/> (600 points at 50:1, 20 points to double the odds),
    /// <see cref="GradeBands.Default"/> (A–E), <see cref="ReasonCatalogue.Default"/>,
    /// <see cref="ReasonMethod.BestAttainable"/> and 4 reasons.</summary>
    public static RiskScorerOptions Default { get; } = new();

    /// <summary>Points scaling of the score. Default <see cref="ScoreScaling.Default"/> (600 points at odds 50:1,
    /// 20 points to double the odds).</summary>
    public ScoreScaling Scaling { get; init; } = ScoreScaling.Default;

    /// <summary>Grade table applied to the PD. Default <see cref="GradeBands.Default"/> (A &lt; 1 %, B &lt; 2.5 %,
    /// C &lt; 5 %, D &lt; 10 %, E ≥ 10 %).</summary>
    public GradeBands Grades { get; init; } = GradeBands.Default;

    /// <summary>Codes and texts of the reasons. Default <see cref="ReasonCatalogue.Default"/>.</summary>
    public ReasonCatalogue Reasons { get; init; } = ReasonCatalogue.Default;

    /// <summary>Reference the points lost on a characteristic are measured against. Default
    /// <see cref="ReasonMethod.BestAttainable"/> (models other than scorecards fall back to
    /// <see cref="ReasonMethod.AverageApplicant"/>, see <see cref="ReasonMethod"/>).</summary>
    public ReasonMethod ReasonMethod { get; init; } = ReasonMethod.BestAttainable;

    /// <summary>Most reasons per assessment, 1 to <see cref="RiskAssessment.MaxReasons"/> (4). Default 4.</summary>
    public int MaxReasons { get; init; } = RiskAssessment.MaxReasons;

    /// <summary>Checks the options (done once by the <see cref="RiskScorer"/> constructors).</summary>
    /// <exception cref="ArgumentNullException">When <see cref="Scaling"/>, <see cref="Grades"/> or
    /// <see cref="Reasons"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <see cref="MaxReasons"/> is outside 1 … 4 or
    /// <see cref="ReasonMethod"/> is not a defined value.</exception>
    public void Validate()
    {
        if (Scaling is null)
        {
            throw new ArgumentNullException(nameof(Scaling), "RiskScorerOptions.Scaling is null; use ScoreScaling.Default or a ScoreScaling of your own.");
        }

        if (Grades is null)
        {
            throw new ArgumentNullException(nameof(Grades), "RiskScorerOptions.Grades is null; use GradeBands.Default or a GradeBands of your own.");
        }

        if (Reasons is null)
        {
            throw new ArgumentNullException(nameof(Reasons), "RiskScorerOptions.Reasons is null; use ReasonCatalogue.Default or a catalogue of your own.");
        }

        if (MaxReasons is < 1 or > RiskAssessment.MaxReasons)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReasons), MaxReasons, $"RiskScorerOptions.MaxReasons must be between 1 and {RiskAssessment.MaxReasons}.");
        }

        if (!Enum.IsDefined(ReasonMethod))
        {
            throw new ArgumentOutOfRangeException(nameof(ReasonMethod), ReasonMethod, "RiskScorerOptions.ReasonMethod is not a defined ReasonMethod value.");
        }
    }
}
