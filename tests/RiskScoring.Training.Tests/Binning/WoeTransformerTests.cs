using RiskScoring.Training.Binning;

namespace RiskScoring.Training.Tests.Binning;

public sealed class WoeTransformerTests
{
    private static readonly BinningResult Step = Fit("x", x => x < 50 ? 2 : 20);
    private static readonly BinningResult Reverse = Fit("y", x => x < 50 ? 20 : 2);

    private static BinningResult Fit(string name, Func<int, int> badsOf)
    {
        var (values, bad) = OptimalBinnerTests.Grid(0, 100, 100, badsOf);
        return new OptimalBinner().Fit(FeatureBinningSpec.Numeric(name), values, bad);
    }

    [Test]
    public void TransformRow_SourceColumns_WritesEachBinsWoe()
    {
        // Input row: [unused, y, x]; output [x, y]. x = 10 → low-risk bin of Step (positive WoE);
        // y = NaN → Reverse's missing bin (empty in training → WoE 0).
        var transformer = new WoeTransformer([Step, Reverse], sourceColumns: [2, 1]);
        Span<double> woe = stackalloc double[2];
        transformer.TransformRow([123f, float.NaN, 10f], woe);

        Assert.That(woe[0], Is.EqualTo(Step.BinStatistics[0].WoE));
        Assert.That(woe[0], Is.GreaterThan(0));
        Assert.That(woe[1], Is.Zero);
        Assert.That(transformer.FeatureNames, Is.EqualTo(new[] { "x", "y" }));
    }

    [Test]
    public void TransformRow_FloatOutputAndBins_AgreeWithDoubleOutput()
    {
        var transformer = new WoeTransformer([Step, Reverse]);
        Span<float> woe = stackalloc float[2];
        Span<int> bins = stackalloc int[2];
        transformer.TransformRow([70f, 70f], woe);
        transformer.FindBins([70f, 70f], bins);

        Assert.That(bins.ToArray(), Is.EqualTo(new[] { 1, 1 }));
        Assert.That(woe[0], Is.EqualTo((float)Step.BinStatistics[1].WoE));
        Assert.That(woe[1], Is.EqualTo((float)Reverse.BinStatistics[1].WoE));
    }

    [Test]
    public void TransformRow_ManyRows_AllocatesNothing()
    {
        var transformer = new WoeTransformer([Step, Reverse]);
        var row = new float[2];
        var woe = new double[2];
        transformer.TransformRow(row, woe);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            row[0] = i % 100;
            row[1] = 99 - (i % 100);
            transformer.TransformRow(row, woe);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void TransformColumn_MatchesRowPath()
    {
        var transformer = new WoeTransformer([Step, Reverse]);
        float[] values = [0f, 49f, 50f, 99f, float.NaN];
        var woe = new double[values.Length];
        transformer.TransformColumn(0, values, woe);
        Assert.That(woe, Is.EqualTo(new[]
        {
            Step.BinStatistics[0].WoE, Step.BinStatistics[0].WoE, Step.BinStatistics[1].WoE, Step.BinStatistics[1].WoE, 0.0,
        }));
    }

    [Test]
    public void TransformRow_RowTooShort_ThrowsNamingLengths()
    {
        var transformer = new WoeTransformer([Step, Reverse], sourceColumns: [2, 1]);
        var e = Assert.Throws<ArgumentException>(() => transformer.TransformRow(new float[2], new double[2]));
        Assert.That(e!.Message, Does.StartWith("row has 2 values but the characteristics read column 2 (need at least 3)."));
    }
}
