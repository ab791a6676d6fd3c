using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

namespace RiskScoring.Decisions;

/// <summary>The input of a credit-limit review.</summary>
public sealed record LimitReviewRequest
{
    /// <summary>The borrower (valid profile).</summary>
    public required BorrowerProfile Profile { get; init; }

    /// <summary>The borrower's current risk assessment.</summary>
    public required RiskAssessment Assessment { get; init; }

    /// <summary>The current credit limit (currency units, 0 to 10^15).</summary>
    public required decimal CurrentLimit { get; init; }

    /// <summary>The review date (injected: the library never reads the clock).</summary>
    public required DateOnly ReviewDate { get; init; }

    /// <summary>Date of the last limit increase, or null when none is known. Must not be after the review date.</summary>
    public DateOnly? LastIncreaseDate { get; init; }

    /// <summary>Revolving utilisation (balance / limit, fraction ≥ 0) at the previous review, or null when unknown.</summary>
    public double? PreviousUtilisation { get; init; }

    /// <summary>Identifier and version of the model that produced <see cref="Assessment"/>, recorded on the decision
    /// for audit, or null when not known. Default: null.</summary>
    public string? ModelVersion { get; init; }
}

/// <summary>One input a rule read, formatted with the invariant culture.</summary>
/// <param name="Name">Input name, for example <c>probabilityOfDefault</c>.</param>
/// <param name="Value">Value as text, or <c>unknown</c>.</param>
public sealed record RuleInput(string Name, string Value);

/// <summary>A rule that fired: what it read and what it did.</summary>
/// <param name="RuleId">The rule's id in the policy.</param>
/// <param name="RuleType">The rule's JSON type name, for example <c>target</c>.</param>
/// <param name="Inputs">The inputs it read, in order.</param>
/// <param name="LimitBefore">Proposed limit before the rule (currency units).</param>
/// <param name="LimitAfter">Proposed limit after the rule (currency units).</param>
/// <param name="FreezesIncreases">True when the rule froze increases for the rest of the review.</param>
/// <param name="Effect">Plain-language effect.</param>
public sealed record FiredRule(string RuleId, string RuleType, ImmutableArray<RuleInput> Inputs, decimal LimitBefore, decimal LimitAfter, bool FreezesIncreases, string Effect);

/// <summary>A rule that was not evaluated, and why (out of scope for the borrower kind, or missing data).</summary>
/// <param name="RuleId">The rule's id.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedRule(string RuleId, string Reason);

/// <summary>Direction of a limit decision.</summary>
public enum LimitDirection
{
    /// <summary>The limit is unchanged.</summary>
    NoChange = 0,

    /// <summary>The limit rises.</summary>
    Increase = 1,

    /// <summary>The limit falls but stays open.</summary>
    Decrease = 2,

    /// <summary>The limit falls to 0 (line closed or suspended).</summary>
    Closed = 3,
}

/// <summary>The outcome of a credit-limit review, with every fired rule in order: enough to audit it later.</summary>
public sealed record LimitDecision
{
    /// <summary>Name of the policy applied.</summary>
    public required string PolicyName { get; init; }

    /// <summary>Version of the policy applied.</summary>
    public required string PolicyVersion { get; init; }

    /// <summary>The borrower's id (from the profile).</summary>
    public required string BorrowerId { get; init; }

    /// <summary>The review date.</summary>
    public required DateOnly ReviewDate { get; init; }

    /// <summary>The model version given in the request, or null.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>The PD the decision used.</summary>
    public required double ProbabilityOfDefault { get; init; }

    /// <summary>The grade the decision used.</summary>
    public required RiskGrade Grade { get; init; }

    /// <summary>The current limit (currency units).</summary>
    public required decimal OldLimit { get; init; }

    /// <summary>The limit after the rules, before rounding (currency units).</summary>
    public required decimal LimitBeforeRounding { get; init; }

    /// <summary>The new limit, rounded toward the old limit to the policy's rounding unit (currency units).</summary>
    public required decimal NewLimit { get; init; }

    /// <summary>New limit − old limit (currency units).</summary>
    public decimal Change => NewLimit - OldLimit;

    /// <summary>Direction of the change.</summary>
    public LimitDirection Direction => NewLimit == OldLimit ? LimitDirection.NoChange
        : NewLimit > OldLimit ? LimitDirection.Increase
        : NewLimit == 0m ? LimitDirection.Closed : LimitDirection.Decrease;

    /// <summary>Id of the first rule that froze increases, or null when none did.</summary>
    public string? IncreasesFrozenBy { get; init; }

    /// <summary>Every rule that fired, in policy order.</summary>
    public required ImmutableArray<FiredRule> FiredRules { get; init; }

    /// <summary>Rules not evaluated, with the reason.</summary>
    public required ImmutableArray<SkippedRule> SkippedRules { get; init; }

    /// <summary>A plain-text audit report of the decision (invariant culture).</summary>
    /// <returns>Multi-line text.</returns>
    public string ToReport()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.Append(c, $"Limit review {BorrowerId} on {ReviewDate:yyyy-MM-dd} (policy {PolicyName} {PolicyVersion}");
        if (ModelVersion is not null)
        {
            sb.Append(", model ").Append(ModelVersion);
        }

        sb.Append(c, $"); PD {ProbabilityOfDefault:0.0000}, grade {Grade.Label}").AppendLine();
        sb.Append(c, $"Old limit {OldLimit:0.00} -> new limit {NewLimit:0.00} (change {Change:+0.00;-0.00;0.00}, {Direction}; before rounding {LimitBeforeRounding:0.00})").AppendLine();
        if (IncreasesFrozenBy is not null)
        {
            sb.Append("Increases frozen by: ").AppendLine(IncreasesFrozenBy);
        }

        for (int i = 0; i < FiredRules.Length; i++)
        {
            var r = FiredRules[i];
            sb.Append(c, $"{i + 1}. {r.RuleId} [{r.RuleType}] {r.LimitBefore:0.00} -> {r.LimitAfter:0.00}: {r.Effect}").AppendLine();
            sb.Append("     reads: ");
            for (int j = 0; j < r.Inputs.Length; j++)
            {
                sb.Append(j == 0 ? string.Empty : ", ").Append(r.Inputs[j].Name).Append('=').Append(r.Inputs[j].Value);
            }

            sb.AppendLine();
        }

        foreach (var s in SkippedRules)
        {
            sb.Append("   skipped ").Append(s.RuleId).Append(": ").AppendLine(s.Reason);
        }

        return sb.ToString();
    }
}

/// <summary>Applies a <see cref="LimitPolicy"/> to review requests.</summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class LimitAdjuster
{
    /// <summary>The largest current limit accepted (currency units): 10^15.</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    private readonly AffordabilityCalculator _affordability;

    /// <summary>Creates an adjuster for a built (validated) policy.</summary>
    /// <param name="policy">The policy.</param>
    public LimitAdjuster(LimitPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        _affordability = new AffordabilityCalculator(policy.Affordability);
    }

    /// <summary>The policy applied.</summary>
    public LimitPolicy Policy { get; }

    /// <summary>Reviews the limit: starts from the current limit, runs the rules in order (each may change the
    /// proposed limit or freeze increases; once frozen, no later rule may raise the limit above the current limit),
    /// then rounds toward the current limit to the policy's rounding unit, so rounding never turns a hold into a
    /// change or reverses its direction.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The decision with every fired rule.</returns>
    /// <exception cref="ArgumentException">When a request field is out of range (the message names it).</exception>
    /// <exception cref="InvalidProfileException">When the profile is invalid.</exception>
    public LimitDecision Review(LimitReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Profile, "request.Profile");
        ProfileValidator.EnsureValid(request.Profile);
        if (request.CurrentLimit < 0m || request.CurrentLimit > MaxAmount)
        {
            throw new ArgumentException("CurrentLimit = " + Annuity.Text(request.CurrentLimit) + (request.CurrentLimit < 0m ? ": must not be negative" : ": must be at most 1e15"), nameof(request));
        }

        if (request.LastIncreaseDate is DateOnly last && last > request.ReviewDate)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LastIncreaseDate = {last:yyyy-MM-dd}: must not be after ReviewDate ({request.ReviewDate:yyyy-MM-dd})"), nameof(request));
        }

        if (request.PreviousUtilisation is double u && !(u >= 0 && u <= 100))
        {
            throw new ArgumentException("PreviousUtilisation = " + u.ToString("R", CultureInfo.InvariantCulture) + ": must be a fraction between 0 and 100", nameof(request));
        }

        var ctx = new RuleContext(request, Policy, _affordability);
        var fired = ImmutableArray.CreateBuilder<FiredRule>();
        var skipped = ImmutableArray.CreateBuilder<SkippedRule>();
        foreach (var rule in Policy.Rules)
        {
            if (rule.AppliesTo != BorrowerScope.All && (rule.AppliesTo == BorrowerScope.Individual) != (request.Profile.Kind == BorrowerKind.Individual))
            {
                skipped.Add(new SkippedRule(rule.Id, "applies to " + rule.AppliesTo + " only"));
                continue;
            }

            decimal before = ctx.Limit;
            ctx.Begin(rule.Id);
            bool didFire = rule.Apply(ctx);
            if (ctx.FrozenBy is not null && ctx.Limit > ctx.Current && ctx.Limit > before)
            {
                ctx.Limit = Math.Max(before, ctx.Current);
                ctx.Effect += "; capped at the current limit because increases are frozen by " + ctx.FrozenBy;
                didFire = true;
            }

            if (didFire)
            {
                fired.Add(new FiredRule(rule.Id, rule.TypeName, ctx.TakeInputs(), before, ctx.Limit, ctx.FrozeIncreases, ctx.Effect));
            }
            else if (ctx.SkipReason is not null)
            {
                skipped.Add(new SkippedRule(rule.Id, ctx.SkipReason));
            }
        }

        decimal proposed = ctx.Limit;
        return new LimitDecision
        {
            PolicyName = Policy.Name,
            PolicyVersion = Policy.Version,
            BorrowerId = request.Profile.Id,
            ReviewDate = request.ReviewDate,
            ModelVersion = request.ModelVersion,
            ProbabilityOfDefault = request.Assessment.ProbabilityOfDefault,
            Grade = request.Assessment.Grade,
            OldLimit = request.CurrentLimit,
            LimitBeforeRounding = proposed,
            NewLimit = RoundTowardCurrent(proposed, request.CurrentLimit, Policy.RoundingUnit),
            IncreasesFrozenBy = ctx.FrozenBy,
            FiredRules = fired.ToImmutable(),
            SkippedRules = skipped.ToImmutable(),
        };
    }

    /// <summary>Rounds to a multiple of <paramref name="unit"/> toward <paramref name="current"/>, never crossing it.</summary>
    internal static decimal RoundTowardCurrent(decimal proposed, decimal current, decimal unit)
    {
        if (proposed == current)
        {
            return current;
        }

        return proposed < current
            ? Math.Min(Math.Ceiling(proposed / unit) * unit, current)
            : Math.Max(Math.Floor(proposed / unit) * unit, current);
    }
}

/// <summary>The mutable state of one review as the rules run. Not shared between calls.</summary>
internal sealed class RuleContext
{
    private readonly AffordabilityCalculator _calculator;
    private readonly List<RuleInput> _inputs = [];
    private AffordabilityResult? _affordability;
    private bool _stableIncomeComputed;
    private decimal? _stableIncome;
    private string _ruleId = string.Empty;

    internal RuleContext(LimitReviewRequest request, LimitPolicy policy, AffordabilityCalculator calculator)
    {
        Request = request;
        Policy = policy;
        _calculator = calculator;
        Current = request.CurrentLimit;
        Limit = request.CurrentLimit;
    }

    internal LimitReviewRequest Request { get; }

    internal LimitPolicy Policy { get; }

    /// <summary>The current (old) limit.</summary>
    internal decimal Current { get; }

    /// <summary>The proposed limit.</summary>
    internal decimal Limit { get; set; }

    /// <summary>Id of the first rule that froze increases.</summary>
    internal string? FrozenBy { get; private set; }

    internal string Effect { get; set; } = string.Empty;

    internal string? SkipReason { get; private set; }

    /// <summary>True when the current rule called <see cref="Freeze"/>.</summary>
    internal bool FrozeIncreases { get; private set; }

    internal AffordabilityResult Affordability => _affordability ??= _calculator.Assess(Request.Profile);

    internal decimal? StableIncome
    {
        get
        {
            if (!_stableIncomeComputed)
            {
                _stableIncome = AffordabilityCalculator.StableIncome(Request.Profile, Policy.Affordability);
                _stableIncomeComputed = true;
            }

            return _stableIncome;
        }
    }

    internal void Begin(string ruleId)
    {
        _ruleId = ruleId;
        _inputs.Clear();
        Effect = string.Empty;
        SkipReason = null;
        FrozeIncreases = false;
    }

    internal void Input(string name, string value) => _inputs.Add(new RuleInput(name, value));

    internal void Skip(string reason) => SkipReason = reason;

    /// <summary>Freezes increases for the rest of the review and caps the proposed limit at the current limit.</summary>
    internal void Freeze()
    {
        FrozenBy ??= _ruleId;
        FrozeIncreases = true;
        Limit = Math.Min(Limit, Current);
    }

    internal ImmutableArray<RuleInput> TakeInputs() => [.. _inputs];
}
