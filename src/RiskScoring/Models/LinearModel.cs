using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RiskScoring.Models;

/// <summary>
/// A linear model on the encoded vector: score = bias + Σ weight[j] × encoded[j] (logistic regression or a scorecard),
/// PD = calibrator(score).
/// </summary>
/// <remarks>The sum is computed in double precision in a fixed order (see <see cref="Dot"/>): every product of two
/// floats is exact in double, and the same partial sums are formed with or without SIMD hardware, so a score is the
/// same bits on every machine.</remarks>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class LinearModel : CompiledModel
{
    private readonly float[] _weights;
    private readonly double[] _wideWeights;
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
        _wideWeights = [.. _weights.Select(w => (double)w)];
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

    private protected override double ScoreEncodedCore(ReadOnlySpan<float> encoded) => Bias + Dot(_wideWeights, encoded);

    /// <summary>
    /// Σ weights[j] × values[j] in double precision over the first weights.Length values, in a fixed order: eight
    /// running sums, sum k taking the columns j ≡ k (mod 8) of the whole blocks of eight, combined pairwise
    /// ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7)), then the tail columns one by one. The eight sums are one
    /// Vector512&lt;double&gt;, two Vector256&lt;double&gt; or eight scalars, whatever the hardware has, and they are
    /// the same sums: the weights are floats widened exactly, so every product is exact in double and a fused or a
    /// separate multiply-add rounds identically. A score is therefore the same bits on every machine.
    /// </summary>
    internal static double Dot(ReadOnlySpan<double> weights, ReadOnlySpan<float> values)
    {
        int n = weights.Length;
        if (values.Length < n)
        {
            throw new ArgumentException($"The vector has {values.Length} values; the weights need {n}.", nameof(values));
        }

        int blocks = n / 8;
        ref double w = ref MemoryMarshal.GetReference(weights);
        ref float x = ref MemoryMarshal.GetReference(values);
        double sum;

        // Every block b reads elements 8b … 8b + 7 < 8 × blocks ≤ n ≤ both lengths.
        if (Vector512.IsHardwareAccelerated)
        {
            var sums = Vector512<double>.Zero;
            for (int b = 0; b < blocks; b++)
            {
                var wide = Vector512.WidenLower(Vector256.LoadUnsafe(ref x, (nuint)(b * 8)).ToVector512Unsafe());
#if NET9_0_OR_GREATER
                sums = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, (nuint)(b * 8)), wide, sums);
#else
                sums += Vector512.LoadUnsafe(ref w, (nuint)(b * 8)) * wide;
#endif
            }

            var pair = sums.GetLower() + sums.GetUpper();
            sum = (pair.GetElement(0) + pair.GetElement(1)) + (pair.GetElement(2) + pair.GetElement(3));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var low = Vector256<double>.Zero;
            var high = Vector256<double>.Zero;
            for (int b = 0; b < blocks; b++)
            {
                var (xl, xh) = Vector256.Widen(Vector256.LoadUnsafe(ref x, (nuint)(b * 8)));
                low += Vector256.LoadUnsafe(ref w, (nuint)(b * 8)) * xl;
                high += Vector256.LoadUnsafe(ref w, (nuint)((b * 8) + 4)) * xh;
            }

            var pair = low + high;
            sum = (pair.GetElement(0) + pair.GetElement(1)) + (pair.GetElement(2) + pair.GetElement(3));
        }
        else
        {
            sum = DotScalarBlocks(ref w, ref x, blocks);
        }

        for (int j = blocks * 8; j < n; j++)
        {
            sum += Unsafe.Add(ref w, j) * Unsafe.Add(ref x, j);
        }

        return sum;
    }

    /// <summary>The whole-block part of <see cref="Dot"/> without SIMD (the same eight sums, combined the same way).</summary>
    internal static double DotScalarBlocks(ref double w, ref float x, int blocks)
    {
        Span<double> s = stackalloc double[8];
        s.Clear();
        for (int b = 0; b < blocks; b++)
        {
            for (int k = 0; k < 8; k++)
            {
                s[k] += Unsafe.Add(ref w, (b * 8) + k) * Unsafe.Add(ref x, (b * 8) + k);
            }
        }

        return ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
    }

    private protected override double ExplainEncodedCore(ReadOnlySpan<float> encoded, Span<double> contributions)
    {
        for (int j = 0; j < _weights.Length; j++)
        {
            contributions[_sources[j]] += _weights[j] * (encoded[j] - _means[j]);
        }

        return ScoreEncodedCore(encoded);
    }
}
