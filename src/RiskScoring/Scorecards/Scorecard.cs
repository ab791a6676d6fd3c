using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Scoring;

namespace RiskScoring.Scorecards;

/// <summary>What the elderly-age rule (Regulation B, 12 CFR 1002.6(b)(2)(ii)) did when a scorecard was trained.</summary>
public enum ElderlyAgeRuleStatus
{
    /// <summary>The rule was switched off in the training options.</summary>
    Disabled = 0,

    /// <summary>The rule was on but no age characteristic is scored by the model (none in the schema, or dropped by
    /// selection), so there was nothing to enforce.</summary>
    NoAgeCharacteristic = 1,

    /// <summary>The rule was enforced: every bin of an applicant aged 62 or over scores at least as many points as any
    /// other bin of the same age characteristic.</summary>
    Applied = 2,

    /// <summary>An age characteristic could not satisfy the rule (its fitted weight had the wrong sign, so the
    /// 62-and-over bins would have scored the fewest points) and was removed from the model before the final fit.</summary>
    AgeDropped = 3,
}

/// <summary>The outcome of the elderly-age rule, recorded in the scorecard (and so in the model package).</summary>
/// <param name="Status">What was done.</param>
/// <param name="AgeCharacteristics">Names of the characteristics treated as age (scored or dropped), in schema order.</param>
/// <param name="Description">One sentence for reports, naming the characteristics and what happened.</param>
public sealed record ElderlyAgeRuleResult(ElderlyAgeRuleStatus Status, ImmutableArray<string> AgeCharacteristics, string Description)
{
    /// <summary>The result for a scorecard with the rule switched off.</summary>
    public static ElderlyAgeRuleResult Disabled { get; } = new(ElderlyAgeRuleStatus.Disabled, [], "The elderly-age rule was disabled.");
}

/// <summary>One row of a scorecard table: a bin of a characteristic with its training statistics and points.</summary>
/// <param name="Description">The bin: a range such as <c>"[30, 45)"</c> (lower-inclusive), a list of categories,
/// <c>"Special 98"</c> or <c>"Missing"</c>.</param>
/// <param name="Kind">Interval, category group, special value or missing.</param>
/// <param name="Count">Training rows in the bin.</param>
/// <param name="DefaultRate">Share of those rows that defaulted (0–1); 0 for an empty bin.</param>
/// <param name="WoE">The bin's weight of evidence (<c>ln(%good / %bad)</c>, positive = lower risk). Without
/// <paramref name="FittedValue"/> it is the value the model uses, after the elderly-age rule when
/// <paramref name="AdjustedForElderlyRule"/> is true; with it, the training WoE, for reading only.</param>
/// <param name="Points">Points an applicant in the bin scores on this characteristic, base points included (see
/// <see cref="Scorecard"/>). Higher = lower risk.</param>
/// <param name="AdjustedForElderlyRule">True when the elderly-age rule changed the bin's value: raised its WoE to the
/// best bin's, or (fitted values) tied its coefficient to the elderly bins' in the joint fit.</param>
/// <param name="FittedValue">The jointly fitted value the model uses for the bin (log-odds of good, centred; positive =
/// lower risk), or null when the model uses the WoE.</param>
public sealed record ScorecardBin(string Description, BinKind Kind, int Count, double DefaultRate, double WoE, double Points, bool AdjustedForElderlyRule = false, double? FittedValue = null)
{
    /// <summary>The value the model multiplies by the characteristic's weight: <see cref="FittedValue"/> when present,
    /// otherwise <see cref="WoE"/>.</summary>
    public double ModelValue => FittedValue ?? WoE;
}

/// <summary>One characteristic of a <see cref="Scorecard"/>: its bin definition, model weight, information value and
/// one <see cref="ScorecardBin"/> row per bin.</summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed class ScorecardCharacteristic
{
    private readonly double[] _points;

    /// <summary>Creates a characteristic.</summary>
    /// <param name="definition">The bin definition (its feature name is the characteristic's name).</param>
    /// <param name="featureIndex">Index of the feature in the model's schema (≥ 0).</param>
    /// <param name="weight">The model's coefficient on the bin value (<see cref="ScorecardBin.ModelValue"/>: log-odds of
    /// default per unit of WoE or of fitted value; normally ≤ 0).</param>
    /// <param name="informationValue">Information value on the training data (≥ 0).</param>
    /// <param name="bins">One row per bin of <paramref name="definition"/>, by bin index.</param>
    /// <exception cref="ArgumentException">When the number of rows differs from the definition's bin count, or a
    /// number is not finite or out of range (the message names the characteristic, the field and the value).</exception>
    public ScorecardCharacteristic(CharacteristicBins definition, int featureIndex, double weight, double informationValue, IReadOnlyList<ScorecardBin> bins)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentOutOfRangeException.ThrowIfNegative(featureIndex);
        string name = definition.FeatureName;
        if (!double.IsFinite(weight))
        {
            throw new ArgumentException(F($"{name}: weight = {weight} must be finite."), nameof(weight));
        }

        if (!double.IsFinite(informationValue) || informationValue < 0)
        {
            throw new ArgumentException(F($"{name}: information value = {informationValue} must be finite and ≥ 0."), nameof(informationValue));
        }

        if (bins.Count != definition.BinCount)
        {
            throw new ArgumentException(F($"{name}: {bins.Count} bin rows given but the definition has {definition.BinCount} bins (must be equal)."), nameof(bins));
        }

        _points = new double[bins.Count];
        for (int i = 0; i < bins.Count; i++)
        {
            var b = bins[i] ?? throw new ArgumentException(F($"{name}: bin row {i} is null."), nameof(bins));
            if (!double.IsFinite(b.Points) || !double.IsFinite(b.WoE) || !(b.DefaultRate is >= 0 and <= 1) || b.Count < 0 || !double.IsFinite(b.FittedValue ?? 0))
            {
                throw new ArgumentException(
                    F($"{name}: bin {i} ('{b.Description}') has points {b.Points}, WoE {b.WoE}, fitted value {b.FittedValue}, default rate {b.DefaultRate}, count {b.Count}; points, WoE and fitted value must be finite, the rate in [0, 1] and the count ≥ 0."),
                    nameof(bins));
            }

            _points[i] = b.Points;
        }

        Definition = definition;
        FeatureIndex = featureIndex;
        Weight = weight;
        InformationValue = informationValue;
        Bins = [.. bins];
        MinPoints = _points.Min();
        MaxPoints = _points.Max();
    }

    /// <summary>Characteristic (feature) name.</summary>
    public string Name => Definition.FeatureName;

    /// <summary>Index of the feature in the model's schema.</summary>
    public int FeatureIndex { get; }

    /// <summary>Numeric (intervals) or categorical (category groups).</summary>
    public CharacteristicKind Kind => Definition.Kind;

    /// <summary>The bin definition (cut points, special values or category groups).</summary>
    public CharacteristicBins Definition { get; }

    /// <summary>The model's coefficient on the bin value (<see cref="ScorecardBin.ModelValue"/>), in log-odds of default
    /// per unit (normally ≤ 0: more evidence of good means less risk; near −1 for fitted values).</summary>
    public double Weight { get; }

    /// <summary>Information value on the training data.</summary>
    public double InformationValue { get; }

    /// <summary>One row per bin, by bin index.</summary>
    public ImmutableArray<ScorecardBin> Bins { get; }

    /// <summary>The fewest points any bin scores.</summary>
    public double MinPoints { get; }

    /// <summary>The most points any bin scores (the best attainable points of the characteristic).</summary>
    public double MaxPoints { get; }

    /// <summary>Points for a raw feature value. Allocates nothing.</summary>
    /// <param name="value">The value (NaN = missing; categorical: the category code).</param>
    /// <returns>The points of the bin the value falls in.</returns>
    public double PointsFor(float value) => _points[Definition.FindBin(value)];

    /// <inheritdoc/>
    public override string ToString() => F($"{Name}: IV {InformationValue:F4}, {Bins.Length} bins, points {MinPoints:F2} to {MaxPoints:F2}");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The points table of a scorecard model: for every characteristic the model scores, its bins with count, default
/// rate, WoE and points, and its information value. Stored in a model package as <c>scorecard.json</c> so a loaded
/// package can render it (see <see cref="ScorecardTableWriter"/>).
/// </summary>
/// <remarks>
/// <para><b>Points.</b> The model's log-odds of default is <c>a·(b + Σ w_i·WoE_i) + c</c>, WoE_i standing for the bin
/// value <see cref="ScorecardBin.ModelValue"/> (the WoE, or the jointly fitted value) (logistic regression on it
/// with intercept b and weights w_i, then the sigmoid calibrator's slope a and offset c; a = 1 and c = 0 without
/// calibration). With <see cref="ScoreScaling"/> factor F = PDO / ln 2 and offset O, the k characteristics score
/// <c>points_ij = −F·a·w_i·WoE_ij + (O − F·(a·b + c)) / k</c>, so the base points <see cref="BasePoints"/> are spread
/// evenly and <c>Σ points = O − F·logit(PD) = ScoreScaling.ScoreFromProbability(PD)</c>: summing an applicant's bin
/// points gives exactly the score of the model's PD.</para>
/// <para><b>Integer points.</b> When <see cref="IntegerPoints"/> is true each bin's points were rounded to the nearest
/// integer (half away from zero). The model's PD does not change; the table's total then differs from the exact score
/// by at most k/2 points, so the PD implied by the integer total (<see cref="ScoreScaling.ProbabilityFromScore"/>)
/// differs from the model's by a factor of at most <c>exp(k / (2F))</c> in odds.</para>
/// </remarks>
/// <threadsafety>Immutable; <see cref="Score"/> allocates nothing and is safe from many threads.</threadsafety>
public sealed class Scorecard
{
    /// <summary>Creates a scorecard.</summary>
    /// <param name="scaling">The points scaling.</param>
    /// <param name="logOddsIntercept">Log-odds of default when every WoE is 0: <c>a·b + c</c> (see the remarks).</param>
    /// <param name="characteristics">The scored characteristics (at least one), in schema order.</param>
    /// <param name="elderlyAgeRule">What the elderly-age rule did.</param>
    /// <param name="integerPoints">Whether the bin points are rounded to integers.</param>
    /// <exception cref="ArgumentException">When there is no characteristic, a name or feature index repeats, or the
    /// intercept is not finite.</exception>
    public Scorecard(ScoreScaling scaling, double logOddsIntercept, IEnumerable<ScorecardCharacteristic> characteristics, ElderlyAgeRuleResult elderlyAgeRule, bool integerPoints = false)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        ArgumentNullException.ThrowIfNull(characteristics);
        ArgumentNullException.ThrowIfNull(elderlyAgeRule);
        if (!double.IsFinite(logOddsIntercept))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"logOddsIntercept = {logOddsIntercept} must be finite."), nameof(logOddsIntercept));
        }

        var list = characteristics.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A scorecard needs at least one characteristic.", nameof(characteristics));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var indices = new HashSet<int>();
        foreach (var c in list)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(characteristics));
            if (!names.Add(c.Name) || !indices.Add(c.FeatureIndex))
            {
                throw new ArgumentException($"Characteristic '{c.Name}' (feature index {c.FeatureIndex}) appears twice.", nameof(characteristics));
            }
        }

        Scaling = scaling;
        LogOddsIntercept = logOddsIntercept;
        Characteristics = list;
        ElderlyAgeRule = elderlyAgeRule;
        IntegerPoints = integerPoints;
        MinScore = list.Sum(c => c.MinPoints);
        MaxScore = list.Sum(c => c.MaxPoints);
    }

    /// <summary>The points scaling (base score, base odds, points to double the odds).</summary>
    public ScoreScaling Scaling { get; }

    /// <summary>Log-odds of default of an applicant whose every WoE is 0 (the model's intercept after calibration).</summary>
    public double LogOddsIntercept { get; }

    /// <summary>Total base points <c>O − F·LogOddsIntercept</c>, spread evenly over the characteristics and already
    /// included in every bin's points.</summary>
    public double BasePoints => Scaling.Offset - (Scaling.Factor * LogOddsIntercept);

    /// <summary>The base points in each characteristic's points: <see cref="BasePoints"/> / number of characteristics.</summary>
    public double BasePointsPerCharacteristic => BasePoints / Characteristics.Length;

    /// <summary>Whether bin points are rounded to integers (see the remarks).</summary>
    public bool IntegerPoints { get; }

    /// <summary>The scored characteristics, in schema order.</summary>
    public ImmutableArray<ScorecardCharacteristic> Characteristics { get; }

    /// <summary>What the elderly-age rule did.</summary>
    public ElderlyAgeRuleResult ElderlyAgeRule { get; }

    /// <summary>The lowest total score the table can give (sum of each characteristic's fewest points).</summary>
    public double MinScore { get; }

    /// <summary>The highest total score the table can give (sum of each characteristic's best attainable points).</summary>
    public double MaxScore { get; }

    /// <summary>The score of one applicant: the sum of the points of the bins its values fall in. Allocates nothing.</summary>
    /// <param name="rawFeatures">The applicant's raw features in the model's schema order (NaN = missing).</param>
    /// <returns>The score (equal to the score of the model's PD unless <see cref="IntegerPoints"/>).</returns>
    /// <exception cref="ArgumentException">When the vector is shorter than a characteristic's feature index requires.</exception>
    public double Score(ReadOnlySpan<float> rawFeatures)
    {
        double total = 0;
        foreach (var c in Characteristics)
        {
            if (c.FeatureIndex >= rawFeatures.Length)
            {
                throw new ArgumentException($"The raw vector has {rawFeatures.Length} values; characteristic '{c.Name}' reads feature {c.FeatureIndex}.", nameof(rawFeatures));
            }

            total += c.PointsFor(rawFeatures[c.FeatureIndex]);
        }

        return total;
    }

    /// <summary>Serialises the scorecard to the versioned JSON stored in model packages (<c>scorecard.json</c>).</summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson() => ScorecardJson.Write(this);

    /// <summary>Reads a scorecard written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The scorecard.</returns>
    /// <exception cref="InvalidDataException">When the JSON is malformed, of another format version or inconsistent
    /// (the message names the field).</exception>
    public static Scorecard FromJson(string json) => ScorecardJson.Read(json);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Scorecard: {Characteristics.Length} characteristics, scores {MinScore:F1} to {MaxScore:F1}, elderly-age rule {ElderlyAgeRule.Status}");
}
