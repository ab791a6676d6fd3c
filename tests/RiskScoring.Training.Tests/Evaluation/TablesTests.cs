using RiskScoring.Training.Evaluation;

namespace RiskScoring.Training.Tests.Evaluation;

[TestFixture]
public sealed class TablesTests
{
    [Test]
    public void ExpectedCalibrationErrorOf_TinyTable_WeightedMeanGap()
    {
        // Bin 1: 2 rows, mean PD 0.1, observed 0 -> gap 0.1. Bin 2: 3 rows, mean 0.5, observed 2/3 -> gap 1/6.
        // ECE = 2/5 * 0.1 + 3/5 * 1/6 = 0.04 + 0.1 = 0.14.
        CalibrationBin[] bins =
        [
            new(1, 2, 0, 0.05, 0.15, 0.1, 0.0),
            new(2, 3, 2, 0.4, 0.6, 0.5, 2.0 / 3.0),
        ];
        Assert.That(CalibrationTable.ExpectedCalibrationErrorOf(bins), Is.EqualTo(0.14).Within(1e-15));
    }

    [Test]
    public void CalibrationTable_TwoBins_HandComputedMeansAndEce()
    {
        // Sorted PDs 0.1, 0.1, 0.2 | 0.3, 0.4, 0.6 with defaults at 0.3 and 0.6.
        // Bin 1: mean (0.1+0.1+0.2)/3 = 0.13333, observed 0 -> gap 0.13333.
        // Bin 2: mean (0.3+0.4+0.6)/3 = 0.43333, observed 2/3 -> gap 0.23333.
        // ECE = 0.5 * 0.13333 + 0.5 * 0.23333 = 0.18333; MCE = 0.23333.
        var table = CalibrationTable.Compute([0.4, 0.1, 0.3, 0.1, 0.6, 0.2], [false, false, true, false, true, false], bins: 2);
        Assert.Multiple(() =>
        {
            Assert.That(table.Bins, Has.Count.EqualTo(2));
            Assert.That(table.Bins[0].MeanPredicted, Is.EqualTo(0.4 / 3).Within(1e-15));
            Assert.That(table.Bins[0].ObservedRate, Is.EqualTo(0.0));
            Assert.That(table.Bins[1].MeanPredicted, Is.EqualTo(1.3 / 3).Within(1e-15));
            Assert.That(table.Bins[1].ObservedRate, Is.EqualTo(2.0 / 3.0).Within(1e-15));
            Assert.That(table.Bins[1].MinPd, Is.EqualTo(0.3));
            Assert.That(table.Bins[1].MaxPd, Is.EqualTo(0.6));
            Assert.That(table.ExpectedCalibrationError, Is.EqualTo(0.55 / 3).Within(1e-15));
            Assert.That(table.MaximumCalibrationError, Is.EqualTo(0.7 / 3).Within(1e-15));
        });
    }

    [Test]
    public void CalibrationTable_TiesAcrossBoundary_StayInOneBin()
    {
        // 6 rows, 3 bins -> targets at positions 2, 4, 6. Position 2 splits the three 0.1s, so the first bin grows
        // to 3 rows; the second is [0.2] alone and the third [0.3, 0.4].
        var table = CalibrationTable.Compute([0.1, 0.1, 0.1, 0.2, 0.3, 0.4], [false, true, false, false, true, true], bins: 3);
        Assert.That(table.Bins.Select(b => b.Count), Is.EqualTo(new[] { 3, 1, 2 }));
    }

    [Test]
    public void CalibrationTable_MoreBinsThanRows_OneBinPerDistinctPd()
    {
        var table = CalibrationTable.Compute([0.2, 0.2, 0.5], [false, true, true], bins: 10);
        Assert.That(table.Bins.Select(b => b.Count), Is.EqualTo(new[] { 2, 1 }));
    }

    [Test]
    public void CalibrationTable_ZeroBins_ThrowsNamingBins()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationTable.Compute([0.1], [true], bins: 0));
        Assert.That(ex!.Message, Does.StartWith("bins = 0: must be at least 1."));
    }

    [Test]
    public void GainsTable_FiveBins_HandComputedCaptureAndLift()
    {
        // PDs 0.9 .. 0.05 descending, defaults at 0.9, 0.8, 0.6; overall bad rate 3/10 = 0.3.
        // Bin 1 (0.9, 0.8): 2 defaults, bad rate 1.0, captures 2/3, lift 1/0.3 = 3.333, cumulative lift 3.333.
        // Bin 2 (0.7, 0.6): 1 default, bad rate 0.5, captures 3/3, lift 0.5/0.3 = 1.667, cumulative (3/4)/0.3 = 2.5.
        // Bins 3-5: no defaults; bin 5 cumulative lift = 0.3/0.3 = 1.
        double[] pd = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
        bool[] y = [true, true, false, true, false, false, false, false, false, false];
        var gains = GainsTable.Compute(pd, y, bins: 5);
        Assert.Multiple(() =>
        {
            Assert.That(gains.OverallBadRate, Is.EqualTo(0.3).Within(1e-15));
            Assert.That(gains.Bins, Has.Count.EqualTo(5));
            Assert.That(gains.Bins[0].MaxPd, Is.EqualTo(0.9));
            Assert.That(gains.Bins[0].MinPd, Is.EqualTo(0.8));
            Assert.That(gains.Bins[0].BadRate, Is.EqualTo(1.0));
            Assert.That(gains.Bins[0].CumulativeBadsCaptured, Is.EqualTo(2.0 / 3.0).Within(1e-15));
            Assert.That(gains.Bins[0].Lift, Is.EqualTo(1.0 / 0.3).Within(1e-12));
            Assert.That(gains.Bins[1].Lift, Is.EqualTo(0.5 / 0.3).Within(1e-12));
            Assert.That(gains.Bins[1].CumulativeLift, Is.EqualTo(2.5).Within(1e-12));
            Assert.That(gains.Bins[1].CumulativeBadsCaptured, Is.EqualTo(1.0));
            Assert.That(gains.Bins[1].CumulativePopulationShare, Is.EqualTo(0.4).Within(1e-15));
            Assert.That(gains.Bins[4].Lift, Is.EqualTo(0.0));
            Assert.That(gains.Bins[4].CumulativeLift, Is.EqualTo(1.0).Within(1e-12));
        });
    }

    [Test]
    public void ConfusionTable_CutoffPointThree_HandCountedCells()
    {
        // Approve PD < 0.3: rows 0.05 (good), 0.1 (good), 0.2 (bad) -> TN 2, FN 1.
        // Decline PD >= 0.3 (0.3 itself is declined): 0.3 good, 0.5 good, 0.7 bad, 0.8 bad -> FP 2, TP 2.
        // Approval 3/7; bad rate among approved 1/3; precision 2/4; recall 2/3; specificity 2/4.
        var t = ConfusionTable.Compute([0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8], [false, false, true, false, false, true, true], cutoff: 0.3);
        Assert.Multiple(() =>
        {
            Assert.That((t.TruePositives, t.FalsePositives, t.TrueNegatives, t.FalseNegatives), Is.EqualTo((2, 2, 2, 1)));
            Assert.That(t.ApprovalRate, Is.EqualTo(3.0 / 7.0).Within(1e-15));
            Assert.That(t.BadRateAmongApproved, Is.EqualTo(1.0 / 3.0).Within(1e-15));
            Assert.That(t.Precision, Is.EqualTo(0.5));
            Assert.That(t.Recall, Is.EqualTo(2.0 / 3.0).Within(1e-15));
            Assert.That(t.Specificity, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void ConfusionTable_CutoffZero_NobodyApprovedRatesNaN()
    {
        var t = ConfusionTable.Compute([0.0, 0.5], [false, true], cutoff: 0.0);
        Assert.Multiple(() =>
        {
            Assert.That(t.Approved, Is.Zero);
            Assert.That(t.ApprovalRate, Is.Zero);
            Assert.That(t.BadRateAmongApproved, Is.NaN);
        });
    }

    [Test]
    public void ConfusionTable_CutoffAboveOne_ThrowsNamingCutoff()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionTable.Compute([0.1], [true], cutoff: 1.2));
        Assert.That(ex!.Message, Does.StartWith("cutoff = 1.2: must be a finite number in [0, 1]."));
    }

    [Test]
    public void Evaluate_SmallSample_AgreesWithIndividualMetrics()
    {
        var rng = new Random(5);
        var (pd, y) = BinaryMetricsTests.RandomSample(rng, 500, decimals: 3);
        var report = BinaryEvaluator.Evaluate(pd, y, new EvaluationOptions { CalibrationBins = 5, ConfidenceLevel = 0.9 });
        Assert.Multiple(() =>
        {
            Assert.That(report.Rows, Is.EqualTo(500));
            Assert.That(report.PositiveRate, Is.EqualTo((double)y.Count(v => v) / 500));
            Assert.That(report.Auc, Is.EqualTo(BinaryMetrics.Auc(pd, y)));
            Assert.That(report.Gini, Is.EqualTo(BinaryMetrics.Gini(pd, y)).Within(1e-15));
            Assert.That(report.AucInterval, Is.EqualTo(BinaryMetrics.AucWithConfidenceInterval(pd, y, 0.9)));
            Assert.That(report.Ks, Is.EqualTo(BinaryMetrics.KolmogorovSmirnov(pd, y)));
            Assert.That(report.BrierScore, Is.EqualTo(BinaryMetrics.BrierScore(pd, y)));
            Assert.That(report.LogLoss, Is.EqualTo(BinaryMetrics.LogLoss(pd, y)));
            Assert.That(report.Calibration.Bins, Has.Count.EqualTo(5));
            Assert.That(report.Gains.Bins, Has.Count.EqualTo(10));
            Assert.That(report.ExpectedCalibrationError, Is.EqualTo(CalibrationTable.Compute(pd, y, 5).ExpectedCalibrationError));
            Assert.That(report.ToText(), Does.Contain("AUC ").And.Contain("Gains (by PD, high to low)"));
        });
    }

    [Test]
    public void EvaluationOptions_Defaults_AreDocumentedValues()
    {
        var o = EvaluationOptions.Default;
        Assert.That((o.ConfidenceLevel, o.CalibrationBins, o.GainsBins), Is.EqualTo((0.95, 10, 10)));
    }

    [Test]
    public void Evaluate_InvalidOption_ThrowsNamingOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            BinaryEvaluator.Evaluate([0.1, 0.9], [false, true], new EvaluationOptions { GainsBins = 0 }));
        Assert.That(ex!.Message, Does.StartWith("GainsBins = 0: must be at least 1."));
    }
}
