using RiskScoring.Training.Binning;

namespace RiskScoring.Training.Tests.Binning;

public sealed class CharacteristicSelectorTests
{
    [Test]
    public void Defaults_ArePinned()
    {
        Assert.That(SelectionOptions.Default.MinInformationValue, Is.EqualTo(0.02));
        Assert.That(SelectionOptions.Default.MaxCorrelation, Is.EqualTo(0.7));
    }

    [Test]
    public void Select_WeakAndDuplicatedCharacteristics_DropsThemWithReasons()
    {
        // strong: step at 50 (2 % → 20 %), IV ≈ 0.62. copy: the same step with tiny noise in x (WoE r ≈ 1 with
        // strong, lower or equal IV → dropped for correlation). noise: x unrelated to the label (IV < 0.02).
        var (x, bad) = OptimalBinnerTests.Grid(0, 100, 100, v => v < 50 ? 2 : 20);
        var copy = x.Select((v, i) => i % 97 == 0 ? 99 - v : v).ToArray();
        var random = new Random(1);
        var noise = x.Select(_ => (float)random.Next(100)).ToArray();
        var binner = new OptimalBinner();
        var strong = binner.Fit(FeatureBinningSpec.Numeric("strong"), x, bad);
        var dup = binner.Fit(FeatureBinningSpec.Numeric("copy"), copy, bad);
        var weak = binner.Fit(FeatureBinningSpec.Numeric("noise"), noise, bad);

        var report = new CharacteristicSelector().Select([weak, dup, strong], [noise, copy, x]);

        Assert.That(report.Selected.Select(r => r.FeatureName), Is.EqualTo(new[] { "strong" }));
        Assert.That(report.Decisions.Select(d => d.Outcome), Is.EqualTo(new[]
        {
            SelectionOutcome.LowInformationValue, SelectionOutcome.HighCorrelation, SelectionOutcome.Selected,
        }));
        Assert.That(report.Decisions[1].CorrelatedWith, Is.EqualTo("strong"));
        Assert.That(report.Decisions[1].Correlation, Is.GreaterThan(0.9));
        Assert.That(report.Decisions[0].Reason, Does.StartWith("IV 0.0"));
        Assert.That(report.Decisions[0].Reason, Does.EndWith("is below the minimum 0.0200."));
        Assert.That(weak.InformationValue, Is.LessThan(0.02));
        Assert.That(dup.InformationValue, Is.LessThan(strong.InformationValue));
    }

    [Test]
    public void Select_UncorrelatedStrongCharacteristics_KeepsBoth()
    {
        // a: step on the first half of the rows' x; b: x shuffled deterministically, step depends on a different
        // split of the rows, so the WoE columns are nearly uncorrelated.
        var (x, bad) = OptimalBinnerTests.Grid(0, 100, 100, v => v < 50 ? 2 : 20);
        var other = x.Select((v, i) => bad[i] ? (float)(i % 100) : (float)((i * 31) % 100)).ToArray();
        var binner = new OptimalBinner();
        var a = binner.Fit(FeatureBinningSpec.Numeric("a"), x, bad);
        var b = binner.Fit(FeatureBinningSpec.Numeric("b"), other, bad);

        var report = new CharacteristicSelector(new SelectionOptions { MinInformationValue = 0 }).Select([a, b], [x, other]);
        var woeA = new double[x.Length];
        var woeB = new double[x.Length];
        var transformer = new WoeTransformer([a, b]);
        transformer.TransformColumn(0, x, woeA);
        transformer.TransformColumn(1, other, woeB);

        Assert.That(Math.Abs(CharacteristicSelector.Pearson(woeA, woeB)), Is.LessThan(0.7));
        Assert.That(report.Selected, Has.Count.EqualTo(2));
    }

    [Test]
    public void Pearson_HandExample_MatchesFormula()
    {
        // x = 1,2,3; y = 2,4,7: means 2 and 13/3; sxy = (−1)(−7/3) + 0 + (1)(8/3) = 5; sxx = 2; syy = 49/9+1/9+64/9 = 114/9.
        // r = 5 / sqrt(2 · 114/9) = 0.993399.
        Assert.That(CharacteristicSelector.Pearson([1, 2, 3], [2, 4, 7]), Is.EqualTo(5 / Math.Sqrt(2 * 114.0 / 9)).Within(1e-12));
        Assert.That(CharacteristicSelector.Pearson([1, 1, 1], [2, 4, 7]), Is.Zero); // constant column
    }

    [Test]
    public void Constructor_MaxCorrelationAboveOne_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CharacteristicSelector(new SelectionOptions { MaxCorrelation = 1.5 }));
        Assert.That(e!.Message, Does.StartWith("SelectionOptions.MaxCorrelation = 1.5: must be between 0 and 1."));
    }
}
