using Microsoft.Extensions.Options;

namespace RiskScoring.DependencyInjection;

/// <summary>Validates <see cref="RiskScoringOptions"/>: every message starts with the option's name and says the
/// value and the rule, for example <c>RiskScoringOptions.ModelPath = '/models/x.rsmodel': the file does not exist</c>.</summary>
/// <threadsafety>Stateless; safe to share.</threadsafety>
public sealed class RiskScoringOptionsValidator : IValidateOptions<RiskScoringOptions>
{
    private const string Prefix = "RiskScoringOptions.";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RiskScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        int sources = (options.ModelPath is not null ? 1 : 0) + (options.ModelPackage is not null ? 1 : 0) + (options.UseDemoModel ? 1 : 0);
        if (sources == 0)
        {
            errors.Add(Prefix + "ModelPath = null: set ModelPath to a model package file, ModelPackage to a loaded package, or UseDemoModel = true (demonstration only, not for real lending decisions)");
        }
        else if (sources > 1)
        {
            errors.Add(Prefix + "ModelPath / ModelPackage / UseDemoModel: set exactly one model source; " + sources.ToString(System.Globalization.CultureInfo.InvariantCulture) + " are set");
        }

        if (options.ModelPath is not null)
        {
            if (string.IsNullOrWhiteSpace(options.ModelPath))
            {
                errors.Add(Prefix + "ModelPath = '" + options.ModelPath + "': must not be empty");
            }
            else if (!File.Exists(options.ModelPath))
            {
                errors.Add(Prefix + "ModelPath = '" + options.ModelPath + "': the file does not exist (full path " + Path.GetFullPath(options.ModelPath) + ")");
            }
        }

        if (options.ExpectedManifestSha256 is { } sha && !IsSha256Hex(sha))
        {
            errors.Add(Prefix + "ExpectedManifestSha256 = '" + sha + "': must be 64 lower-case hexadecimal digits");
        }

        if (options.ScorerOptions is { MaxReasons: < 0 or > Scoring.RiskAssessment.MaxReasons } so)
        {
            errors.Add(Prefix + "ScorerOptions.MaxReasons = " + so.MaxReasons.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": must be between 0 and " + Scoring.RiskAssessment.MaxReasons.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (options.Policy is not null && options.PolicyPath is not null)
        {
            errors.Add(Prefix + "Policy / PolicyPath: set at most one policy source; both are set");
        }

        if (options.PolicyPath is not null && (string.IsNullOrWhiteSpace(options.PolicyPath) || !File.Exists(options.PolicyPath)))
        {
            errors.Add(Prefix + "PolicyPath = '" + options.PolicyPath + "': the file does not exist");
        }

        if (options.Affordability is not null)
        {
            foreach (string e in options.Affordability.GetErrors())
            {
                errors.Add(Prefix + "Affordability." + e);
            }
        }

        Check(errors, "EarlyWarning", options.EarlyWarning is null ? null : options.EarlyWarning.Validate);
        Check(errors, "RepaymentPlans", options.RepaymentPlans is null ? null : options.RepaymentPlans.Validate);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string option, Action? validate)
    {
        try
        {
            validate?.Invoke();
        }
        catch (ArgumentException ex)
        {
            errors.Add(Prefix + option + ": " + ex.Message);
        }
    }

    private static bool IsSha256Hex(string value)
    {
        if (value.Length != 64)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
