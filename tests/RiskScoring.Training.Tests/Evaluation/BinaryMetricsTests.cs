using System.Diagnostics;
using CsCheck;
using RiskScoring.Training.Evaluation;

namespace RiskScoring.Training.Tests.Evaluation;

[TestFixture]
public sealed class BinaryMetricsTests
{
    // Bads 0.35 and 0.8, goods 0.1 and 0.4. Pairs (bad > good): 0.35>0.1 yes, 0.35>0.4 no, 0.8>0.1 yes,
    // 0.8>0.4 yes -> 3 of 4 pairs -> AUC 0.75.
    private static readonly double[] KnownPd = [0.1, 0.4, 0.35, 0.8];
    private static readonly bool[] KnownLabels = [false, false, true, true];

    // Bads 0.5 and 0.9, goods 0.2 and 0.5: 0.5>0.2 = 1, 0.5 vs 0.5 tie = 0.5, 0.9 beats both = 2 -> 3.5/4 = 0.875.
    private static readonly double[] TiedPd = [0.2, 0.5, 0.5, 0.9];
    private static readonly bool[] TiedLabels = [false, true, false, true];

    [Test]
    public void Auc_KnownRanking_IsThreeQuarters()
    {
        Assert.That(BinaryMetrics.Auc(KnownPd, KnownLabels), Is.EqualTo(0.75).Within(1e-15));
    }

    [Test]
    public void Gini_KnownRanking_IsTwiceAucMinusOne()
    {
        // 2 * 0.75 - 1 = 0.5
        Assert.That(BinaryMetrics.Gini(KnownPd, KnownLabels), Is.EqualTo(0.5).Within(1e-15));
    }

    [Test]
    public void Auc_SingleTiedPair_ContributesOneHalf()
    {
        // One bad, one good, same PD: the only pair is a tie -> 0.5.
        Assert.That(BinaryMetrics.Auc([0.3, 0.3], [true, false]), Is.EqualTo(0.5));
    }

    [Test]
    public void Auc_TieBetweenClasses_CountsHalfAPair()
    {
        Assert.That(BinaryMetrics.Auc(TiedPd, TiedLabels), Is.EqualTo(0.875).Within(1e-15));
    }

    [Test]
    public void Auc_ReversedRanking_IsZero()
    {
        // Every bad has a lower PD than every good.
        Assert.That(BinaryMetrics.Auc([0.9, 0.8, 0.1, 0.2], [false, false, true, true]), Is.EqualTo(0.0));
    }

    [Test]
    public void Auc_RandomDataWithTies_MatchesPairwiseDefinition()
    {
        var rng = new Random(7);
        for (var trial = 0; trial < 20; trial++)
        {
            var (pd, y) = RandomSample(rng, 50 + trial * 7, decimals: 1);
            Assert.That(BinaryMetrics.Auc(pd, y), Is.EqualTo(NaiveDeLong(pd, y).Auc).Within(1e-12), $"trial {trial}");
        }
    }

    [Test]
    public void KolmogorovSmirnov_SmallCase_MaxDistanceAndThreshold()
    {
        // Goods 0.1, 0.2, 0.4; bads 0.3, 0.5, 0.6. Cumulative shares with PD <= t (good, bad):
        // t=0.1 (1/3, 0), t=0.2 (2/3, 0) -> 2/3, t=0.3 (2/3, 1/3), t=0.4 (1, 1/3) -> 2/3 again, t=0.5 (1, 2/3), t=0.6 (1, 1).
        // Maximum 2/3, first reached at PD 0.2.
        var ks = BinaryMetrics.KolmogorovSmirnov([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [false, false, true, false, true, true]);
        Assert.Multiple(() =>
        {
            Assert.That(ks.Statistic, Is.EqualTo(2.0 / 3.0).Within(1e-15));
            Assert.That(ks.Threshold, Is.EqualTo(0.2));
            Assert.That(ks.CumulativeGoodShare, Is.EqualTo(2.0 / 3.0).Within(1e-15));
            Assert.That(ks.CumulativeBadShare, Is.EqualTo(0.0));
        });
    }

    [Test]
    public void KolmogorovSmirnov_TiedScores_EvaluatedOnlyAfterWholeTieGroup()
    {
        // All four rows share PD 0.5: the only threshold is 0.5 where both distributions reach 1 -> KS 0.
        var ks = BinaryMetrics.KolmogorovSmirnov([0.5, 0.5, 0.5, 0.5], [true, false, true, false]);
        Assert.That(ks.Statistic, Is.EqualTo(0.0));
    }

    [Test]
    public void BrierScore_ThreeRows_MeanSquaredError()
    {
        // (0.1-0)^2 + (0.8-1)^2 + (0.5-1)^2 = 0.01 + 0.04 + 0.25 = 0.30; / 3 = 0.1
        Assert.That(BinaryMetrics.BrierScore([0.1, 0.8, 0.5], [false, true, true]), Is.EqualTo(0.1).Within(1e-15));
    }

    [Test]
    public void LogLoss_ThreeRows_MeanNegativeLogLikelihood()
    {
        // -(ln 0.9 + ln 0.8 + ln 0.5) / 3 = (0.1053605 + 0.2231436 + 0.6931472) / 3 = 0.3405504158
        Assert.That(BinaryMetrics.LogLoss([0.1, 0.8, 0.5], [false, true, true]), Is.EqualTo(0.34055041584399376).Within(1e-14));
    }

    [Test]
    public void LogLoss_ConfidentWrongPredictions_ClippedAtOneEMinus15()
    {
        // PD 0 for a default and PD 1 for a non-default: each clipped to 1e-15 -> -ln(1e-15) = 34.538776394910684.
        Assert.That(BinaryMetrics.LogLoss([0.0, 1.0], [true, false]), Is.EqualTo(34.538776394910684).Within(1e-9));
    }

    [Test]
    public void AucWithConfidenceInterval_KnownRanking_HandComputedDeLongVariance()
    {
        // Structural components: V10 (bads) = share of goods below: 0.35 -> 1/2, 0.8 -> 1.
        // V01 (goods) = share of bads above: 0.1 -> 1, 0.4 -> 1/2.
        // S10 = S01 = sample variance of {1/2, 1} = 2 * 0.25^2 / 1 = 0.125.
        // Var = S10/m + S01/n = 0.125/2 + 0.125/2 = 0.125; SE = 0.3535534.
        // 95%: z = 1.959964; 0.75 - z*SE = 0.0570481; 0.75 + z*SE = 1.44 -> clipped to 1.
        var ci = BinaryMetrics.AucWithConfidenceInterval(KnownPd, KnownLabels);
        Assert.Multiple(() =>
        {
            Assert.That(ci.Auc, Is.EqualTo(0.75).Within(1e-15));
            Assert.That(ci.Variance, Is.EqualTo(0.125).Within(1e-15));
            Assert.That(ci.StandardError, Is.EqualTo(Math.Sqrt(0.125)).Within(1e-15));
            Assert.That(ci.Lower, Is.EqualTo(0.05704808782516124).Within(1e-9));
            Assert.That(ci.Upper, Is.EqualTo(1.0));
            Assert.That(ci.Level, Is.EqualTo(0.95));
        });
    }

    [Test]
    public void AucWithConfidenceInterval_TiedScores_HandComputedDeLongVariance()
    {
        // Bads 0.5, 0.9; goods 0.2, 0.5. V10: 0.5 -> (1 below + 1/2 tie)/2 = 0.75, 0.9 -> 1.
        // V01: 0.2 -> 2/2 = 1, 0.5 -> (1 above + 1/2 tie)/2 = 0.75. AUC = 0.875.
        // S10 = S01 = var{0.75, 1} = 2 * 0.125^2 = 0.03125; Var = 0.03125/2 + 0.03125/2 = 0.03125.
        // 95% CI: 0.875 -/+ 1.959964 * 0.1767767 = 0.5285240 / 1.2214760 -> upper clipped to 1.
        var ci = BinaryMetrics.AucWithConfidenceInterval(TiedPd, TiedLabels);
        Assert.Multiple(() =>
        {
            Assert.That(ci.Auc, Is.EqualTo(0.875).Within(1e-15));
            Assert.That(ci.Variance, Is.EqualTo(0.03125).Within(1e-15));
            Assert.That(ci.Lower, Is.EqualTo(0.5285240439125807).Within(1e-9));
            Assert.That(ci.Upper, Is.EqualTo(1.0));
        });
    }

    [Test]
    public void AucWithConfidenceInterval_NinetyPercentLevel_NarrowerInterval()
    {
        // z(0.95) = 1.6448536; 0.75 - 1.6448536 * 0.3535534 = 0.16845 (vs 0.05705 at 95%).
        var ci = BinaryMetrics.AucWithConfidenceInterval(KnownPd, KnownLabels, level: 0.90);
        Assert.That(ci.Lower, Is.EqualTo(0.75 - (1.6448536269514722 * Math.Sqrt(0.125))).Within(1e-9));
    }

    [Test]
    public void AucWithConfidenceInterval_RandomDataWithTies_MatchesDefinitionalDeLong()
    {
        // Fast Sun & Xu algorithm against DeLong's definition with the full m x n comparison matrix.
        var rng = new Random(11);
        for (var trial = 0; trial < 20; trial++)
        {
            var (pd, y) = RandomSample(rng, 30 + trial * 13, decimals: trial % 2 == 0 ? 2 : 6);
            var fast = BinaryMetrics.AucWithConfidenceInterval(pd, y);
            var naive = NaiveDeLong(pd, y);
            Assert.That(fast.Variance, Is.EqualTo(naive.Variance).Within(1e-12), $"trial {trial}");
        }
    }

    [Test]
    public void AucWithConfidenceInterval_GeneratedSamples_MatchesDefinitionalDeLong()
    {
        // Property: on any sample with >= 2 rows of each class (PDs on a 1/20 grid, so many ties),
        // the fast algorithm equals DeLong's definition.
        Gen.Select(Gen.Int[0, 20], Gen.Bool).Array[4, 60]
            .Where(a => a.Count(t => t.Item2) >= 2 && a.Count(t => !t.Item2) >= 2)
            .Sample(a =>
            {
                var pd = a.Select(t => t.Item1 / 20.0).ToArray();
                var y = a.Select(t => t.Item2).ToArray();
                var fast = BinaryMetrics.AucWithConfidenceInterval(pd, y);
                var naive = NaiveDeLong(pd, y);
                return Math.Abs(fast.Auc - naive.Auc) < 1e-12 && Math.Abs(fast.Variance - naive.Variance) < 1e-12;
            });
    }

    [Test]
    public void AucWithConfidenceInterval_SingleDefault_VarianceIsNaN()
    {
        // With one default the sample variance of its structural component is undefined.
        var ci = BinaryMetrics.AucWithConfidenceInterval([0.1, 0.2, 0.9], [false, false, true]);
        Assert.Multiple(() =>
        {
            Assert.That(ci.Auc, Is.EqualTo(1.0));
            Assert.That(ci.Variance, Is.NaN);
            Assert.That(ci.Lower, Is.NaN);
        });
    }

    [Test]
    public void AucWithConfidenceInterval_150kRows_RunsInNLogN()
    {
        // Sanity, not a timing assertion: a quadratic algorithm would need 150k^2/4 ~ 5.6e9 comparisons here.
        var rng = new Random(3);
        var (pd, y) = RandomSample(rng, 150_000, decimals: 4);
        var sw = Stopwatch.StartNew();
        var ci = BinaryMetrics.AucWithConfidenceInterval(pd, y);
        sw.Stop();
        TestContext.Out.WriteLine($"AUC {ci.Auc:F4} SE {ci.StandardError:F5} on 150,000 rows in {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        var report = BinaryEvaluator.Evaluate(pd, y);
        sw.Stop();
        TestContext.Out.WriteLine($"Full BinaryEvaluator.Evaluate on 150,000 rows in {sw.Elapsed.TotalMilliseconds:F0} ms");
        Assert.That(report.Auc, Is.EqualTo(ci.Auc));

        // Informative signal in RandomSample: PD = 0.3 * label + 0.7 * uniform -> AUC = 1 - (0.4^2 / 0.7^2) / 2 = 0.8367.
        Assert.That(ci.Auc, Is.EqualTo(0.8367).Within(0.01));
    }

    [Test]
    public void Auc_LengthMismatch_MessageNamesBothArgumentsAndLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryMetrics.Auc([0.1, 0.2, 0.3, 0.4], [true, false, true]));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("predictedPd has 4 values but isDefault has 3"));
            Assert.That(ex.ParamName, Is.EqualTo("isDefault"));
        });
    }

    [Test]
    public void Auc_NaNPd_MessageNamesIndexAndValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryMetrics.Auc([0.1, double.NaN], [true, false]));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("predictedPd[1] = NaN: a predicted PD must be a finite number in [0, 1]."));
            Assert.That(ex.ParamName, Is.EqualTo("predictedPd"));
        });
    }

    [TestCase(1.5, "1.5")] // above 1
    [TestCase(-0.01, "-0.01")] // below 0
    [TestCase(double.PositiveInfinity, "Infinity")] // infinity
    public void BrierScore_PdOutsideUnitInterval_MessageNamesIndexAndValue(double bad, string shown)
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryMetrics.BrierScore([0.1, 0.2, bad], [true, false, true]));
        Assert.That(ex!.Message, Does.StartWith($"predictedPd[2] = {shown}: a predicted PD must be a finite number in [0, 1]."));
    }

    [Test]
    public void Auc_OnlyOneClass_MessageSaysBothClassesNeeded()
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryMetrics.Auc([0.1, 0.2], [false, false]));
        Assert.That(ex!.Message, Does.StartWith("isDefault has 0 defaults in 2 rows; this metric needs at least one default (true) and one non-default (false)."));
    }

    [Test]
    public void BrierScore_Empty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryMetrics.BrierScore([], []));
        Assert.That(ex!.Message, Does.StartWith("predictedPd is empty"));
    }

    [TestCase(0.0)] // a 0% interval is meaningless
    [TestCase(1.0)] // a 100% normal interval is infinite
    [TestCase(double.NaN)]
    public void AucWithConfidenceInterval_LevelOutOfRange_Throws(double level)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.AucWithConfidenceInterval(KnownPd, KnownLabels, level));
        Assert.That(ex!.ParamName, Is.EqualTo("level"));
    }

    /// <summary>PD = 0.3·label + 0.7·U(0,1) rounded to <paramref name="decimals"/> (rounding creates ties); ~20% defaults.</summary>
    internal static (double[] Pd, bool[] Y) RandomSample(Random rng, int n, int decimals)
    {
        var pd = new double[n];
        var y = new bool[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < 0.2;
            pd[i] = Math.Round((y[i] ? 0.3 : 0.0) + (0.7 * rng.NextDouble()), decimals);
        }

        // Make sure both classes are present with at least two rows each.
        y[0] = y[1] = true;
        y[2] = y[3] = false;
        return (pd, y);
    }

    /// <summary>DeLong (1988) by definition: psi(x, y) = 1 if x &gt; y, 1/2 if equal, 0 otherwise, O(m·n).</summary>
    internal static (double Auc, double Variance) NaiveDeLong(double[] pd, bool[] y)
    {
        var bads = pd.Where((_, i) => y[i]).ToArray();
        var goods = pd.Where((_, i) => !y[i]).ToArray();
        double m = bads.Length, n = goods.Length;
        static double Psi(double x, double g) => x > g ? 1.0 : x == g ? 0.5 : 0.0;
        var v10 = bads.Select(x => goods.Sum(g => Psi(x, g)) / n).ToArray();
        var v01 = goods.Select(g => bads.Sum(x => Psi(x, g)) / m).ToArray();
        var auc = v10.Average();
        var s10 = v10.Sum(v => (v - auc) * (v - auc)) / (m - 1);
        var s01 = v01.Sum(v => (v - auc) * (v - auc)) / (n - 1);
        return (auc, (s10 / m) + (s01 / n));
    }
}
