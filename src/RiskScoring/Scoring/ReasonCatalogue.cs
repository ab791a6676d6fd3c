using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskScoring.Features;

namespace RiskScoring.Scoring;

/// <summary>A reason's stable code and the plain-language text a lender can print on an adverse-action notice.</summary>
/// <param name="Code">Stable code, for example <c>"R09"</c>.</param>
/// <param name="Text">Plain-language text, for example <c>"Credit utilisation is high"</c>.</param>
public sealed record ReasonDefinition(string Code, string Text);

/// <summary>
/// The versioned catalogue that turns a feature (characteristic) into a reason code and text. The default catalogue
/// covers the standard borrower features and the columns of the bundled real data sets; a lender overrides or adds
/// entries with <see cref="With"/> or loads its own from JSON. A feature with no entry gets the code
/// <c>X-&lt;feature&gt;</c> and the text <c>"Value of &lt;feature&gt;"</c>, stable per feature.
/// </summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed class ReasonCatalogue
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Creates a catalogue.</summary>
    /// <param name="version">Catalogue version, recorded with every decision that prints its reasons.</param>
    /// <param name="entries">Reason per feature name (case-sensitive).</param>
    public ReasonCatalogue(string version, IReadOnlyDictionary<string, ReasonDefinition> entries)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var pair in entries)
        {
            if (pair.Value is null || string.IsNullOrWhiteSpace(pair.Value.Code) || string.IsNullOrWhiteSpace(pair.Value.Text))
            {
                throw new ArgumentException($"Reason for feature '{pair.Key}' needs a non-empty code and text.", nameof(entries));
            }
        }

        Version = version;
        Entries = entries.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>The catalogue version.</summary>
    public string Version { get; }

    /// <summary>Reason per feature name.</summary>
    public ImmutableDictionary<string, ReasonDefinition> Entries { get; }

    /// <summary>The default catalogue (version <c>2026.1</c>).</summary>
    public static ReasonCatalogue Default { get; } = CreateDefault();

    /// <summary>The reason for a feature: its entry, or the generated <c>X-&lt;feature&gt;</c> reason.</summary>
    /// <param name="featureName">Feature name.</param>
    /// <returns>The reason definition.</returns>
    public ReasonDefinition For(string featureName) =>
        Entries.TryGetValue(featureName, out var reason) ? reason : new ReasonDefinition("X-" + featureName, "Value of " + featureName);

    /// <summary>Resolves the reason of every feature of a schema, by index (done once when a scorer is built).</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>One definition per feature.</returns>
    public ImmutableArray<ReasonDefinition> Resolve(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return [.. schema.Features.Select(f => For(f.Name))];
    }

    /// <summary>A copy with one entry added or replaced.</summary>
    /// <param name="featureName">Feature name.</param>
    /// <param name="reason">The reason.</param>
    /// <param name="version">The new catalogue version (a changed catalogue is a new version).</param>
    /// <returns>The new catalogue.</returns>
    public ReasonCatalogue With(string featureName, ReasonDefinition reason, string version) =>
        new(version, Entries.SetItem(featureName, reason));

    /// <summary>Serialises the catalogue to JSON.</summary>
    /// <returns>JSON with <c>version</c> and <c>entries</c>.</returns>
    public string ToJson() => JsonSerializer.Serialize(new CatalogueDto(Version, Entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value)), JsonOptions);

    /// <summary>Reads a catalogue written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="InvalidDataException">When the JSON is malformed or lacks the version or entries.</exception>
    public static ReasonCatalogue FromJson(string json)
    {
        try
        {
            var dto = JsonSerializer.Deserialize<CatalogueDto>(json, JsonOptions);
            if (dto?.Version is null || dto.Entries is null)
            {
                throw new InvalidDataException("A reason catalogue needs 'version' and 'entries'.");
            }

            return new ReasonCatalogue(dto.Version, dto.Entries);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The reason catalogue JSON is malformed: " + ex.Message, ex);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("The reason catalogue is invalid: " + ex.Message, ex);
        }
    }

    private static ReasonCatalogue CreateDefault()
    {
        var income = new ReasonDefinition("R01", "Income is low");
        var age = new ReasonDefinition("R08", "Age");
        var utilisation = new ReasonDefinition("R09", "Credit utilisation is high");
        var dti = new ReasonDefinition("R11", "Debt obligations are high relative to income");
        var late30 = new ReasonDefinition("R12", "Payments 30-59 days late");
        var late60 = new ReasonDefinition("R13", "Payments 60-89 days late");
        var late90 = new ReasonDefinition("R14", "Payments 90 or more days late");
        var dependents = new ReasonDefinition("R19", "Number of dependents");
        var openLines = new ReasonDefinition("R20", "Number of open credit lines and loans");
        var entries = new Dictionary<string, ReasonDefinition>(StringComparer.Ordinal)
        {
            // Standard borrower features (BorrowerFeatures.Standard).
            ["income_mean"] = income,
            ["income_cv"] = new("R02", "Income varies a lot from month to month"),
            ["income_drop_share"] = new("R03", "Income has dropped sharply in recent months"),
            ["income_trend"] = new("R04", "Income is falling"),
            ["income_months"] = new("R05", "Income history is short"),
            ["employment_type"] = new("R06", "Type of employment"),
            ["employment_months"] = new("R07", "Time in current employment is short"),
            ["age"] = age,
            ["age_group"] = age,
            ["revolving_utilisation"] = utilisation,
            ["max_line_utilisation"] = new("R10", "A credit line is at or near its limit"),
            ["debt_to_income"] = dti,
            ["past_due_30_59"] = late30,
            ["past_due_60_89"] = late60,
            ["past_due_90_plus"] = late90,
            ["months_since_delinquency"] = new("R15", "Delinquency is recent"),
            ["ever_delinquent"] = new("R16", "Delinquency on record"),
            ["months_on_book"] = new("R17", "Relationship with the lender is short"),
            ["enquiries_6m"] = new("R18", "Too many recent credit enquiries"),
            ["dependents"] = dependents,
            ["open_credit_lines"] = openLines,
            ["borrower_kind"] = new("R21", "Type of borrower"),
            ["business_revenue"] = new("R22", "Business revenue is low"),
            ["years_trading"] = new("R23", "Business has traded for a short time"),

            // Give Me Some Credit columns (table route).
            ["RevolvingUtilizationOfUnsecuredLines"] = utilisation,
            ["NumberOfTime30-59DaysPastDueNotWorse"] = late30,
            ["NumberOfTime60-89DaysPastDueNotWorse"] = late60,
            ["NumberOfTimes90DaysLate"] = late90,
            ["DebtRatio"] = dti,
            ["MonthlyIncome"] = income,
            ["NumberOfOpenCreditLinesAndLoans"] = openLines,
            ["NumberRealEstateLoansOrLines"] = new("R24", "Number of real estate loans"),
            ["NumberOfDependents"] = dependents,
        };
        return new ReasonCatalogue("2026.1", entries);
    }

    private sealed record CatalogueDto(
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("entries")] Dictionary<string, ReasonDefinition>? Entries);
}
