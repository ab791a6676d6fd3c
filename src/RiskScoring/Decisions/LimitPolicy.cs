using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskScoring.Profiles;

namespace RiskScoring.Decisions;

/// <summary>Thrown when a limit policy (built in code or loaded from JSON) is invalid. The message names every
/// rule and field at fault, for example <c>rules[3] (id "cap-unstable-income").maxMultiplier = -1: must be &gt; 0</c>.</summary>
public sealed class LimitPolicyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">Every error found (at least one).</param>
    public LimitPolicyException(IReadOnlyList<string> errors)
        : this(errors, null)
    {
    }

    /// <summary>Creates the exception with an inner exception (for example a <see cref="JsonException"/>).</summary>
    /// <param name="errors">Every error found (at least one).</param>
    /// <param name="inner">The cause, or null.</param>
    public LimitPolicyException(IReadOnlyList<string> errors, Exception? inner)
        : base(Format(errors), inner)
    {
        Errors = errors;
    }

    /// <summary>Every error found, one per line of the message.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return "Invalid limit policy: " + string.Join("; ", errors);
    }
}

/// <summary>
/// An ordered list of named credit-limit rules plus the settings they share (rounding unit, affordability options).
/// Build one with <see cref="LimitPolicyBuilder"/> or load it with <see cref="FromJson"/>; both validate once. Apply it
/// with <see cref="LimitAdjuster"/>.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class LimitPolicy
{
    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();
    private static readonly Lazy<LimitPolicy> DefaultPolicy = new(CreateDefault);

    internal LimitPolicy(string name, string version, decimal roundingUnit, AffordabilityOptions affordability, ImmutableArray<LimitRule> rules)
    {
        Name = name;
        Version = version;
        RoundingUnit = roundingUnit;
        Affordability = affordability;
        Rules = rules;
    }

    /// <summary>Policy name, recorded on every decision.</summary>
    public string Name { get; }

    /// <summary>Policy version, recorded on every decision.</summary>
    public string Version { get; }

    /// <summary>New limits are rounded to a multiple of this (currency units, &gt; 0), toward the current limit.</summary>
    public decimal RoundingUnit { get; }

    /// <summary>Settings of the affordability check and of stable income used by the rules.</summary>
    public AffordabilityOptions Affordability { get; }

    /// <summary>The rules in evaluation order.</summary>
    public ImmutableArray<LimitRule> Rules { get; }

    /// <summary>
    /// The shipped policy (<c>default</c>, version <c>1</c>), rounding unit 10, default <see cref="AffordabilityOptions"/>.
    /// Its rules, in order:
    /// <list type="number">
    /// <item><c>target-individual</c> (individuals, <see cref="TargetLimitRule"/>): target = stable monthly income ×
    /// 3.0 for PD ≤ 2 %, 2.0 for PD ≤ 5 %, 1.2 for PD ≤ 10 %, 0.6 for PD ≤ 20 %, 0 above.</item>
    /// <item><c>target-business</c> (small businesses): × 2.0 / 1.5 / 1.0 / 0.5 / 0 on the same PD bands.</item>
    /// <item><c>high-risk-cut</c> (<see cref="HighRiskCutRule"/>): PD ≥ 20 % cuts to at most 75 % of the current limit
    /// and freezes increases.</item>
    /// <item><c>cap-unstable-income</c> (individuals, <see cref="IncomeStabilityCapRule"/>): coefficient of variation
    /// of the last 6 months &gt; 0.25, or self-employed, temporary, gig, unemployed or student: increases capped at
    /// 1.0 × stable monthly income.</item>
    /// <item><c>cap-unstable-income-business</c> (small businesses): coefficient of variation &gt; 0.40 (no employment
    /// test): increases capped at 1.5 × stable monthly income.</item>
    /// <item><c>affordability-cap</c> (<see cref="AffordabilityCapRule"/>): increases capped at the largest affordable
    /// instalment / 5 %; increases frozen when affordability cannot be assessed.</item>
    /// <item><c>utilisation-rising</c> (<see cref="UtilisationTrendRule"/>): utilisation ≥ 90 % and up ≥ 5 points
    /// since the previous review: hold (increases frozen).</item>
    /// <item><c>no-recent-increase</c> (<see cref="RecentIncreaseRule"/>): no increase within 180 days of the last one.</item>
    /// <item><c>max-step-individual</c> (individuals, <see cref="StepLimitRule"/>): at most +50 % and +5,000, at most −30 % per review.</item>
    /// <item><c>max-step-business</c> (small businesses): at most +30 % and +20,000, at most −30 % per review.</item>
    /// <item><c>delinquency</c> (<see cref="DelinquencyRule"/>): increases frozen for 12 months after a delinquency
    /// (or when the history is unknown); 60–89 days past due cuts 50 %; 90+ days past due closes the line.</item>
    /// <item><c>floor-ceiling-individual</c> (individuals, <see cref="FloorCeilingRule"/>): 500 to 25,000; below 500
    /// raised to 500 (closed instead when increases are frozen and 500 is above the current limit).</item>
    /// <item><c>floor-ceiling-business</c> (small businesses): 1,000 to 100,000, same floor handling.</item>
    /// </list>
    /// </summary>
    public static LimitPolicy Default => DefaultPolicy.Value;

    /// <summary>Loads and validates a policy from JSON (camelCase names, enums as camelCase strings, each rule's
    /// <c>type</c> first; unknown properties are errors). Omitted settings take their documented defaults.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="LimitPolicyException">When the JSON is malformed (the message gives the path and line) or
    /// the policy is invalid (the message names each rule and field).</exception>
    public static LimitPolicy FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        PolicyDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<PolicyDocument>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            string where = string.Create(CultureInfo.InvariantCulture, $"{ex.Path ?? "$"} (line {(ex.LineNumber ?? 0) + 1})");
            throw new LimitPolicyException([where + ": " + ex.Message], ex);
        }

        if (doc is null)
        {
            throw new LimitPolicyException(["$ = null: the policy must be a JSON object"]);
        }

        var rules = doc.Rules.IsDefault ? ImmutableArray<LimitRule>.Empty : doc.Rules;
        return Create(doc.Name, doc.Version, doc.RoundingUnit, doc.Affordability, rules);
    }

    /// <summary>Reads a policy from a UTF-8 JSON stream (see <see cref="FromJson"/>).</summary>
    /// <param name="stream">The stream.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="LimitPolicyException">When the JSON or the policy is invalid.</exception>
    public static LimitPolicy Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, leaveOpen: true);
        return FromJson(reader.ReadToEnd());
    }

    /// <summary>Serialises the policy to indented JSON that <see cref="FromJson"/> reads back to an equal policy.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(
        new PolicyDocument { Name = Name, Version = Version, RoundingUnit = RoundingUnit, Affordability = Affordability, Rules = Rules },
        JsonOptions);

    /// <summary>Writes <see cref="ToJson"/> as UTF-8 to a stream.</summary>
    /// <param name="stream">The stream (left open).</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(ToJson());
    }

    /// <summary>Validates and creates a policy.</summary>
    internal static LimitPolicy Create(string? name, string? version, decimal roundingUnit, AffordabilityOptions? affordability, ImmutableArray<LimitRule> rules)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name = \"" + name + "\": must not be empty");
        }

        if (string.IsNullOrWhiteSpace(version))
        {
            errors.Add("version = \"" + version + "\": must not be empty");
        }

        if (roundingUnit <= 0m || roundingUnit > 1_000_000m)
        {
            errors.Add("roundingUnit = " + Annuity.Text(roundingUnit) + ": must be > 0 and ≤ 1000000");
        }

        affordability ??= AffordabilityOptions.Default;
        foreach (string e in affordability.GetErrors())
        {
            errors.Add("affordability." + e);
        }

        if (rules.IsEmpty)
        {
            errors.Add("rules = []: a policy needs at least one rule");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            string at = "rules[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (rule is null)
            {
                errors.Add(at + " = null: must be a rule");
                continue;
            }

            string prefix = at + " (id \"" + rule.Id + "\").";
            if (!IsValidId(rule.Id))
            {
                errors.Add(prefix + "id = \"" + rule.Id + "\": must be 1–64 characters of a–z, 0–9 and '-'");
            }
            else if (!ids.Add(rule.Id))
            {
                errors.Add(prefix + "id = \"" + rule.Id + "\": is used by an earlier rule");
            }

            var sink = new RuleErrors();
            sink.Defined(rule.AppliesTo, "appliesTo");
            rule.Validate(sink);
            if (rule is FloorCeilingRule fc && roundingUnit > 0m)
            {
                if (fc.Floor % roundingUnit != 0m)
                {
                    sink.Add("floor", Annuity.Text(fc.Floor), "must be a multiple of roundingUnit (" + Annuity.Text(roundingUnit) + ")");
                }

                if (fc.Ceiling % roundingUnit != 0m)
                {
                    sink.Add("ceiling", Annuity.Text(fc.Ceiling), "must be a multiple of roundingUnit (" + Annuity.Text(roundingUnit) + ")");
                }
            }

            foreach (var (field, value, text) in sink.Items)
            {
                errors.Add(prefix + field + " = " + value + ": " + text);
            }
        }

        if (errors.Count > 0)
        {
            throw new LimitPolicyException(errors);
        }

        return new LimitPolicy(name!, version!, roundingUnit, affordability, rules);
    }

    private static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private static LimitPolicy CreateDefault()
    {
        static ImmutableArray<TargetBand> Bands(decimal a, decimal b, decimal c, decimal d) =>
        [
            new TargetBand { UpTo = 0.02, Multiplier = a },
            new TargetBand { UpTo = 0.05, Multiplier = b },
            new TargetBand { UpTo = 0.10, Multiplier = c },
            new TargetBand { UpTo = 0.20, Multiplier = d },
            new TargetBand { UpTo = 1.0, Multiplier = 0m },
        ];

        return new LimitPolicyBuilder()
            .WithName("default")
            .WithVersion("1")
            .WithRoundingUnit(10m)
            .AddRule(new TargetLimitRule { Id = "target-individual", AppliesTo = BorrowerScope.Individual, Bands = Bands(3.0m, 2.0m, 1.2m, 0.6m) })
            .AddRule(new TargetLimitRule { Id = "target-business", AppliesTo = BorrowerScope.SmallBusiness, Bands = Bands(2.0m, 1.5m, 1.0m, 0.5m) })
            .AddRule(new HighRiskCutRule { Id = "high-risk-cut", MinProbabilityOfDefault = 0.20, CutShare = 0.25m })
            .AddRule(new IncomeStabilityCapRule { Id = "cap-unstable-income", AppliesTo = BorrowerScope.Individual })
            .AddRule(new IncomeStabilityCapRule { Id = "cap-unstable-income-business", AppliesTo = BorrowerScope.SmallBusiness, MaxCoefficientOfVariation = 0.40, InsecureEmployment = [], MaxMultiplier = 1.5m })
            .AddRule(new AffordabilityCapRule { Id = "affordability-cap", PaymentShare = 0.05m })
            .AddRule(new UtilisationTrendRule { Id = "utilisation-rising", NearLimit = 0.90, MinRise = 0.05 })
            .AddRule(new RecentIncreaseRule { Id = "no-recent-increase", MinDaysBetweenIncreases = 180 })
            .AddRule(new StepLimitRule { Id = "max-step-individual", AppliesTo = BorrowerScope.Individual, MaxIncreaseShare = 0.5m, MaxIncreaseAmount = 5_000m, MaxDecreaseShare = 0.3m })
            .AddRule(new StepLimitRule { Id = "max-step-business", AppliesTo = BorrowerScope.SmallBusiness, MaxIncreaseShare = 0.3m, MaxIncreaseAmount = 20_000m, MaxDecreaseShare = 0.3m })
            .AddRule(new DelinquencyRule { Id = "delinquency" })
            .AddRule(new FloorCeilingRule { Id = "floor-ceiling-individual", AppliesTo = BorrowerScope.Individual, Floor = 500m, Ceiling = 25_000m })
            .AddRule(new FloorCeilingRule { Id = "floor-ceiling-business", AppliesTo = BorrowerScope.SmallBusiness, Floor = 1_000m, Ceiling = 100_000m })
            .Build();
    }

    /// <summary>The JSON shape of a policy.</summary>
    internal sealed class PolicyDocument
    {
        public string? Name { get; set; }

        public string? Version { get; set; }

        public decimal RoundingUnit { get; set; } = 10m;

        public AffordabilityOptions? Affordability { get; set; }

        public ImmutableArray<LimitRule> Rules { get; set; } = ImmutableArray<LimitRule>.Empty;
    }
}

/// <summary>
/// Builds a <see cref="LimitPolicy"/>: add rules in evaluation order, then call <see cref="Build"/>, which validates
/// everything once. A builder that has built refuses further changes.
/// </summary>
public sealed class LimitPolicyBuilder
{
    private readonly ImmutableArray<LimitRule>.Builder _rules = ImmutableArray.CreateBuilder<LimitRule>();
    private string _name = "custom";
    private string _version = "1";
    private decimal _roundingUnit = 10m;
    private AffordabilityOptions _affordability = AffordabilityOptions.Default;
    private bool _built;

    /// <summary>Sets the policy name (default <c>custom</c>).</summary>
    /// <param name="name">Non-empty name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">When the builder has already built.</exception>
    public LimitPolicyBuilder WithName(string name)
    {
        EnsureOpen();
        _name = name;
        return this;
    }

    /// <summary>Sets the policy version (default <c>1</c>).</summary>
    /// <param name="version">Non-empty version.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">When the builder has already built.</exception>
    public LimitPolicyBuilder WithVersion(string version)
    {
        EnsureOpen();
        _version = version;
        return this;
    }

    /// <summary>Sets the rounding unit (default 10 currency units).</summary>
    /// <param name="unit">Unit (&gt; 0).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">When the builder has already built.</exception>
    public LimitPolicyBuilder WithRoundingUnit(decimal unit)
    {
        EnsureOpen();
        _roundingUnit = unit;
        return this;
    }

    /// <summary>Sets the affordability options (default <see cref="AffordabilityOptions.Default"/>).</summary>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">When the builder has already built.</exception>
    public LimitPolicyBuilder WithAffordability(AffordabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EnsureOpen();
        _affordability = options;
        return this;
    }

    /// <summary>Appends a rule (rules run in the order added).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">When the builder has already built.</exception>
    public LimitPolicyBuilder AddRule(LimitRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        EnsureOpen();
        _rules.Add(rule);
        return this;
    }

    /// <summary>Validates and builds the policy. The builder cannot be changed afterwards.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="LimitPolicyException">Naming every rule and field at fault.</exception>
    /// <exception cref="InvalidOperationException">When the builder has already built.</exception>
    public LimitPolicy Build()
    {
        EnsureOpen();
        var policy = LimitPolicy.Create(_name, _version, _roundingUnit, _affordability, _rules.ToImmutable());
        _built = true;
        return policy;
    }

    private void EnsureOpen()
    {
        if (_built)
        {
            throw new InvalidOperationException("This LimitPolicyBuilder has already built a policy; create a new builder to build another.");
        }
    }
}
