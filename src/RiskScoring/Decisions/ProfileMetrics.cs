using RiskScoring.Profiles;

namespace RiskScoring.Decisions;

/// <summary>Figures derived from a profile that several decision rules read.</summary>
internal static class ProfileMetrics
{
    /// <summary>Total revolving balance / total revolving limit, or null when there is no revolving limit.</summary>
    internal static double? Utilisation(BorrowerProfile profile)
    {
        double limit = 0, balance = 0;
        if (!profile.CreditLines.IsDefault)
        {
            foreach (var line in profile.CreditLines)
            {
                if (line.Kind == CreditLineKind.Revolving)
                {
                    limit += line.Limit;
                    balance += line.Balance;
                }
            }
        }

        return limit > 0 ? balance / limit : null;
    }

    /// <summary>Mean of the last <paramref name="months"/> months of income (fewer if fewer known), or null when unknown.</summary>
    internal static double? RecentMeanIncome(BorrowerProfile profile, int months)
    {
        var h = profile.IncomeHistory.IsDefault ? default : profile.IncomeHistory.AsSpan();
        if (h.IsEmpty)
        {
            return null;
        }

        var recent = h[^Math.Min(months, h.Length)..];
        double sum = 0;
        foreach (double x in recent)
        {
            sum += x;
        }

        return sum / recent.Length;
    }

    /// <summary>Coefficient of variation (population standard deviation / mean) of the last <paramref name="months"/>
    /// months, or null when fewer than 2 months are known; +∞ when the mean is 0.</summary>
    internal static double? IncomeCoefficientOfVariation(BorrowerProfile profile, int months)
    {
        var h = profile.IncomeHistory.IsDefault ? default : profile.IncomeHistory.AsSpan();
        if (h.Length < 2)
        {
            return null;
        }

        var recent = h[^Math.Min(months, h.Length)..];
        double mean = 0;
        foreach (double x in recent)
        {
            mean += x;
        }

        mean /= recent.Length;
        if (mean <= 0)
        {
            return double.PositiveInfinity;
        }

        double ss = 0;
        foreach (double x in recent)
        {
            ss += (x - mean) * (x - mean);
        }

        return Math.Sqrt(ss / recent.Length) / mean;
    }

    /// <summary>Total past-due occasions in the window, or null when every count is unknown.</summary>
    internal static int? PastDueTotal(RepaymentHistory r) =>
        r.PastDue30To59 is null && r.PastDue60To89 is null && r.PastDue90Plus is null
            ? null
            : (r.PastDue30To59 ?? 0) + (r.PastDue60To89 ?? 0) + (r.PastDue90Plus ?? 0);
}
