using RiskScoring.Reporting;
using RiskScoring.Training.Evaluation;

namespace RiskScoring.Training.Tests.Reporting;

public sealed class ReportCurvesTests
{
    // Five rows with two ties: goods score 0.2 and 0.5; bads score 0.2, 0.9 and 0.5 (P = 3 bads, N = 2 goods).
    private static readonly double[] Pd = [0.2, 0.2, 0.5, 0.9, 0.5];
    private static readonly bool[] IsBad = [false, true, false, true, true];

    [Test]
    public void ComputeRoc_TiedScores_OnePointPerDistinctThreshold()
    {
        var roc = ReportCurves.ComputeRoc(Pd, IsBad);

        // From the top: 0.9 takes 1 bad → (0, 1/3); the 0.5 tie takes 1 good and 1 bad → (1/2, 2/3);
        // the 0.2 tie takes the rest → (1, 1).
        Assert.That(roc, Has.Count.EqualTo(4));
        Assert.That(roc[0], Is.EqualTo(new RocPoint(0, 0)));
        Assert.That(roc[1].FalsePositiveRate, Is.EqualTo(0));
        Assert.That(roc[1].TruePositiveRate, Is.EqualTo(1.0 / 3).Within(1e-12));
        Assert.That(roc[2].FalsePositiveRate, Is.EqualTo(0.5));
        Assert.That(roc[2].TruePositiveRate, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(roc[3], Is.EqualTo(new RocPoint(1, 1)));
    }

    [Test]
    public void ComputeKsCurve_TiedScores_CumulativeSharesAtEachThreshold()
    {
        var ks = ReportCurves.ComputeKsCurve(Pd, IsBad);

        // ≤ 0.2: 1 of 3 bads, 1 of 2 goods; ≤ 0.5: 2 of 3 bads, 2 of 2 goods; ≤ 0.9: everything.
        Assert.That(ks.Select(p => p.Threshold), Is.EqualTo(new[] { 0.2, 0.5, 0.9 }));
        Assert.That(ks.Select(p => p.CumulativeBadShare), Is.EqualTo(new[] { 1.0 / 3, 2.0 / 3, 1.0 }).Within(1e-12));
        Assert.That(ks.Select(p => p.CumulativeGoodShare), Is.EqualTo(new[] { 0.5, 1.0, 1.0 }));
    }

    [Test]
    public void FindKs_HandComputedCurve_LargestGapAndItsThreshold()
    {
        var (point, ks) = ReportCurves.FindKs(ReportCurves.ComputeKsCurve(Pd, IsBad));

        // Gaps: |1/2 − 1/3| = 1/6 at 0.2, |1 − 2/3| = 1/3 at 0.5, 0 at 0.9.
        Assert.That(ks, Is.EqualTo(1.0 / 3).Within(1e-12));
        Assert.That(point.Threshold, Is.EqualTo(0.5));
    }

    [Test]
    public void FromScores_FourBinsOverZeroToOne_CountsPerBinAndMaxInLastBin()
    {
        var histogram = ScoreHistogram.FromScores([0.0, 0.5], [1.0, 0.75], binCount: 4);

        // Width 0.25: 0 → bin 0, 0.5 → bin 2, 0.75 → bin 3, 1.0 (the maximum) → last bin 3.
        Assert.That(histogram.Edges, Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75, 1.0 }));
        Assert.That(histogram.GoodCounts, Is.EqualTo(new[] { 1, 0, 1, 0 }));
        Assert.That(histogram.BadCounts, Is.EqualTo(new[] { 0, 0, 0, 2 }));
    }

    [Test]
    public void FromScores_ConstantScore_UnitWideRangeAroundIt()
    {
        var histogram = ScoreHistogram.FromScores([0.3], [0.3], binCount: 2);

        // Range [0.3 − 0.5, 0.3 + 0.5] in two bins of 0.5: 0.3 sits at the start of bin 1.
        Assert.That(histogram.Edges, Is.EqualTo(new[] { -0.2, 0.3, 0.8 }).Within(1e-12));
        Assert.That(histogram.GoodCounts, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(histogram.BadCounts, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void ComputeScoreHistogram_SplitsByFlag_TotalsMatchClassCounts()
    {
        var histogram = ReportCurves.ComputeScoreHistogram(Pd, IsBad, binCount: 3);

        // 3 bads and 2 goods; range 0.2–0.9 in thirds of 0.2333: 0.2 → bin 0, 0.5 → bin 1, 0.9 → bin 2.
        Assert.That(histogram.BadCounts, Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(histogram.GoodCounts, Is.EqualTo(new[] { 1, 1, 0 }));
    }

    [Test]
    public void ComputeRoc_LargeSample_ThinnedToCapWithEndpointsAndMonotone()
    {
        var (pd, isBad) = SampleReport.Sample();

        var roc = ReportCurves.ComputeRoc(pd, isBad, maxPoints: 50);

        Assert.That(roc, Has.Count.LessThanOrEqualTo(50).And.Count.GreaterThan(40));
        Assert.That(roc[0], Is.EqualTo(new RocPoint(0, 0)));
        Assert.That(roc[^1], Is.EqualTo(new RocPoint(1, 1)));
        Assert.That(roc.Zip(roc.Skip(1)).All(p => p.Second.FalsePositiveRate >= p.First.FalsePositiveRate && p.Second.TruePositiveRate >= p.First.TruePositiveRate), Is.True);
    }

    [Test]
    public void ComputeKsCurve_LargeSample_ThinningKeepsTheKsPoint()
    {
        var (pd, isBad) = SampleReport.Sample();

        var full = ReportCurves.FindKs(ReportCurves.ComputeKsCurve(pd, isBad, maxPoints: int.MaxValue));
        var thinned = ReportCurves.ComputeKsCurve(pd, isBad, maxPoints: 40);

        Assert.That(thinned, Has.Count.LessThanOrEqualTo(40));
        Assert.That(ReportCurves.FindKs(thinned), Is.EqualTo(full));
    }

    [Test]
    public void ComputeRoc_LengthMismatch_ThrowsNamingBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => ReportCurves.ComputeRoc([0.1, 0.2], [true, false, true]));

        Assert.That(ex!.Message, Does.StartWith("pd has 2 values but isBad has 3"));
    }

    [Test]
    public void ComputeKsCurve_OnlyGoods_ThrowsNamingClassCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => ReportCurves.ComputeKsCurve([0.1, 0.2], [false, false]));

        Assert.That(ex!.Message, Does.StartWith("isBad has 0 bads and 2 goods"));
    }

    [Test]
    public void ComputeRoc_NaNScore_ThrowsNamingRowAndValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => ReportCurves.ComputeRoc([0.1, double.NaN], [true, false]));

        Assert.That(ex!.Message, Does.StartWith("pd[1] = NaN; scores must be finite."));
    }

    [Test]
    public void ScoreHistogram_CountsLengthDisagreesWithEdges_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ScoreHistogram([0, 1, 2], [1], [1, 2]));

        Assert.That(ex!.Message, Does.StartWith("goodCounts has 1 values for 2 bins"));
    }

    [Test]
    public void BinLabel_EdgesAndMissing_ReadableRanges()
    {
        // Evaluation's PSI bins are (lower, upper]: the first is open below, the last open above.
        Assert.That(PsiSection.BinLabel(new PsiBin(1, double.NegativeInfinity, 0.05, false, 1, 1, 0.5, 0.5, 0)), Is.EqualTo("≤ 0.05"));
        Assert.That(PsiSection.BinLabel(new PsiBin(2, 0.05, 0.125, false, 1, 1, 0.5, 0.5, 0)), Is.EqualTo("0.05–0.125"));
        Assert.That(PsiSection.BinLabel(new PsiBin(3, 0.4, double.PositiveInfinity, false, 1, 1, 0.5, 0.5, 0)), Is.EqualTo("> 0.4"));
        Assert.That(PsiSection.BinLabel(new PsiBin(4, double.NaN, double.NaN, true, 1, 1, 0.5, 0.5, 0)), Is.EqualTo("Missing"));
    }
}
