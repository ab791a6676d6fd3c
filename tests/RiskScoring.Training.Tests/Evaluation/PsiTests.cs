using RiskScoring.Training.Evaluation;

namespace RiskScoring.Training.Tests.Evaluation;

[TestFixture]
public sealed class PsiTests
{
    private static readonly double[] OneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Test]
    public void Compute_TwoBinsKnownShift_HandComputedPsi()
    {
        // Median cut of 1..10 (type 7): h = 9 * 0.5 = 4.5 -> 5 + 0.5 * (6 - 5) = 5.5. Expected shares 0.5 / 0.5.
        // Actual: 8 values <= 5.5 and 2 above -> 0.8 / 0.2.
        // PSI = (0.8-0.5) ln(0.8/0.5) + (0.2-0.5) ln(0.2/0.5) = 0.1410011 + 0.2748872 = 0.4158883 -> Shift.
        var r = Psi.Compute(OneToTen, [1, 1, 2, 2, 3, 3, 4, 4, 9, 10], bins: 2);
        Assert.Multiple(() =>
        {
            Assert.That(r.Value, Is.EqualTo(0.4158883083359672).Within(1e-12));
            Assert.That(r.Band, Is.EqualTo(PsiBand.Shift));
            Assert.That(r.Bins, Has.Count.EqualTo(2));
            Assert.That(r.Bins[0].Upper, Is.EqualTo(5.5));
            Assert.That(r.Bins[0].Lower, Is.EqualTo(double.NegativeInfinity));
            Assert.That(r.Bins[1].Upper, Is.EqualTo(double.PositiveInfinity));
            Assert.That((r.Bins[0].ExpectedCount, r.Bins[0].ActualCount), Is.EqualTo((5, 8)));
            Assert.That(r.Bins[1].ActualShare, Is.EqualTo(0.2));
        });
    }

    [Test]
    public void Compute_EmptyActualBin_UsesEpsilonShare()
    {
        // Actual all <= 5.5: shares 1.0 / 0. Bin 2's actual share is replaced by 1e-4:
        // 0.5 ln(1/0.5) + (1e-4 - 0.5) ln(1e-4/0.5) = 0.3465736 + 4.2577448 = 4.6043185.
        var r = Psi.Compute(OneToTen, [1, 2, 3], bins: 2);
        Assert.Multiple(() =>
        {
            Assert.That(r.Value, Is.EqualTo(4.60431846666895).Within(1e-12));
            Assert.That(r.Bins[1].ActualShare, Is.Zero); // raw share is reported
        });
    }

    [Test]
    public void Compute_SameSample_ZeroAndStable()
    {
        var r = Psi.Compute(OneToTen, OneToTen);
        Assert.Multiple(() =>
        {
            Assert.That(r.Value, Is.Zero);
            Assert.That(r.Band, Is.EqualTo(PsiBand.Stable));
            Assert.That(r.Bins, Has.Count.EqualTo(10)); // deciles of 1..10 are 1.9, 2.8, ... 9.1: one value each
        });
    }

    [Test]
    public void Compute_HeavyTies_DuplicateCutsMerged()
    {
        // 6 zeros and 4 ones: all quantiles 0.1..0.5 are 0, 0.6 (h = 5.4) interpolates to 0.4, 0.7..0.9 are 1.
        // Distinct cuts 0, 0.4, 1 -> 4 bins, the last (1, inf) empty in the expected sample.
        var r = Psi.Compute([0, 0, 0, 0, 0, 0, 1, 1, 1, 1], [0, 1]);
        Assert.That(r.Bins.Select(b => b.Upper), Is.EqualTo(new[] { 0, 0.4, 1, double.PositiveInfinity }).Within(1e-12));
    }

    [TestCase(0.0999, PsiBand.Stable)]
    [TestCase(0.1, PsiBand.Watch)] // 0.1 itself is Watch
    [TestCase(0.25, PsiBand.Watch)] // 0.25 itself is still Watch
    [TestCase(0.2501, PsiBand.Shift)]
    public void Classify_Boundaries_Bands(double psi, PsiBand expected)
    {
        Assert.That(Psi.Classify(psi), Is.EqualTo(expected));
    }

    [Test]
    public void Compute_NaNInNumericSample_ThrowsPointingToComputeFeature()
    {
        var ex = Assert.Throws<ArgumentException>(() => Psi.Compute(OneToTen, [1, double.NaN]));
        Assert.That(ex!.Message, Does.StartWith("actual[1] = NaN: PSI values must be finite; use ComputeFeature when NaN means missing."));
    }

    [Test]
    public void ComputeFeature_NaN_OwnBinHandComputed()
    {
        // Expected finite values 1..4, median cut (type 7) = 2.5. Shares of all 5 rows:
        //   expected: <=2.5: 2 -> 0.4, >2.5: 2 -> 0.4, missing 1 -> 0.2
        //   actual [1, 2, 3, NaN, NaN]: 0.4, 0.2, 0.4
        // PSI = 0 + (0.2-0.4) ln(0.5) + (0.4-0.2) ln(2) = 0.4 ln 2 = 0.2772589.
        var r = Psi.ComputeFeature([1f, 2f, 3f, 4f, float.NaN], [1f, 2f, 3f, float.NaN, float.NaN], bins: 2);
        Assert.Multiple(() =>
        {
            Assert.That(r.Value, Is.EqualTo(0.2772588722239781).Within(1e-12));
            Assert.That(r.Bins, Has.Count.EqualTo(3));
            Assert.That(r.Bins[2].IsMissing, Is.True);
            Assert.That((r.Bins[2].ExpectedCount, r.Bins[2].ActualCount), Is.EqualTo((1, 2)));
        });
    }

    [Test]
    public void ComputeFeature_NoMissing_NoMissingBin()
    {
        var r = Psi.ComputeFeature([1f, 2f, 3f, 4f], [1f, 2f], bins: 2);
        Assert.That(r.Bins.Any(b => b.IsMissing), Is.False);
    }

    [Test]
    public void ComputeByFeature_TwoFeatures_OnePsiEach()
    {
        // Feature "a" identical in both samples (PSI 0); feature "b" is the ComputeFeature case above.
        float[][] expected = [[1, 1], [2, 2], [3, 3], [4, 4], [5, float.NaN]];
        float[][] actual = [[1, 1], [2, 2], [3, 3], [4, float.NaN], [5, float.NaN]];
        var r = Psi.ComputeByFeature(["a", "b"], expected, actual, bins: 2);
        Assert.Multiple(() =>
        {
            Assert.That(r.Select(f => f.Feature), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(r[0].Result.Value, Is.Zero);
            Assert.That(r[1].Result.Value, Is.EqualTo(0.2772588722239781).Within(1e-12));
            Assert.That(r[1].Index, Is.EqualTo(1));
        });
    }

    [Test]
    public void ComputeByFeature_RowWrongLength_MessageNamesRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => Psi.ComputeByFeature(["a", "b"], [[1f, 2f]], [[1f, 2f], [3f]]));
        Assert.That(ex!.Message, Does.StartWith("actualRows[1] has 1 values; every row must have 2 values, one per feature name."));
    }

    [Test]
    public void ComputeByFeature_InfiniteValue_MessageNamesSampleRowAndFeature()
    {
        var ex = Assert.Throws<ArgumentException>(() => Psi.ComputeByFeature(["a", "b"], [[1f, 2f]], [[1f, 2f], [3f, float.NegativeInfinity]]));
        Assert.That(ex!.Message, Does.StartWith("actualRows[1][1] (feature 'b') = -Infinity: PSI values must be finite or NaN (missing)."));
    }

    [Test]
    public void ComputeFeature_Infinity_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Psi.ComputeFeature([1f, float.PositiveInfinity], [1f]));
        Assert.That(ex!.Message, Does.StartWith("expected[1] = Infinity: PSI values must be finite or NaN (missing)."));
    }
}
