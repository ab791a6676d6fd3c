namespace RiskScoring.Profiles;

/// <summary>Facts held about a small-business borrower.</summary>
/// <param name="AnnualRevenue">Turnover over the last 12 months (currency units, ≥ 0), or null when unknown.</param>
/// <param name="YearsTrading">Years since the business started trading (≥ 0), or null when unknown.</param>
public sealed record BusinessDetails(double? AnnualRevenue, double? YearsTrading);
