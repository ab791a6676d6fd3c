namespace RiskScoring.Scoring;

/// <summary>
/// One principal reason for an applicant's score: a stable code, the plain-language text a lender can print on an
/// adverse-action notice, the feature it comes from and how many points it cost.
/// </summary>
/// <param name="Code">Stable code from the versioned reason catalogue, for example <c>"R07"</c>.</param>
/// <param name="Text">Plain-language reason, for example <c>"Credit utilisation is high"</c>; always true of the
/// applicant's value (see <see cref="ReasonDefinition"/>).</param>
/// <param name="FeatureIndex">Index of the feature (characteristic) in the model's feature schema.</param>
/// <param name="PointsLost">Points lost against the reference (best or average) points of that characteristic (≥ 0).</param>
public readonly record struct ReasonCode(string Code, string Text, int FeatureIndex, double PointsLost)
{
    /// <summary>The direction of <see cref="Text"/>: <see cref="ReasonDirection.Low"/> or
    /// <see cref="ReasonDirection.High"/> when it states that the applicant's value is below or above the
    /// characteristic's reference, <see cref="ReasonDirection.Neutral"/> when it names the characteristic only. Default
    /// <see cref="ReasonDirection.Neutral"/>.</summary>
    public ReasonDirection Direction { get; init; }
}
