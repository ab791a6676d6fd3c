using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskScoring.Features;

namespace RiskScoring.Models;

/// <summary>The versioned JSON form of a <see cref="CompiledModel"/> (file <c>model.json</c> in a package).</summary>
internal static class CompiledModelJson
{
    /// <summary>Current format version; readers refuse any other.</summary>
    public const int FormatVersion = 1;

    public static string Write(CompiledModel model)
    {
        var encodings = model.Encoder.Encodings.Select(e => new EncodingDto(
            e.Kind, e.Lower, e.Upper, e.Fill, e.MissingIndicator, e.Center, e.Scale, [.. e.BinEdges], e.CategoryCount, e.IsLookup ? [.. e.LookupValues] : null)).ToArray();
        var c = model.Calibrator;
        var calibrator = new CalibratorDto(c.Kind, c.Slope, c.Offset, [.. c.UpperBounds], [.. c.Values]);
        LinearDto? linear = null;
        TreesDto? trees = null;
        switch (model)
        {
            case LinearModel m:
                linear = new LinearDto(m.Bias, [.. m.Weights], [.. m.ColumnMeans]);
                break;
            case TreeEnsembleModel t:
                trees = new TreesDto(t.Bias, [.. t.Trees.Select(s => new TreeDto(s.SplitFeatures, s.Thresholds, s.Left, s.Right, s.LeafValues, s.LeafCovers, s.Weight))]);
                break;
            default:
                throw new NotSupportedException($"Cannot serialise a model of type {model.GetType().Name}.");
        }

        var dto = new ModelDto(FormatVersion, model.Kind, model.Schema.Hash, [.. model.Encoder.ColumnNames], encodings, calibrator, linear, trees);
        return JsonSerializer.Serialize(dto, CompiledModelJsonContext.Default.ModelDto);
    }

    public static CompiledModel Read(string json, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(schema);
        var dto = JsonEntry.Read(json, CompiledModelJsonContext.Default.ModelDto, "compiled model");

        if (dto is null)
        {
            throw new InvalidDataException("The compiled model JSON is empty.");
        }

        if (dto.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"The compiled model JSON has format_version {dto.FormatVersion}; this library reads version {FormatVersion}.");
        }

        if (!string.Equals(dto.SchemaHash, schema.Hash, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The compiled model was trained on schema hash {dto.SchemaHash}, but the schema given is {schema} with hash {schema.Hash}.");
        }

        try
        {
            var encoder = new FeatureEncoder(schema, [.. (dto.Encoder ?? throw new InvalidDataException("The compiled model JSON lacks 'encoder'.")).Select(e => new FeatureEncoding
            {
                Kind = e.Kind,
                Lower = e.Lower,
                Upper = e.Upper,
                Fill = e.Fill,
                MissingIndicator = e.MissingIndicator,
                Center = e.Center,
                Scale = e.Scale,
                BinEdges = e.BinEdges is null ? [] : [.. e.BinEdges],
                CategoryCount = e.CategoryCount,
                LookupValues = e.LookupValues is null ? [] : [.. e.LookupValues],
            })]);
            if (dto.Columns is not null && !dto.Columns.SequenceEqual(encoder.ColumnNames, StringComparer.Ordinal))
            {
                throw new InvalidDataException("The compiled model's 'columns' differ from the columns its encoder produces.");
            }

            var c = dto.Calibrator ?? throw new InvalidDataException("The compiled model JSON lacks 'calibrator'.");
            var calibrator = c.Kind == CalibratorKind.Sigmoid
                ? ProbabilityCalibrator.Sigmoid(c.Slope, c.Offset)
                : ProbabilityCalibrator.Isotonic(c.UpperBounds ?? [], c.Values ?? []);
            if (dto.Kind == ModelKind.Gbdt)
            {
                var t = dto.Trees ?? throw new InvalidDataException("A Gbdt compiled model lacks 'trees'.");
                return new TreeEnsembleModel(encoder, [.. (t.Trees ?? []).Select(x => new TreeSpec(x.SplitFeatures ?? [], x.Thresholds ?? [], x.Left ?? [], x.Right ?? [], x.LeafValues ?? [], x.LeafCovers ?? [], x.Weight))], t.Bias, calibrator);
            }

            var l = dto.Linear ?? throw new InvalidDataException($"A {dto.Kind} compiled model lacks 'linear'.");
            return new LinearModel(dto.Kind, encoder, l.Weights ?? [], l.Bias, l.ColumnMeans, calibrator);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("The compiled model JSON is inconsistent: " + ex.Message, ex);
        }
    }

    internal sealed record EncodingDto(FeatureKind Kind, float Lower, float Upper, float Fill, bool MissingIndicator, float Center, float Scale, float[]? BinEdges, int CategoryCount, float[]? LookupValues);

    internal sealed record CalibratorDto(CalibratorKind Kind, double Slope, double Offset, double[]? UpperBounds, double[]? Values);

    internal sealed record LinearDto(float Bias, float[]? Weights, double[]? ColumnMeans);

    internal sealed record TreeDto(int[]? SplitFeatures, float[]? Thresholds, int[]? Left, int[]? Right, double[]? LeafValues, double[]? LeafCovers, double Weight);

    internal sealed record TreesDto(double Bias, TreeDto[]? Trees);

    internal sealed record ModelDto(int FormatVersion, ModelKind Kind, string SchemaHash, string[]? Columns, EncodingDto[]? Encoder, CalibratorDto? Calibrator, LinearDto? Linear, TreesDto? Trees);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CompiledModelJson.ModelDto))]
[JsonSerializable(typeof(ModelMetadata.MetadataDto))]
[JsonSerializable(typeof(ModelPackage.ManifestDto))]
internal sealed partial class CompiledModelJsonContext : JsonSerializerContext
{
}
