namespace RiskScoring.Scorecards;

/// <summary>How a characteristic's feature value is read.</summary>
public enum CharacteristicKind
{
    /// <summary>The feature value is a number; <see cref="float.NaN"/> means missing. Bins are intervals.</summary>
    Numeric = 0,

    /// <summary>The feature value is a category index (0..K−1) stored as a float; <see cref="float.NaN"/> means
    /// missing. Bins are groups of categories.</summary>
    Categorical = 1,
}

/// <summary>What kind of values a bin holds.</summary>
public enum BinKind
{
    /// <summary>A numeric interval <c>[lower, upper)</c> of a <see cref="CharacteristicKind.Numeric"/> characteristic.</summary>
    Interval = 0,

    /// <summary>A group of categories of a <see cref="CharacteristicKind.Categorical"/> characteristic.</summary>
    CategoryGroup = 1,

    /// <summary>One exact special value (for example a 96 or 98 "refused / unknown" code); excluded from trends.</summary>
    Special = 2,

    /// <summary>Missing values (<see cref="float.NaN"/>); for categorical characteristics also categories unseen in
    /// training. Always the last bin.</summary>
    Missing = 3,
}
