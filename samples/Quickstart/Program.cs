using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

// The demonstration model embedded in the package: trained on synthetic data, NOT for real lending decisions.
RiskScorer scorer = DemoModel.CreateScorer();

var applicant = new BorrowerProfile
{
    Id = "applicant-1",
    Age = 34,
    Employment = EmploymentType.SalariedPermanent,
    MonthsInEmployment = 40,
    IncomeHistory = [2900, 2950, 3000, 2980, 3010, 2990],   // monthly net income, oldest first
    MonthlyDebtObligations = 650,
    Dependents = 1,
    CreditLines = [CreditLine.Revolving(limit: 3000, balance: 2600), CreditLine.Instalment(outstandingPrincipal: 4000, monthlyInstalment: 180)],
    Repayment = new RepaymentHistory(PastDue30To59: 1, PastDue60To89: 0, PastDue90Plus: 0, MonthsSinceLastDelinquency: 7, EverDelinquent: true),
    MonthsOnBook = 26,
    EnquiriesLast6Months = 2,
};

RiskAssessment result = scorer.Score(applicant);
Console.WriteLine($"Model {scorer.ModelVersion}");
Console.WriteLine($"PD {result.ProbabilityOfDefault:P2}, score {result.Score:0}, grade {result.Grade}");
for (int i = 0; i < result.ReasonCount; i++)
{
    ReasonCode reason = result.GetReason(i);
    Console.WriteLine($"  {reason.Code}  {reason.Text} (-{reason.PointsLost:0.0} points)");
}
