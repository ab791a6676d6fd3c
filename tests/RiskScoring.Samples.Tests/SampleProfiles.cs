using RiskScoring.Profiles;

namespace RiskScoring.Samples.Tests;

internal static class SampleProfiles
{
    public static BorrowerProfile Clean(string id = "applicant-1", int age = 41) => new()
    {
        Id = id,
        Age = age,
        Employment = EmploymentType.SalariedPermanent,
        MonthsInEmployment = 96,
        IncomeHistory = [3100, 3150, 3120, 3180, 3160, 3200],
        MonthlyDebtObligations = 700,
        Dependents = 1,
        CreditLines = [CreditLine.Revolving(3000, 600)],
        Repayment = RepaymentHistory.Clean,
        MonthsOnBook = 48,
        EnquiriesLast6Months = 0,
    };
}
