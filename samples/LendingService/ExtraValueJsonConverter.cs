using System.Text.Json;
using System.Text.Json.Serialization;
using RiskScoring.Profiles;

namespace RiskScoring.Samples.LendingService;

/// <summary>Reads a lender attribute as a JSON number (numeric) or string (categorical); writes it back the same way.</summary>
public sealed class ExtraValueJsonConverter : JsonConverter<ExtraValue>
{
    /// <inheritdoc/>
    public override ExtraValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => ExtraValue.Numeric(reader.GetDouble()),
        JsonTokenType.String => ExtraValue.Categorical(reader.GetString()!),
        _ => throw new JsonException("A lender attribute must be a number or a string."),
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, ExtraValue value, JsonSerializerOptions options)
    {
        if (value.IsCategorical)
        {
            writer.WriteStringValue(value.Category);
        }
        else
        {
            writer.WriteNumberValue(value.Number);
        }
    }
}
