using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskScoring.Decisions;
using RiskScoring.Models;
using RiskScoring.Scoring;

namespace RiskScoring.DependencyInjection;

/// <summary>Registers RiskScoring in a <see cref="IServiceCollection"/>.</summary>
public static partial class RiskScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as singletons built once at their first resolve: <see cref="ModelPackage"/> (loaded and verified from
    /// <see cref="RiskScoringOptions.ModelPath"/>, <see cref="RiskScoringOptions.ModelPackage"/> or the demonstration
    /// model), <see cref="RiskScorer"/>, <see cref="LimitPolicy"/> (default or from JSON), <see cref="LimitAdjuster"/>,
    /// <see cref="AffordabilityCalculator"/>, <see cref="EarlyWarningMonitor"/>, <see cref="RepaymentPlanner"/>,
    /// <see cref="RiskScoringService"/> and <see cref="TimeProvider.System"/> as <see cref="TimeProvider"/> unless one is
    /// registered. Services you registered before are kept (TryAdd). The options are validated by
    /// <see cref="RiskScoringOptionsValidator"/> at the first resolve, or at host start-up (ValidateOnStart).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, for example <c>o =&gt; o.ModelPath = "models/pd.rsmodel"</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <example><code>
    /// builder.Services.AddRiskScoring(o =>
    /// {
    ///     o.ModelPath = "models/pd-2026-01.rsmodel";
    ///     o.PolicyPath = "policies/limits.json";
    /// });
    /// </code></example>
    /// <remarks>Resolving a service throws <see cref="OptionsValidationException"/> (listing every invalid option by
    /// name) or <see cref="InvalidOperationException"/> naming the option and file when the model or policy cannot be
    /// loaded (the inner exception has the details).</remarks>
    public static IServiceCollection AddRiskScoring(this IServiceCollection services, Action<RiskScoringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RiskScoringOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RiskScoringOptions>, RiskScoringOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(LoadPackage);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RiskScoringOptions>>().Value;
            var scorer = new RiskScorer(sp.GetRequiredService<ModelPackage>(), options.ScorerOptions);
            string version = scorer.ModelVersion;
            int features = scorer.Schema.Count;
            var logger = Logger(sp);
            LogScorerReady(logger, version, features);
            return scorer;
        });
        services.TryAddSingleton(LoadPolicy);
        services.TryAddSingleton(sp => new LimitAdjuster(sp.GetRequiredService<LimitPolicy>()));
        services.TryAddSingleton(sp => new AffordabilityCalculator(
            sp.GetRequiredService<IOptions<RiskScoringOptions>>().Value.Affordability ?? sp.GetRequiredService<LimitPolicy>().Affordability));
        services.TryAddSingleton(sp => new EarlyWarningMonitor(sp.GetRequiredService<IOptions<RiskScoringOptions>>().Value.EarlyWarning));
        services.TryAddSingleton(sp => new RepaymentPlanner(sp.GetRequiredService<IOptions<RiskScoringOptions>>().Value.RepaymentPlans));
        services.TryAddSingleton(sp => new RiskScoringService(
            sp.GetRequiredService<RiskScorer>(),
            sp.GetRequiredService<LimitAdjuster>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<RiskScoringService>()));
        return services;
    }

    private static ILogger Logger(IServiceProvider sp) =>
        sp.GetService<ILoggerFactory>()?.CreateLogger("RiskScoring.DependencyInjection") ?? NullLogger.Instance;

    private static ModelPackage LoadPackage(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<RiskScoringOptions>>().Value;
        var logger = Logger(sp);
        long start = Stopwatch.GetTimestamp();
        ModelPackage package;
        string source;
        if (options.ModelPackage is not null)
        {
            package = options.ModelPackage;
            source = "RiskScoringOptions.ModelPackage";
        }
        else if (options.UseDemoModel)
        {
            package = DemoModel.LoadPackage();
            source = "the embedded demonstration model";
            LogDemoModel(logger);
        }
        else
        {
            source = options.ModelPath!;
            try
            {
                package = ModelPackage.Load(options.ModelPath!);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"RiskScoringOptions.ModelPath = '{options.ModelPath}': the model package could not be loaded: {ex.Message}", ex);
            }
        }

        if (options.ExpectedManifestSha256 is { } expected && !string.Equals(expected, package.ManifestSha256, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"RiskScoringOptions.ExpectedManifestSha256 = '{expected}': the model package from {source} has manifest SHA-256 '{package.ManifestSha256}'; refusing to run an unapproved model.");
        }

        double elapsedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var kind = package.Metadata.Kind;
        string sha = package.ManifestSha256;
        int features = package.Schema.Count;
        int rows = package.Metadata.TrainingRows;
        LogModelLoaded(logger, kind, sha, features, rows, elapsedMs, source);
        return package;
    }

    private static LimitPolicy LoadPolicy(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<RiskScoringOptions>>().Value;
        LimitPolicy policy;
        if (options.Policy is not null)
        {
            policy = options.Policy;
        }
        else if (options.PolicyPath is not null)
        {
            try
            {
                using var stream = File.OpenRead(options.PolicyPath);
                policy = LimitPolicy.Load(stream);
            }
            catch (Exception ex) when (ex is IOException or LimitPolicyException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"RiskScoringOptions.PolicyPath = '{options.PolicyPath}': the limit policy could not be loaded: {ex.Message}", ex);
            }
        }
        else
        {
            policy = LimitPolicy.Default;
        }

        string name = policy.Name;
        string policyVersion = policy.Version;
        int rules = policy.Rules.Length;
        var logger = Logger(sp);
        LogPolicyReady(logger, name, policyVersion, rules);
        return policy;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Loaded {ModelKind} model package {ManifestSha256} ({FeatureCount} features, {TrainingRows} training rows) in {ElapsedMs:0.0} ms from {Source}")]
    private static partial void LogModelLoaded(ILogger logger, ModelKind modelKind, string manifestSha256, int featureCount, int trainingRows, double elapsedMs, string source);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Using the embedded DEMONSTRATION model (trained on synthetic data): not for real lending decisions")]
    private static partial void LogDemoModel(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Risk scorer ready: model {ModelVersion}, {FeatureCount} features")]
    private static partial void LogScorerReady(ILogger logger, string modelVersion, int featureCount);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Limit policy {PolicyName} {PolicyVersion} ready ({RuleCount} rules)")]
    private static partial void LogPolicyReady(ILogger logger, string policyName, string policyVersion, int ruleCount);
}
