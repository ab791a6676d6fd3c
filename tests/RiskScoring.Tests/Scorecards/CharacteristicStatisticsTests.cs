using RiskScoring.Scorecards;

namespace RiskScoring.Tests.Scorecards;

public sealed class CharacteristicStatisticsTests
{
    private static readonly CharacteristicBins TwoBins = CharacteristicBins.CreateNumeric("x", [10f]);

    [Test]
    public void FromCounts_TwoBinExample_MatchesHandComputedWoeAndIv()
    {
        // Bin 0: 80 goods, 20 bads; bin 1: 120 goods, 5 bads; missing bin empty. Totals G = 200, B = 25.
        // Bin 0: %good = 0.4, %bad = 0.8 → WoE = ln(0.5) = −0.693147, IV = (0.4 − 0.8)·ln 0.5 = 0.277259.
        // Bin 1: %good = 0.6, %bad = 0.2 → WoE = ln(3) = 1.098612, IV = 0.4·ln 3 = 0.439445. Total IV = 0.716704.
        var stats = CharacteristicStatistics.FromCounts(TwoBins, [80, 120, 0], [20, 5, 0]);

        Assert.That(stats.Bins[0].WoE, Is.EqualTo(Math.Log(0.5)).Within(1e-12));
        Assert.That(stats.Bins[1].WoE, Is.EqualTo(Math.Log(3)).Within(1e-12));
        Assert.That(stats.Bins[0].IvContribution, Is.EqualTo(0.277259).Within(1e-6));
        Assert.That(stats.Bins[1].IvContribution, Is.EqualTo(0.439445).Within(1e-6));
        Assert.That(stats.InformationValue, Is.EqualTo(0.716704).Within(1e-6));
        Assert.That(stats.Bins[0].DefaultRate, Is.EqualTo(0.2)); // 20 / 100
        Assert.That(stats.Bins[1].DefaultRate, Is.EqualTo(0.04)); // 5 / 125
        Assert.That(stats.Bins[0].Share, Is.EqualTo(100.0 / 225));
        Assert.That(stats.TotalCount, Is.EqualTo(225));
        Assert.That(stats.TotalBads, Is.EqualTo(25));
        Assert.That(stats.TotalGoods, Is.EqualTo(200));
    }

    [Test]
    public void FromCounts_EmptyMissingBin_HasNeutralWoeAndNoIv()
    {
        var stats = CharacteristicStatistics.FromCounts(TwoBins, [80, 120, 0], [20, 5, 0]);
        Assert.That(stats.Bins[2].Count, Is.Zero);
        Assert.That(stats.Bins[2].WoE, Is.Zero);
        Assert.That(stats.Bins[2].IvContribution, Is.Zero);
        Assert.That(stats.Bins[2].DefaultRate, Is.Zero);
        Assert.That(stats.Bins[2].Description, Is.EqualTo("Missing"));
    }

    [Test]
    public void FromCounts_ZeroBadCell_SmoothsEveryNonEmptyBinByHalf()
    {
        // Bin 0: 10 goods, 0 bads; bin 1: 10 goods, 10 bads. Smoothed (+0.5 each): 10.5/0.5 and 10.5/10.5;
        // totals G = 21, B = 11. WoE0 = ln((10.5/21)/(0.5/11)) = ln 11; WoE1 = ln((10.5/21)/(10.5/11)) = ln(11/21).
        var stats = CharacteristicStatistics.FromCounts(TwoBins, [10, 10, 0], [0, 10, 0]);
        Assert.That(stats.Bins[0].WoE, Is.EqualTo(Math.Log(11)).Within(1e-12));
        Assert.That(stats.Bins[1].WoE, Is.EqualTo(Math.Log(11.0 / 21)).Within(1e-12));
        Assert.That(stats.Bins[0].DefaultRate, Is.Zero); // rates stay unsmoothed
    }

    [Test]
    public void Compute_FromValues_CountsRowsIntoBinsAndMatchesFromCounts()
    {
        // 100 rows at 5 (20 bad), 125 rows at 15 (5 bad), 3 NaN rows (1 bad).
        var values = new List<float>();
        var bad = new List<bool>();
        for (var i = 0; i < 100; i++)
        {
            values.Add(5f);
            bad.Add(i < 20);
        }

        for (var i = 0; i < 125; i++)
        {
            values.Add(15f);
            bad.Add(i < 5);
        }

        values.AddRange([float.NaN, float.NaN, float.NaN]);
        bad.AddRange([true, false, false]);

        var stats = CharacteristicStatistics.Compute(TwoBins, values.ToArray(), bad.ToArray());
        var expected = CharacteristicStatistics.FromCounts(TwoBins, [80, 120, 2], [20, 5, 1]);
        Assert.That(stats.Bins, Is.EqualTo(expected.Bins));
        Assert.That(stats.Bins[2].Count, Is.EqualTo(3));
        Assert.That(stats.GetWoE(float.NaN), Is.EqualTo(stats.Bins[2].WoE));
        Assert.That(stats.GetWoE(12f), Is.EqualTo(stats.Bins[1].WoE));
    }

    [Test]
    public void FromCounts_WrongLength_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => CharacteristicStatistics.FromCounts(TwoBins, [1, 2], [1, 2]));
        Assert.That(e!.Message, Does.StartWith("x: goods has 2 and bads has 2 entries; both must equal BinCount = 3."));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    public void FromCounts_BadSmoothing_Throws(double smoothing)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CharacteristicStatistics.FromCounts(TwoBins, [1, 1, 0], [1, 1, 0], smoothing));
    }
}
