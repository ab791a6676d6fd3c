namespace RiskScoring.Scorecards;

/// <summary>Training statistics of one bin of a characteristic.</summary>
/// <param name="Index">Bin index (see <see cref="CharacteristicBins"/> for the layout).</param>
/// <param name="Kind">Interval, category group, special or missing.</param>
/// <param name="Description">Human-readable bin description, for example <c>"[0.25, 0.5)"</c>.</param>
/// <param name="Count">Rows in the bin.</param>
/// <param name="Goods">Rows in the bin with label good (not defaulted).</param>
/// <param name="Bads">Rows in the bin with label bad (defaulted).</param>
/// <param name="Share">Fraction of all rows of the characteristic that fall in the bin (0..1).</param>
/// <param name="DefaultRate">Bads / Count (0..1), unsmoothed; 0 when the bin is empty.</param>
/// <param name="WoE">Weight of evidence <c>ln(%good / %bad)</c>, natural log, where %good = goods of the bin / all goods.
/// Positive WoE means fewer defaults than average (lower risk). 0 for an empty bin. See
/// <see cref="CharacteristicStatistics"/> for the smoothing of empty cells.</param>
/// <param name="IvContribution">The bin's share of the information value: <c>(%good − %bad) × WoE</c> (≥ 0).</param>
public sealed record BinStatistics(
    int Index,
    BinKind Kind,
    string Description,
    int Count,
    int Goods,
    int Bads,
    double Share,
    double DefaultRate,
    double WoE,
    double IvContribution);
