using RiskScoring.Scorecards;

namespace RiskScoring.Tests.Scorecards;

public sealed class CharacteristicBinsTests
{
    private static readonly CharacteristicBins Utilisation =
        CharacteristicBins.CreateNumeric("Utilisation", [0.25f, 0.5f], [98f]);

    private static readonly CharacteristicBins Purpose = CharacteristicBins.CreateCategorical(
        "Purpose", ["A11", "A12", "A13", "A14"], [0, 0, 1, 2], groupCount: 2);

    [Test]
    public void CreateNumeric_TwoCutsOneSpecial_LaysOutIntervalsThenSpecialThenMissing()
    {
        Assert.That(Utilisation.RegularBinCount, Is.EqualTo(3));
        Assert.That(Utilisation.BinCount, Is.EqualTo(5));
        Assert.That(Utilisation.MissingBinIndex, Is.EqualTo(4));
        Assert.That(Utilisation.Descriptions, Is.EqualTo(new[] { "(-inf, 0.25)", "[0.25, 0.5)", "[0.5, +inf)", "Special 98", "Missing" }));
        Assert.That(
            Enumerable.Range(0, 5).Select(Utilisation.GetBinKind),
            Is.EqualTo(new[] { BinKind.Interval, BinKind.Interval, BinKind.Interval, BinKind.Special, BinKind.Missing }));
    }

    [TestCase(float.NegativeInfinity, 0)] // −inf belongs to the first interval
    [TestCase(-1e30f, 0)]
    [TestCase(0.1f, 0)]
    [TestCase(0.2499999f, 0)] // just below the cut
    [TestCase(0.25f, 1)] // exactly on a cut point: lower-inclusive, so the bin above
    [TestCase(0.4f, 1)]
    [TestCase(0.5f, 2)] // exactly on the last cut
    [TestCase(97.9f, 2)]
    [TestCase(98f, 3)] // special value wins over the interval it lies in
    [TestCase(float.PositiveInfinity, 2)] // +inf belongs to the last interval
    [TestCase(float.NaN, 4)] // missing
    public void FindBin_Numeric_FollowsLowerInclusiveConvention(float value, int expected)
    {
        Assert.That(Utilisation.FindBin(value), Is.EqualTo(expected));
    }

    [Test]
    public void FindBin_NoCuts_EveryFiniteValueInTheSingleInterval()
    {
        var bins = CharacteristicBins.CreateNumeric("x", []);
        Assert.That(bins.Descriptions, Is.EqualTo(new[] { "(-inf, +inf)", "Missing" }));
        Assert.That(bins.FindBin(-5f), Is.Zero);
        Assert.That(bins.FindBin(float.PositiveInfinity), Is.Zero);
        Assert.That(bins.FindBin(float.NaN), Is.EqualTo(1));
    }

    [TestCase(0f, 0)] // A11 → group 0
    [TestCase(1f, 0)] // A12 → group 0
    [TestCase(2f, 1)] // A13 → group 1
    [TestCase(3f, 2)] // A14 unseen in training → mapped to the missing bin
    [TestCase(4f, 2)] // index beyond the category list → missing bin
    [TestCase(-1f, 2)] // negative index → missing bin
    [TestCase(0.5f, 2)] // not an integer → missing bin
    [TestCase(float.PositiveInfinity, 2)]
    [TestCase(float.NaN, 2)]
    public void FindBin_Categorical_MapsIndexAndFallsBackToMissing(float value, int expected)
    {
        Assert.That(Purpose.FindBin(value), Is.EqualTo(expected));
    }

    [Test]
    public void CreateCategorical_Descriptions_ListCategoryNamesPerGroup()
    {
        Assert.That(Purpose.Descriptions, Is.EqualTo(new[] { "A11, A12", "A13", "Missing" }));
        Assert.That(Purpose.GetBinKind(0), Is.EqualTo(BinKind.CategoryGroup));
        Assert.That(Purpose.GetBinKind(2), Is.EqualTo(BinKind.Missing));
    }

    [Test]
    public void CreateNumeric_CutsNotIncreasing_ThrowsNamingValueAndRule()
    {
        var e = Assert.Throws<ArgumentException>(() => CharacteristicBins.CreateNumeric("Age", [30f, 30f]));
        Assert.That(e!.Message, Does.StartWith("Age: cut point [1] = 30 must be greater than cut point [0] = 30 (cut points are strictly increasing)."));
    }

    [Test]
    public void CreateNumeric_NaNCut_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => CharacteristicBins.CreateNumeric("Age", [float.NaN]));
        Assert.That(e!.Message, Does.StartWith("Age: cut point [0] = NaN must be finite."));
    }

    [Test]
    public void CreateNumeric_DuplicateSpecial_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => CharacteristicBins.CreateNumeric("Late", [], [98f, 98f]));
        Assert.That(e!.Message, Does.StartWith("Late: special value [1] = 98 repeats special value [0] (special values are distinct)."));
    }

    [Test]
    public void CreateCategorical_EmptyGroup_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => CharacteristicBins.CreateCategorical("P", ["a", "b"], [0, 0], 2));
        Assert.That(e!.Message, Does.StartWith("P: group 1 holds no category (every group needs at least one)."));
    }

    [Test]
    public void CreateCategorical_BinOutOfRange_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => CharacteristicBins.CreateCategorical("P", ["a", "b"], [0, 3], 1));
        Assert.That(e!.Message, Does.StartWith("P: categoryToBin[1] = 3 must be between 0 and 1 (groupCount = the missing bin)."));
    }

    [Test]
    public void FindBin_ManyCalls_AllocatesNothing()
    {
        var bins = CharacteristicBins.CreateNumeric("x", [1f, 2f, 3f, 4f, 5f, 6f, 7f], [96f, 98f]);
        var sum = 0;
        sum += bins.FindBin(3.5f) + Purpose.FindBin(1f); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            sum += bins.FindBin(i * 0.001f) + bins.FindBin(float.NaN) + bins.FindBin(98f) + Purpose.FindBin(i % 5);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(sum, Is.GreaterThan(0));
    }
}
