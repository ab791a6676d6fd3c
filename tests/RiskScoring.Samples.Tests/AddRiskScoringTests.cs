using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskScoring.Decisions;
using RiskScoring.DependencyInjection;
using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Scoring;

namespace RiskScoring.Samples.Tests;

public sealed class AddRiskScoringTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "riskscoring-di-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static ServiceProvider Build(Action<RiskScoringOptions> configure, Action<IServiceCollection>? before = null)
    {
        var services = new ServiceCollection();
        before?.Invoke(services);
        services.AddRiskScoring(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Test]
    public void AddRiskScoring_DemoModel_RegistersEverySingletonOnce()
    {
        using var sp = Build(o => o.UseDemoModel = true);
        var scorer = sp.GetRequiredService<RiskScorer>();
        Assert.Multiple(() =>
        {
            Assert.That(sp.GetRequiredService<RiskScorer>(), Is.SameAs(scorer));
            Assert.That(sp.GetRequiredService<ModelPackage>(), Is.SameAs(DemoModel.LoadPackage()));
            Assert.That(sp.GetRequiredService<LimitPolicy>(), Is.SameAs(LimitPolicy.Default));
            Assert.That(sp.GetRequiredService<LimitAdjuster>().Policy, Is.SameAs(LimitPolicy.Default));
            Assert.That(sp.GetRequiredService<AffordabilityCalculator>().Options, Is.SameAs(LimitPolicy.Default.Affordability));
            Assert.That(sp.GetRequiredService<EarlyWarningMonitor>().Options, Is.EqualTo(EarlyWarningOptions.Default));
            Assert.That(sp.GetRequiredService<RepaymentPlanner>().Options, Is.EqualTo(RepaymentPlanOptions.Default));
            Assert.That(sp.GetRequiredService<TimeProvider>(), Is.SameAs(TimeProvider.System));
            Assert.That(sp.GetRequiredService<RiskScoringService>().Scorer, Is.SameAs(scorer));
        });
    }

    [Test]
    public void AddRiskScoring_ModelPath_LoadsThatPackageWithTheGivenScorerOptions()
    {
        string path = Path.Combine(_dir, "m.rsmodel");
        using (var resource = typeof(DemoModel).Assembly.GetManifestResourceStream(DemoModel.ResourceName)!)
        using (var file = File.Create(path))
        {
            resource.CopyTo(file);
        }

        var scorerOptions = new RiskScorerOptions { MaxReasons = 2 };
        using var sp = Build(o =>
        {
            o.ModelPath = path;
            o.ScorerOptions = scorerOptions;
            o.ExpectedManifestSha256 = DemoModel.LoadPackage().ManifestSha256;
        });
        var scorer = sp.GetRequiredService<RiskScorer>();
        Assert.That(scorer.Options, Is.SameAs(scorerOptions));
        Assert.That(scorer.Score(SampleProfiles.Clean()).ProbabilityOfDefault,
            Is.EqualTo(DemoModel.CreateScorer().Score(SampleProfiles.Clean()).ProbabilityOfDefault));
    }

    [Test]
    public void Resolve_NoModelSource_ThrowsNamingModelPath()
    {
        using var sp = Build(_ => { });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<RiskScorer>());
        Assert.That(ex!.Message, Does.Contain("RiskScoringOptions.ModelPath = null: set ModelPath"));
    }

    [Test]
    public void Resolve_TwoModelSources_ThrowsNamingBoth()
    {
        using var sp = Build(o =>
        {
            o.UseDemoModel = true;
            o.ModelPackage = DemoModel.LoadPackage();
        });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<ModelPackage>());
        Assert.That(ex!.Message, Does.Contain("ModelPath / ModelPackage / UseDemoModel: set exactly one model source; 2 are set"));
    }

    [Test]
    public void Resolve_MissingModelFile_ThrowsNamingOptionAndPath()
    {
        string path = Path.Combine(_dir, "nope.rsmodel");
        using var sp = Build(o => o.ModelPath = path);
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<RiskScorer>());
        Assert.That(ex!.Message, Does.Contain($"RiskScoringOptions.ModelPath = '{path}': the file does not exist"));
    }

    [Test]
    public void Resolve_CorruptModelFile_ThrowsInvalidOperationNamingOptionWithInnerCause()
    {
        string path = Path.Combine(_dir, "bad.rsmodel");
        File.WriteAllText(path, "not a zip");
        using var sp = Build(o => o.ModelPath = path);
        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<RiskScorer>());
        Assert.That(ex!.Message, Does.StartWith($"RiskScoringOptions.ModelPath = '{path}': the model package could not be loaded: Model package {path} is not a readable zip archive"));
        Assert.That(ex.InnerException, Is.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void Resolve_ManifestPinMismatch_RefusesTheModel()
    {
        string pin = new('0', 64);
        using var sp = Build(o =>
        {
            o.UseDemoModel = true;
            o.ExpectedManifestSha256 = pin;
        });
        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<RiskScorer>());
        Assert.That(ex!.Message, Does.Contain($"RiskScoringOptions.ExpectedManifestSha256 = '{pin}'").And.Contain(DemoModel.LoadPackage().ManifestSha256));
    }

    [Test]
    public void Resolve_MalformedPinAndBadSubOptions_ListsEveryOption()
    {
        using var sp = Build(o =>
        {
            o.UseDemoModel = true;
            o.ExpectedManifestSha256 = "ABC";
            o.Affordability = new AffordabilityOptions { IncomeMonths = 0 };
            o.EarlyWarning = new EarlyWarningOptions { UtilisationWatch = 2, UtilisationAct = 1 };
            o.RepaymentPlans = new RepaymentPlanOptions { HolidayMonths = 9 };
            o.Policy = LimitPolicy.Default;
            o.PolicyPath = "x.json";
        });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<RiskScoringService>());
        Assert.That(ex!.Failures, Is.EquivalentTo(new[]
        {
            "RiskScoringOptions.ExpectedManifestSha256 = 'ABC': must be 64 lower-case hexadecimal digits",
            "RiskScoringOptions.Policy / PolicyPath: set at most one policy source; both are set",
            "RiskScoringOptions.PolicyPath = 'x.json': the file does not exist",
            "RiskScoringOptions.Affordability.incomeMonths = 0: must be between 1 and 36",
            "RiskScoringOptions.EarlyWarning: Invalid early-warning options: UtilisationWatch = 2: must be between 0 and 1 (Watch ≤ Act); UtilisationAct = 1: must be between 2 and 10 (Watch ≤ Act)",
            "RiskScoringOptions.RepaymentPlans: Invalid repayment plan options: holidayMonths = 9: must be between 1 and 3",
        }));
    }

    [Test]
    public void Resolve_PolicyPath_LoadsThePolicyFromJson()
    {
        string path = Path.Combine(_dir, "policy.json");
        File.WriteAllText(path, LimitPolicy.Default.ToJson().Replace("\"name\": \"default\"", "\"name\": \"branch-7\"", StringComparison.Ordinal));
        using var sp = Build(o =>
        {
            o.UseDemoModel = true;
            o.PolicyPath = path;
        });
        var policy = sp.GetRequiredService<LimitAdjuster>().Policy;
        Assert.That(policy.Name, Is.EqualTo("branch-7"));
        Assert.That(policy.Rules.Select(r => r.Id), Is.EqualTo(LimitPolicy.Default.Rules.Select(r => r.Id)));
    }

    [Test]
    public void Resolve_InvalidPolicyJson_ThrowsNamingPolicyPathAndRule()
    {
        string path = Path.Combine(_dir, "policy.json");
        File.WriteAllText(path, LimitPolicy.Default.ToJson().Replace("\"roundingUnit\": 10", "\"roundingUnit\": -5", StringComparison.Ordinal));
        using var sp = Build(o =>
        {
            o.UseDemoModel = true;
            o.PolicyPath = path;
        });
        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<LimitAdjuster>());
        Assert.That(ex!.Message, Does.StartWith($"RiskScoringOptions.PolicyPath = '{path}': the limit policy could not be loaded: Invalid limit policy: roundingUnit = -5"));
    }

    [Test]
    public void ReviewLimit_NoDate_UsesTheRegisteredTimeProvider()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 15, 23, 30, 0, TimeSpan.Zero));
        using var sp = Build(o => o.UseDemoModel = true, s => s.AddSingleton<TimeProvider>(clock));
        var service = sp.GetRequiredService<RiskScoringService>();
        var decision = service.ReviewLimit(SampleProfiles.Clean(), 2000m);
        Assert.Multiple(() =>
        {
            Assert.That(sp.GetRequiredService<TimeProvider>(), Is.SameAs(clock));
            Assert.That(decision.ReviewDate, Is.EqualTo(new DateOnly(2026, 3, 15)));
            Assert.That(decision.ModelVersion, Is.EqualTo(service.ModelVersion));
            Assert.That(decision.PolicyName, Is.EqualTo("default"));
            Assert.That(decision.FiredRules, Is.Not.Empty);
        });
    }

    [Test]
    public void Logs_ScoringReviewAndRejection_NeverContainBorrowerData()
    {
        var logs = new CapturingLoggerProvider();
        using var sp = Build(o => o.UseDemoModel = true, s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var service = sp.GetRequiredService<RiskScoringService>();
        // Distinctive values that cannot occur by chance in versions, hashes or durations.
        var profile = SampleProfiles.Clean(id: "borrower-secret-7781", age: 63) with
        {
            IncomeHistory = [4321.75, 4322.25, 4323.5],
            MonthlyDebtObligations = 987.65,
            CreditLines = [CreditLine.Revolving(5432.1, 1234.56)],
        };
        var assessment = service.Score(profile);
        service.ScoreBatch(new[] { profile, profile }, new RiskAssessment[2]);
        service.ReviewLimit(profile, 3456.78m, new DateOnly(2026, 2, 1));
        Assert.Throws<InvalidProfileException>(() => service.Score(profile with { IncomeHistory = [-4444.44], Dependents = 29 }));

        string all = string.Join("\n", logs.Entries);
        TestContext.Out.WriteLine(all);
        string[] borrowerValues =
        [
            "borrower-secret-7781", "4321.75", "4322.25", "4323.5", "987.65", "5432.1", "1234.56", "3456.78", "-4444.44",
            assessment.ProbabilityOfDefault.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ];
        Assert.Multiple(() =>
        {
            foreach (string value in borrowerValues)
            {
                Assert.That(all, Does.Not.Contain(value), "borrower data in the log");
            }

            // The log does say what happened: model version, counts, rule count and the invalid field's name.
            Assert.That(all, Does.Contain("Scored 1 profile(s) with model " + service.ModelVersion));
            Assert.That(all, Does.Contain("Scored 2 profile(s)"));
            Assert.That(all, Does.Contain("Reviewed a credit limit with policy default 1"));
            Assert.That(all, Does.Contain("Rejected an invalid borrower profile: 1 rule(s) broken in fields IncomeHistory[0]"));
            Assert.That(all, Does.Contain("Using the embedded DEMONSTRATION model"));
        });
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
