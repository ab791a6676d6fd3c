using System.Globalization;

namespace RiskScoring.Profiles;

/// <summary>One rule a profile breaks: the field path, the offending value and the rule.</summary>
/// <param name="Field">Path of the field, for example <c>IncomeHistory[3]</c> or <c>CreditLines[0].Limit</c>.</param>
/// <param name="Value">The offending value as text (invariant culture).</param>
/// <param name="Rule">The rule in plain words, for example <c>must be between 18 and 120</c>.</param>
public readonly record struct ProfileError(string Field, string Value, string Rule)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Field} = {Value}: {Rule}");
}

/// <summary>Thrown when a profile breaks a validation rule. The message names the field, the value and the rule.</summary>
public sealed class InvalidProfileException : ArgumentException
{
    /// <summary>Creates the exception for the given violations.</summary>
    /// <param name="errors">At least one violation.</param>
    public InvalidProfileException(IReadOnlyList<ProfileError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every violation found.</summary>
    public IReadOnlyList<ProfileError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<ProfileError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 1
            ? "Invalid borrower profile: " + errors[0]
            : "Invalid borrower profile (" + errors.Count.ToString(CultureInfo.InvariantCulture) + " errors): " + string.Join("; ", errors);
    }
}
