using RiskScoring.Features;

namespace RiskScoring.Tests.Features;

public sealed class FeatureDefinitionEqualityTests
{
    [Test]
    public void Equals_CategoricalReadBackFromJson_EqualsTheStandardDefinition()
    {
        // A schema read from a model package builds new Categories arrays; equality must compare their contents,
        // or a FeatureExtractor refuses every loaded borrower model with a categorical feature.
        var roundTripped = FeatureSchema.FromJson(BorrowerFeatures.Schema.ToJson());
        for (int i = 0; i < BorrowerFeatures.StandardCount; i++)
        {
            Assert.That(roundTripped[i], Is.EqualTo(BorrowerFeatures.Standard[i]), roundTripped[i].Name);
            Assert.That(roundTripped[i].GetHashCode(), Is.EqualTo(BorrowerFeatures.Standard[i].GetHashCode()), roundTripped[i].Name);
        }

        Assert.That(() => new FeatureExtractor(roundTripped), Throws.Nothing);
    }

    [Test]
    public void Equals_DifferentCategoryOrder_IsNotEqual()
    {
        var a = FeatureDefinition.Categorical("c", "d", "x", "y");
        var b = FeatureDefinition.Categorical("c", "d", "y", "x");
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a, Is.EqualTo(FeatureDefinition.Categorical("c", "d", "x", "y")));
    }
}
