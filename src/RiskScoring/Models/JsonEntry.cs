using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RiskScoring.Models;

/// <summary>Reads the JSON documents the library stores (schema, compiled model, metadata, scorecard): malformed JSON
/// becomes an <see cref="InvalidDataException"/> that names the document, never a raw <see cref="JsonException"/>.</summary>
internal static class JsonEntry
{
    /// <summary>Deserialises <paramref name="json"/>; null when the document is the JSON literal <c>null</c> (each
    /// caller says what a usable document must hold).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="typeInfo">The source-generated type information.</param>
    /// <param name="document">What the document is, for the message, for example <c>"feature schema"</c>.</param>
    /// <exception cref="InvalidDataException">When the JSON is malformed.</exception>
    public static T? Read<T>(string json, JsonTypeInfo<T> typeInfo, string document)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The " + document + " JSON is malformed: " + ex.Message, ex);
        }
    }
}
