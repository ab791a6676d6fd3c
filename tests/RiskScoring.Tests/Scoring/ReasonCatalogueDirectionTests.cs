using RiskScoring.Scoring;

namespace RiskScoring.Tests.Scoring;

public sealed class ReasonCatalogueDirectionTests
{
    [Test]
    public void ToJson_DirectionalEntries_RoundTripWithDirectionOppositeAndNeutralText()
    {
        var catalogue = new ReasonCatalogue("acme-2", new Dictionary<string, ReasonDefinition>
        {
            ["lines"] = ReasonDefinition.Directional("L20", ReasonDirection.High, "Too many open credit lines", "Number of open credit lines", "Too few open credit lines"),
            ["income"] = ReasonDefinition.Directional("L01", ReasonDirection.Low, "Income is low", "Level of income"),
            ["kind"] = new("L06", "Type of employment"),
        });

        string json = catalogue.ToJson();
        var back = ReasonCatalogue.FromJson(json);

        Assert.That(back.Version, Is.EqualTo("acme-2"));
        Assert.That(back.Entries, Is.EquivalentTo(catalogue.Entries));
        Assert.That(back.Entries["lines"].OppositeText, Is.EqualTo("Too few open credit lines"));
        Assert.That(json, Does.Contain("\"direction\": \"High\"").And.Contain("\"neutral_text\": \"Level of income\""));

        // Null texts are left out: the neutral entry has only code, text and direction.
        Assert.That(json, Does.Not.Contain("null"));
    }

    [Test]
    public void FromJson_EntriesWithoutDirection_LoadAsNeutral()
    {
        // The 2026.1 format: code and text only. Each text is then printed for any value, as before directions existed.
        var back = ReasonCatalogue.FromJson("""
            { "version": "lender-2025", "entries": { "income_mean": { "code": "L01", "text": "Income below our minimum" } } }
            """);

        var entry = back.Entries["income_mean"];
        Assert.That(entry, Is.EqualTo(new ReasonDefinition("L01", "Income below our minimum")));
        Assert.That(entry.Direction, Is.EqualTo(ReasonDirection.Neutral));
        Assert.That(entry.NeutralText, Is.Null);
    }

    [Test]
    public void FromJson_DirectionalEntryWithoutNeutralText_IsRefusedNamingTheFeature()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ReasonCatalogue.FromJson("""
            { "version": "x", "entries": { "income_mean": { "code": "L01", "text": "Income is low", "direction": "Low" } } }
            """));
        Assert.That(ex!.Message, Does.Contain("income_mean").And.Contain("neutral_text"));
    }

    [Test]
    public void FromJson_UnknownDirection_IsRefused()
    {
        Assert.Throws<InvalidDataException>(() => ReasonCatalogue.FromJson("""
            { "version": "x", "entries": { "a": { "code": "L01", "text": "t", "direction": "Sideways", "neutral_text": "n" } } }
            """));
        var ex = Assert.Throws<InvalidDataException>(() => ReasonCatalogue.FromJson("""
            { "version": "x", "entries": { "a": { "code": "L01", "text": "t", "direction": 7, "neutral_text": "n" } } }
            """));
        Assert.That(ex!.Message, Does.Contain("direction 7"));
    }

    [Test]
    public void Constructor_NeutralEntryWithOppositeText_IsRefused()
    {
        var entry = new ReasonDefinition("L06", "Type of employment") { OppositeText = "Other type of employment" };
        var ex = Assert.Throws<ArgumentException>(() => new ReasonCatalogue("x", new Dictionary<string, ReasonDefinition> { ["employment_type"] = entry }));
        Assert.That(ex!.Message, Does.Contain("employment_type").And.Contain("neutral"));
    }

    [Test]
    public void Default_EveryDirectionalEntry_HasANeutralText()
    {
        foreach (var (feature, entry) in ReasonCatalogue.Default.Entries)
        {
            Assert.That(entry.Direction == ReasonDirection.Neutral || !string.IsNullOrWhiteSpace(entry.NeutralText), feature);
        }

        Assert.That(ReasonCatalogue.Default.For("MonthlyIncome").Direction, Is.EqualTo(ReasonDirection.Low));
        Assert.That(ReasonCatalogue.Default.For("DebtRatio").Direction, Is.EqualTo(ReasonDirection.High));
        Assert.That(ReasonCatalogue.Default.For("employment_type").Direction, Is.EqualTo(ReasonDirection.Neutral));
    }
}
