namespace RiskScoring.Profiles;

/// <summary>
/// Delinquency record over the last 24 months. Every count is a number of occasions; <c>null</c> means not reported
/// (unknown), which is different from zero.
/// </summary>
/// <param name="PastDue30To59">Times 30–59 days past due in the last 24 months (≥ 0), or null when unknown.</param>
/// <param name="PastDue60To89">Times 60–89 days past due in the last 24 months (≥ 0), or null when unknown.</param>
/// <param name="PastDue90Plus">Times 90 or more days past due in the last 24 months (≥ 0), or null when unknown.</param>
/// <param name="MonthsSinceLastDelinquency">Months since the most recent delinquency (≥ 0), or null when the borrower
/// has never been delinquent or it is unknown; <see cref="EverDelinquent"/> tells the two apart.</param>
/// <param name="EverDelinquent">True when the borrower has any recorded delinquency, false when known to have none,
/// null when unknown.</param>
public readonly record struct RepaymentHistory(
    int? PastDue30To59,
    int? PastDue60To89,
    int? PastDue90Plus,
    int? MonthsSinceLastDelinquency,
    bool? EverDelinquent)
{
    /// <summary>A history that is entirely unknown.</summary>
    public static RepaymentHistory Unknown => default;

    /// <summary>A known clean history: no delinquency at all.</summary>
    public static RepaymentHistory Clean => new(0, 0, 0, null, false);
}
