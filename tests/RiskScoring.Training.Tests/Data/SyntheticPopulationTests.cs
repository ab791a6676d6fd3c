using System.Security.Cryptography;
using RiskScoring.Features;
using RiskScoring.Profiles;
using RiskScoring.Training.Data;
using F = RiskScoring.Features.BorrowerFeatures;

namespace RiskScoring.Training.Tests.Data;

public sealed class SyntheticPopulationTests
{
    private static readonly Lazy<IReadOnlyList<BorrowerRecord>> Population =
        new(() => SyntheticPopulation.Generate(TestData.SyntheticCount, TestData.SyntheticSeed));

    private static double Rate(IEnumerable<BorrowerRecord> records) => records.Average(r => r.Defaulted!.Value ? 1.0 : 0.0);

    private static double MeanPd(IEnumerable<BorrowerRecord> records) => records.Average(r => r.TruePd!.Value);

    private static IEnumerable<BorrowerRecord> Of(EmploymentType type) => Population.Value.Where(r => r.Profile.Employment == type);

    // Tolerances: the drawn rate of a group of n borrowers with mean PD p has standard error sqrt(p(1-p)/n). At 50k,
    // permanent salaried n ≈ 24,000 → SE(1.5 %) ≈ 0.08 pp; temporary n ≈ 4,700 → SE(8 %) ≈ 0.40 pp; self-employed
    // n ≈ 8,700 → SE ≈ 0.29 pp. The mean true PD of a 50k sample differs from the 200k calibration sample by about
    // the same order. Tolerances of 4 SE plus 0.1–0.3 pp for the sample difference: 0.4 pp, 1.8 pp and 1.4 pp.
    [TestCase(EmploymentType.SalariedPermanent, 0.015, 0.004)]
    [TestCase(EmploymentType.SalariedTemporary, 0.08, 0.018)]
    [TestCase(EmploymentType.SelfEmployed, 0.08, 0.014)]
    public void Generate_50k_DefaultRateByEmploymentMatchesPublishedFacts(EmploymentType type, double expected, double tolerance)
    {
        var group = Of(type).ToList();
        Assert.That(group, Has.Count.GreaterThan(4000));
        Assert.That(Rate(group), Is.EqualTo(expected).Within(tolerance), "drawn default rate");
        Assert.That(MeanPd(group), Is.EqualTo(expected).Within(tolerance), "mean true PD");
    }

    [Test]
    public void Generate_50k_YoungBorrowersDefaultMoreThanMiddleAged()
    {
        // Young (18-24) n ≈ 6,000 and middle-aged (35-54) n ≈ 19,000: a 1-point difference is over 4 SE.
        double young = Rate(Population.Value.Where(r => r.Profile.Age < 25));
        double middle = Rate(Population.Value.Where(r => r.Profile.Age is >= 35 and < 55));
        Assert.That(young, Is.GreaterThan(middle + 0.01));
    }

    [TestCase(F.RevolvingUtilisation)]
    [TestCase(F.DebtToIncome)]
    [TestCase(F.IncomeCv)]
    public void Generate_50k_DefaultRateRisesAcrossQuartilesOfRiskDriver(int feature)
    {
        var extractor = new FeatureExtractor();
        var buffer = new float[F.StandardCount];
        var rows = new List<(float X, bool Y)>();
        foreach (var r in Population.Value)
        {
            extractor.Extract(r.Profile, buffer);
            if (!float.IsNaN(buffer[feature]))
            {
                rows.Add((buffer[feature], r.Defaulted!.Value));
            }
        }

        var sorted = rows.OrderBy(x => x.X).ToList();
        int q = sorted.Count / 4;
        double[] rates = [.. Enumerable.Range(0, 4).Select(i => sorted.Skip(i * q).Take(q).Average(x => x.Y ? 1.0 : 0.0))];

        // Each quartile holds ≥ 10,000 rows (SE ≤ 0.3 pp at these rates); the top quartile is far above the bottom.
        Assert.That(rates[3], Is.GreaterThan(rates[0] * 1.5), string.Join(", ", rates));
        Assert.That(rates[2], Is.GreaterThan(rates[0]), string.Join(", ", rates));
    }

    [Test]
    public void Generate_50k_SmallBusinessesAreAMinorityWithRevenueAndYearsTrading()
    {
        var business = Population.Value.Where(r => r.Profile.Kind == BorrowerKind.SmallBusiness).ToList();

        // Binomial(50,000, 0.08): mean 4,000, SD 61.
        Assert.That(business, Has.Count.InRange(3750, 4250));
        Assert.That(business.All(r => r.Profile.Business!.AnnualRevenue > 0 && r.Profile.Business.YearsTrading >= 0), Is.True);
    }

    [Test]
    public void Generate_SameSeed_GivesIdenticalRecords()
    {
        var a = Write(SyntheticPopulation.Generate(500, 7));
        var b = Write(SyntheticPopulation.Generate(500, 7));
        var c = Write(SyntheticPopulation.Generate(500, 8));
        Assert.That(a, Is.EqualTo(b));
        Assert.That(c, Is.Not.EqualTo(a));
    }

    [Test]
    public void Generate_EveryProfileIsValidAndTruePdMatchesModel()
    {
        foreach (var r in Population.Value.Take(2000))
        {
            Assert.That(ProfileValidator.IsValid(r.Profile), Is.True, r.Profile.Id);
            Assert.That(SyntheticPopulation.TruePd(r.Profile), Is.EqualTo(r.TruePd!.Value).Within(1e-12));
        }
    }

    [Test]
    public void BayesOptimalAuc_50k_IsWellAboveChance()
    {
        double auc = SyntheticPopulation.BayesOptimalAuc(Population.Value);
        TestContext.Out.WriteLine($"Bayes-optimal AUC = {auc:F4}; overall default rate = {Rate(Population.Value):P2}");
        Assert.That(auc, Is.InRange(0.70, 0.95));
    }

    [Test]
    public void RankAuc_SmallExample_MatchesHandCount()
    {
        // Pairs (positive, negative): scores P = {0.9, 0.4}, N = {0.4, 0.1, 0.3}. Pairs won: 0.9 beats all 3;
        // 0.4 beats 0.1 and 0.3 and ties 0.4 (½) → (3 + 2.5) / 6 = 0.916666…
        double auc = SyntheticPopulation.RankAuc([0.9, 0.4, 0.4, 0.1, 0.3], [true, true, false, false, false]);
        Assert.That(auc, Is.EqualTo(5.5 / 6).Within(1e-12));
    }

    [Test]
    public void BundledFile_IsExactlyWhatTheGeneratorWrites()
    {
        string path = Path.Combine(TestData.RepoRoot(), "data", TestData.SyntheticFileName);
        string generated = Write(Population.Value);
        if (Environment.GetEnvironmentVariable("RISKSCORING_WRITE_DATA") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.That(File.Exists(path), Is.True, path);
        Assert.That(SHA256.HashData(File.ReadAllBytes(path)), Is.EqualTo(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(generated))),
            "data/" + TestData.SyntheticFileName + " differs from the generator's output; regenerate it as data/README.md says.");
    }

    [Test]
    [Explicit("Prints the calibrated intercepts (200,000 rows, seed 1); run by hand after changing the synthetic model and copy them into SyntheticPopulation.Intercepts.")]
    public void CalibrateIntercepts_Prints()
    {
        var population = SyntheticPopulation.Generate(200_000, 1);
        double[] targets = [0.06, 0.015, 0.08, 0.08, 0.10, 0.15, 0.025, 0.05];
        TestContext.Out.WriteLine(string.Join(", ", SyntheticPopulation.CalibrateIntercepts(population, targets)));
        foreach (var g in population.GroupBy(r => r.Profile.Employment).OrderBy(g => g.Key))
        {
            TestContext.Out.WriteLine($"{g.Key}: n={g.Count()} meanPd={MeanPd(g):F4} rate={Rate(g):F4}");
        }

        Assert.Pass();
    }

    [Test]
    public void Options_OutOfRange_Throw()
    {
        Assert.That(() => SyntheticPopulation.Generate(1, 1, new SyntheticPopulationOptions { IncomeMonths = 37 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("IncomeMonths"));
        Assert.That(() => SyntheticPopulation.Generate(1, 1, new SyntheticPopulationOptions { SmallBusinessShare = 1.5 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("SmallBusinessShare"));
    }

    internal static string Write(IEnumerable<BorrowerRecord> records)
    {
        using var writer = new StringWriter();
        BorrowerCsv.Write(writer, records, new BorrowerCsvWriteOptions { IncludeTruePd = true, IncludeLimitColumns = true });
        return writer.ToString();
    }
}
