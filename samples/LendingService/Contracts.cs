using RiskScoring.Decisions;
using RiskScoring.Profiles;

namespace RiskScoring.Samples.LendingService;

/// <summary>Body of <c>POST /limit-review</c>.</summary>
public sealed record LimitReviewBody
{
    /// <summary>The borrower.</summary>
    public BorrowerProfile? Profile { get; init; }

    /// <summary>The current limit (currency units).</summary>
    public decimal? CurrentLimit { get; init; }

    /// <summary>Review date; omitted = today (UTC).</summary>
    public DateOnly? ReviewDate { get; init; }

    /// <summary>Date of the last increase, if any.</summary>
    public DateOnly? LastIncreaseDate { get; init; }

    /// <summary>Utilisation at the previous review (fraction), if known.</summary>
    public double? PreviousUtilisation { get; init; }
}

/// <summary>One reason in a <see cref="ScoreResponse"/>.</summary>
public sealed record ReasonBody(string Code, string Text, string Feature, double PointsLost);

/// <summary>Response of <c>POST /score</c>.</summary>
public sealed record ScoreResponse(string ModelVersion, double ProbabilityOfDefault, double Score, string Grade, int GradeRank, IReadOnlyList<ReasonBody> Reasons);

/// <summary>Response of <c>POST /limit-review</c>: the decision with the fired rules.</summary>
public sealed record LimitReviewResponse(LimitDecision Decision, string Report);

/// <summary>One validation error in a problem details body.</summary>
public sealed record FieldError(string Field, string? Value, string Rule);
