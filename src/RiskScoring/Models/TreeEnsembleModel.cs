using System.Globalization;

namespace RiskScoring.Models;

/// <summary>
/// A boosted tree ensemble on the encoded vector: score = bias + Σ treeWeight × leaf value, where each tree is walked
/// from its root by "go left when encoded[feature] ≤ threshold, else right" (ML.NET's rule, single-precision compare);
/// PD = calibrator(score). The trees are packed for a branch-free walk, several trees side by side, and each leaf carries
/// its precomputed path attribution, so <see cref="CompiledModel.Explain"/> costs little more than
/// <see cref="CompiledModel.Score"/>.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class TreeEnsembleModel : CompiledModel
{
    private readonly TreeSpec[] _specs;
    private readonly PackedTreeEnsemble _packed;

    internal TreeEnsembleModel(FeatureEncoder encoder, IReadOnlyList<TreeSpec> trees, double bias, ProbabilityCalibrator calibrator)
        : base(ModelKind.Gbdt, encoder, calibrator)
    {
        ArgumentNullException.ThrowIfNull(trees);
        if (!double.IsFinite(bias))
        {
            throw new ArgumentException("The ensemble bias is not finite.", nameof(bias));
        }

        _specs = [.. trees];
        foreach (var t in _specs)
        {
            t.Validate(encoder.EncodedLength);
        }

        _packed = new PackedTreeEnsemble(_specs, encoder, bias);
    }

    private TreeEnsembleModel(TreeEnsembleModel model, ProbabilityCalibrator calibrator)
        : base(ModelKind.Gbdt, model.Encoder, calibrator)
    {
        _specs = model._specs;
        _packed = model._packed;
    }

    /// <summary>Number of trees.</summary>
    public int TreeCount => _specs.Length;

    /// <summary>Constant added to the sum of the trees.</summary>
    public double Bias => _packed.Bias;

    /// <inheritdoc/>
    public override double ExpectedScore => _packed.ExpectedScore;

    internal IReadOnlyList<TreeSpec> Trees => _specs;

    /// <summary>The packed evaluator (shared with the scorer's tree kernel).</summary>
    internal PackedTreeEnsemble Packed => _packed;

    internal override CompiledModel WithCalibrator(ProbabilityCalibrator calibrator) => new TreeEnsembleModel(this, calibrator);

    private protected override double ScoreEncodedCore(ReadOnlySpan<float> encoded) => _packed.Margin(encoded);

    private protected override double ExplainEncodedCore(ReadOnlySpan<float> encoded, Span<double> contributions) =>
        _packed.Explain(encoded, contributions);

    /// <summary>Index (within its tree) of the leaf an encoded vector reaches (a plain walk; for training, not scoring).</summary>
    internal int LeafIndex(int tree, ReadOnlySpan<float> encoded)
    {
        var s = _specs[tree];
        if (s.SplitFeatures.Length == 0)
        {
            return 0;
        }

        int node = 0;
        while (true)
        {
            int child = encoded[s.SplitFeatures[node]] <= s.Thresholds[node] ? s.Left[node] : s.Right[node];
            if (child < 0)
            {
                return ~child;
            }

            node = child;
        }
    }
}

/// <summary>One regression tree in ML.NET's layout: internal node i splits on encoded column SplitFeatures[i] at
/// Thresholds[i]; Left[i]/Right[i] is another node (≥ 0) or ~leaf (&lt; 0). A tree with one leaf has no nodes.</summary>
internal sealed record TreeSpec(int[] SplitFeatures, float[] Thresholds, int[] Left, int[] Right, double[] LeafValues, double[] LeafCovers, double Weight)
{
    public void Validate(int encodedLength)
    {
        int nodes = SplitFeatures.Length;
        if (Thresholds.Length != nodes || Left.Length != nodes || Right.Length != nodes)
        {
            throw new ArgumentException($"A tree has {nodes} split features but {Thresholds.Length} thresholds, {Left.Length} left and {Right.Length} right children.");
        }

        if (LeafValues.Length != nodes + 1 || LeafCovers.Length != LeafValues.Length)
        {
            throw new ArgumentException($"A tree with {nodes} nodes needs {nodes + 1} leaves; it has {LeafValues.Length} values and {LeafCovers.Length} covers.");
        }

        if (!double.IsFinite(Weight))
        {
            throw new ArgumentException("A tree weight is not finite.");
        }

        var seen = new bool[nodes + LeafValues.Length];
        for (int i = 0; i < nodes; i++)
        {
            if ((uint)SplitFeatures[i] >= (uint)encodedLength || float.IsNaN(Thresholds[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Tree node {i} splits on column {SplitFeatures[i]} (encoder has {encodedLength}) at {Thresholds[i]}."));
            }

            foreach (int c in (ReadOnlySpan<int>)[Left[i], Right[i]])
            {
                int slot = c >= 0 ? c : nodes + ~c;
                if (c == 0 || (c > 0 && c >= nodes) || (c < 0 && ~c >= LeafValues.Length) || seen[slot])
                {
                    throw new ArgumentException($"Tree node {i} has an invalid or repeated child {c}.");
                }

                seen[slot] = true;
            }
        }

        foreach (double v in LeafValues)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("A leaf value is not finite.");
            }
        }
    }
}
