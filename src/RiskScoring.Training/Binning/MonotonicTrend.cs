namespace RiskScoring.Training.Binning;

/// <summary>The shape the default rate must follow across the regular bins of a numeric characteristic, in ascending
/// value order. Special and missing bins are never part of the trend.</summary>
public enum MonotonicTrend
{
    /// <summary>Fit both <see cref="Ascending"/> and <see cref="Descending"/> and keep the one with the higher
    /// information value (ties: <see cref="Ascending"/>). The default.</summary>
    Auto = 0,

    /// <summary>Default rate never decreases as the value grows (risk rises with the value).</summary>
    Ascending = 1,

    /// <summary>Default rate never increases as the value grows (risk falls with the value).</summary>
    Descending = 2,

    /// <summary>Default rate rises then falls (either part may be empty): one peak.</summary>
    Peak = 3,

    /// <summary>Default rate falls then rises (either part may be empty): one valley.</summary>
    Valley = 4,

    /// <summary>No shape constraint: the bins with the highest information value under the size constraints.</summary>
    None = 5,
}
