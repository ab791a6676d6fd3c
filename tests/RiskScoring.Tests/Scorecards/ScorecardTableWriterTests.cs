using RiskScoring.Scorecards;

namespace RiskScoring.Tests.Scorecards;

/// <summary>Snapshot tests: the rendered tables of <see cref="ScorecardTests.Sample"/> must equal the committed
/// files in <c>Snapshots/</c> byte for byte (review a diff there like any code change).</summary>
public sealed class ScorecardTableWriterTests
{
    [Test]
    public void ToCsv_SampleScorecard_MatchesSnapshot() =>
        Assert.That(ScorecardTableWriter.ToCsv(ScorecardTests.Sample()), Is.EqualTo(Snapshot("scorecard.csv")));

    [Test]
    public void ToMarkdown_SampleScorecard_MatchesSnapshot() =>
        Assert.That(ScorecardTableWriter.ToMarkdown(ScorecardTests.Sample()), Is.EqualTo(Snapshot("scorecard.md")));

    [Test]
    public void ToMarkdown_IntegerPoints_PrintsWholePoints()
    {
        string md = ScorecardTableWriter.ToMarkdown(ScorecardTests.Sample(integerPoints: true));
        Assert.That(md, Does.Contain("points rounded to integers"));
        Assert.That(md, Does.Contain("| [0.3, 0.7) | 300 | 5.00% | -0.1000 | 267 |"));
    }

    [Test]
    public void WriteCsv_Writer_SameAsToCsv()
    {
        using var writer = new StringWriter();
        ScorecardTableWriter.WriteCsv(ScorecardTests.Sample(), writer);
        Assert.That(writer.ToString(), Is.EqualTo(ScorecardTableWriter.ToCsv(ScorecardTests.Sample())));
    }

    private static string Snapshot(string name)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "RiskScoring.Tests", "Scorecards", "Snapshots", name);
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }

            dir = dir.Parent;
        }

        throw new FileNotFoundException($"Snapshot {name} not found above {TestContext.CurrentContext.TestDirectory}.");
    }
}
