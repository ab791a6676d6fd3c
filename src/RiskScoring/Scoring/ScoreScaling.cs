namespace RiskScoring.Scoring;

/// <summary>
/// Maps a probability of default to points and back, with the industry's points-to-double-the-odds scaling:
/// <c>score = Offset + Factor · ln(odds)</c> where odds = (1 − PD) / PD (good : bad), <c>Factor = PDO / ln 2</c> and
/// <c>Offset = BaseScore − Factor · ln(BaseOdds)</c>. With the defaults (600 points at 50:1, PDO 20), PD = 1/51 scores 600
/// and every 20 points double the odds of repaying.
/// </summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ScoreScaling
{
    /// <summary>The default scaling: 600 points at odds 50:1, 20 points to double the odds.</summary>
    public static ScoreScaling Default { get; } = new();

    /// <summary>Creates a scaling.</summary>
    /// <param name="baseScore">Score at <paramref name="baseOdds"/>. Default 600.</param>
    /// <param name="baseOdds">Good:bad odds that score <paramref name="baseScore"/> (&gt; 0). Default 50.</param>
    /// <param name="pointsToDoubleOdds">Points that double the odds (&gt; 0). Default 20.</param>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is not finite or not positive where required.</exception>
    public ScoreScaling(double baseScore = 600, double baseOdds = 50, double pointsToDoubleOdds = 20)
    {
        if (!double.IsFinite(baseScore))
        {
            throw new ArgumentOutOfRangeException(nameof(baseScore), baseScore, "The base score must be finite.");
        }

        if (!(baseOdds > 0) || !double.IsFinite(baseOdds))
        {
            throw new ArgumentOutOfRangeException(nameof(baseOdds), baseOdds, "The base odds must be a positive finite number.");
        }

        if (!(pointsToDoubleOdds > 0) || !double.IsFinite(pointsToDoubleOdds))
        {
            throw new ArgumentOutOfRangeException(nameof(pointsToDoubleOdds), pointsToDoubleOdds, "The points to double the odds must be a positive finite number.");
        }

        BaseScore = baseScore;
        BaseOdds = baseOdds;
        PointsToDoubleOdds = pointsToDoubleOdds;
        Factor = pointsToDoubleOdds / Math.Log(2);
        Offset = baseScore - (Factor * Math.Log(baseOdds));
    }

    /// <summary>Score at <see cref="BaseOdds"/>.</summary>
    public double BaseScore { get; }

    /// <summary>Good:bad odds that score <see cref="BaseScore"/>.</summary>
    public double BaseOdds { get; }

    /// <summary>Points that double the odds.</summary>
    public double PointsToDoubleOdds { get; }

    /// <summary>Points per unit of log-odds: PDO / ln 2.</summary>
    public double Factor { get; }

    /// <summary>Score at odds 1:1: BaseScore − Factor · ln(BaseOdds).</summary>
    public double Offset { get; }

    /// <summary>Score for a log-odds of default (<c>ln(PD / (1 − PD))</c>, the margin of a logistic model).</summary>
    /// <param name="logOddsOfDefault">Log-odds of default.</param>
    /// <returns>The score.</returns>
    public double ScoreFromLogOdds(double logOddsOfDefault) => Offset - (Factor * logOddsOfDefault);

    /// <summary>Score for a probability of default. PDs of exactly 0 or 1 are clamped to [1e-12, 1 − 1e-12].</summary>
    /// <param name="probabilityOfDefault">PD in [0, 1].</param>
    /// <returns>The score.</returns>
    public double ScoreFromProbability(double probabilityOfDefault)
    {
        double p = Math.Clamp(probabilityOfDefault, 1e-12, 1 - 1e-12);
        return ScoreFromLogOdds(Math.Log(p / (1 - p)));
    }

    /// <summary>Probability of default for a score (the inverse of <see cref="ScoreFromProbability"/>).</summary>
    /// <param name="score">The score.</param>
    /// <returns>PD in (0, 1).</returns>
    public double ProbabilityFromScore(double score) => 1.0 / (1.0 + Math.Exp((score - Offset) / Factor));
}
