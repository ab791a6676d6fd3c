using RiskScoring.Features;
using RiskScoring.Profiles;
using RiskScoring.Training.Data;
using F = RiskScoring.Features.BorrowerFeatures;
using G = RiskScoring.Training.Data.GermanCredit;

namespace RiskScoring.Training.Tests.Data;

public sealed class GermanCreditTests
{
    private static string BundledPath() => Path.Combine(TestData.RepoRoot(), "data", "german", G.FileName);

    [Test]
    public void Load_BundledFile_AcceptsAll1000RowsWith30PercentBad()
    {
        var loaded = G.Load(BundledPath());
        TestContext.Out.WriteLine(loaded.Report.ToText());
        TestContext.Out.WriteLine(FeatureSummary.Compute(loaded.Table).ToText());
        Assert.That(loaded.Report.RowsRead, Is.EqualTo(1000));
        Assert.That(loaded.Report.RowsAccepted, Is.EqualTo(1000));
        Assert.That(loaded.Table.PositiveRate, Is.EqualTo(0.3)); // SOURCES.md: 300 bad of 1,000
    }

    [Test]
    public void Load_BundledFile_IsByteIdenticalToShared()
    {
        string shared = TestData.RealFile(G.FileName);
        Assert.That(File.ReadAllBytes(BundledPath()), Is.EqualTo(File.ReadAllBytes(shared)));
    }

    [Test]
    public void Load_FirstRow_MatchesHandMapping()
    {
        // A11 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 67 A143 A152 2 A173 1 A192 A201 1
        var report = new LoadReport("german");
        var record = G.ReadProfiles(BundledPath(), report).First();
        var p = record.Profile;
        Assert.That(p.Age, Is.EqualTo(67));
        Assert.That(p.Employment, Is.EqualTo(EmploymentType.Unknown));
        Assert.That(p.MonthsInEmployment, Is.EqualTo(84)); // A75: ≥ 7 years → lower bound 84 months
        Assert.That(p.CreditLines.Single(), Is.EqualTo(CreditLine.Instalment(1169, 1169 / 6.0)));
        Assert.That(p.OpenCreditLinesCount, Is.EqualTo(2));
        Assert.That(p.Dependents, Is.EqualTo(1));
        Assert.That(record.Defaulted, Is.False);
        Assert.That(record.SideAttributes[G.PersonalStatusSex], Is.EqualTo("A93"));
        Assert.That(record.SideAttributes[G.ForeignWorker], Is.EqualTo("A201"));

        var table = G.Load(BundledPath()).Table;
        var f = table.Row(0);
        int X(string name) => table.Schema.IndexOf(name);
        Assert.That(f[X(G.CheckingAccount)], Is.EqualTo(0f)); // A11 is the first category
        Assert.That(f[X(G.CreditHistory)], Is.EqualTo(4f)); // A34
        Assert.That(f[X(G.Purpose)], Is.EqualTo(3f)); // A43
        Assert.That(f[X(G.CreditAmount)], Is.EqualTo(1169f));
        Assert.That(f[X(G.DurationMonths)], Is.EqualTo(6f));
        Assert.That(f[X(G.Housing)], Is.EqualTo(1f)); // A152
        Assert.That(f[X(G.Telephone)], Is.EqualTo(1f)); // A192
        Assert.That(f[F.Age], Is.EqualTo(67f));
        Assert.That(f[F.AgeGroup], Is.EqualTo((float)F.ElderlyAgeGroupCode));
        Assert.That(table.Attributes[G.PersonalStatusSex][0], Is.EqualTo("A93"));
        Assert.That(table.Labels[1], Is.True); // row 2 has class 2
    }

    [Test]
    public void Schema_HoldsNoProtectedAttribute()
    {
        var names = G.Schema.Features.Select(x => x.Name).ToList();
        Assert.That(names, Has.None.EqualTo(G.PersonalStatusSex).And.None.EqualTo(G.ForeignWorker));
        Assert.That(G.Schema.Features.SelectMany(x => x.Categories), Has.None.StartsWith("A9").And.None.StartsWith("A20"));
        Assert.That(G.Schema.Count, Is.EqualTo(F.StandardCount + 15));
        Assert.That(G.Schema, Is.EqualTo(BorrowerFeatures.CreateSchema(G.ExtraFeatures)));
    }

    [Test]
    public void Load_BadCodeAndShortRow_AreRejectedWithLineAndAttribute()
    {
        string path = Path.Combine(Path.GetTempPath(), "german-bad-" + Guid.NewGuid().ToString("N") + ".data");
        try
        {
            File.WriteAllLines(path,
            [
                "A11 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 67 A143 A152 2 A173 1 A192 A201 1",
                "A19 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 67 A143 A152 2 A173 1 A192 A201 1",
                "A11 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 12 A143 A152 2 A173 1 A192 A201 1",
                "A11 6 A34",
            ]);
            var loaded = G.Load(path);
            Assert.That(loaded.Report.RowsAccepted, Is.EqualTo(1));
            Assert.That(loaded.Report.Rejections.Select(r => (r.Line, r.Column, r.Value)), Is.EqualTo(new[]
            {
                (2L, "attribute 1", "A19"),
                (3L, "attribute 13", "12"), // age 12 breaks the 18–120 rule
                (4L, "(row)", "3 fields"),
            }));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
