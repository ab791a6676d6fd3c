using RiskScoring.Scorecards;
using RiskScoring.Training.Binning;

namespace RiskScoring.Training.Tests.Binning;

public sealed class OptimalBinnerTests
{
    /// <summary>Rows (x, bad) where each integer x in [from, to) has <paramref name="perValue"/> rows, of which
    /// <c>badsOf(x)</c> are bad. Fully deterministic.</summary>
    internal static (float[] Values, bool[] IsBad) Grid(int from, int to, int perValue, Func<int, int> badsOf)
    {
        var values = new List<float>();
        var bad = new List<bool>();
        for (var x = from; x < to; x++)
        {
            var b = badsOf(x);
            for (var i = 0; i < perValue; i++)
            {
                values.Add(x);
                bad.Add(i < b);
            }
        }

        return (values.ToArray(), bad.ToArray());
    }

    /// <summary>Random rows with a bad probability given by <paramref name="pBad"/> of x, x uniform in [0, 100).</summary>
    internal static (float[] Values, bool[] IsBad) Sampled(int seed, int n, Func<double, double> pBad)
    {
        var random = new Random(seed);
        var values = new float[n];
        var bad = new bool[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = (float)(random.NextDouble() * 100);
            bad[i] = random.NextDouble() < pBad(values[i]);
        }

        return (values, bad);
    }

    private static double[] RegularRates(BinningResult r) =>
        r.BinStatistics.Where(b => b.Kind is BinKind.Interval or BinKind.CategoryGroup && b.Count > 0).Select(b => b.DefaultRate).ToArray();

    [Test]
    public void Defaults_ArePinned()
    {
        var o = BinningOptions.Default;
        Assert.That(o.PrebinCount, Is.EqualTo(20));
        Assert.That(o.MaxBins, Is.EqualTo(8));
        Assert.That(o.MinBinShare, Is.EqualTo(0.05));
        Assert.That(o.MinBadsPerBin, Is.EqualTo(5));
        Assert.That(o.Trend, Is.EqualTo(MonotonicTrend.Auto));
        Assert.That(o.Smoothing, Is.EqualTo(0.5));
        Assert.That(o.MaxDegreeOfParallelism, Is.EqualTo(-1));
    }

    [Test]
    public void Constructor_MaxBinsZero_ThrowsNamingSettingValueAndRule()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new OptimalBinner(new BinningOptions { MaxBins = 0 }));
        Assert.That(e!.Message, Does.StartWith("BinningOptions.MaxBins = 0: must be between 1 and 100."));
    }

    [Test]
    public void Constructor_MinBinShareTooLarge_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new OptimalBinner(new BinningOptions { MinBinShare = 0.6 }));
        Assert.That(e!.Message, Does.StartWith("BinningOptions.MinBinShare = 0.6: must be between 0 and 0.5."));
    }

    [Test]
    public void Fit_StepFunctionAt50_FindsTheSingleSplitAt50()
    {
        // x = 0..99, 100 rows each; x < 50 → 2 bads per 100 (2 %), x ≥ 50 → 20 bads per 100 (20 %).
        // Rates are constant on each side, so any further split adds no IV and the tie-break keeps two bins.
        var (values, bad) = Grid(0, 100, 100, x => x < 50 ? 2 : 20);
        var result = new OptimalBinner().Fit(FeatureBinningSpec.Numeric("x"), values, bad);

        Assert.That(result.Bins.CutPoints, Is.EqualTo(new[] { 50f }));
        Assert.That(result.Trend, Is.EqualTo(MonotonicTrend.Ascending));
        Assert.That(result.BinStatistics[0].DefaultRate, Is.EqualTo(0.02));
        Assert.That(result.BinStatistics[1].DefaultRate, Is.EqualTo(0.20));
        Assert.That(result.Bins.Descriptions[0], Is.EqualTo("(-inf, 50)"));

        // IV by hand: G = 4900 + 4000 = 8900, B = 100 + 1000 = 1100.
        // Bin 0: %g = 4900/8900, %b = 100/1100; bin 1: %g = 4000/8900, %b = 1000/1100.
        double g0 = 4900.0 / 8900, b0 = 100.0 / 1100, g1 = 4000.0 / 8900, b1 = 1000.0 / 1100;
        var expectedIv = ((g0 - b0) * Math.Log(g0 / b0)) + ((g1 - b1) * Math.Log(g1 / b1));
        Assert.That(result.InformationValue, Is.EqualTo(expectedIv).Within(1e-12));
    }

    [Test]
    public void Fit_NoisyStepAt50_PlacesACutNear50()
    {
        var (values, bad) = Sampled(42, 20_000, x => x < 50 ? 0.02 : 0.20);
        var result = new OptimalBinner().Fit(FeatureBinningSpec.Numeric("x"), values, bad);

        // Prebins hold 5 % of the rows each (≈ 5 units of x), so the best grid boundary is within one prebin of 50.
        Assert.That(result.Bins.CutPoints.Any(c => c is > 46f and < 54f), Is.True, string.Join(", ", result.Bins.CutPoints));
        Assert.That(RegularRates(result), Is.Ordered.Ascending);
    }

    [TestCase(MonotonicTrend.Ascending)]
    [TestCase(MonotonicTrend.Descending)]
    public void Fit_UShapedRateWithForcedDirection_RatesFollowTheDirection(MonotonicTrend trend)
    {
        // U shape: 30 % bad at the edges, 5 % in the middle; neither direction fits the data.
        var (values, bad) = Sampled(7, 20_000, x => 0.05 + (0.25 * Math.Pow((x - 50) / 50, 2)));
        var result = new OptimalBinner(new BinningOptions { Trend = trend }).Fit(FeatureBinningSpec.Numeric("x"), values, bad);

        var rates = RegularRates(result);
        Assert.That(result.Trend, Is.EqualTo(trend));
        Assert.That(rates, trend == MonotonicTrend.Ascending ? Is.Ordered.Ascending : Is.Ordered.Descending);
        Assert.That(rates, Has.Length.GreaterThan(1));
    }

    [Test]
    public void Fit_UShapedRateWithValley_FindsFallThenRise()
    {
        var (values, bad) = Sampled(7, 20_000, x => 0.05 + (0.25 * Math.Pow((x - 50) / 50, 2)));
        var valley = new OptimalBinner(new BinningOptions { Trend = MonotonicTrend.Valley }).Fit(FeatureBinningSpec.Numeric("x"), values, bad);
        var ascending = new OptimalBinner(new BinningOptions { Trend = MonotonicTrend.Ascending }).Fit(FeatureBinningSpec.Numeric("x"), values, bad);

        var rates = RegularRates(valley);
        var bottom = Array.IndexOf(rates, rates.Min());
        Assert.That(bottom, Is.GreaterThan(0).And.LessThan(rates.Length - 1));
        Assert.That(rates[..(bottom + 1)], Is.Ordered.Descending);
        Assert.That(rates[bottom..], Is.Ordered.Ascending);
        Assert.That(valley.InformationValue, Is.GreaterThan(ascending.InformationValue));
    }

    [Test]
    public void Fit_TrendNone_AtLeastAsMuchIvAsAnyShape()
    {
        // Dropping the shape constraint can only widen the feasible set, so IV(None) ≥ IV(Valley) ≥ IV(Ascending).
        var (values, bad) = Sampled(7, 20_000, x => 0.05 + (0.25 * Math.Pow((x - 50) / 50, 2)));
        double Iv(MonotonicTrend t) => new OptimalBinner(new BinningOptions { Trend = t }).Fit(FeatureBinningSpec.Numeric("x"), values, bad).InformationValue;

        Assert.That(Iv(MonotonicTrend.None), Is.GreaterThanOrEqualTo(Iv(MonotonicTrend.Valley)));
        Assert.That(Iv(MonotonicTrend.Valley), Is.GreaterThan(Iv(MonotonicTrend.Ascending)));
    }

    [Test]
    public void Fit_SmoothTrendWithTightLimits_RespectsMaxBinsMinShareAndMinBads()
    {
        var (values, bad) = Sampled(3, 30_000, x => 0.01 + (0.3 * x / 100));
        var options = new BinningOptions { MaxBins = 4, MinBinShare = 0.15, MinBadsPerBin = 200 };
        var result = new OptimalBinner(options).Fit(FeatureBinningSpec.Numeric("x"), values, bad);

        var regular = result.BinStatistics.Where(b => b.Kind == BinKind.Interval).ToArray();
        Assert.That(regular, Has.Length.EqualTo(4)); // the smooth trend rewards every allowed bin
        Assert.That(regular.Select(b => b.Count), Has.All.GreaterThanOrEqualTo(0.15 * 30_000));
        Assert.That(regular.Select(b => b.Bads), Has.All.GreaterThanOrEqualTo(200));
    }

    [Test]
    public void Fit_ForcedCutAt62_CutPresentAnd62InUpperBin()
    {
        // Age 18..89, 50 rows per age; risk falls with age (bads = 15 − age / 6).
        var (values, bad) = Grid(18, 90, 50, age => 15 - (age / 6));
        var spec = FeatureBinningSpec.Numeric("age") with { ForcedCutPoints = [62f] };
        var result = new OptimalBinner(new BinningOptions { MaxBins = 3 }).Fit(spec, values, bad);

        Assert.That(result.Bins.CutPoints, Does.Contain(62f));
        var bin62 = result.Bins.FindBin(62f);
        Assert.That(result.Bins.Descriptions[bin62], Does.StartWith("[62,"));
        Assert.That(result.Bins.FindBin(61.99f), Is.EqualTo(bin62 - 1));
        Assert.That(RegularRates(result), Is.Ordered.Descending);
    }

    [Test]
    public void Fit_ForcedCutOutsideData_KeptAsEmptyBin()
    {
        var (values, bad) = Grid(0, 100, 100, x => x < 50 ? 2 : 20);
        var spec = FeatureBinningSpec.Numeric("x") with { ForcedCutPoints = [500f] };
        var result = new OptimalBinner().Fit(spec, values, bad);

        Assert.That(result.Bins.CutPoints, Is.EqualTo(new[] { 50f, 500f }));
        Assert.That(result.BinStatistics[2].Count, Is.Zero);
        Assert.That(result.BinStatistics[2].WoE, Is.Zero);
    }

    [Test]
    public void Fit_ForcedCutsBreakingTheTrend_ThrowsNamingFeatureAndCuts()
    {
        // x = 0: 5 % bad, x = 1: 40 % bad, x = 2: 5 % bad; forced cuts at 1 and 2 keep the three apart.
        var (values, bad) = Grid(0, 3, 1000, x => x == 1 ? 400 : 50);
        var spec = FeatureBinningSpec.Numeric("x") with { ForcedCutPoints = [1f, 2f], Trend = MonotonicTrend.Ascending };
        var e = Assert.Throws<InvalidOperationException>(() => new OptimalBinner().Fit(spec, values, bad));
        Assert.That(e!.Message, Does.StartWith("x: the forced cut points [1, 2] make the Ascending default-rate trend impossible"));
    }

    [Test]
    public void Fit_SpecialValues_GetOwnBinsOutsideTheTrend()
    {
        // Regular x = 0..9 (200 rows each, bads 2·x + 4 per 200 → ascending); 96 → 300 rows, 150 bad;
        // 98 → 100 rows, 10 bad. Specials would break an ascending trend if they were intervals.
        var (values, bad) = Grid(0, 10, 200, x => 4 + (2 * x));
        var v = values.ToList();
        var b = bad.ToList();
        for (var i = 0; i < 300; i++)
        {
            v.Add(96f);
            b.Add(i < 150);
        }

        for (var i = 0; i < 100; i++)
        {
            v.Add(98f);
            b.Add(i < 10);
        }

        var spec = FeatureBinningSpec.Numeric("late") with { SpecialValues = [96f, 98f] };
        var result = new OptimalBinner().Fit(spec, v.ToArray(), b.ToArray());

        var s96 = result.BinStatistics[result.Bins.FindBin(96f)];
        var s98 = result.BinStatistics[result.Bins.FindBin(98f)];
        Assert.That((s96.Kind, s96.Description, s96.Count, s96.Bads), Is.EqualTo((BinKind.Special, "Special 96", 300, 150)));
        Assert.That((s98.Kind, s98.Description, s98.Count, s98.Bads), Is.EqualTo((BinKind.Special, "Special 98", 100, 10)));
        Assert.That(result.BinStatistics.Where(x => x.Kind == BinKind.Interval).Sum(x => x.Count), Is.EqualTo(2000));
        Assert.That(result.Bins.CutPoints.Max(), Is.LessThan(10f));
        Assert.That(RegularRates(result), Is.Ordered.Ascending);
        Assert.That(result.Trend, Is.EqualTo(MonotonicTrend.Ascending));
    }

    [Test]
    public void Fit_MissingValues_CountedInTheMissingBin()
    {
        var (values, bad) = Grid(0, 100, 100, x => x < 50 ? 2 : 20);
        var v = values.Concat(Enumerable.Repeat(float.NaN, 37)).ToArray();
        var b = bad.Concat(Enumerable.Range(0, 37).Select(i => i < 10)).ToArray();
        var result = new OptimalBinner().Fit(FeatureBinningSpec.Numeric("x"), v, b);

        var missing = result.BinStatistics[result.Bins.MissingBinIndex];
        Assert.That((missing.Kind, missing.Count, missing.Bads, missing.Goods), Is.EqualTo((BinKind.Missing, 37, 10, 27)));
        Assert.That(result.Bins.CutPoints, Is.EqualTo(new[] { 50f }));
    }

    [Test]
    public void Fit_NoMissingValues_MissingBinPresentAndEmpty()
    {
        var (values, bad) = Grid(0, 100, 100, x => x < 50 ? 2 : 20);
        var result = new OptimalBinner().Fit(FeatureBinningSpec.Numeric("x"), values, bad);
        var missing = result.BinStatistics[result.Bins.MissingBinIndex];
        Assert.That((missing.Count, missing.WoE), Is.EqualTo((0, 0.0)));
    }

    [Test]
    public void Fit_Categorical_GroupsByRateMergesSmallCategoryAndMapsUnseenToMissing()
    {
        // A: 2000 rows, 40 bad (2 %); B: 2000, 40 (2 %); C: 2000, 200 (10 %); D: 2000, 600 (30 %);
        // E: 100 rows (1.2 % < 5 % share), 50 bad (50 %) → merged with its rate neighbour D; F: never seen → missing.
        // A and B have equal rates: splitting them adds no IV, so the tie-break keeps them together.
        int[] rows = [2000, 2000, 2000, 2000, 100, 0];
        int[] bads = [40, 40, 200, 600, 50, 0];
        var values = new List<float>();
        var isBad = new List<bool>();
        for (var c = 0; c < rows.Length; c++)
        {
            for (var i = 0; i < rows[c]; i++)
            {
                values.Add(c);
                isBad.Add(i < bads[c]);
            }
        }

        var spec = FeatureBinningSpec.Categorical("purpose", ["A", "B", "C", "D", "E", "F"]);
        var result = new OptimalBinner().Fit(spec, values.ToArray(), isBad.ToArray());

        Assert.That(result.Bins.Descriptions, Is.EqualTo(new[] { "A, B", "C", "D, E", "Missing" }));
        Assert.That(result.Bins.CategoryToBin, Is.EqualTo(new[] { 0, 0, 1, 2, 2, 3 }));
        Assert.That(result.Bins.FindBin(5f), Is.EqualTo(3));
        Assert.That(result.BinStatistics[2].Count, Is.EqualTo(2100));
        Assert.That(result.BinStatistics[2].Bads, Is.EqualTo(650));
        Assert.That(RegularRates(result), Is.Ordered.Ascending);
    }

    [Test]
    public void Fit_CategoricalValueNotAnIndex_ThrowsNamingRow()
    {
        var spec = FeatureBinningSpec.Categorical("purpose", ["A", "B"]);
        var e = Assert.Throws<ArgumentException>(() => new OptimalBinner().Fit(spec, [0f, 1f, 2f], [true, false, false]));
        Assert.That(e!.Message, Does.StartWith("purpose: row 2 has value 2; a categorical value must be NaN (missing) or a category index 0..1."));
    }

    [Test]
    public void Fit_InfiniteNumericValue_ThrowsNamingRow()
    {
        var e = Assert.Throws<ArgumentException>(() => new OptimalBinner().Fit(FeatureBinningSpec.Numeric("dti"), [1f, float.PositiveInfinity], [true, false]));
        Assert.That(e!.Message, Does.StartWith("dti: row 1 has value Infinity; numeric values must be finite or NaN (missing)."));
    }

    [Test]
    public void Fit_NoBadRows_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new OptimalBinner().Fit(FeatureBinningSpec.Numeric("x"), [1f, 2f], [false, false]));
        Assert.That(e!.Message, Does.StartWith("x: isBad has 0 bad and 2 good rows; WoE needs at least one of each."));
    }

    [Test]
    public void Fit_SpecialValuesOnCategorical_ThrowsNamingRule()
    {
        var spec = FeatureBinningSpec.Categorical("p", ["A"]) with { SpecialValues = [9f] };
        var e = Assert.Throws<ArgumentException>(() => new OptimalBinner().Fit(spec, [0f], [true]));
        Assert.That(e!.Message, Does.Contain("special values and forced cut points apply to numeric features only"));
    }

    [Test]
    public void FitMany_SameDataTwiceAndAnyParallelism_IdenticalBins()
    {
        var (x1, bad) = Sampled(11, 10_000, x => 0.02 + (0.002 * x));
        var random = new Random(5);
        var x2 = x1.Select(v => random.NextDouble() < 0.1 ? float.NaN : 100 - v).ToArray();
        var specs = new[] { FeatureBinningSpec.Numeric("a"), FeatureBinningSpec.Numeric("b") };
        ReadOnlyMemory<float>[] columns = [x1, x2];

        var serial = new OptimalBinner(new BinningOptions { MaxDegreeOfParallelism = 1 }).FitMany(specs, columns, bad);
        var parallel = new OptimalBinner().FitMany(specs, columns, bad);
        var again = new OptimalBinner().FitMany(specs, columns, bad);

        for (var i = 0; i < 2; i++)
        {
            Assert.That(parallel[i].Bins.CutPoints, Is.EqualTo(serial[i].Bins.CutPoints));
            Assert.That(again[i].Bins.CutPoints, Is.EqualTo(serial[i].Bins.CutPoints));
            Assert.That(parallel[i].BinStatistics, Is.EqualTo(serial[i].BinStatistics));
            Assert.That(again[i].InformationValue, Is.EqualTo(serial[i].InformationValue));
        }

        Assert.That(serial[0].Trend, Is.EqualTo(MonotonicTrend.Ascending));
        Assert.That(serial[1].Trend, Is.EqualTo(MonotonicTrend.Descending));
    }

    [Test]
    public void FitMany_OneColumnInvalid_ThrowsItsError()
    {
        var specs = new[] { FeatureBinningSpec.Numeric("ok"), FeatureBinningSpec.Numeric("broken") };
        ReadOnlyMemory<float>[] columns = [new[] { 1f, 2f }, new[] { 1f, float.NegativeInfinity }];
        var e = Assert.Throws<ArgumentException>(() => new OptimalBinner().FitMany(specs, columns, new[] { true, false }));
        Assert.That(e!.Message, Does.StartWith("broken: row 1 has value -Infinity;"));
    }
}
