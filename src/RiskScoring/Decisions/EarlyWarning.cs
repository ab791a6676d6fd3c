using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

namespace RiskScoring.Decisions;

/// <summary>How strongly an account needs attention. Ordered: a higher value is more severe.</summary>
public enum WarningLevel
{
    /// <summary>No warning rule fired.</summary>
    None = 0,

    /// <summary>Watch: review at the next cycle, no action yet.</summary>
    Watch = 1,

    /// <summary>Act: contact the borrower or review the limit now.</summary>
    Act = 2,
}

/// <summary>Stable codes of the early-warning rules.</summary>
public enum WarningCode
{
    /// <summary>EW01: probability of default rose by more than both the absolute and the relative threshold.</summary>
    PdRise = 1,

    /// <summary>EW02: the risk grade dropped (rank rose).</summary>
    GradeDrop = 2,

    /// <summary>EW03: revolving utilisation is near the limit and rising.</summary>
    UtilisationRising = 3,

    /// <summary>EW04: recent income dropped.</summary>
    IncomeDrop = 4,

    /// <summary>EW05: first missed payment: past-due counts went from 0 to above 0.</summary>
    FirstMissedPayment = 5,

    /// <summary>EW06: credit enquiries in the last 6 months spiked.</summary>
    EnquirySpike = 6,
}

/// <summary>Which earlier snapshot the latest one is compared with.</summary>
public enum ComparisonBaseline
{
    /// <summary>The snapshot just before the latest.</summary>
    Previous = 0,

    /// <summary>The earliest snapshot given (the start of the window).</summary>
    Earliest = 1,
}

/// <summary>A borrower at one date: the profile and its assessment.</summary>
/// <param name="Date">The date the profile describes.</param>
/// <param name="Profile">The borrower profile (valid).</param>
/// <param name="Assessment">The risk assessment of that profile.</param>
public sealed record BorrowerSnapshot(DateOnly Date, BorrowerProfile Profile, RiskAssessment Assessment);

/// <summary>One fired early-warning rule.</summary>
/// <param name="Code">Stable rule code.</param>
/// <param name="Level">Level this rule raises.</param>
/// <param name="Text">Plain-language explanation with the numbers.</param>
/// <param name="Figures">The numbers the rule compared (name → value), in a fixed order.</param>
public sealed record WarningReason(WarningCode Code, WarningLevel Level, string Text, ImmutableArray<KeyValuePair<string, double>> Figures);

/// <summary>A rule that could not be checked because data were missing.</summary>
/// <param name="Code">The rule.</param>
/// <param name="Reason">What was missing.</param>
public sealed record SkippedCheck(WarningCode Code, string Reason);

/// <summary>The early-warning outcome for one borrower.</summary>
/// <param name="Level">Highest level of any fired rule (<see cref="WarningLevel.None"/> when none fired).</param>
/// <param name="BaselineDate">Date of the snapshot compared against.</param>
/// <param name="LatestDate">Date of the latest snapshot.</param>
/// <param name="Reasons">Fired rules in code order.</param>
/// <param name="Skipped">Rules not checked for lack of data (nothing is silently dropped).</param>
public sealed record EarlyWarningResult(WarningLevel Level, DateOnly BaselineDate, DateOnly LatestDate, ImmutableArray<WarningReason> Reasons, ImmutableArray<SkippedCheck> Skipped);

/// <summary>Thresholds of the early-warning rules. Immutable; validated by the <see cref="EarlyWarningMonitor"/>
/// constructor. Each rule has a Watch and a stricter Act threshold.</summary>
public sealed record EarlyWarningOptions
{
    /// <summary>Snapshot the latest is compared with. Default: <see cref="ComparisonBaseline.Previous"/>.</summary>
    public ComparisonBaseline Baseline { get; init; } = ComparisonBaseline.Previous;

    /// <summary>EW01 Watch: PD rise in absolute terms (PD points, fraction) that must be exceeded. Default: 0.02.</summary>
    public double PdRiseAbsoluteWatch { get; init; } = 0.02;

    /// <summary>EW01 Watch: PD rise relative to the baseline PD that must be exceeded. Default: 0.25 (+25 %).</summary>
    public double PdRiseRelativeWatch { get; init; } = 0.25;

    /// <summary>EW01 Act: absolute PD rise that must be exceeded. Default: 0.05.</summary>
    public double PdRiseAbsoluteAct { get; init; } = 0.05;

    /// <summary>EW01 Act: relative PD rise that must be exceeded. Default: 0.50 (+50 %).</summary>
    public double PdRiseRelativeAct { get; init; } = 0.50;

    /// <summary>EW02: grade ranks dropped for Watch (≥ 1). Default: 1.</summary>
    public int GradeDropWatch { get; init; } = 1;

    /// <summary>EW02: grade ranks dropped for Act (≥ <see cref="GradeDropWatch"/>). Default: 2.</summary>
    public int GradeDropAct { get; init; } = 2;

    /// <summary>EW03 Watch: latest revolving utilisation at or above this (fraction). Default: 0.75.</summary>
    public double UtilisationWatch { get; init; } = 0.75;

    /// <summary>EW03 Act: latest revolving utilisation at or above this (fraction). Default: 0.95.</summary>
    public double UtilisationAct { get; init; } = 0.95;

    /// <summary>EW03: minimum rise in utilisation (fraction points) for the rule to fire. Default: 0.10.</summary>
    public double UtilisationRise { get; init; } = 0.10;

    /// <summary>EW04: months of income averaged on each side (1–36). Default: 3.</summary>
    public int IncomeMonths { get; init; } = 3;

    /// <summary>EW04 Watch: relative drop of recent mean income. Default: 0.20 (−20 %).</summary>
    public double IncomeDropWatch { get; init; } = 0.20;

    /// <summary>EW04 Act: relative drop of recent mean income. Default: 0.40 (−40 %).</summary>
    public double IncomeDropAct { get; init; } = 0.40;

    /// <summary>EW05: level raised by a first missed payment. Default: <see cref="WarningLevel.Act"/>.</summary>
    public WarningLevel FirstMissedPaymentLevel { get; init; } = WarningLevel.Act;

    /// <summary>EW06 Watch: increase in enquiries (last 6 months). Default: 3.</summary>
    public int EnquiryIncreaseWatch { get; init; } = 3;

    /// <summary>EW06 Act: increase in enquiries (last 6 months). Default: 6.</summary>
    public int EnquiryIncreaseAct { get; init; } = 6;

    /// <summary>The default thresholds.</summary>
    public static EarlyWarningOptions Default { get; } = new();

    /// <summary>Throws when a threshold is out of range or an Act threshold is weaker than its Watch threshold.</summary>
    /// <exception cref="ArgumentException">Naming the field, value and rule.</exception>
    public void Validate()
    {
        var e = new List<string>();
        Positive(e, nameof(PdRiseAbsoluteWatch), PdRiseAbsoluteWatch, 0, PdRiseAbsoluteAct);
        Positive(e, nameof(PdRiseRelativeWatch), PdRiseRelativeWatch, 0, PdRiseRelativeAct);
        Positive(e, nameof(PdRiseAbsoluteAct), PdRiseAbsoluteAct, PdRiseAbsoluteWatch, 1);
        Positive(e, nameof(PdRiseRelativeAct), PdRiseRelativeAct, PdRiseRelativeWatch, 1000);
        Positive(e, nameof(UtilisationWatch), UtilisationWatch, 0, UtilisationAct);
        Positive(e, nameof(UtilisationAct), UtilisationAct, UtilisationWatch, 10);
        Positive(e, nameof(UtilisationRise), UtilisationRise, 0, 10);
        Positive(e, nameof(IncomeDropWatch), IncomeDropWatch, 0, IncomeDropAct);
        Positive(e, nameof(IncomeDropAct), IncomeDropAct, IncomeDropWatch, 1);
        Positive(e, nameof(GradeDropWatch), GradeDropWatch, 1, GradeDropAct);
        Positive(e, nameof(GradeDropAct), GradeDropAct, GradeDropWatch, 100);
        Positive(e, nameof(IncomeMonths), IncomeMonths, 1, BorrowerProfile.MaxIncomeHistoryMonths);
        Positive(e, nameof(EnquiryIncreaseWatch), EnquiryIncreaseWatch, 1, EnquiryIncreaseAct);
        Positive(e, nameof(EnquiryIncreaseAct), EnquiryIncreaseAct, EnquiryIncreaseWatch, 1000);
        if (!Enum.IsDefined(Baseline))
        {
            e.Add(nameof(Baseline) + " = " + Baseline + ": is not a defined ComparisonBaseline value");
        }

        if (FirstMissedPaymentLevel is not (WarningLevel.Watch or WarningLevel.Act))
        {
            e.Add(nameof(FirstMissedPaymentLevel) + " = " + FirstMissedPaymentLevel + ": must be Watch or Act");
        }

        if (e.Count > 0)
        {
            throw new ArgumentException("Invalid early-warning options: " + string.Join("; ", e));
        }
    }

    private static void Positive(List<string> errors, string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} = {value:R}: must be between {min:R} and {max:R} (Watch ≤ Act)"));
        }
    }
}

/// <summary>
/// Compares a borrower's snapshots over time and raises a warning level with its reasons: PD rise, grade drop,
/// utilisation rising towards the limit, income drop, first missed payment and an enquiry spike.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class EarlyWarningMonitor
{
    /// <summary>Creates a monitor.</summary>
    /// <param name="options">Thresholds; null for <see cref="EarlyWarningOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">When the options are invalid.</exception>
    public EarlyWarningMonitor(EarlyWarningOptions? options = null)
    {
        Options = options ?? EarlyWarningOptions.Default;
        Options.Validate();
    }

    /// <summary>The thresholds in use.</summary>
    public EarlyWarningOptions Options { get; }

    /// <summary>Evaluates the latest snapshot against the baseline snapshot.</summary>
    /// <param name="snapshots">At least two snapshots in strictly ascending date order.</param>
    /// <returns>The level, the fired rules and the rules skipped for lack of data.</returns>
    /// <exception cref="ArgumentException">When fewer than two snapshots are given, dates are not strictly
    /// ascending, or a profile is invalid.</exception>
    public EarlyWarningResult Evaluate(IReadOnlyList<BorrowerSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count < 2)
        {
            throw new ArgumentException("snapshots.Count = " + snapshots.Count.ToString(CultureInfo.InvariantCulture) + ": at least two snapshots are needed", nameof(snapshots));
        }

        for (int i = 0; i < snapshots.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(snapshots[i], "snapshots[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            ProfileValidator.EnsureValid(snapshots[i].Profile);
            if (i > 0 && snapshots[i].Date <= snapshots[i - 1].Date)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"snapshots[{i}].Date = {snapshots[i].Date:yyyy-MM-dd}: must be after snapshots[{i - 1}].Date ({snapshots[i - 1].Date:yyyy-MM-dd})"), nameof(snapshots));
            }
        }

        var now = snapshots[^1];
        var then = Options.Baseline == ComparisonBaseline.Previous ? snapshots[^2] : snapshots[0];
        var reasons = ImmutableArray.CreateBuilder<WarningReason>();
        var skipped = ImmutableArray.CreateBuilder<SkippedCheck>();
        var o = Options;

        // EW01 PD rise: both the absolute and the relative rise must exceed the thresholds.
        double pd0 = then.Assessment.ProbabilityOfDefault, pd1 = now.Assessment.ProbabilityOfDefault;
        double rise = pd1 - pd0;
        double relative = pd0 > 0 ? rise / pd0 : (rise > 0 ? double.PositiveInfinity : 0);
        var pdLevel = rise > o.PdRiseAbsoluteAct && relative > o.PdRiseRelativeAct ? WarningLevel.Act
            : rise > o.PdRiseAbsoluteWatch && relative > o.PdRiseRelativeWatch ? WarningLevel.Watch : WarningLevel.None;
        if (pdLevel != WarningLevel.None)
        {
            reasons.Add(Reason(WarningCode.PdRise, pdLevel, F($"PD rose from {pd0:P2} to {pd1:P2} (+{rise * 100:0.00} points, +{relative:P0})"), ("pdBefore", pd0), ("pdAfter", pd1), ("absoluteRise", rise), ("relativeRise", relative)));
        }

        // EW02 grade drop.
        int drop = now.Assessment.Grade.Rank - then.Assessment.Grade.Rank;
        if (drop >= o.GradeDropWatch)
        {
            var level = drop >= o.GradeDropAct ? WarningLevel.Act : WarningLevel.Watch;
            reasons.Add(Reason(WarningCode.GradeDrop, level, F($"grade dropped from {then.Assessment.Grade.Label} to {now.Assessment.Grade.Label} ({drop} rank(s))"), ("rankBefore", then.Assessment.Grade.Rank), ("rankAfter", now.Assessment.Grade.Rank)));
        }

        // EW03 utilisation near the limit and rising.
        double? u0 = ProfileMetrics.Utilisation(then.Profile), u1 = ProfileMetrics.Utilisation(now.Profile);
        if (u0 is double a && u1 is double b)
        {
            if (b - a >= o.UtilisationRise && b >= o.UtilisationWatch)
            {
                var level = b >= o.UtilisationAct ? WarningLevel.Act : WarningLevel.Watch;
                reasons.Add(Reason(WarningCode.UtilisationRising, level, F($"revolving utilisation rose from {a:P0} to {b:P0}"), ("utilisationBefore", a), ("utilisationAfter", b)));
            }
        }
        else
        {
            skipped.Add(new SkippedCheck(WarningCode.UtilisationRising, "no revolving limit in " + (u0 is null ? "the baseline" : "the latest") + " snapshot"));
        }

        // EW04 income drop.
        double? i0 = ProfileMetrics.RecentMeanIncome(then.Profile, o.IncomeMonths), i1 = ProfileMetrics.RecentMeanIncome(now.Profile, o.IncomeMonths);
        if (i0 is double m0 && i1 is double m1)
        {
            double fall = m0 > 0 ? (m0 - m1) / m0 : 0;
            if (fall >= o.IncomeDropWatch)
            {
                var level = fall >= o.IncomeDropAct ? WarningLevel.Act : WarningLevel.Watch;
                reasons.Add(Reason(WarningCode.IncomeDrop, level, F($"mean income of the last {o.IncomeMonths} month(s) fell from {m0:0.00} to {m1:0.00} (−{fall:P0})"), ("incomeBefore", m0), ("incomeAfter", m1), ("relativeDrop", fall)));
            }
        }
        else
        {
            skipped.Add(new SkippedCheck(WarningCode.IncomeDrop, "income unknown in " + (i0 is null ? "the baseline" : "the latest") + " snapshot"));
        }

        // EW05 first missed payment.
        int? d0 = ProfileMetrics.PastDueTotal(then.Profile.Repayment), d1 = ProfileMetrics.PastDueTotal(now.Profile.Repayment);
        if (d0 is int before && d1 is int after)
        {
            if (before == 0 && after > 0)
            {
                reasons.Add(Reason(WarningCode.FirstMissedPayment, o.FirstMissedPaymentLevel, F($"first missed payment: past-due occasions went from 0 to {after}"), ("pastDueBefore", before), ("pastDueAfter", after)));
            }
        }
        else
        {
            skipped.Add(new SkippedCheck(WarningCode.FirstMissedPayment, "past-due counts unknown in " + (d0 is null ? "the baseline" : "the latest") + " snapshot"));
        }

        // EW06 enquiry spike.
        if (then.Profile.EnquiriesLast6Months is int e0 && now.Profile.EnquiriesLast6Months is int e1)
        {
            int more = e1 - e0;
            if (more >= o.EnquiryIncreaseWatch)
            {
                var level = more >= o.EnquiryIncreaseAct ? WarningLevel.Act : WarningLevel.Watch;
                reasons.Add(Reason(WarningCode.EnquirySpike, level, F($"credit enquiries in the last 6 months rose from {e0} to {e1}"), ("enquiriesBefore", e0), ("enquiriesAfter", e1)));
            }
        }
        else
        {
            skipped.Add(new SkippedCheck(WarningCode.EnquirySpike, "enquiries unknown in " + (then.Profile.EnquiriesLast6Months is null ? "the baseline" : "the latest") + " snapshot"));
        }

        var top = WarningLevel.None;
        foreach (var r in reasons)
        {
            top = r.Level > top ? r.Level : top;
        }

        return new EarlyWarningResult(top, then.Date, now.Date, reasons.ToImmutable(), skipped.ToImmutable());
    }

    /// <summary>The stable text code of a rule, for example <c>EW01</c>.</summary>
    /// <param name="code">The rule.</param>
    /// <returns>The code text.</returns>
    public static string CodeText(WarningCode code) => "EW" + ((int)code).ToString("00", CultureInfo.InvariantCulture);

    private static WarningReason Reason(WarningCode code, WarningLevel level, string text, params (string Name, double Value)[] figures)
    {
        var list = ImmutableArray.CreateBuilder<KeyValuePair<string, double>>(figures.Length);
        foreach (var (name, value) in figures)
        {
            list.Add(new KeyValuePair<string, double>(name, value));
        }

        return new WarningReason(code, level, CodeText(code) + " " + text, list.MoveToImmutable());
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
