namespace RiskScoring.Profiles;

/// <summary>
/// A lender's own attribute carried on a profile: either a number or a category. Which one a schema expects is
/// declared in the feature schema; a missing attribute is a missing feature value.
/// </summary>
public readonly record struct ExtraValue
{
    private ExtraValue(double number, string? category)
    {
        Number = number;
        Category = category;
    }

    /// <summary>The numeric value; NaN for a categorical attribute.</summary>
    public double Number { get; }

    /// <summary>The category; null for a numeric attribute.</summary>
    public string? Category { get; }

    /// <summary>True when this is a categorical attribute.</summary>
    public bool IsCategorical => Category is not null;

    /// <summary>Creates a numeric attribute.</summary>
    /// <param name="value">The value (finite).</param>
    /// <returns>The attribute.</returns>
    public static ExtraValue Numeric(double value) => new(value, null);

    /// <summary>Creates a categorical attribute.</summary>
    /// <param name="category">The category label (not null).</param>
    /// <returns>The attribute.</returns>
    public static ExtraValue Categorical(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return new ExtraValue(double.NaN, category);
    }

    /// <inheritdoc/>
    public override string ToString() => Category ?? Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
