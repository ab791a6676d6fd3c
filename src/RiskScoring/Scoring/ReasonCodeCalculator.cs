using System.Collections.Immutable;
using RiskScoring.Models;

namespace RiskScoring.Scoring;

/// <summary>How the points an applicant lost on a characteristic are measured (the two methods in the official
/// commentary to Regulation B, 12 CFR 1002.9(b)(2)).</summary>
public enum ReasonMethod
{
    /// <summary>Against the best attainable points of the characteristic (the maximum-points method). Needs a model
    /// whose contributions can be enumerated per characteristic (a scorecard); other models fall back to
    /// <see cref="AverageApplicant"/>.</summary>
    BestAttainable = 0,

    /// <summary>Against the points an average applicant gets on the characteristic (the training mean).</summary>
    AverageApplicant = 1,
}

/// <summary>
/// Finds the principal reasons for a score: the characteristics where the applicant lost the most points, converted
/// to points with the scorer's <see cref="ScoreScaling"/>, labelled from the <see cref="ReasonCatalogue"/>. Only
/// characteristics that cost points (&gt; 0) are reasons, so a feature the model does not use never is one; ties break
/// by feature order. Allocates nothing per call.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class ReasonCodeCalculator
{
    private const int StackLimit = 512;
    private readonly ReasonDefinition[] _reasons;
    private readonly double _pointsPerLogOdds;

    /// <summary>Creates a calculator for one model.</summary>
    /// <param name="model">The compiled model.</param>
    /// <param name="scaling">Points scaling (points per unit of log-odds = <see cref="ScoreScaling.Factor"/>).</param>
    /// <param name="catalogue">Reason texts and codes.</param>
    /// <param name="method">Reference the lost points are measured against.</param>
    /// <param name="maxReasons">Most reasons returned (1 to <see cref="RiskAssessment.MaxReasons"/>). Default 4.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxReasons"/> is out of range.</exception>
    public ReasonCodeCalculator(CompiledModel model, ScoreScaling scaling, ReasonCatalogue catalogue, ReasonMethod method = ReasonMethod.BestAttainable, int maxReasons = RiskAssessment.MaxReasons)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scaling);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReasons, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxReasons, RiskAssessment.MaxReasons);
        Model = model;
        Method = method;
        MaxReasons = maxReasons;
        _reasons = [.. catalogue.Resolve(model.Schema)];
        _pointsPerLogOdds = scaling.Factor;
        CatalogueVersion = catalogue.Version;
    }

    /// <summary>The model explained.</summary>
    public CompiledModel Model { get; }

    /// <summary>The method requested.</summary>
    public ReasonMethod Method { get; }

    /// <summary>Most reasons returned.</summary>
    public int MaxReasons { get; }

    /// <summary>Version of the catalogue the texts come from.</summary>
    public string CatalogueVersion { get; }

    /// <summary>The reason definition of every feature, by index.</summary>
    public ImmutableArray<ReasonDefinition> Reasons => [.. _reasons];

    /// <summary>Writes the principal reasons for one applicant, most points lost first.</summary>
    /// <param name="rawFeatures">The applicant's features in the model's schema order.</param>
    /// <param name="destination">Room for at least <see cref="MaxReasons"/> reasons.</param>
    /// <returns>How many reasons were written (0 when no characteristic cost points).</returns>
    /// <exception cref="ArgumentException">When a span is too short.</exception>
    public int Compute(ReadOnlySpan<float> rawFeatures, Span<ReasonCode> destination)
    {
        if (destination.Length < MaxReasons)
        {
            throw new ArgumentException($"The destination holds {destination.Length} reasons; {MaxReasons} may be written.", nameof(destination));
        }

        int n = Model.Schema.Count;
        // Schemas wider than StackLimit features (unusual) take a heap buffer.
        Span<double> contributions = n <= StackLimit ? stackalloc double[n] : new double[n];
        Model.Explain(rawFeatures, contributions);
        return SelectTop(contributions[..n], destination);
    }

    /// <summary>Keeps the <see cref="MaxReasons"/> largest positive contributions (log-odds of default) as reasons.</summary>
    private int SelectTop(ReadOnlySpan<double> contributions, Span<ReasonCode> destination)
    {
        int count = 0;
        for (int f = 0; f < contributions.Length; f++)
        {
            double lost = contributions[f] * _pointsPerLogOdds;
            if (!(lost > 0))
            {
                continue;
            }

            // Insertion into the sorted top list; a later feature with an equal loss goes after (ties by feature order).
            int position = count;
            while (position > 0 && destination[position - 1].PointsLost < lost)
            {
                position--;
            }

            if (position >= MaxReasons)
            {
                continue;
            }

            int last = Math.Min(count, MaxReasons - 1);
            for (int k = last; k > position; k--)
            {
                destination[k] = destination[k - 1];
            }

            var reason = _reasons[f];
            destination[position] = new ReasonCode(reason.Code, reason.Text, f, lost);
            count = Math.Min(count + 1, MaxReasons);
        }

        return count;
    }
}
