using RiskScoring.Features;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Tests.Data;

public sealed class FeatureSummaryTests
{
    private static FeatureTable Table()
    {
        var schema = new FeatureSchema("t", 1,
        [
            FeatureDefinition.Numeric("x", "a number"),
            FeatureDefinition.Categorical("c", "a category", "lo", "hi"),
        ]);

        // Rows (x, c): (1, lo), (NaN, hi), (4, hi), (2, NaN), (3, lo)
        float[] values = [1, 0, float.NaN, 1, 4, 1, 2, float.NaN, 3, 0];
        return new FeatureTable(schema, values, [true, false, false, false, true], ["a", "b", "c", "d", "e"]);
    }

    [Test]
    public void Compute_NumericFeature_MatchesHandComputedStatistics()
    {
        var x = FeatureSummary.Compute(Table())["x"];

        // Non-missing 1, 4, 2, 3: mean 2.5; deviations ±1.5, ±0.5 → Σd² = 5 → sample sd = √(5/3) = 1.29099.
        // Sorted 1, 2, 3, 4: p25 at position 0.75 → 1.75; median at 1.5 → 2.5; p75 at 2.25 → 3.25.
        Assert.That((x.Count, x.Missing, x.MissingShare), Is.EqualTo((5, 1, 0.2)));
        Assert.That(x.Mean, Is.EqualTo(2.5).Within(1e-12));
        Assert.That(x.StandardDeviation, Is.EqualTo(Math.Sqrt(5.0 / 3)).Within(1e-12));
        Assert.That((x.Min, x.P25, x.Median, x.P75, x.Max), Is.EqualTo((1.0, 1.75, 2.5, 3.25, 4.0)));
    }

    [Test]
    public void Compute_CategoricalFeature_CountsCategoriesAndMissing()
    {
        var summary = FeatureSummary.Compute(Table());
        var c = summary["c"];
        Assert.That(c.Categories, Is.EqualTo(new[] { new CategoryCount("lo", 2), new CategoryCount("hi", 2) }));
        Assert.That(c.Missing, Is.EqualTo(1));
        Assert.That(c.Mean, Is.NaN);
        Assert.That(summary.PositiveRate, Is.EqualTo(0.4));
    }

    [Test]
    public void ToText_RendersHeaderRowsAndCategories()
    {
        string text = FeatureSummary.Compute(Table()).ToText();
        Assert.That(text, Is.EqualTo(
            "5 rows, default rate 40.00 %\n" +
            "feature     count  missing       mean        std        min        p25     median        p75        max\n" +
            "x               5    20.0%        2.5      1.291          1       1.75        2.5       3.25          4\n" +
            "\n" +
            "feature     count  missing  categories (count)\n" +
            "c               5    20.0%  lo 2, hi 2\n"));
    }

    [Test]
    public void Indexer_UnknownName_ThrowsNamingIt()
    {
        Assert.That(() => FeatureSummary.Compute(Table())["nope"], Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("'nope'"));
    }

    [Test]
    public void Compute_AllMissing_GivesNaNStatistics()
    {
        var schema = new FeatureSchema("t", 1, [FeatureDefinition.Numeric("x", "a number")]);
        var x = FeatureSummary.Compute(new FeatureTable(schema, [float.NaN, float.NaN], null, ["a", "b"]))["x"];
        Assert.That((x.Missing, x.Mean, x.Median), Is.EqualTo((2, double.NaN, double.NaN)));
    }
}
