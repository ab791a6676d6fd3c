using System.Collections.Immutable;
using CsCheck;
using RiskScoring.Decisions;
using RiskScoring.Profiles;

namespace RiskScoring.Tests.Decisions;

/// <summary>Properties of the default policy over thousands of generated borrowers.</summary>
public sealed class LimitPropertyTests
{
    private const int Iterations = 5_000;
    private static readonly LimitAdjuster Adjuster = new(LimitPolicy.Default);

    private static readonly Gen<int?> SmallCount = Gen.Int[0, 3].Nullable(0.1);

    private static readonly Gen<BorrowerProfile> ProfileGen =
        Gen.Select(
            Gen.Bool,
            Gen.Enum<EmploymentType>(),
            Gen.Int[500, 12_000].Array[0, 12],
            Gen.Int[0, 3_000].Nullable(0.1),
            Gen.Int[0, 5].Nullable(0.1),
            Gen.Select(Gen.Int[0, 30_000], Gen.Int[0, 100]).Array[0, 3],
            Gen.Select(SmallCount, SmallCount, SmallCount, Gen.Int[0, 30].Nullable(0.3), Gen.Bool))
        .Select((business, employment, income, debt, dependents, lines, r) =>
        {
            int total = (r.Item1 ?? 0) + (r.Item2 ?? 0) + (r.Item3 ?? 0);
            int? since = total > 0 ? r.Item4 : null;
            bool? ever = total > 0 ? true : (r.Item5 ? null : false);
            return new BorrowerProfile
            {
                Id = "gen",
                Kind = business ? BorrowerKind.SmallBusiness : BorrowerKind.Individual,
                Business = business ? new BusinessDetails(250_000, 3) : null,
                Employment = employment,
                IncomeHistory = [.. income.Select(x => (double)x)],
                MonthlyDebtObligations = debt,
                Dependents = dependents,
                CreditLines = [.. lines.Select(l => CreditLine.Revolving(l.Item1, l.Item1 * l.Item2 / 100.0))],
                Repayment = new RepaymentHistory(r.Item1, r.Item2, r.Item3, since, ever),
            };
        });

    private static readonly Gen<LimitReviewRequest> RequestGen =
        Gen.Select(ProfileGen, Gen.Double[0, 1], Gen.Int[0, 12_000_000], Gen.Int[0, 720].Nullable(0.4), Gen.Double[0, 1.2].Nullable(0.3))
        .Select((profile, pd, cents, daysAgo, previousUtilisation) => new LimitReviewRequest
        {
            Profile = profile,
            Assessment = LimitRuleTests.Assess(pd),
            CurrentLimit = cents / 100m,
            ReviewDate = LimitRuleTests.ReviewDate,
            LastIncreaseDate = daysAgo is int d ? LimitRuleTests.ReviewDate.AddDays(-d) : null,
            PreviousUtilisation = previousUtilisation,
        });

    [Test]
    public void Review_NewLimitIsClosedOrWithinFloorAndCeiling()
    {
        RequestGen.Sample(
            request =>
            {
                var d = Adjuster.Review(request);
                (decimal floor, decimal ceiling) = request.Profile.Kind == BorrowerKind.Individual ? (500m, 25_000m) : (1_000m, 100_000m);
                return d.NewLimit == 0m || (d.NewLimit >= floor && d.NewLimit <= ceiling);
            },
            iter: Iterations);
    }

    [Test]
    public void Review_Any60PlusDaysPastDue_NeverIncreases()
    {
        RequestGen.Where(r => (r.Profile.Repayment.PastDue60To89 ?? 0) + (r.Profile.Repayment.PastDue90Plus ?? 0) > 0).Sample(
            request => Adjuster.Review(request).NewLimit <= request.CurrentLimit,
            iter: Iterations);
    }

    [Test]
    public void Review_HigherPdAllElseEqual_NeverHigherLimit()
    {
        Gen.Select(RequestGen, Gen.Double[0, 1]).Sample(
            (request, otherPd) =>
            {
                double pd = request.Assessment.ProbabilityOfDefault;
                var low = request with { Assessment = LimitRuleTests.Assess(Math.Min(pd, otherPd)) };
                var high = request with { Assessment = LimitRuleTests.Assess(Math.Max(pd, otherPd)) };
                return Adjuster.Review(high).NewLimit <= Adjuster.Review(low).NewLimit;
            },
            iter: Iterations);
    }

    [Test]
    public void Review_IsDeterministic()
    {
        var reloaded = new LimitAdjuster(LimitPolicy.FromJson(LimitPolicy.Default.ToJson()));
        RequestGen.Sample(
            request =>
            {
                var a = Adjuster.Review(request);
                var b = Adjuster.Review(request);
                var c = reloaded.Review(request);
                return a.NewLimit == b.NewLimit && a.ToReport() == b.ToReport() && a.ToReport() == c.ToReport();
            },
            iter: 2_000);
    }

    [Test]
    public void Review_IncreaseNeverExceedsTheStepBound()
    {
        // max-step-individual: +50 % and +5,000; max-step-business: +30 % and +20,000. The floor may lift a small
        // limit to the floor, so only limits at or above the floor are checked.
        RequestGen.Sample(
            request =>
            {
                var d = Adjuster.Review(request);
                bool individual = request.Profile.Kind == BorrowerKind.Individual;
                decimal floor = individual ? 500m : 1_000m;
                decimal bound = individual ? Math.Min(request.CurrentLimit * 1.5m, request.CurrentLimit + 5_000m) : Math.Min(request.CurrentLimit * 1.3m, request.CurrentLimit + 20_000m);
                return d.NewLimit <= Math.Max(bound, floor);
            },
            iter: Iterations);
    }
}
