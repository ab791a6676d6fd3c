using RiskScoring.Reporting;
using RiskScoring.Training.Evaluation;

namespace RiskScoring.Training.Tests.Reporting;

public sealed class ModelReportDataTests
{
    private static readonly ModelReportData Minimal = new()
    {
        Title = "Minimal",
        Metrics = new HeadlineMetrics(0.75, null, 0.5, 0.4, 0.06, 0.2, 0.01),
    };

    [Test]
    public void Validate_SampleReport_DoesNotThrow()
    {
        Assert.DoesNotThrow(() => SampleReport.Build().Validate());
        Assert.DoesNotThrow(() => Minimal.Validate());
    }

    [Test]
    public void Defaults_Minimal_EmptyListsAndNullOptionals()
    {
        Assert.That(Minimal.ScoreLabel, Is.EqualTo("Predicted PD"));
        Assert.That(Minimal.Metadata, Is.Empty);
        Assert.That(Minimal.Roc, Is.Empty);
        Assert.That(Minimal.KsCurve, Is.Empty);
        Assert.That(Minimal.Calibration, Is.Null);
        Assert.That(Minimal.Gains, Is.Null);
        Assert.That(Minimal.ScoreDistribution, Is.Null);
        Assert.That(Minimal.Psi, Is.Null);
        Assert.That(Minimal.Scorecard, Is.Null);
        Assert.That(Minimal.Fairness, Is.Null);
        Assert.That(Minimal.CutOff, Is.Null);
    }

    [Test]
    public void Validate_AucAboveOne_MessageNamesFieldValueAndRule()
    {
        var data = Minimal with { Metrics = Minimal.Metrics with { Auc = 1.2 } };

        var ex = Assert.Throws<ArgumentException>(data.Validate);

        Assert.That(ex!.Message, Does.StartWith("Metrics.Auc = 1.2; must be in [0, 1]."));
    }

    [Test]
    public void Validate_EmptyTitle_Throws()
    {
        var ex = Assert.Throws<ArgumentException>((Minimal with { Title = " " }).Validate);

        Assert.That(ex!.Message, Does.StartWith("Title is empty"));
    }

    [Test]
    public void Validate_KsCurveNotSorted_MessageNamesPoint()
    {
        var data = Minimal with { KsCurve = [new(0.5, 0.2, 0.4), new(0.3, 0.5, 0.9)] };

        var ex = Assert.Throws<ArgumentException>(data.Validate);

        Assert.That(ex!.Message, Does.StartWith("KsCurve[1].Threshold = 0.3 is below the previous threshold"));
    }

    [Test]
    public void Validate_GainsMoreBadsThanRows_MessageNamesRow()
    {
        var data = Minimal with { Gains = new GainsTable([new GainsBin(1, 10, 11, 0.2, 0.9, 1.1, 1, 0.5, 2, 2)], 0.5) };

        var ex = Assert.Throws<ArgumentException>(data.Validate);

        Assert.That(ex!.Message, Does.StartWith("Gains.Bins[0] has Count = 10, Defaults = 11; need 0 ≤ Defaults ≤ Count."));
    }

    [Test]
    public void Validate_NegativeLogLoss_RuleSaysFiniteAndNonNegative()
    {
        var data = Minimal with { Metrics = Minimal.Metrics with { LogLoss = -0.1 } };

        var ex = Assert.Throws<ArgumentException>(data.Validate);

        Assert.That(ex!.Message, Does.StartWith("Metrics.LogLoss = -0.1; must be finite and ≥ 0."));
    }

    [Test]
    public void Validate_ConfidenceIntervalUpperBelowLower_Throws()
    {
        var data = Minimal with { Metrics = Minimal.Metrics with { AucInterval = new ConfidenceInterval(0.8, 0.7, 0.95) } };

        var ex = Assert.Throws<ArgumentException>(data.Validate);

        Assert.That(ex!.Message, Does.StartWith("Metrics.AucInterval.Upper = 0.7; must be in [0.8, 1]."));
    }

    [Test]
    public void Validate_NaNCutOff_Throws()
    {
        var ex = Assert.Throws<ArgumentException>((Minimal with { CutOff = double.NaN }).Validate);

        Assert.That(ex!.Message, Does.StartWith("CutOff = NaN; must be finite."));
    }

    [Test]
    public void Validate_FairnessRatioAboveOne_Throws()
    {
        var data = Minimal with { Fairness = [new("g", 10, 0.5, 1.3, null, false)] };

        var ex = Assert.Throws<ArgumentException>(data.Validate);

        Assert.That(ex!.Message, Does.StartWith("Fairness[0].RatioToMostApproved = 1.3; must be in [0, 1]."));
    }

    [Test]
    public void HeadlineMetrics_FromEvaluationReport_CopiesEveryFigure()
    {
        // PDs 0.1, 0.4 (goods) and 0.35, 0.8 (bads): 3 of 4 bad-good pairs ranked right, AUC 0.75, Gini 0.5.
        var report = BinaryEvaluator.Evaluate([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);

        var m = HeadlineMetrics.From(report);

        Assert.That(m.Auc, Is.EqualTo(0.75));
        Assert.That(m.Gini, Is.EqualTo(0.5));
        Assert.That(m.Ks, Is.EqualTo(report.Ks.Statistic));
        Assert.That(m.Brier, Is.EqualTo(report.BrierScore));
        Assert.That(m.LogLoss, Is.EqualTo(report.LogLoss));
        Assert.That(m.Ece, Is.EqualTo(report.ExpectedCalibrationError));
        Assert.That(m.AucInterval!.Value.Level, Is.EqualTo(0.95));
    }
}
