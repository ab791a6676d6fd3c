using System.Buffers;
using RiskScoring.Features;

namespace RiskScoring.Models;

/// <summary>
/// A trained model read out of ML.NET into plain arrays: it encodes a raw feature vector with its
/// <see cref="FeatureEncoder"/>, computes a raw score (margin, log-odds scale) and maps it to a probability of default
/// with its <see cref="ProbabilityCalibrator"/>. The concrete kinds are <see cref="LinearModel"/> and
/// <see cref="TreeEnsembleModel"/>.
/// </summary>
/// <threadsafety>Immutable; every member is safe to call from many threads at once and allocates nothing (encoded
/// vectors longer than 1024 columns use a pooled buffer).</threadsafety>
public abstract class CompiledModel
{
    private const int StackLimit = 1024;

    private protected CompiledModel(ModelKind kind, FeatureEncoder encoder, ProbabilityCalibrator calibrator)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(calibrator);
        Kind = kind;
        Encoder = encoder;
        Calibrator = calibrator;
    }

    /// <summary>The model family.</summary>
    public ModelKind Kind { get; }

    /// <summary>The raw feature schema the model reads.</summary>
    public FeatureSchema Schema => Encoder.Schema;

    /// <summary>The encoder from raw to model input vectors.</summary>
    public FeatureEncoder Encoder { get; }

    /// <summary>Maps the raw score to a PD.</summary>
    public ProbabilityCalibrator Calibrator { get; }

    /// <summary>The score of an average applicant: the constant part of <see cref="Explain"/>'s decomposition
    /// (linear: bias + Σ weight × training mean of the column; trees: bias + Σ tree weight × the tree's
    /// training-weighted mean output).</summary>
    public abstract double ExpectedScore { get; }

    /// <summary>Raw score (margin) of one raw feature vector.</summary>
    /// <param name="rawFeatures">Values in <see cref="Schema"/> order (NaN = missing).</param>
    /// <returns>The margin; higher means riskier.</returns>
    /// <exception cref="ArgumentException">When the vector length differs from the schema's.</exception>
    public double Score(ReadOnlySpan<float> rawFeatures)
    {
        int n = Encoder.EncodedLength;
        float[]? rented = null;
        Span<float> encoded = n <= StackLimit ? stackalloc float[n] : (rented = ArrayPool<float>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            Encoder.Encode(rawFeatures, encoded);
            return ScoreEncoded(encoded);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Probability of default of one raw feature vector: <c>Calibrator.Probability(Score(rawFeatures))</c>.</summary>
    /// <param name="rawFeatures">Values in <see cref="Schema"/> order (NaN = missing).</param>
    /// <returns>The PD in [0, 1].</returns>
    /// <exception cref="ArgumentException">When the vector length differs from the schema's.</exception>
    public double PredictProbability(ReadOnlySpan<float> rawFeatures) => Calibrator.Probability(Score(rawFeatures));

    /// <summary>Raw score of an already encoded vector (for callers that encode once and reuse the vector).</summary>
    /// <param name="encoded">At least <see cref="FeatureEncoder.EncodedLength"/> values from <see cref="Encoder"/>.</param>
    /// <returns>The margin.</returns>
    /// <exception cref="ArgumentException">When the vector is too short.</exception>
    public double ScoreEncoded(ReadOnlySpan<float> encoded)
    {
        if (encoded.Length < Encoder.EncodedLength)
        {
            throw new ArgumentException($"The encoded vector has {encoded.Length} values; the model reads {Encoder.EncodedLength}.", nameof(encoded));
        }

        return ScoreEncodedCore(encoded);
    }

    /// <summary>
    /// Splits the score of one applicant into one additive contribution per raw feature, so that
    /// <c>ExpectedScore + Σ contributions = Score(rawFeatures)</c>. Linear: Σ over the feature's encoded columns of
    /// weight × (value − training mean). Trees: path attribution (Saabas): each split on the way to a leaf credits its
    /// feature with the change in the node's expected output. Positive = raises the risk. Allocates nothing.
    /// </summary>
    /// <param name="rawFeatures">Values in <see cref="Schema"/> order.</param>
    /// <param name="contributions">Destination of at least <see cref="FeatureSchema.Count"/> values (overwritten).</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentException">When a span has the wrong length.</exception>
    public double Explain(ReadOnlySpan<float> rawFeatures, Span<double> contributions)
    {
        if (contributions.Length < Schema.Count)
        {
            throw new ArgumentException($"The contributions span holds {contributions.Length} values; schema {Schema} has {Schema.Count} features.", nameof(contributions));
        }

        int n = Encoder.EncodedLength;
        float[]? rented = null;
        Span<float> encoded = n <= StackLimit ? stackalloc float[n] : (rented = ArrayPool<float>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            Encoder.Encode(rawFeatures, encoded);
            contributions[..Schema.Count].Clear();
            return ExplainEncodedCore(encoded, contributions);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Serialises the model (encoder, parameters, calibrator) to the versioned JSON stored in model packages.</summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson() => CompiledModelJson.Write(this);

    /// <summary>Reads a model written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="schema">The schema the model was trained on; its hash must match the one stored in the JSON.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">When the JSON is malformed, of an unknown format version, inconsistent,
    /// or written for another schema (the message names the field and both hashes).</exception>
    public static CompiledModel FromJson(string json, FeatureSchema schema) => CompiledModelJson.Read(json, schema);

    /// <summary>Returns the same model with another calibrator.</summary>
    internal abstract CompiledModel WithCalibrator(ProbabilityCalibrator calibrator);

    private protected abstract double ScoreEncodedCore(ReadOnlySpan<float> encoded);

    /// <summary>Adds each raw feature's contribution to <paramref name="contributions"/> and returns the margin
    /// (the same value as <see cref="ScoreEncodedCore"/>, so a model that explains while scoring evaluates once).</summary>
    private protected abstract double ExplainEncodedCore(ReadOnlySpan<float> encoded, Span<double> contributions);
}
