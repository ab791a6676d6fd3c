using System.Collections.Immutable;

namespace RiskScoring.Models;

/// <summary>
/// A linear model on the encoded vector: score = bias + Σ weight[j] × encoded[j] (logistic regression or a scorecard),
/// PD = calibrator(score).
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class LinearModel : CompiledModel
{
    private readonly float[] _weights;
    private readonly double[] _means;
    private readonly int[] _sources;

    /// <summary>Creates a linear model.</summary>
    /// <param name="kind"><see cref="ModelKind.Logistic"/> or <see cref="ModelKind.Scorecard"/>.</param>
    /// <param name="encoder">The encoder.</param>
    /// <param name="weights">One finite weight per encoded column.</param>
    /// <param name="bias">The intercept (finite).</param>
    /// <param name="columnMeans">Training mean of each encoded column (for <see cref="CompiledModel.Explain"/>), or
    /// null for zeros.</param>
    /// <param name="calibrator">Score to PD.</param>
    /// <exception cref="ArgumentException">When a length differs from the encoder's or a value is not finite.</exception>
    public LinearModel(ModelKind kind, FeatureEncoder encoder, IReadOnlyList<float> weights, float bias, IReadOnlyList<double>? columnMeans, ProbabilityCalibrator calibrator)
        : base(kind, encoder, calibrator)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (kind == ModelKind.Gbdt)
        {
            throw new ArgumentException("A linear model cannot be of kind Gbdt.", nameof(kind));
        }

        if (weights.Count != encoder.EncodedLength)
        {
            throw new ArgumentException($"The model has {weights.Count} weights; the encoder writes {encoder.EncodedLength} columns.", nameof(weights));
        }

        if (columnMeans is not null && columnMeans.Count != encoder.EncodedLength)
        {
            throw new ArgumentException($"The model has {columnMeans.Count} column means; the encoder writes {encoder.EncodedLength} columns.", nameof(columnMeans));
        }

        _weights = [.. weights];
        _means = columnMeans is null ? new double[encoder.EncodedLength] : [.. columnMeans];
        for (int j = 0; j < _weights.Length; j++)
        {
            if (!float.IsFinite(_weights[j]) || !double.IsFinite(_means[j]))
            {
                throw new ArgumentException($"Weight or mean of encoded column {j} ('{encoder.ColumnNames[j]}') is not finite.", nameof(weights));
            }
        }

        if (!float.IsFinite(bias))
        {
            throw new ArgumentException("The bias is not finite.", nameof(bias));
        }

        Bias = bias;
        _sources = [.. encoder.ColumnSources];
        double expected = bias;
        for (int j = 0; j < _weights.Length; j++)
        {
            expected += _weights[j] * _means[j];
        }

        ExpectedScore = expected;
    }

    /// <summary>The intercept.</summary>
    public float Bias { get; }

    /// <summary>The weight of each encoded column (see <see cref="FeatureEncoder.ColumnNames"/>).</summary>
    public ImmutableArray<float> Weights => [.. _weights];

    /// <summary>Training mean of each encoded column.</summary>
    public ImmutableArray<double> ColumnMeans => [.. _means];

    /// <inheritdoc/>
    public override double ExpectedScore { get; }

    internal override CompiledModel WithCalibrator(ProbabilityCalibrator calibrator) =>
        new LinearModel(Kind, Encoder, _weights, Bias, _means, calibrator);

    private protected override double ScoreEncodedCore(ReadOnlySpan<float> encoded)
    {
        double sum = Bias;
        var w = _weights.AsSpan();
        for (int j = 0; j < w.Length; j++)
        {
            sum += w[j] * (double)encoded[j];
        }

        return sum;
    }

    private protected override void ExplainEncodedCore(ReadOnlySpan<float> encoded, Span<double> contributions)
    {
        for (int j = 0; j < _weights.Length; j++)
        {
            contributions[_sources[j]] += _weights[j] * (encoded[j] - _means[j]);
        }
    }
}
