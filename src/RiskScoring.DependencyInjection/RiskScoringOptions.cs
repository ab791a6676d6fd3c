using RiskScoring.Decisions;
using RiskScoring.Models;
using RiskScoring.Scoring;

namespace RiskScoring.DependencyInjection;

/// <summary>
/// Settings of <see cref="RiskScoringServiceCollectionExtensions.AddRiskScoring"/>. A mutable class because the
/// options pattern configures it with a delegate (and, if you wish, from configuration); it is validated once, the
/// first time a service is resolved or at host start-up, by <see cref="RiskScoringOptionsValidator"/>, and is not read
/// again after the singletons are built.
/// </summary>
/// <remarks>Exactly one model source must be set: <see cref="ModelPath"/>, <see cref="ModelPackage"/> or
/// <see cref="UseDemoModel"/>. At most one policy source: <see cref="Policy"/> or <see cref="PolicyPath"/> (neither =
/// <see cref="LimitPolicy.Default"/>).</remarks>
public sealed class RiskScoringOptions
{
    /// <summary>Path of a model package file (<c>.rsmodel</c>, written by the training library) to load once at the
    /// first resolve. Default: null.</summary>
    public string? ModelPath { get; set; }

    /// <summary>An already loaded model package (for example read from your own storage). Default: null.</summary>
    public ModelPackage? ModelPackage { get; set; }

    /// <summary>Use the demonstration model embedded in the RiskScoring package (<see cref="DemoModel"/>):
    /// synthetic training data, <b>not for real lending decisions</b>. Default: false.</summary>
    public bool UseDemoModel { get; set; }

    /// <summary>When set, the loaded package's <see cref="Models.ModelPackage.ManifestSha256"/> (64 lower-case hex
    /// digits) must equal it, so a service only runs the model release it was approved with. Default: null (any
    /// verified package).</summary>
    public string? ExpectedManifestSha256 { get; set; }

    /// <summary>Scaling, grades and reason settings of the scorer. Default: null = <see cref="RiskScorerOptions.Default"/>.</summary>
    public RiskScorerOptions? ScorerOptions { get; set; }

    /// <summary>The credit-limit policy. Default: null = <see cref="PolicyPath"/> when set, else <see cref="LimitPolicy.Default"/>.</summary>
    public LimitPolicy? Policy { get; set; }

    /// <summary>Path of a JSON limit policy (see <see cref="LimitPolicy.FromJson"/>) read once at the first resolve.
    /// Default: null.</summary>
    public string? PolicyPath { get; set; }

    /// <summary>Affordability settings of the registered <see cref="AffordabilityCalculator"/>. Default: null = the
    /// policy's <see cref="LimitPolicy.Affordability"/>, so stand-alone checks and limit reviews agree.</summary>
    public AffordabilityOptions? Affordability { get; set; }

    /// <summary>Thresholds of the registered <see cref="EarlyWarningMonitor"/>. Default: null = <see cref="EarlyWarningOptions.Default"/>.</summary>
    public EarlyWarningOptions? EarlyWarning { get; set; }

    /// <summary>Settings of the registered <see cref="RepaymentPlanner"/>. Default: null = <see cref="RepaymentPlanOptions.Default"/>.</summary>
    public RepaymentPlanOptions? RepaymentPlans { get; set; }
}
