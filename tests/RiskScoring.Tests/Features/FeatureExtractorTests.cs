using System.Collections.Immutable;
using MathNet.Numerics;
using MathNet.Numerics.Statistics;
using RiskScoring.Features;
using RiskScoring.Profiles;
using F = RiskScoring.Features.BorrowerFeatures;

namespace RiskScoring.Tests.Features;

public sealed class FeatureExtractorTests
{
    private static readonly FeatureExtractor Extractor = new();

    private static float[] Extract(BorrowerProfile profile, FeatureExtractor? extractor = null)
    {
        extractor ??= Extractor;
        var f = new float[extractor.Schema.Count];
        extractor.Extract(profile, f);
        return f;
    }

    private static BorrowerProfile Typical() => new()
    {
        Id = "t1",
        Age = 29,
        Employment = EmploymentType.SelfEmployed,
        MonthsInEmployment = 14,
        IncomeHistory = [2000, 2500, 1500, 3000],
        MonthlyDebtObligations = 400,
        Dependents = 2,
        CreditLines = [CreditLine.Revolving(1000, 900), CreditLine.Revolving(3000, 300), CreditLine.Instalment(5000, 250)],
        Repayment = new RepaymentHistory(2, 1, 0, 7, null),
        MonthsOnBook = 20,
        EnquiriesLast6Months = 3,
    };

    [Test]
    public void Extract_TypicalProfile_MatchesHandComputedIncomeFeatures()
    {
        var f = Extract(Typical());

        // mean = (2000+2500+1500+3000)/4 = 2250
        Assert.That(f[F.IncomeMean], Is.EqualTo(2250f));

        // deviations -250, 250, -750, 750 → squares sum 1,250,000 → population sd = sqrt(312,500) = 559.017 → cv = 0.248452
        Assert.That(f[F.IncomeCv], Is.EqualTo(0.248452f).Within(1e-5));

        // transitions: 2000→2500 up, 2500→1500 is -40 % (drop), 1500→3000 up → 1 of 3
        Assert.That(f[F.IncomeDropShare], Is.EqualTo(1f / 3f).Within(1e-7));

        // slope: Σ(t-1.5)(x-2250) = (-1.5)(-250)+(-0.5)(250)+(0.5)(-750)+(1.5)(750) = 375-125-375+1125 = 1000; Σ(t-1.5)² = 5 → 200/month; /2250 = 0.0888…
        Assert.That(f[F.IncomeTrend], Is.EqualTo(200f / 2250f).Within(1e-6));
        Assert.That(f[F.IncomeMonths], Is.EqualTo(4f));
    }

    [Test]
    public void Extract_IncomeFeatures_AgreeWithMathNet()
    {
        double[] income = [1800, 2100, 900, 2400, 2350, 1200, 3000, 2800, 2600, 500, 2200, 2300];
        var f = Extract(new BorrowerProfile { IncomeHistory = [.. income] });
        double mean = income.Mean();
        double[] months = [.. Enumerable.Range(0, income.Length).Select(i => (double)i)];
        Assert.That(f[F.IncomeCv], Is.EqualTo(income.PopulationStandardDeviation() / mean).Within(1e-6));
        Assert.That(f[F.IncomeTrend], Is.EqualTo(Fit.Line(months, income).B / mean).Within(1e-6));
    }

    [Test]
    public void Extract_TypicalProfile_MatchesHandComputedCreditFeatures()
    {
        var f = Extract(Typical());

        // revolving: balances 900+300 = 1200 over limits 1000+3000 = 4000 → 0.30; max single line 900/1000 = 0.9
        Assert.That(f[F.RevolvingUtilisation], Is.EqualTo(0.3f).Within(1e-7));
        Assert.That(f[F.MaxLineUtilisation], Is.EqualTo(0.9f).Within(1e-7));

        // DTI = (400 obligations + 250 instalment) / 2250 = 0.28888…
        Assert.That(f[F.DebtToIncome], Is.EqualTo(650f / 2250f).Within(1e-7));
        Assert.That(f[F.OpenCreditLines], Is.EqualTo(3f));
    }

    [Test]
    public void Extract_TypicalProfile_MatchesCategoricalAndCountFeatures()
    {
        var f = Extract(Typical());
        Assert.That(f[F.EmploymentType], Is.EqualTo(2f), "SelfEmployed is the third employment category");
        Assert.That(f[F.AgeGroup], Is.EqualTo(1f), "29 is in 25-34");
        Assert.That(f[F.Age], Is.EqualTo(29f));
        Assert.That(f[F.EmploymentMonths], Is.EqualTo(14f));
        Assert.That(f[F.PastDue30To59], Is.EqualTo(2f));
        Assert.That(f[F.PastDue60To89], Is.EqualTo(1f));
        Assert.That(f[F.PastDue90Plus], Is.EqualTo(0f));
        Assert.That(f[F.MonthsSinceDelinquency], Is.EqualTo(7f));
        Assert.That(f[F.EverDelinquent], Is.EqualTo(1f), "derived from the past-due counts");
        Assert.That(f[F.MonthsOnBook], Is.EqualTo(20f));
        Assert.That(f[F.Enquiries6M], Is.EqualTo(3f));
        Assert.That(f[F.Dependents], Is.EqualTo(2f));
        Assert.That(f[F.BorrowerKind], Is.EqualTo(0f));
        Assert.That(f[F.BusinessRevenue], Is.NaN);
        Assert.That(f[F.YearsTrading], Is.NaN);
    }

    [Test]
    public void Extract_OneMonthOfHistory_GivesMeanButNoVolatilityOrTrend()
    {
        var f = Extract(new BorrowerProfile { IncomeHistory = [1234] });
        Assert.That(f[F.IncomeMean], Is.EqualTo(1234f));
        Assert.That(f[F.IncomeMonths], Is.EqualTo(1f));
        Assert.That(f[F.IncomeCv], Is.NaN, "volatility is unknown from one month, not zero");
        Assert.That(f[F.IncomeDropShare], Is.NaN);
        Assert.That(f[F.IncomeTrend], Is.NaN);
    }

    [Test]
    public void Extract_TwoMonths_GivesDropShareButNoTrend()
    {
        var f = Extract(new BorrowerProfile { IncomeHistory = [1000, 600] });
        Assert.That(f[F.IncomeDropShare], Is.EqualTo(1f), "1000 → 600 is a 40 % drop");
        Assert.That(f[F.IncomeCv], Is.EqualTo(0.25f).Within(1e-7), "sd 200 / mean 800");
        Assert.That(f[F.IncomeTrend], Is.NaN);
    }

    [Test]
    public void Extract_ExactlyThirtyPercentFall_IsNotADrop()
    {
        var f = Extract(new BorrowerProfile { IncomeHistory = [1000, 700] });
        Assert.That(f[F.IncomeDropShare], Is.EqualTo(0f));
    }

    [Test]
    public void Extract_ZeroLimit_GivesMissingUtilisation()
    {
        var f = Extract(new BorrowerProfile { CreditLines = [CreditLine.Revolving(0, 0)] });
        Assert.That(f[F.RevolvingUtilisation], Is.NaN);
        Assert.That(f[F.MaxLineUtilisation], Is.NaN);
        Assert.That(f[F.OpenCreditLines], Is.EqualTo(1f));
    }

    [Test]
    public void Extract_ZeroIncome_CapsDebtToIncomeAndLeavesCvMissing()
    {
        var f = Extract(new BorrowerProfile { IncomeHistory = [0, 0, 0], MonthlyDebtObligations = 100 });
        Assert.That(f[F.IncomeMean], Is.EqualTo(0f));
        Assert.That(f[F.DebtToIncome], Is.EqualTo((float)F.MaxDebtToIncome));
        Assert.That(f[F.IncomeCv], Is.NaN);
        Assert.That(f[F.IncomeTrend], Is.NaN);
        Assert.That(f[F.IncomeDropShare], Is.EqualTo(0f));
    }

    [Test]
    public void Extract_ZeroIncomeAndNoObligations_GivesZeroDebtToIncome()
    {
        var f = Extract(new BorrowerProfile { IncomeHistory = [0], MonthlyDebtObligations = 0 });
        Assert.That(f[F.DebtToIncome], Is.EqualTo(0f));
    }

    [Test]
    public void Extract_AllMissing_GivesNaNNotZero()
    {
        var f = Extract(new BorrowerProfile());
        int[] missing =
        [
            F.IncomeMean, F.IncomeCv, F.IncomeDropShare, F.IncomeTrend, F.EmploymentType, F.EmploymentMonths, F.Age, F.AgeGroup,
            F.RevolvingUtilisation, F.MaxLineUtilisation, F.DebtToIncome, F.PastDue30To59, F.PastDue60To89, F.PastDue90Plus,
            F.MonthsSinceDelinquency, F.EverDelinquent, F.MonthsOnBook, F.Enquiries6M, F.Dependents, F.BusinessRevenue, F.YearsTrading,
        ];
        foreach (int i in missing)
        {
            Assert.That(f[i], Is.NaN, F.Standard[i].Name);
        }

        Assert.That(f[F.IncomeMonths], Is.EqualTo(0f));
        Assert.That(f[F.OpenCreditLines], Is.EqualTo(0f));
        Assert.That(f[F.BorrowerKind], Is.EqualTo(0f));
    }

    [Test]
    public void Extract_CleanHistory_GivesZeroCountsAndNeverDelinquent()
    {
        var f = Extract(new BorrowerProfile { Repayment = RepaymentHistory.Clean });
        Assert.That(f[F.EverDelinquent], Is.EqualTo(0f));
        Assert.That(f[F.MonthsSinceDelinquency], Is.NaN);
        Assert.That(f[F.PastDue90Plus], Is.EqualTo(0f));
    }

    [TestCase(18, 0)]
    [TestCase(24, 0)]
    [TestCase(25, 1)]
    [TestCase(44, 2)]
    [TestCase(54, 3)]
    [TestCase(61, 4)] // last age before the Regulation B elderly group
    [TestCase(62, 5)]
    [TestCase(120, 5)]
    public void Extract_Age_MapsToAgeGroup(int age, int group)
    {
        Assert.That(Extract(new BorrowerProfile { Age = age })[F.AgeGroup], Is.EqualTo((float)group));
    }

    [Test]
    public void Extract_SmallBusiness_WritesRevenueAndYearsTrading()
    {
        var f = Extract(new BorrowerProfile { Kind = BorrowerKind.SmallBusiness, Business = new BusinessDetails(250_000, 3.5) });
        Assert.That(f[F.BorrowerKind], Is.EqualTo(1f));
        Assert.That(f[F.BusinessRevenue], Is.EqualTo(250_000f));
        Assert.That(f[F.YearsTrading], Is.EqualTo(3.5f));
    }

    [Test]
    public void Extract_ExtraAttributes_FollowTheSchema()
    {
        var schema = F.CreateSchema(
        [
            FeatureDefinition.Numeric("bureau_score", "Bureau score"),
            FeatureDefinition.Categorical("region", "Region", "north", "south"),
        ]);
        var extractor = new FeatureExtractor(schema);
        var profile = new BorrowerProfile
        {
            Extra = ImmutableDictionary<string, ExtraValue>.Empty
                .Add("bureau_score", ExtraValue.Numeric(712))
                .Add("region", ExtraValue.Categorical("south")),
        };
        var f = Extract(profile, extractor);
        Assert.That(f[F.StandardCount], Is.EqualTo(712f));
        Assert.That(f[F.StandardCount + 1], Is.EqualTo(1f));

        var unseen = Extract(profile with { Extra = ImmutableDictionary<string, ExtraValue>.Empty.Add("region", ExtraValue.Categorical("east")) }, extractor);
        Assert.That(unseen[F.StandardCount], Is.NaN, "absent attribute is missing");
        Assert.That(unseen[F.StandardCount + 1], Is.NaN, "unseen category is missing");
    }

    [Test]
    public void Extract_InvalidProfile_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<InvalidProfileException>(() => Extract(Typical() with { MonthlyDebtObligations = double.PositiveInfinity }));
        Assert.That(ex!.Message, Does.Contain("MonthlyDebtObligations = ∞").Or.Contain("MonthlyDebtObligations = Infinity"));
    }

    [Test]
    public void Extract_ShortDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => Extractor.Extract(Typical(), new float[3]));
    }

    [Test]
    public void Extract_ValidProfile_AllocatesNothing()
    {
        var profile = Typical();
        var f = new float[Extractor.Schema.Count];
        Extractor.Extract(profile, f);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Extractor.Extract(profile, f);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Schema_Hash_IsStableAndChangesWithTheFeatures()
    {
        Assert.That(F.Schema.Hash, Has.Length.EqualTo(64));
        Assert.That(F.CreateSchema([]).Hash, Is.EqualTo(F.Schema.Hash));
        Assert.That(F.CreateSchema([FeatureDefinition.Numeric("x", "x")]).Hash, Is.Not.EqualTo(F.Schema.Hash));
        Assert.That(F.Schema.Count, Is.EqualTo(F.StandardCount));
    }

    [Test]
    public void Schema_JsonRoundTrip_KeepsHashAndRefusesTampering()
    {
        var json = F.Schema.ToJson();
        Assert.That(FeatureSchema.FromJson(json), Is.EqualTo(F.Schema));
        var tampered = json.Replace("\"income_cv\"", "\"income_cv2\"", StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidDataException>(() => FeatureSchema.FromJson(tampered));
        Assert.That(ex!.Message, Does.Contain("altered"));
    }
}
