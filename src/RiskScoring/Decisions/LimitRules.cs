using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using RiskScoring.Profiles;

namespace RiskScoring.Decisions;

/// <summary>Which borrowers a limit rule applies to.</summary>
public enum BorrowerScope
{
    /// <summary>Every borrower.</summary>
    All = 0,

    /// <summary>Individuals only.</summary>
    Individual = 1,

    /// <summary>Small businesses only.</summary>
    SmallBusiness = 2,
}

/// <summary>What a target multiplier multiplies.</summary>
public enum LimitBasis
{
    /// <summary>Stable monthly income (the affordability options' percentile of recent months).</summary>
    MonthlyIncome = 0,

    /// <summary>The current limit.</summary>
    CurrentLimit = 1,
}

/// <summary>What a target rule's bands are keyed on.</summary>
public enum BandKey
{
    /// <summary>Probability of default: a band's <see cref="TargetBand.UpTo"/> is the highest PD (inclusive) it covers.</summary>
    ProbabilityOfDefault = 0,

    /// <summary>Grade rank: a band's <see cref="TargetBand.UpTo"/> is the worst rank (inclusive) it covers; ranks
    /// beyond the last band use the last band.</summary>
    GradeRank = 1,
}

/// <summary>How a cap rule treats a limit above the cap.</summary>
public enum CapMode
{
    /// <summary>The cap only restricts increases: the limit may not rise above max(cap, current limit); an existing
    /// limit above the cap is kept.</summary>
    IncreasesOnly = 0,

    /// <summary>The limit is cut down to the cap when above it.</summary>
    CutToCap = 1,
}

/// <summary>What the floor rule does with a limit between 0 and the floor.</summary>
public enum FloorAction
{
    /// <summary>Raise it to the floor, unless increases are frozen and the floor is above the current limit, in
    /// which case the line is closed (limit 0).</summary>
    RaiseToFloor = 0,

    /// <summary>Close the line (limit 0).</summary>
    Close = 1,
}

/// <summary>One band of a <see cref="TargetLimitRule"/>.</summary>
public sealed record TargetBand
{
    /// <summary>Upper bound of the band (inclusive): a PD in [0, 1] or a grade rank, depending on
    /// <see cref="TargetLimitRule.BandBy"/>. Default: 0.</summary>
    public double UpTo { get; init; }

    /// <summary>The target limit as a multiple of the rule's basis (≥ 0). Default: 0.</summary>
    public decimal Multiplier { get; init; }
}

/// <summary>
/// A named credit-limit rule. Rules run in the policy's order; each reads the request and the limit proposed by the
/// rules before it and may change it or freeze increases. The set of rule types is closed (the JSON
/// <c>type</c> names are given on each type); build rules with object initialisers and add them to a
/// <see cref="LimitPolicyBuilder"/>. In JSON the <c>type</c> property must come first.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TargetLimitRule), "target")]
[JsonDerivedType(typeof(HighRiskCutRule), "highRiskCut")]
[JsonDerivedType(typeof(DelinquencyRule), "delinquency")]
[JsonDerivedType(typeof(UtilisationTrendRule), "utilisationTrend")]
[JsonDerivedType(typeof(IncomeStabilityCapRule), "incomeStabilityCap")]
[JsonDerivedType(typeof(AffordabilityCapRule), "affordabilityCap")]
[JsonDerivedType(typeof(FloorCeilingRule), "floorCeiling")]
[JsonDerivedType(typeof(StepLimitRule), "maxStep")]
[JsonDerivedType(typeof(RecentIncreaseRule), "recentIncrease")]
public abstract record LimitRule
{
    private protected LimitRule()
    {
    }

    /// <summary>Unique id within the policy: 1–64 characters of lower-case letters, digits and '-'. Required.</summary>
    [JsonPropertyOrder(-2)]
    public string Id { get; init; } = string.Empty;

    /// <summary>Borrowers the rule applies to. Default: <see cref="BorrowerScope.All"/>.</summary>
    [JsonPropertyOrder(-1)]
    public BorrowerScope AppliesTo { get; init; } = BorrowerScope.All;

    /// <summary>The rule's JSON type name.</summary>
    internal abstract string TypeName { get; }

    internal abstract void Validate(RuleErrors errors);

    /// <summary>Applies the rule. Returns true when it fired (its condition held); sets ctx.Limit and ctx.Effect.</summary>
    internal abstract bool Apply(RuleContext ctx);

    /// <summary>Limit when a cap applies in the given mode.</summary>
    internal static decimal ApplyCap(decimal limit, decimal current, decimal cap, CapMode mode) =>
        mode == CapMode.CutToCap ? Math.Min(limit, cap) : (limit > current ? Math.Max(current, Math.Min(limit, cap)) : limit);

    internal static string T(decimal v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats money with two decimals (invariant culture).</summary>
    internal static string M(decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    internal static string T(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal static string T(int v) => v.ToString(CultureInfo.InvariantCulture);
}

/// <summary>JSON <c>"target"</c>. Sets the proposed limit to a target: a multiplier, chosen by PD or grade band, of
/// stable monthly income or of the current limit. With an income basis and unknown income, no target is set and
/// increases are frozen. Bands must be in ascending <see cref="TargetBand.UpTo"/> order with non-increasing
/// multipliers, so a riskier borrower never gets a higher target; PD bands must end at 1.</summary>
public sealed record TargetLimitRule : LimitRule
{
    /// <summary>What the bands are keyed on. Default: <see cref="BandKey.ProbabilityOfDefault"/>.</summary>
    public BandKey BandBy { get; init; } = BandKey.ProbabilityOfDefault;

    /// <summary>What the multiplier multiplies. Default: <see cref="LimitBasis.MonthlyIncome"/>.</summary>
    public LimitBasis Basis { get; init; } = LimitBasis.MonthlyIncome;

    /// <summary>The bands, ascending. Required (at least one).</summary>
    public ImmutableArray<TargetBand> Bands { get; init; } = ImmutableArray<TargetBand>.Empty;

    internal override string TypeName => "target";

    internal override void Validate(RuleErrors errors)
    {
        var bands = Bands.IsDefault ? ImmutableArray<TargetBand>.Empty : Bands;
        if (bands.IsEmpty)
        {
            errors.Add("bands", "[]", "must hold at least one band");
        }

        for (int i = 0; i < bands.Length; i++)
        {
            string at = "bands[" + T(i) + "]";
            if (bands[i] is null)
            {
                errors.Add(at, "null", "must not be null");
                return;
            }

            double upTo = bands[i].UpTo;
            if (BandBy == BandKey.ProbabilityOfDefault ? !(upTo >= 0 && upTo <= 1) : !(upTo >= 0 && upTo <= 1000 && upTo == Math.Floor(upTo)))
            {
                errors.Add(at + ".upTo", T(upTo), BandBy == BandKey.ProbabilityOfDefault ? "must be a PD between 0 and 1" : "must be a whole grade rank between 0 and 1000");
            }

            if (i > 0 && bands[i - 1] is { } prev && !(upTo > prev.UpTo))
            {
                errors.Add(at + ".upTo", T(upTo), "must be greater than the previous band's upTo (" + T(prev.UpTo) + ")");
            }

            if (bands[i].Multiplier < 0m || bands[i].Multiplier > 1000m)
            {
                errors.Add(at + ".multiplier", T(bands[i].Multiplier), "must be between 0 and 1000");
            }
            else if (i > 0 && bands[i - 1] is { } p && bands[i].Multiplier > p.Multiplier)
            {
                errors.Add(at + ".multiplier", T(bands[i].Multiplier), "must not exceed the previous band's multiplier (" + T(p.Multiplier) + "): higher risk must not get a higher target");
            }
        }

        if (BandBy == BandKey.ProbabilityOfDefault && !bands.IsEmpty && bands[^1] is { } last && last.UpTo < 1)
        {
            errors.Add("bands[" + T(bands.Length - 1) + "].upTo", T(last.UpTo), "the last PD band must end at 1 so that every borrower has a target");
        }

        errors.Defined(BandBy, "bandBy");
        errors.Defined(Basis, "basis");
    }

    internal override bool Apply(RuleContext ctx)
    {
        TargetBand? band = null;
        if (BandBy == BandKey.ProbabilityOfDefault)
        {
            double pd = ctx.Request.Assessment.ProbabilityOfDefault;
            ctx.Input("probabilityOfDefault", T(pd));
            foreach (var b in Bands)
            {
                if (pd <= b.UpTo)
                {
                    band = b;
                    break;
                }
            }
        }
        else
        {
            int rank = ctx.Request.Assessment.Grade.Rank;
            ctx.Input("gradeRank", T(rank));
            foreach (var b in Bands)
            {
                band = b;
                if (rank <= b.UpTo)
                {
                    break;
                }
            }
        }

        band ??= Bands[^1];
        ctx.Input("band.upTo", T(band.UpTo));
        ctx.Input("band.multiplier", T(band.Multiplier));
        decimal basis;
        if (Basis == LimitBasis.CurrentLimit)
        {
            basis = ctx.Current;
            ctx.Input("currentLimit", M(basis));
        }
        else if (ctx.StableIncome is decimal income)
        {
            basis = income;
            ctx.Input("stableMonthlyIncome", M(income));
        }
        else
        {
            ctx.Input("stableMonthlyIncome", "unknown");
            ctx.Freeze();
            ctx.Effect = "income unknown: no target; increases frozen";
            return true;
        }

        ctx.Limit = Annuity.RoundCents(basis * band.Multiplier);
        ctx.Effect = "target = " + T(band.Multiplier) + " × " + (Basis == LimitBasis.CurrentLimit ? "current limit" : "stable monthly income") + " = " + M(ctx.Limit);
        return true;
    }
}

/// <summary>JSON <c>"highRiskCut"</c>. When the PD is at least <see cref="MinProbabilityOfDefault"/> or the grade rank
/// at least <see cref="MinGradeRank"/>, cuts the limit to at most current limit × (1 − <see cref="CutShare"/>) and
/// freezes increases.</summary>
public sealed record HighRiskCutRule : LimitRule
{
    /// <summary>PD at or above which the rule fires (0–1], or null to ignore PD. Default: 0.20.</summary>
    public double? MinProbabilityOfDefault { get; init; } = 0.20;

    /// <summary>Grade rank at or above which the rule fires (≥ 0), or null to ignore the grade. Default: null.</summary>
    public int? MinGradeRank { get; init; }

    /// <summary>Share of the current limit cut (0–1]; 1 closes the line. Default: 0.25.</summary>
    public decimal CutShare { get; init; } = 0.25m;

    internal override string TypeName => "highRiskCut";

    internal override void Validate(RuleErrors errors)
    {
        if (MinProbabilityOfDefault is double pd && !(pd > 0 && pd <= 1))
        {
            errors.Add("minProbabilityOfDefault", T(pd), "must be > 0 and ≤ 1");
        }

        if (MinGradeRank is int rank && rank < 0)
        {
            errors.Add("minGradeRank", T(rank), "must not be negative");
        }

        if (MinProbabilityOfDefault is null && MinGradeRank is null)
        {
            errors.Add("minProbabilityOfDefault", "null", "either minProbabilityOfDefault or minGradeRank must be set");
        }

        errors.Share("cutShare", CutShare);
    }

    internal override bool Apply(RuleContext ctx)
    {
        var a = ctx.Request.Assessment;
        bool byPd = MinProbabilityOfDefault is double min && a.ProbabilityOfDefault >= min;
        bool byGrade = MinGradeRank is int minRank && a.Grade.Rank >= minRank;
        if (!byPd && !byGrade)
        {
            return false;
        }

        ctx.Input("probabilityOfDefault", T(a.ProbabilityOfDefault));
        ctx.Input("gradeRank", T(a.Grade.Rank));
        ctx.Input("cutShare", T(CutShare));
        ctx.Limit = Math.Min(ctx.Limit, Annuity.RoundCents(ctx.Current * (1m - CutShare)));
        ctx.Freeze();
        ctx.Effect = "high risk: cut to at most " + T(1m - CutShare) + " × current limit; increases frozen";
        return true;
    }
}

/// <summary>JSON <c>"delinquency"</c>. Freezes increases after a recent delinquency (within
/// <see cref="FreezeWithinMonths"/> months, or any past-due occasion in the window when the date of the last one is
/// unknown, or an unknown history when <see cref="FreezeWhenUnknown"/>); cuts the limit on 60–89 days past due by
/// <see cref="Cut60To89Share"/> and on 90+ days past due by <see cref="Cut90PlusShare"/> (1 closes the line).</summary>
public sealed record DelinquencyRule : LimitRule
{
    /// <summary>Months since the last delinquency within which increases are frozen (0–120). Default: 12.</summary>
    public int FreezeWithinMonths { get; init; } = 12;

    /// <summary>Share of the current limit cut when any 60–89 days past due is recorded (0–1]. Default: 0.5.</summary>
    public decimal Cut60To89Share { get; init; } = 0.5m;

    /// <summary>Share of the current limit cut when any 90+ days past due is recorded (0–1]. Default: 1 (close).</summary>
    public decimal Cut90PlusShare { get; init; } = 1m;

    /// <summary>Freeze increases when the repayment history is entirely unknown. Default: true.</summary>
    public bool FreezeWhenUnknown { get; init; } = true;

    internal override string TypeName => "delinquency";

    internal override void Validate(RuleErrors errors)
    {
        if (FreezeWithinMonths < 0 || FreezeWithinMonths > 120)
        {
            errors.Add("freezeWithinMonths", T(FreezeWithinMonths), "must be between 0 and 120");
        }

        errors.Share("cut60To89Share", Cut60To89Share);
        errors.Share("cut90PlusShare", Cut90PlusShare);
    }

    internal override bool Apply(RuleContext ctx)
    {
        var r = ctx.Request.Profile.Repayment;
        int? total = ProfileMetrics.PastDueTotal(r);
        int pd60 = r.PastDue60To89 ?? 0, pd90 = r.PastDue90Plus ?? 0;
        bool unknown = total is null && r.MonthsSinceLastDelinquency is null && r.EverDelinquent is null;
        bool recent = r.MonthsSinceLastDelinquency is int m ? m <= FreezeWithinMonths : (total > 0 || (r.EverDelinquent == true && total is null));
        bool freeze = recent || pd60 > 0 || pd90 > 0 || (unknown && FreezeWhenUnknown);
        if (!freeze)
        {
            return false;
        }

        ctx.Input("pastDue30To59", Text(r.PastDue30To59));
        ctx.Input("pastDue60To89", Text(r.PastDue60To89));
        ctx.Input("pastDue90Plus", Text(r.PastDue90Plus));
        ctx.Input("monthsSinceLastDelinquency", Text(r.MonthsSinceLastDelinquency));
        decimal cut = pd90 > 0 ? Cut90PlusShare : pd60 > 0 ? Cut60To89Share : 0m;
        ctx.Limit = Math.Min(ctx.Limit, Annuity.RoundCents(ctx.Current * (1m - cut)));
        ctx.Freeze();
        ctx.Effect = cut > 0m
            ? (pd90 > 0 ? "90+ days past due" : "60–89 days past due") + ": cut by " + T(cut) + " of the current limit; increases frozen"
            : (unknown ? "repayment history unknown" : "recent delinquency") + ": increases frozen";
        return true;
    }

    private static string Text(int? v) => v is int x ? T(x) : "unknown";
}

/// <summary>JSON <c>"utilisationTrend"</c>. When revolving utilisation (total revolving balance / total revolving
/// limit in the profile) is at least <see cref="NearLimit"/> and rose by at least <see cref="MinRise"/> since the
/// request's previous utilisation, freezes increases (hold) and cuts by <see cref="CutShare"/> (0 = hold only).
/// Skipped when either utilisation is unknown.</summary>
public sealed record UtilisationTrendRule : LimitRule
{
    /// <summary>Utilisation at or above which the rule may fire (0–10, fraction). Default: 0.90.</summary>
    public double NearLimit { get; init; } = 0.90;

    /// <summary>Minimum rise since the previous utilisation (fraction points, 0–10). Default: 0.05.</summary>
    public double MinRise { get; init; } = 0.05;

    /// <summary>Share of the current limit cut (0–1); 0 holds the limit. Default: 0.</summary>
    public decimal CutShare { get; init; }

    internal override string TypeName => "utilisationTrend";

    internal override void Validate(RuleErrors errors)
    {
        if (!(NearLimit > 0 && NearLimit <= 10))
        {
            errors.Add("nearLimit", T(NearLimit), "must be > 0 and ≤ 10");
        }

        if (!(MinRise >= 0 && MinRise <= 10))
        {
            errors.Add("minRise", T(MinRise), "must be between 0 and 10");
        }

        if (CutShare < 0m || CutShare > 1m)
        {
            errors.Add("cutShare", T(CutShare), "must be between 0 and 1");
        }
    }

    internal override bool Apply(RuleContext ctx)
    {
        double? now = ProfileMetrics.Utilisation(ctx.Request.Profile);
        if (now is not double u || ctx.Request.PreviousUtilisation is not double before)
        {
            ctx.Skip(now is null ? "no revolving limit in the profile: utilisation unknown" : "previous utilisation not given");
            return false;
        }

        if (u < NearLimit || u - before < MinRise)
        {
            return false;
        }

        ctx.Input("utilisation", T(u));
        ctx.Input("previousUtilisation", T(before));
        ctx.Limit = Math.Min(ctx.Limit, Annuity.RoundCents(ctx.Current * (1m - CutShare)));
        ctx.Freeze();
        ctx.Effect = CutShare > 0m ? "utilisation near the limit and rising: cut by " + T(CutShare) + "; increases frozen" : "utilisation near the limit and rising: hold (increases frozen)";
        return true;
    }
}

/// <summary>JSON <c>"incomeStabilityCap"</c>. When the coefficient of variation (population standard deviation /
/// mean) of the last <see cref="Months"/> months of income exceeds <see cref="MaxCoefficientOfVariation"/> (fewer than
/// 2 months counts as unstable), or the employment type is in <see cref="InsecureEmployment"/>, caps the limit at
/// <see cref="MaxMultiplier"/> × stable monthly income. Unknown income freezes increases.</summary>
public sealed record IncomeStabilityCapRule : LimitRule
{
    /// <summary>Months of income used for the coefficient of variation (2–36). Default: 6.</summary>
    public int Months { get; init; } = 6;

    /// <summary>Coefficient of variation above which income is unstable (&gt; 0). Default: 0.25.</summary>
    public double MaxCoefficientOfVariation { get; init; } = 0.25;

    /// <summary>Employment types treated as insecure. Default: self-employed, temporary, gig, unemployed, student.</summary>
    public ImmutableArray<EmploymentType> InsecureEmployment { get; init; } =
        [EmploymentType.SelfEmployed, EmploymentType.SalariedTemporary, EmploymentType.Gig, EmploymentType.Unemployed, EmploymentType.Student];

    /// <summary>The cap as a multiple of stable monthly income (&gt; 0). Default: 1.</summary>
    public decimal MaxMultiplier { get; init; } = 1m;

    /// <summary>How the cap is applied. Default: <see cref="CapMode.IncreasesOnly"/>.</summary>
    public CapMode Mode { get; init; } = CapMode.IncreasesOnly;

    internal override string TypeName => "incomeStabilityCap";

    internal override void Validate(RuleErrors errors)
    {
        if (Months < 2 || Months > BorrowerProfile.MaxIncomeHistoryMonths)
        {
            errors.Add("months", T(Months), "must be between 2 and 36");
        }

        if (!(MaxCoefficientOfVariation > 0 && double.IsFinite(MaxCoefficientOfVariation)))
        {
            errors.Add("maxCoefficientOfVariation", T(MaxCoefficientOfVariation), "must be > 0");
        }

        if (MaxMultiplier <= 0m)
        {
            errors.Add("maxMultiplier", T(MaxMultiplier), "must be > 0");
        }

        var list = InsecureEmployment.IsDefault ? ImmutableArray<EmploymentType>.Empty : InsecureEmployment;
        for (int i = 0; i < list.Length; i++)
        {
            errors.Defined(list[i], "insecureEmployment[" + T(i) + "]");
        }

        errors.Defined(Mode, "mode");
    }

    internal override bool Apply(RuleContext ctx)
    {
        var p = ctx.Request.Profile;
        double? cv = ProfileMetrics.IncomeCoefficientOfVariation(p, Months);
        bool insecure = !InsecureEmployment.IsDefault && InsecureEmployment.Contains(p.Employment);
        bool unstable = cv is not double c || c > MaxCoefficientOfVariation;
        if (!insecure && !unstable)
        {
            return false;
        }

        ctx.Input("employment", p.Employment.ToString());
        ctx.Input("incomeCoefficientOfVariation", cv is double v ? T(Math.Round(v, 4)) : "unknown");
        if (ctx.StableIncome is not decimal income)
        {
            ctx.Input("stableMonthlyIncome", "unknown");
            ctx.Freeze();
            ctx.Effect = "income unknown: increases frozen";
            return true;
        }

        decimal cap = Annuity.RoundCents(income * MaxMultiplier);
        ctx.Input("stableMonthlyIncome", M(income));
        ctx.Input("cap", M(cap));
        ctx.Limit = ApplyCap(ctx.Limit, ctx.Current, cap, Mode);
        ctx.Effect = (insecure ? "insecure employment" : "unstable income") + ": limit capped at " + T(MaxMultiplier) + " × stable monthly income = " + M(cap) + (Mode == CapMode.IncreasesOnly ? " (increases only)" : string.Empty);
        return true;
    }
}

/// <summary>JSON <c>"affordabilityCap"</c>. Caps the limit at the policy's affordability check's largest affordable
/// instalment / <see cref="PaymentShare"/>: the limit whose monthly payment, fully drawn, is affordable. When the
/// check cannot be made (income or obligations unknown) increases are frozen. The rule is listed among the fired rules
/// whenever it evaluates, binding or not, so that the audit trail always shows the affordable limit.</summary>
public sealed record AffordabilityCapRule : LimitRule
{
    /// <summary>Assumed monthly payment as a share of a fully drawn limit (0–1]. Default: 0.05.</summary>
    public decimal PaymentShare { get; init; } = 0.05m;

    /// <summary>How the cap is applied. Default: <see cref="CapMode.IncreasesOnly"/>.</summary>
    public CapMode Mode { get; init; } = CapMode.IncreasesOnly;

    internal override string TypeName => "affordabilityCap";

    internal override void Validate(RuleErrors errors)
    {
        errors.Share("paymentShare", PaymentShare);
        errors.Defined(Mode, "mode");
    }

    internal override bool Apply(RuleContext ctx)
    {
        var a = ctx.Affordability;
        if (!a.CanAssess)
        {
            ctx.Input("affordability", a.Message);
            ctx.Freeze();
            ctx.Effect = a.Message + ": increases frozen";
            return true;
        }

        decimal cap = Annuity.RoundCents(a.MaxAffordableInstalment / PaymentShare);
        ctx.Input("stableMonthlyIncome", M(a.StableIncome));
        ctx.Input("existingObligations", M(a.ExistingObligations));
        ctx.Input("maxAffordableInstalment", M(a.MaxAffordableInstalment));
        ctx.Input("binding", a.Binding.ToString());
        ctx.Input("cap", M(cap));
        decimal before = ctx.Limit;
        ctx.Limit = ApplyCap(ctx.Limit, ctx.Current, cap, Mode);
        ctx.Effect = "affordable limit = " + M(a.MaxAffordableInstalment) + " / " + T(PaymentShare) + " = " + M(cap) + (ctx.Limit < before ? ": capped" : ": not binding");
        return true;
    }
}

/// <summary>JSON <c>"floorCeiling"</c>. Caps the limit at <see cref="Ceiling"/>; a limit between 0 and
/// <see cref="Floor"/> is raised to the floor or the line closed (see <see cref="FloorAction"/>); a closed line
/// (limit 0) stays closed. Floor and ceiling must be multiples of the policy's rounding unit.</summary>
public sealed record FloorCeilingRule : LimitRule
{
    /// <summary>Smallest open limit (currency units, ≥ 0). Default: 500.</summary>
    public decimal Floor { get; init; } = 500m;

    /// <summary>Largest limit (currency units, &gt; floor). Default: 25,000.</summary>
    public decimal Ceiling { get; init; } = 25_000m;

    /// <summary>What to do below the floor. Default: <see cref="Decisions.FloorAction.RaiseToFloor"/>.</summary>
    public FloorAction BelowFloor { get; init; } = FloorAction.RaiseToFloor;

    internal override string TypeName => "floorCeiling";

    internal override void Validate(RuleErrors errors)
    {
        if (Floor < 0m)
        {
            errors.Add("floor", T(Floor), "must not be negative");
        }

        if (Ceiling <= Floor)
        {
            errors.Add("ceiling", T(Ceiling), "must be greater than floor (" + T(Floor) + ")");
        }

        errors.Defined(BelowFloor, "belowFloor");
    }

    internal override bool Apply(RuleContext ctx)
    {
        decimal limit = ctx.Limit;
        if (limit > Ceiling)
        {
            ctx.Input("ceiling", M(Ceiling));
            ctx.Limit = Ceiling;
            ctx.Effect = "capped at the ceiling";
            return true;
        }

        if (limit <= 0m || limit >= Floor)
        {
            return false;
        }

        ctx.Input("floor", M(Floor));
        bool blocked = ctx.FrozenBy is not null && Floor > ctx.Current;
        if (BelowFloor == FloorAction.RaiseToFloor && !blocked)
        {
            ctx.Limit = Floor;
            ctx.Effect = "raised to the floor";
        }
        else
        {
            ctx.Limit = 0m;
            ctx.Effect = blocked ? "below the floor and increases frozen by " + ctx.FrozenBy + ": line closed" : "below the floor: line closed";
        }

        return true;
    }
}

/// <summary>JSON <c>"maxStep"</c>. Bounds the change per review: the limit stays within
/// [current × (1 − <see cref="MaxDecreaseShare"/>), min(current × (1 + <see cref="MaxIncreaseShare"/>), current +
/// <see cref="MaxIncreaseAmount"/>)]. A current limit of 0 is never raised (origination is not a review). Fires when it
/// binds.</summary>
public sealed record StepLimitRule : LimitRule
{
    /// <summary>Largest increase as a share of the current limit (≥ 0). Default: 0.5.</summary>
    public decimal MaxIncreaseShare { get; init; } = 0.5m;

    /// <summary>Largest increase in currency units (&gt; 0), or null for no absolute bound. Default: null.</summary>
    public decimal? MaxIncreaseAmount { get; init; }

    /// <summary>Largest decrease as a share of the current limit (0–1). Default: 0.3.</summary>
    public decimal MaxDecreaseShare { get; init; } = 0.3m;

    internal override string TypeName => "maxStep";

    internal override void Validate(RuleErrors errors)
    {
        if (MaxIncreaseShare < 0m || MaxIncreaseShare > 100m)
        {
            errors.Add("maxIncreaseShare", T(MaxIncreaseShare), "must be between 0 and 100");
        }

        if (MaxIncreaseAmount is decimal amount && amount <= 0m)
        {
            errors.Add("maxIncreaseAmount", T(amount), "must be > 0");
        }

        if (MaxDecreaseShare < 0m || MaxDecreaseShare > 1m)
        {
            errors.Add("maxDecreaseShare", T(MaxDecreaseShare), "must be between 0 and 1");
        }
    }

    internal override bool Apply(RuleContext ctx)
    {
        decimal c = ctx.Current;
        decimal up = Annuity.RoundCents(c * (1m + MaxIncreaseShare));
        if (MaxIncreaseAmount is decimal amount)
        {
            up = Math.Min(up, c + amount);
        }

        decimal down = Annuity.RoundCents(c * (1m - MaxDecreaseShare));
        if (ctx.Limit > up)
        {
            ctx.Input("currentLimit", M(c));
            ctx.Input("maxIncrease", M(up - c));
            ctx.Limit = up;
            ctx.Effect = "increase bounded to +" + M(up - c);
            return true;
        }

        if (ctx.Limit < down)
        {
            ctx.Input("currentLimit", M(c));
            ctx.Input("maxDecrease", M(c - down));
            ctx.Limit = down;
            ctx.Effect = "decrease bounded to -" + M(c - down);
            return true;
        }

        return false;
    }
}

/// <summary>JSON <c>"recentIncrease"</c>. Freezes increases when the last increase was fewer than
/// <see cref="MinDaysBetweenIncreases"/> days before the review date. Skipped when no last increase date is given.</summary>
public sealed record RecentIncreaseRule : LimitRule
{
    /// <summary>Minimum days between two increases (1–3650). Default: 180.</summary>
    public int MinDaysBetweenIncreases { get; init; } = 180;

    internal override string TypeName => "recentIncrease";

    internal override void Validate(RuleErrors errors)
    {
        if (MinDaysBetweenIncreases < 1 || MinDaysBetweenIncreases > 3650)
        {
            errors.Add("minDaysBetweenIncreases", T(MinDaysBetweenIncreases), "must be between 1 and 3650");
        }
    }

    internal override bool Apply(RuleContext ctx)
    {
        if (ctx.Request.LastIncreaseDate is not DateOnly last)
        {
            ctx.Skip("no last increase date given");
            return false;
        }

        int days = ctx.Request.ReviewDate.DayNumber - last.DayNumber;
        if (days >= MinDaysBetweenIncreases)
        {
            return false;
        }

        ctx.Input("lastIncreaseDate", last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        ctx.Input("daysSinceLastIncrease", T(days));
        ctx.Limit = Math.Min(ctx.Limit, ctx.Current);
        ctx.Freeze();
        ctx.Effect = "last increase " + T(days) + " days ago (< " + T(MinDaysBetweenIncreases) + "): increases frozen";
        return true;
    }
}

/// <summary>Collects a rule's validation errors as <c>field = value: rule</c>.</summary>
internal sealed class RuleErrors
{
    internal List<(string Field, string Value, string Rule)> Items { get; } = [];

    internal void Add(string field, string value, string rule) => Items.Add((field, value, rule));

    internal void Share(string field, decimal value)
    {
        if (value <= 0m || value > 1m)
        {
            Add(field, LimitRule.T(value), "must be > 0 and ≤ 1");
        }
    }

    internal void Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Add(field, value.ToString(), "is not a defined " + typeof(TEnum).Name + " value");
        }
    }
}
