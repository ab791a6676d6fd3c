using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RiskScoring.Decisions;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

namespace RiskScoring.DependencyInjection;

/// <summary>
/// The registered front door for a lending service: scores profiles and reviews credit limits with the registered
/// <see cref="RiskScorer"/> and <see cref="LimitAdjuster"/>, taking the review date from the registered
/// <see cref="TimeProvider"/> when none is given, and logs the model version, counts and durations — never a
/// borrower's id or any profile value.
/// </summary>
/// <threadsafety>Thread-safe: every member it holds is immutable.</threadsafety>
public sealed partial class RiskScoringService
{
    private readonly ILogger _logger;
    private readonly string _modelVersion;
    private readonly string _policyName;
    private readonly string _policyVersion;

    /// <summary>Creates the service (the container does this; the constructor is public for use without DI).</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="adjuster">The limit adjuster.</param>
    /// <param name="timeProvider">Clock for default review dates and durations.</param>
    /// <param name="logger">Logger; null = no logging.</param>
    public RiskScoringService(RiskScorer scorer, LimitAdjuster adjuster, TimeProvider timeProvider, ILogger<RiskScoringService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(adjuster);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Scorer = scorer;
        Adjuster = adjuster;
        TimeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _modelVersion = scorer.ModelVersion;
        _policyName = adjuster.Policy.Name;
        _policyVersion = adjuster.Policy.Version;
    }

    /// <summary>The scorer.</summary>
    public RiskScorer Scorer { get; }

    /// <summary>The limit adjuster (and through it the policy).</summary>
    public LimitAdjuster Adjuster { get; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The scorer's model version, recorded on every limit decision.</summary>
    public string ModelVersion => _modelVersion;

    /// <summary>Scores one borrower.</summary>
    /// <param name="profile">A valid profile.</param>
    /// <returns>PD, score, grade and reasons.</returns>
    /// <exception cref="InvalidProfileException">When the profile breaks a validation rule (the exception lists the
    /// field, value and rule; the log records only the number of errors and the field names).</exception>
    public RiskAssessment Score(BorrowerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        long start = TimeProvider.GetTimestamp();
        var assessment = ScoreCore(profile);
        double elapsedMs = TimeProvider.GetElapsedTime(start).TotalMilliseconds;
        LogScored(_logger, 1, _modelVersion, elapsedMs);
        return assessment;
    }

    /// <summary>Scores many borrowers into <paramref name="results"/> (same length).</summary>
    /// <param name="profiles">Valid profiles.</param>
    /// <param name="results">Destination, one per profile.</param>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    /// <exception cref="InvalidProfileException">When a profile is invalid.</exception>
    public void ScoreBatch(ReadOnlySpan<BorrowerProfile> profiles, Span<RiskAssessment> results)
    {
        if (profiles.Length != results.Length)
        {
            throw new ArgumentException($"results has {results.Length} slots but there are {profiles.Length} profiles; they must be equal.", nameof(results));
        }

        long start = TimeProvider.GetTimestamp();
        foreach (var profile in profiles)
        {
            LogIfInvalid(profile);
        }

        Scorer.ScoreBatch(profiles, results);
        double elapsedMs = TimeProvider.GetElapsedTime(start).TotalMilliseconds;
        LogScored(_logger, profiles.Length, _modelVersion, elapsedMs);
    }

    /// <summary>Scores the borrower and reviews the credit limit with the registered policy.</summary>
    /// <param name="profile">A valid profile.</param>
    /// <param name="currentLimit">The current limit (currency units, 0 to 10^15).</param>
    /// <param name="reviewDate">The review date; null = today (UTC) from the registered <see cref="TimeProvider"/>.</param>
    /// <param name="lastIncreaseDate">Date of the last increase, or null when none is known.</param>
    /// <param name="previousUtilisation">Revolving utilisation at the previous review (fraction), or null.</param>
    /// <returns>The decision with every fired rule, the PD and grade used and the model version.</returns>
    /// <exception cref="InvalidProfileException">When the profile is invalid.</exception>
    /// <exception cref="ArgumentException">When a request field is out of range (the message names it).</exception>
    public LimitDecision ReviewLimit(BorrowerProfile profile, decimal currentLimit, DateOnly? reviewDate = null, DateOnly? lastIncreaseDate = null, double? previousUtilisation = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        long start = TimeProvider.GetTimestamp();
        var assessment = ScoreCore(profile);
        var decision = Adjuster.Review(new LimitReviewRequest
        {
            Profile = profile,
            Assessment = assessment,
            CurrentLimit = currentLimit,
            ReviewDate = reviewDate ?? DateOnly.FromDateTime(TimeProvider.GetUtcNow().UtcDateTime),
            LastIncreaseDate = lastIncreaseDate,
            PreviousUtilisation = previousUtilisation,
            ModelVersion = _modelVersion,
        });
        double elapsedMs = TimeProvider.GetElapsedTime(start).TotalMilliseconds;
        int fired = decision.FiredRules.Length;
        LogReviewed(_logger, _policyName, _policyVersion, _modelVersion, fired, elapsedMs);
        return decision;
    }

    private RiskAssessment ScoreCore(BorrowerProfile profile)
    {
        LogIfInvalid(profile);
        return Scorer.Score(profile);
    }

    private void LogIfInvalid(BorrowerProfile profile)
    {
        if (!ProfileValidator.IsValid(profile))
        {
            var errors = ProfileValidator.Validate(profile);
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                // Field names only: the values are borrower data and stay out of the log.
                string fields = string.Join(", ", errors.Select(e => e.Field));
                LogRejected(_logger, errors.Count, fields);
            }

            throw new InvalidProfileException(errors);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Scored {Count} profile(s) with model {ModelVersion} in {ElapsedMs:0.000} ms")]
    private static partial void LogScored(ILogger logger, int count, string modelVersion, double elapsedMs);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Reviewed a credit limit with policy {PolicyName} {PolicyVersion} and model {ModelVersion}: {FiredRuleCount} rule(s) fired, in {ElapsedMs:0.000} ms")]
    private static partial void LogReviewed(ILogger logger, string policyName, string policyVersion, string modelVersion, int firedRuleCount, double elapsedMs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Rejected an invalid borrower profile: {ErrorCount} rule(s) broken in fields {Fields}")]
    private static partial void LogRejected(ILogger logger, int errorCount, string fields);
}
