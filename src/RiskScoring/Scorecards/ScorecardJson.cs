using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskScoring.Scoring;

namespace RiskScoring.Scorecards;

/// <summary>The versioned JSON form of a <see cref="Scorecard"/> (file <c>scorecard.json</c> in a model package).</summary>
internal static class ScorecardJson
{
    /// <summary>Current format version; readers refuse any other.</summary>
    public const int FormatVersion = 1;

    public static string Write(Scorecard scorecard)
    {
        var s = scorecard.Scaling;
        var dto = new ScorecardDto(
            FormatVersion,
            new ScalingDto(s.BaseScore, s.BaseOdds, s.PointsToDoubleOdds),
            scorecard.LogOddsIntercept,
            scorecard.IntegerPoints,
            new ElderlyDto(scorecard.ElderlyAgeRule.Status, [.. scorecard.ElderlyAgeRule.AgeCharacteristics], scorecard.ElderlyAgeRule.Description),
            [.. scorecard.Characteristics.Select(c => new CharacteristicDto(
                c.Name,
                c.FeatureIndex,
                c.Kind,
                c.Weight,
                c.InformationValue,
                [.. c.Definition.CutPoints],
                [.. c.Definition.SpecialValues],
                [.. c.Definition.CategoryNames],
                [.. c.Definition.CategoryToBin],
                c.Kind == CharacteristicKind.Categorical ? c.Definition.RegularBinCount : 0,
                [.. c.Bins.Select(b => new BinDto(b.Description, b.Kind, b.Count, b.DefaultRate, b.WoE, b.Points, b.AdjustedForElderlyRule, b.FittedValue))]))]);
        return JsonSerializer.Serialize(dto, ScorecardJsonContext.Default.ScorecardDto);
    }

    public static Scorecard Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var dto = Models.JsonEntry.Read(json, ScorecardJsonContext.Default.ScorecardDto, "scorecard");

        if (dto is null)
        {
            throw new InvalidDataException("The scorecard JSON is empty.");
        }

        if (dto.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"The scorecard JSON has format_version {dto.FormatVersion}; this library reads version {FormatVersion}.");
        }

        try
        {
            var sc = dto.Scaling ?? throw new InvalidDataException("The scorecard JSON lacks 'scaling'.");
            var scaling = new ScoreScaling(sc.BaseScore, sc.BaseOdds, sc.PointsToDoubleOdds);
            var e = dto.ElderlyAgeRule ?? throw new InvalidDataException("The scorecard JSON lacks 'elderly_age_rule'.");
            var elderly = new ElderlyAgeRuleResult(e.Status, [.. e.AgeCharacteristics ?? []], e.Description ?? string.Empty);
            var characteristics = new List<ScorecardCharacteristic>();
            foreach (var c in dto.Characteristics ?? throw new InvalidDataException("The scorecard JSON lacks 'characteristics'."))
            {
                string name = c.Name ?? throw new InvalidDataException("A scorecard characteristic lacks 'name'.");
                var definition = c.Kind == CharacteristicKind.Categorical
                    ? CharacteristicBins.CreateCategorical(name, c.CategoryNames ?? [], c.CategoryToBin ?? [], c.GroupCount)
                    : CharacteristicBins.CreateNumeric(name, c.CutPoints ?? [], c.SpecialValues ?? []);
                var bins = (c.Bins ?? []).Select(b => new ScorecardBin(b.Description ?? string.Empty, b.Kind, b.Count, b.DefaultRate, b.Woe, b.Points, b.AdjustedForElderlyRule, b.FittedValue)).ToArray();
                characteristics.Add(new ScorecardCharacteristic(definition, c.FeatureIndex, c.Weight, c.InformationValue, bins));
            }

            return new Scorecard(scaling, dto.LogOddsIntercept, characteristics, elderly, dto.IntegerPoints);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("The scorecard JSON is inconsistent: " + ex.Message, ex);
        }
    }

    internal sealed record ScalingDto(double BaseScore, double BaseOdds, double PointsToDoubleOdds);

    internal sealed record ElderlyDto(ElderlyAgeRuleStatus Status, string[]? AgeCharacteristics, string? Description);

    internal sealed record BinDto(string? Description, BinKind Kind, int Count, double DefaultRate, double Woe, double Points, bool AdjustedForElderlyRule, double? FittedValue = null);

    internal sealed record CharacteristicDto(
        string? Name,
        int FeatureIndex,
        CharacteristicKind Kind,
        double Weight,
        double InformationValue,
        float[]? CutPoints,
        float[]? SpecialValues,
        string[]? CategoryNames,
        int[]? CategoryToBin,
        int GroupCount,
        BinDto[]? Bins);

    internal sealed record ScorecardDto(
        int FormatVersion,
        ScalingDto? Scaling,
        double LogOddsIntercept,
        bool IntegerPoints,
        ElderlyDto? ElderlyAgeRule,
        CharacteristicDto[]? Characteristics);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScorecardJson.ScorecardDto))]
internal sealed partial class ScorecardJsonContext : JsonSerializerContext
{
}
