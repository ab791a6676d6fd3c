using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskScoring.Features;

namespace RiskScoring.Scoring;

/// <summary>Which side of the reference value a reason text speaks of (see <see cref="ReasonDefinition"/>).</summary>
public enum ReasonDirection
{
    /// <summary>The text names the characteristic without saying which way the value lies ("Type of employment",
    /// "Level of income"); true for any value.</summary>
    Neutral = 0,

    /// <summary>The text says the value is low ("Income is low", "Time in current employment is short"): true only
    /// for a value below the reference.</summary>
    Low = 1,

    /// <summary>The text says the value is high ("Credit utilisation is high"): true only for a value above the
    /// reference.</summary>
    High = 2,
}

/// <summary>A reason's stable code and the plain-language texts a lender can print on an adverse-action notice.</summary>
/// <remarks>
/// <para>A directional text ("Income is low") is only true on one side of the characteristic's reference value, and the
/// models are not monotone (a scorecard bin above the best one can score worse, a tree can split either way). So a
/// definition states the <see cref="Direction"/> of its <see cref="Text"/>, and for a directional text the
/// <see cref="NeutralText"/> ("Level of income") and optionally the <see cref="OppositeText"/> for the other side. At
/// scoring the text is chosen from the applicant's value (see <see cref="ReasonCodeCalculator"/>): the
/// <see cref="Text"/> on its own side, the <see cref="OppositeText"/> (or, when there is none, the
/// <see cref="NeutralText"/>) on the other side, the <see cref="NeutralText"/> when the side is not known.</para>
/// <para>The code stays the same whichever text is printed (it identifies the characteristic);
/// <see cref="ReasonCode.Direction"/> tells which text was printed.</para>
/// </remarks>
/// <param name="Code">Stable code, for example <c>"R09"</c>.</param>
/// <param name="Text">Plain-language text, for example <c>"Credit utilisation is high"</c>.</param>
public sealed record ReasonDefinition(string Code, string Text)
{
    /// <summary>The side of the reference <see cref="Text"/> speaks of. Default <see cref="ReasonDirection.Neutral"/>
    /// (the text is printed whatever the value, as catalogues without directions were).</summary>
    public ReasonDirection Direction { get; init; }

    /// <summary>For a directional <see cref="Text"/>, the text for a value on the other side of the reference ("Credit
    /// utilisation is low"), or null when the other side is not a risk statement a lender would print (the
    /// <see cref="NeutralText"/> is printed then). Must be null for a neutral definition. Default null.</summary>
    public string? OppositeText { get; init; }

    /// <summary>The text that is true for any value ("Level of income"), printed when the value's side is not known
    /// (a special value, a value between two equally best bins) or is opposite with no <see cref="OppositeText"/>.
    /// Required for a directional definition; null for a neutral one (its <see cref="Text"/> is neutral). Default
    /// null.</summary>
    public string? NeutralText { get; init; }

    /// <summary>A directional definition.</summary>
    /// <param name="code">Stable code.</param>
    /// <param name="direction">The side <paramref name="text"/> speaks of (<see cref="ReasonDirection.Low"/> or
    /// <see cref="ReasonDirection.High"/>).</param>
    /// <param name="text">The text for a value on that side.</param>
    /// <param name="neutralText">The text true for any value.</param>
    /// <param name="oppositeText">The text for the other side, or null to print <paramref name="neutralText"/> there.
    /// Default null.</param>
    /// <returns>The definition (validated when it enters a <see cref="ReasonCatalogue"/>).</returns>
    public static ReasonDefinition Directional(string code, ReasonDirection direction, string text, string neutralText, string? oppositeText = null) =>
        new(code, text) { Direction = direction, NeutralText = neutralText, OppositeText = oppositeText };

    /// <summary>The text for a value below the reference.</summary>
    internal string LowText => Direction switch
    {
        ReasonDirection.Low => Text,
        ReasonDirection.High => OppositeText ?? NeutralText ?? Text,
        _ => Text,
    };

    /// <summary>The text for a value above the reference.</summary>
    internal string HighText => Direction switch
    {
        ReasonDirection.High => Text,
        ReasonDirection.Low => OppositeText ?? NeutralText ?? Text,
        _ => Text,
    };

    /// <summary>The text for a value whose side is not known.</summary>
    internal string AnySideText => Direction == ReasonDirection.Neutral ? Text : NeutralText ?? Text;

    /// <summary>The direction of <see cref="LowText"/>.</summary>
    internal ReasonDirection LowTextDirection => Direction == ReasonDirection.Low || (Direction == ReasonDirection.High && OppositeText is not null)
        ? ReasonDirection.Low
        : ReasonDirection.Neutral;

    /// <summary>The direction of <see cref="HighText"/>.</summary>
    internal ReasonDirection HighTextDirection => Direction == ReasonDirection.High || (Direction == ReasonDirection.Low && OppositeText is not null)
        ? ReasonDirection.High
        : ReasonDirection.Neutral;

    /// <summary>The rule a definition breaks, or null when valid.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Code) || string.IsNullOrWhiteSpace(Text))
        {
            return "needs a non-empty code and text";
        }

        if (!Enum.IsDefined(Direction))
        {
            return $"has direction {(int)Direction}, which is not Neutral, Low or High";
        }

        if (Direction == ReasonDirection.Neutral)
        {
            return OppositeText is not null || NeutralText is not null
                ? "is neutral, so it takes no opposite_text or neutral_text (its text is printed for any value)"
                : null;
        }

        if (string.IsNullOrWhiteSpace(NeutralText))
        {
            return $"has direction {Direction}, so it needs a non-empty neutral_text (printed when the value is not on the {Direction} side)";
        }

        return OppositeText is not null && string.IsNullOrWhiteSpace(OppositeText) ? "has an empty opposite_text (leave it out to print the neutral text)" : null;
    }
}

/// <summary>
/// The versioned catalogue that turns a feature (characteristic) into a reason code and text. The default catalogue
/// covers the standard borrower features and the columns of the bundled real data sets; a lender overrides or adds
/// entries with <see cref="With"/> or loads its own from JSON. A feature with no entry gets the code
/// <c>X-&lt;feature&gt;</c> and the neutral text <c>"Value of &lt;feature&gt;"</c>, stable per feature.
/// </summary>
/// <remarks>Directional texts ("Income is low") carry their <see cref="ReasonDefinition.Direction"/> and a neutral
/// text, so that a reason never states the opposite of the applicant's value (see <see cref="ReasonCodeCalculator"/>).
/// In JSON an entry is <c>{"code", "text", "direction", "opposite_text", "neutral_text"}</c> (direction
/// <c>"Neutral"</c>, <c>"Low"</c> or <c>"High"</c>; the last two fields left out when null). A catalogue written
/// before directions existed (entries with only <c>code</c> and <c>text</c>) still loads: its entries are
/// <see cref="ReasonDirection.Neutral"/>, so each text is printed for any value, exactly as before. A lender whose own
/// texts are directional should add the direction and neutral text (and change the catalogue version).</remarks>
/// <threadsafety>Immutable.</threadsafety>
public sealed class ReasonCatalogue
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Creates a catalogue.</summary>
    /// <param name="version">Catalogue version, recorded with every decision that prints its reasons.</param>
    /// <param name="entries">Reason per feature name (case-sensitive).</param>
    public ReasonCatalogue(string version, IReadOnlyDictionary<string, ReasonDefinition> entries)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var pair in entries)
        {
            string? problem = pair.Value is null ? "is null" : pair.Value.Problem();
            if (problem is not null)
            {
                throw new ArgumentException($"Reason for feature '{pair.Key}' {problem}.", nameof(entries));
            }
        }

        Version = version;
        Entries = entries.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>The catalogue version.</summary>
    public string Version { get; }

    /// <summary>Reason per feature name.</summary>
    public ImmutableDictionary<string, ReasonDefinition> Entries { get; }

    /// <summary>The default catalogue (version <c>2026.2</c>: the texts of 2026.1 with directions and neutral texts;
    /// R04 and R10 reworded so that they hold for any value on their side).</summary>
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
    /// <returns>JSON with <c>version</c> and <c>entries</c> (see the class remarks for an entry's fields).</returns>
    public string ToJson() => JsonSerializer.Serialize(new CatalogueDto(Version, Entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value)), JsonOptions);

    /// <summary>Reads a catalogue written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="InvalidDataException">When the JSON is malformed, lacks the version or entries, or an entry
    /// breaks a rule of <see cref="ReasonDefinition"/> (the message names the feature and the rule). Entries without
    /// <c>direction</c> are <see cref="ReasonDirection.Neutral"/>.</exception>
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
        // Directional texts say which side of the reference the value lies on; the neutral text is printed when the
        // applicant's value lies on the other side (see ReasonCodeCalculator). Codes are stable per characteristic.
        var income = ReasonDefinition.Directional("R01", ReasonDirection.Low, "Income is low", "Level of income");
        var age = new ReasonDefinition("R08", "Age");
        var utilisation = ReasonDefinition.Directional("R09", ReasonDirection.High, "Credit utilisation is high", "Level of credit utilisation");
        var dti = ReasonDefinition.Directional("R11", ReasonDirection.High, "Debt obligations are high relative to income", "Debt obligations relative to income");
        var late30 = ReasonDefinition.Directional("R12", ReasonDirection.High, "Payments 30-59 days late", "Number of payments 30-59 days late");
        var late60 = ReasonDefinition.Directional("R13", ReasonDirection.High, "Payments 60-89 days late", "Number of payments 60-89 days late");
        var late90 = ReasonDefinition.Directional("R14", ReasonDirection.High, "Payments 90 or more days late", "Number of payments 90 or more days late");
        var dependents = new ReasonDefinition("R19", "Number of dependents");
        var openLines = new ReasonDefinition("R20", "Number of open credit lines and loans");
        var entries = new Dictionary<string, ReasonDefinition>(StringComparer.Ordinal)
        {
            // Standard borrower features (BorrowerFeatures.Standard).
            ["income_mean"] = income,
            ["income_cv"] = ReasonDefinition.Directional("R02", ReasonDirection.High, "Income varies a lot from month to month", "Variability of income"),
            ["income_drop_share"] = ReasonDefinition.Directional("R03", ReasonDirection.High, "Income has dropped sharply in recent months", "Drops in monthly income"),

            // "Income is falling" would be false for a slowly rising income below a rising reference.
            ["income_trend"] = ReasonDefinition.Directional("R04", ReasonDirection.Low, "Income is falling or growing slowly", "Trend of income"),
            ["income_months"] = ReasonDefinition.Directional("R05", ReasonDirection.Low, "Income history is short", "Length of income history"),
            ["employment_type"] = new("R06", "Type of employment"),
            ["employment_months"] = ReasonDefinition.Directional("R07", ReasonDirection.Low, "Time in current employment is short", "Length of employment"),
            ["age"] = age,
            ["age_group"] = age,
            ["revolving_utilisation"] = utilisation,

            // "At or near its limit" would be false for a line above a low reference but far from its limit.
            ["max_line_utilisation"] = ReasonDefinition.Directional("R10", ReasonDirection.High, "A credit line is highly utilised", "Highest utilisation of a credit line"),
            ["debt_to_income"] = dti,
            ["past_due_30_59"] = late30,
            ["past_due_60_89"] = late60,
            ["past_due_90_plus"] = late90,
            ["months_since_delinquency"] = ReasonDefinition.Directional("R15", ReasonDirection.Low, "Delinquency is recent", "Time since last delinquency"),
            ["ever_delinquent"] = ReasonDefinition.Directional("R16", ReasonDirection.High, "Delinquency on record", "Delinquency history"),
            ["months_on_book"] = ReasonDefinition.Directional("R17", ReasonDirection.Low, "Relationship with the lender is short", "Length of relationship with the lender"),
            ["enquiries_6m"] = ReasonDefinition.Directional("R18", ReasonDirection.High, "Too many recent credit enquiries", "Number of recent credit enquiries"),
            ["dependents"] = dependents,
            ["open_credit_lines"] = openLines,
            ["borrower_kind"] = new("R21", "Type of borrower"),
            ["business_revenue"] = ReasonDefinition.Directional("R22", ReasonDirection.Low, "Business revenue is low", "Level of business revenue"),
            ["years_trading"] = ReasonDefinition.Directional("R23", ReasonDirection.Low, "Business has traded for a short time", "Length of time the business has traded"),

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
        return new ReasonCatalogue("2026.2", entries);
    }

    private sealed record CatalogueDto(
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("entries")] Dictionary<string, ReasonDefinition>? Entries);
}
