using RiskScoring.Scorecards;
using RiskScoring.Training.Binning;

namespace RiskScoring.Training.Tests.Binning;

/// <summary>Categorical binning on UCI German credit (1,000 rows) when the file is present.</summary>
public sealed class GermanCreditBinningTests
{
    private const string Path = "/work/shared/data/real/german.data";

    private static (string[][] Rows, bool[] IsBad) Load()
    {
        if (!File.Exists(Path))
        {
            Assert.Ignore($"{Path} is absent: the German credit binning test needs it (see /work/shared/data/real/SOURCES.md).");
        }

        // Space separated, 21 columns, the last is the class: 1 = good, 2 = bad.
        var rows = File.ReadAllLines(Path).Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        return (rows, rows.Select(r => r[20] == "2").ToArray());
    }

    private static float[] Encode(string[][] rows, int column, string[] categories) =>
        rows.Select(r => (float)Array.IndexOf(categories, r[column])).ToArray();

    [Test]
    public void Fit_CheckingAccountStatus_FourGroupsInRateOrderWithHandComputedIv()
    {
        var (rows, isBad) = Load();
        string[] categories = ["A11", "A12", "A13", "A14"];
        var result = new OptimalBinner().Fit(FeatureBinningSpec.Categorical("checking", categories), Encode(rows, 0, categories), isBad);

        // Counts (rows, bads): A11 274/135, A12 269/105, A13 63/14, A14 394/46; totals G = 700, B = 300.
        // Every category is above 5 % share and 5 bads and rates differ, so each keeps its own group, in rate order.
        Assert.That(result.Bins.Descriptions, Is.EqualTo(new[] { "A14", "A13", "A12", "A11", "Missing" }));
        double Iv(double g, double b) => ((g / 700) - (b / 300)) * Math.Log(g / 700 / (b / 300));
        var expected = Iv(139, 135) + Iv(164, 105) + Iv(49, 14) + Iv(348, 46); // = 0.6660
        Assert.That(result.InformationValue, Is.EqualTo(expected).Within(1e-12));
        Assert.That(result.InformationValue, Is.EqualTo(0.666).Within(0.001));
    }

    [Test]
    public void Fit_Purpose_MergesSmallCategoriesAndSendsUnseenToMissing()
    {
        var (rows, isBad) = Load();
        string[] categories = ["A40", "A41", "A42", "A43", "A44", "A45", "A46", "A47", "A48", "A49", "A410"];
        var result = new OptimalBinner().Fit(FeatureBinningSpec.Categorical("purpose", categories), Encode(rows, 3, categories), isBad);

        // A47 (vacation) never occurs in the file: it falls back to the missing bin.
        Assert.That(result.Bins.CategoryToBin[7], Is.EqualTo(result.Bins.MissingBinIndex));
        var groups = result.BinStatistics.Where(b => b.Kind == BinKind.CategoryGroup).ToArray();
        Assert.That(groups.Select(g => g.Count), Has.All.GreaterThanOrEqualTo(50)); // 5 % of 1,000 rows
        Assert.That(groups.Select(g => g.Bads), Has.All.GreaterThanOrEqualTo(5));
        Assert.That(groups.Select(g => g.DefaultRate), Is.Ordered.Ascending);
        Assert.That(groups.Length, Is.LessThan(10)); // A44, A48, A410 (≤ 12 rows each) had to join a neighbour
        Assert.That(result.InformationValue, Is.GreaterThan(0.1));
    }
}
