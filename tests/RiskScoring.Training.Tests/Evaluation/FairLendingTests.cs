using RiskScoring.Training.Evaluation;

namespace RiskScoring.Training.Tests.Evaluation;

[TestFixture]
public sealed class FairLendingTests
{
    // Group A: PDs 0.1 0.2 0.3 0.6 -> approved (PD < 0.5) 3 of 4 = 0.75; bads 0.3, 0.6 above goods 0.1, 0.2 -> AUC 1.
    // Group B: PDs 0.4 0.6 0.7 0.8, no defaults -> approved 1 of 4 = 0.25; AUC not computable.
    // Group C: PDs 0.1 0.2 0.3 0.9, bads 0.2 and 0.9 -> approved 0.75; AUC = (1 + 0 + 2)/4 = 0.75.
    private static readonly double[] Pd = [0.1, 0.2, 0.3, 0.6, 0.4, 0.6, 0.7, 0.8, 0.1, 0.2, 0.3, 0.9];
    private static readonly bool[] Y = [false, false, true, true, false, false, false, false, false, true, false, true];
    private static readonly string[] Groups = ["A", "A", "A", "A", "B", "B", "B", "B", "C", "C", "C", "C"];

    [Test]
    public void Evaluate_ThreeGroups_RatiosFlagsAndAuc()
    {
        var r = FairLending.Evaluate(Pd, Y, Groups, cutoff: 0.5);
        Assert.Multiple(() =>
        {
            Assert.That(r.ReferenceGroup, Is.EqualTo("A")); // A and C tie at 0.75; first in ordinal order
            Assert.That(r.Groups.Select(g => g.Group), Is.EqualTo(new[] { "A", "B", "C" }));
            Assert.That(r.Groups.Select(g => g.ApprovalRate), Is.EqualTo(new[] { 0.75, 0.25, 0.75 }));
            // B: 0.25 / 0.75 = 1/3 < 0.8 -> flagged
            Assert.That(r.Groups[1].ApprovalRateRatio, Is.EqualTo(1.0 / 3.0).Within(1e-15));
            Assert.That(r.Groups.Select(g => g.BelowThreshold), Is.EqualTo(new[] { false, true, false }));
            Assert.That(r.AnyBelowThreshold, Is.True);
            Assert.That(r.Groups[0].Auc, Is.EqualTo(1.0));
            Assert.That(r.Groups[1].AucComputable, Is.False);
            Assert.That(r.Groups[1].Auc, Is.NaN);
            Assert.That(r.Groups[2].Auc, Is.EqualTo(0.75));
            // C approves 0.1, 0.2 (bad), 0.3 -> 1 bad of 3 approved
            Assert.That(r.Groups[2].BadRateAmongApproved, Is.EqualTo(1.0 / 3.0).Within(1e-15));
        });
    }

    [Test]
    public void Evaluate_LowerThresholdOption_NoFlag()
    {
        // 1/3 is above a threshold of 0.3, so B is no longer flagged.
        var r = FairLending.Evaluate(Pd, Y, Groups, 0.5, new FairLendingOptions { MinimumApprovalRatio = 0.3 });
        Assert.That(r.AnyBelowThreshold, Is.False);
    }

    [Test]
    public void FairLendingOptions_Default_IsFourFifths()
    {
        Assert.That(FairLendingOptions.Default.MinimumApprovalRatio, Is.EqualTo(0.8));
    }

    [Test]
    public void Evaluate_NullLabel_MessageNamesRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => FairLending.Evaluate([0.1, 0.2], [true, false], ["A", null!], 0.5));
        Assert.That(ex!.Message, Does.StartWith("groups[1] is null; every row needs a group label."));
    }

    [Test]
    public void Evaluate_GroupsLengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => FairLending.Evaluate([0.1, 0.2], [true, false], ["A"], 0.5));
        Assert.That(ex!.Message, Does.StartWith("groups has 1 values but predictedPd has 2"));
    }
}
