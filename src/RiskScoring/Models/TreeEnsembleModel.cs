using System.Globalization;

namespace RiskScoring.Models;

/// <summary>
/// A boosted tree ensemble on the encoded vector: score = bias + Σ treeWeight × leaf value, where each tree is walked
/// from its root by "go left when encoded[feature] ≤ threshold, else right" (ML.NET's rule, single-precision compare);
/// PD = calibrator(score). Trees are stored as flat arrays.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class TreeEnsembleModel : CompiledModel
{
    private readonly int[] _nodeStart;
    private readonly int[] _nodeCount;
    private readonly int[] _leafStart;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leafValue;
    private readonly double[] _leafCover;
    private readonly double[] _nodeValue;
    private readonly double[] _treeWeight;
    private readonly int[] _sources;
    private readonly TreeSpec[] _specs;

    internal TreeEnsembleModel(FeatureEncoder encoder, IReadOnlyList<TreeSpec> trees, double bias, ProbabilityCalibrator calibrator)
        : base(ModelKind.Gbdt, encoder, calibrator)
    {
        ArgumentNullException.ThrowIfNull(trees);
        if (!double.IsFinite(bias))
        {
            throw new ArgumentException("The ensemble bias is not finite.", nameof(bias));
        }

        _specs = [.. trees];
        int nodes = 0, leaves = 0;
        foreach (var t in _specs)
        {
            t.Validate(encoder.EncodedLength);
            nodes += t.SplitFeatures.Length;
            leaves += t.LeafValues.Length;
        }

        _nodeStart = new int[_specs.Length];
        _nodeCount = new int[_specs.Length];
        _leafStart = new int[_specs.Length];
        _treeWeight = new double[_specs.Length];
        _feature = new int[nodes];
        _threshold = new float[nodes];
        _left = new int[nodes];
        _right = new int[nodes];
        _nodeValue = new double[nodes];
        _leafValue = new double[leaves];
        _leafCover = new double[leaves];
        int n = 0, l = 0;
        double expected = bias;
        for (int t = 0; t < _specs.Length; t++)
        {
            var s = _specs[t];
            _nodeStart[t] = n;
            _nodeCount[t] = s.SplitFeatures.Length;
            _leafStart[t] = l;
            _treeWeight[t] = s.Weight;
            s.SplitFeatures.CopyTo(_feature, n);
            s.Thresholds.CopyTo(_threshold, n);
            s.Left.CopyTo(_left, n);
            s.Right.CopyTo(_right, n);
            s.LeafValues.CopyTo(_leafValue, l);
            s.LeafCovers.CopyTo(_leafCover, l);
            double root = s.SplitFeatures.Length == 0 ? s.LeafValues[0] : FillNodeValue(t, 0, out _);
            expected += s.Weight * root;
            n += s.SplitFeatures.Length;
            l += s.LeafValues.Length;
        }

        Bias = bias;
        ExpectedScore = expected;
        _sources = [.. encoder.ColumnSources];
    }

    /// <summary>Number of trees.</summary>
    public int TreeCount => _specs.Length;

    /// <summary>Constant added to the sum of the trees.</summary>
    public double Bias { get; }

    /// <inheritdoc/>
    public override double ExpectedScore { get; }

    internal IReadOnlyList<TreeSpec> Trees => _specs;

    internal override CompiledModel WithCalibrator(ProbabilityCalibrator calibrator) =>
        new TreeEnsembleModel(Encoder, _specs, Bias, calibrator);

    private protected override double ScoreEncodedCore(ReadOnlySpan<float> encoded)
    {
        double sum = 0;
        for (int t = 0; t < _nodeStart.Length; t++)
        {
            sum += _treeWeight[t] * _leafValue[_leafStart[t] + Leaf(t, encoded)];
        }

        return Bias + sum;
    }

    private protected override void ExplainEncodedCore(ReadOnlySpan<float> encoded, Span<double> contributions)
    {
        for (int t = 0; t < _nodeStart.Length; t++)
        {
            if (_nodeCount[t] == 0)
            {
                continue;
            }

            int start = _nodeStart[t];
            int node = 0;
            double value = _nodeValue[start];
            while (true)
            {
                int i = start + node;
                int child = encoded[_feature[i]] <= _threshold[i] ? _left[i] : _right[i];
                double childValue = child < 0 ? _leafValue[_leafStart[t] + ~child] : _nodeValue[start + child];
                contributions[_sources[_feature[i]]] += _treeWeight[t] * (childValue - value);
                if (child < 0)
                {
                    break;
                }

                node = child;
                value = childValue;
            }
        }
    }

    /// <summary>Index (within its tree) of the leaf an encoded vector reaches.</summary>
    internal int LeafIndex(int tree, ReadOnlySpan<float> encoded) => Leaf(tree, encoded);

    private int Leaf(int tree, ReadOnlySpan<float> encoded)
    {
        if (_nodeCount[tree] == 0)
        {
            return 0;
        }

        int start = _nodeStart[tree];
        int node = 0;
        while (true)
        {
            int i = start + node;
            int child = encoded[_feature[i]] <= _threshold[i] ? _left[i] : _right[i];
            if (child < 0)
            {
                return ~child;
            }

            node = child;
        }
    }

    // Expected output of a node = cover-weighted mean of its leaves (equal weights when the subtree has no cover).
    private double FillNodeValue(int tree, int node, out double cover)
    {
        int i = _nodeStart[tree] + node;
        double lv = ChildValue(tree, _left[i], out double lc);
        double rv = ChildValue(tree, _right[i], out double rc);
        cover = lc + rc;
        _nodeValue[i] = cover > 0 ? ((lv * lc) + (rv * rc)) / cover : (lv + rv) / 2;
        return _nodeValue[i];
    }

    private double ChildValue(int tree, int child, out double cover)
    {
        if (child >= 0)
        {
            return FillNodeValue(tree, child, out cover);
        }

        int leaf = _leafStart[tree] + ~child;
        cover = _leafCover[leaf];
        return _leafValue[leaf];
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
