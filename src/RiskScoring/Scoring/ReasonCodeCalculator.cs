using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Scorecards;

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
/// <remarks>
/// <para><b>Best attainable (scorecards).</b> For a <see cref="LinearModel"/> whose every feature is lookup-encoded
/// (one weight-of-evidence value per bin, as <see cref="ModelKind.Scorecard"/> models are), the points lost on
/// characteristic i are its best attainable points minus the applicant's points:
/// <c>F·a·(w_i·WoE_actual − min over bins of w_i·WoE)</c>, where F = <see cref="ScoreScaling.Factor"/>, w_i the
/// model weight and a the slope of a sigmoid calibrator (1 otherwise). These are exactly the differences of the
/// scorecard table's points (see <see cref="Scorecards.Scorecard"/>). When the model's <see cref="Scorecard"/> is
/// given, the best attainable points are taken over its regular bins (intervals or category groups) that held training
/// rows (<see cref="ScorecardBin.Count"/> &gt; 0). An empty bin's points are arbitrary (for example an empty "Missing"
/// bin at the average), and the Missing and special-value bins are not values an applicant can attain: measured against
/// them, a borrower with no late payment at all would be told "Payments 90 or more days late" because an unknown
/// history happened to score higher. An applicant whose bin scores more than the best regular bin loses nothing on
/// that characteristic.</para>
/// <para><b>Unknown values.</b> With either method, a characteristic whose value is unknown (NaN) is never a reason:
/// the catalogue's texts describe values ("Credit utilisation is high"), which cannot be said of an unknown one, and
/// for a feature that does not apply (a business's years of trading for an individual) would be false.</para>
/// <para><b>Average applicant (every model).</b> Points lost = F × the characteristic's contribution from
/// <see cref="CompiledModel.Explain"/>: against the training-mean encoded value for linear models; for tree ensembles
/// the Saabas path attribution (each split credits its feature with the change of the node's expected output), not
/// exact TreeSHAP. <see cref="ReasonMethod.BestAttainable"/> on a model that is not a lookup-encoded linear model uses
/// this method (see <see cref="EffectiveMethod"/>).</para>
/// <para><b>Texts follow the value.</b> The models are not monotone (U-shaped scorecard bins, quantile-bin columns,
/// trees), so a directional text ("Income is low") is printed only when the applicant's value lies on its side of the
/// characteristic's reference; on the other side the definition's opposite text, else its neutral text ("Level of
/// income"); see <see cref="ReasonDefinition"/> and <see cref="ReferenceOf"/>. The reference: for best attainable,
/// the range from the lowest to the highest bin that scores the best attainable points (with the scorecard, its
/// non-empty intervals; a value between two such bins, or a special value, gets the neutral text); for average
/// applicant on lookup features, the range of the bins that lose no points against the training mean; for other
/// numeric features the training mean when the encoder standardises the feature, else the training median.
/// Categorical features always get the neutral text. All of it is decided when the calculator is built; choosing a
/// text is two or three comparisons.</para>
/// </remarks>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class ReasonCodeCalculator
{
    private const int StackLimit = 512;
    private readonly ReasonDefinition[] _reasons;
    private readonly ReasonSide[] _sides;
    private readonly double _pointsPerLogOdds;

    // Best-attainable method: per feature, the model weight and the lowest weight × lookup value over its bins.
    private readonly double[]? _weights;
    private readonly double[]? _bestContribution;
    private readonly double _bestAttainableScale;

    /// <summary>Creates a calculator for one model.</summary>
    /// <param name="model">The compiled model.</param>
    /// <param name="scaling">Points scaling (points per unit of log-odds = <see cref="ScoreScaling.Factor"/>).</param>
    /// <param name="catalogue">Reason texts and codes.</param>
    /// <param name="method">Reference the lost points are measured against.</param>
    /// <param name="maxReasons">Most reasons returned (1 to <see cref="RiskAssessment.MaxReasons"/>). Default 4.</param>
    /// <param name="scorecard">The points table of a scorecard model (<see cref="ModelPackage.Scorecard"/>), or null.
    /// With it, <see cref="ReasonMethod.BestAttainable"/> ignores bins without training rows (see the remarks).
    /// Default null (every bin counts).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxReasons"/> is out of range.</exception>
    /// <exception cref="ArgumentException">When <paramref name="scorecard"/> does not belong to the model: a
    /// characteristic's feature index is outside the schema or its weight differs from the model's (the message names
    /// the characteristic).</exception>
    public ReasonCodeCalculator(CompiledModel model, ScoreScaling scaling, ReasonCatalogue catalogue, ReasonMethod method = ReasonMethod.BestAttainable, int maxReasons = RiskAssessment.MaxReasons, Scorecard? scorecard = null)
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
        EffectiveMethod = ReasonMethod.AverageApplicant;
        if (method == ReasonMethod.BestAttainable && model is LinearModel linear && IsAllLookup(linear.Encoder))
        {
            var encodings = linear.Encoder.Encodings;
            var weights = linear.Weights;
            _weights = new double[encodings.Count];
            _bestContribution = new double[encodings.Count];
            for (int f = 0; f < encodings.Count; f++)
            {
                double w = weights[f];
                double best = double.PositiveInfinity;
                foreach (float v in encodings[f].LookupValues)
                {
                    best = Math.Min(best, w * (double)v);
                }

                _weights[f] = w;
                _bestContribution[f] = best;
            }

            if (scorecard is not null)
            {
                ExcludeEmptyBins(scorecard, linear, _bestContribution);
            }

            double slope = model.Calibrator.Kind == CalibratorKind.Sigmoid ? model.Calibrator.Slope : 1.0;
            _bestAttainableScale = scaling.Factor * slope;
            EffectiveMethod = ReasonMethod.BestAttainable;
        }

        _sides = BuildSides(model, _reasons, _bestContribution, scorecard);
    }

    /// <summary>The model explained.</summary>
    public CompiledModel Model { get; }

    /// <summary>The method requested.</summary>
    public ReasonMethod Method { get; }

    /// <summary>With <see cref="ReasonMethod.BestAttainable"/> in effect, each characteristic's best attainable
    /// contribution to the margin (the lowest weight × lookup value over its usable bins); otherwise null. The scorer's
    /// one-pass kernel measures points lost against these same values.</summary>
    internal IReadOnlyList<double>? BestContributions => _bestContribution;

    /// <summary>The method actually used: <see cref="ReasonMethod.BestAttainable"/> only for a lookup-encoded linear
    /// model (a scorecard), otherwise <see cref="ReasonMethod.AverageApplicant"/>.</summary>
    public ReasonMethod EffectiveMethod { get; }

    /// <summary>Most reasons returned.</summary>
    public int MaxReasons { get; }

    /// <summary>Version of the catalogue the texts come from.</summary>
    public string CatalogueVersion { get; }

    /// <summary>The reason definition of every feature, by index.</summary>
    public ImmutableArray<ReasonDefinition> Reasons => [.. _reasons];

    /// <summary>Each feature's texts and reference thresholds, by index (the scorer selects with the same ones).</summary>
    internal ReasonSide[] Sides => _sides;

    /// <summary>The reference a characteristic's value is compared with to choose its reason text (see the class
    /// remarks): a value at or below <c>LowAtOrBelow</c> is below it (the definition's low-side text), a value above
    /// <c>HighAbove</c> above it (high-side text), anything else gets the neutral text. NaN = no value is on that side
    /// (categorical features, neutral definitions, unknown references).</summary>
    /// <param name="featureIndex">Index of the feature in the model's schema.</param>
    /// <returns>The two thresholds, in the feature's raw units.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When the index is outside the schema.</exception>
    public (float LowAtOrBelow, float HighAbove) ReferenceOf(int featureIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(featureIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(featureIndex, _sides.Length);
        return (_sides[featureIndex].LowAtOrBelow, _sides[featureIndex].HighAbove);
    }

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
        Span<double> lostPoints = n <= StackLimit ? stackalloc double[n] : new double[n];
        if (_weights is not null && _bestContribution is not null)
        {
            // Lookup encoding: one encoded column per feature, holding the WoE of the applicant's bin.
            Span<float> encoded = n <= StackLimit ? stackalloc float[n] : new float[n];
            Model.Encoder.Encode(rawFeatures, encoded);
            for (int f = 0; f < n; f++)
            {
                lostPoints[f] = ((_weights[f] * (double)encoded[f]) - _bestContribution[f]) * _bestAttainableScale;
            }
        }
        else
        {
            Model.Explain(rawFeatures, lostPoints);
            for (int f = 0; f < n; f++)
            {
                lostPoints[f] *= _pointsPerLogOdds;
            }
        }

        return ReasonSelection.SelectTop(rawFeatures, lostPoints[..n], 1.0, _sides, MaxReasons, destination);
    }

    /// <summary>Best contributions over the non-empty regular bins (intervals, category groups) of each scored
    /// characteristic.</summary>
    private static void ExcludeEmptyBins(Scorecard scorecard, LinearModel linear, double[] bestContribution)
    {
        foreach (var c in scorecard.Characteristics)
        {
            int f = c.FeatureIndex;
            if (f >= bestContribution.Length)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Scorecard characteristic '{c.Name}' reads feature {f}; the model has {bestContribution.Length} features."), nameof(scorecard));
            }

            double w = linear.Weights[f];
            if (Math.Abs(c.Weight - w) > 1e-9 * Math.Max(1, Math.Abs(w)))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Scorecard characteristic '{c.Name}' has weight {c.Weight}; the model's weight of feature {f} is {w} (the scorecard belongs to another model)."), nameof(scorecard));
            }

            double best = double.PositiveInfinity;
            foreach (var b in c.Bins)
            {
                if (b.Count > 0 && b.Kind is BinKind.Interval or BinKind.CategoryGroup)
                {
                    // The float the encoder holds, as in the table's points.
                    best = Math.Min(best, w * (double)(float)b.ModelValue);
                }
            }

            if (double.IsFinite(best))
            {
                bestContribution[f] = best;
            }
        }
    }

    /// <summary>Each feature's texts and reference, decided once (see the class remarks).</summary>
    private static ReasonSide[] BuildSides(CompiledModel model, ReasonDefinition[] definitions, double[]? bestContribution, Scorecard? scorecard)
    {
        var encodings = model.Encoder.Encodings;
        var sides = new ReasonSide[encodings.Count];
        var characteristics = new ScorecardCharacteristic?[encodings.Count];
        if (scorecard is not null && bestContribution is not null)
        {
            foreach (var c in scorecard.Characteristics)
            {
                characteristics[c.FeatureIndex] = c;
            }
        }

        var linear = model as LinearModel;
        var weights = linear?.Weights ?? [];
        var means = linear?.ColumnMeans ?? [];
        int column = 0;
        for (int f = 0; f < encodings.Count; f++)
        {
            var e = encodings[f];
            var definition = definitions[f];
            if (definition.Direction == ReasonDirection.Neutral || e.Kind == FeatureKind.Categorical)
            {
                sides[f] = ReasonSide.Unsided(definition);
            }
            else if (!e.IsLookup)
            {
                sides[f] = ReasonSide.ForNumeric(definition, e);
            }
            else if (linear is null)
            {
                sides[f] = ReasonSide.Unsided(definition);
            }
            else if (bestContribution is not null)
            {
                // Best attainable: the bins that score the best attainable contribution (as computed above).
                double w = weights[column], best = bestContribution[f];
                sides[f] = (characteristics[f] is { } c ? ReasonSide.ForScorecardBins(definition, c, w, best) : null)
                    ?? ReasonSide.ForLookupBins(definition, e, v => w * (double)v == best);
            }
            else
            {
                // Average applicant: the bins that lose no points against the training mean (LinearModel.Explain).
                double w = weights[column], mean = means[column];
                sides[f] = ReasonSide.ForLookupBins(definition, e, v => !(w * (v - mean) > 0));
            }

            column += e.Width;
        }

        return sides;
    }

    private static bool IsAllLookup(FeatureEncoder encoder)
    {
        foreach (var e in encoder.Encodings)
        {
            if (!e.IsLookup)
            {
                return false;
            }
        }

        return true;
    }
}
