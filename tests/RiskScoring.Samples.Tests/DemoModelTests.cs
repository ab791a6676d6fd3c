using RiskScoring.Models;
using RiskScoring.Profiles;
using RiskScoring.Samples.DemoModelGenerator;

namespace RiskScoring.Samples.Tests;

public sealed class DemoModelTests
{
    [Test]
    public void EmbeddedPackage_IsExactlyWhatTheGeneratorWrites()
    {
        // Retrains the logistic demo model on the bundled 50,000 rows (about 5 s) with the fixed seed and clock.
        // Fails when the embedded file is stale; regenerate it with: dotnet run --project samples/DemoModelGenerator
        byte[] generated = DemoModelBuilder.Build(RepoPaths.Combine(DemoModelBuilder.DataPath));
        byte[] embedded = File.ReadAllBytes(RepoPaths.Combine(DemoModelBuilder.EmbeddedPath));
        Assert.That(generated, Is.EqualTo(embedded), "The embedded demo model differs from what the generator writes.");
    }

    [Test]
    public void Build_SameDataTwice_SameBytes()
    {
        // A small slice keeps this fast; the point is that ML.NET's inner zip time stamps no longer leak into the bytes.
        string csv = Path.Combine(Path.GetTempPath(), $"demo-slice-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(csv, File.ReadLines(RepoPaths.Combine(DemoModelBuilder.DataPath)).Take(6_001));
        try
        {
            byte[] first = DemoModelBuilder.Build(csv);
            byte[] second = DemoModelBuilder.Build(csv);
            Assert.That(first, Is.EqualTo(second));
            Assert.That(ModelPackage.Load(new MemoryStream(first)).Metadata.TrainingRows, Is.EqualTo(6_000));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Test]
    public void LoadPackage_Embedded_IsTheDocumentedModel()
    {
        var package = DemoModel.LoadPackage();
        Assert.Multiple(() =>
        {
            Assert.That(package.Metadata.Kind, Is.EqualTo(DemoModelBuilder.Kind));
            Assert.That(package.Metadata.Seed, Is.EqualTo(DemoModelBuilder.Seed));
            Assert.That(package.Metadata.TrainingRows, Is.EqualTo(50_000));
            Assert.That(package.Metadata.CreatedUtc, Is.EqualTo(DemoModelBuilder.CreatedUtc));
            Assert.That(DemoModel.LoadPackage(), Is.SameAs(package), "read once, then cached");
        });
    }

    [Test]
    public void CreateScorer_CleanVersusDelinquentBorrower_RanksRiskSensibly()
    {
        var scorer = DemoModel.CreateScorer();
        var clean = SampleProfiles.Clean();
        var risky = clean with
        {
            CreditLines = [CreditLine.Revolving(3000, 2950)],
            Repayment = new RepaymentHistory(3, 1, 0, 2, true),
            EnquiriesLast6Months = 6,
        };
        var a = scorer.Score(clean);
        var b = scorer.Score(risky);
        Assert.Multiple(() =>
        {
            Assert.That(a.ProbabilityOfDefault, Is.GreaterThan(0).And.LessThan(0.05));
            Assert.That(b.ProbabilityOfDefault, Is.GreaterThan(a.ProbabilityOfDefault * 3));
            Assert.That(b.Score, Is.LessThan(a.Score));
            Assert.That(b.ReasonCount, Is.GreaterThan(0));
        });
    }
}
