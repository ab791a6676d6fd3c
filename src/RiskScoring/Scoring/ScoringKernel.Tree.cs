using System.Buffers;
using RiskScoring.Models;

namespace RiskScoring.Scoring;

/// <content>The tree-ensemble kernel.</content>
internal abstract partial class ScoringKernel
{
    /// <summary>
    /// A tree ensemble with its nodes packed one struct per node (feature, threshold, both children as global indices)
    /// and leaves turned into absorbing nodes (a leaf's children are itself, so stepping from it adds exactly 0), walked
    /// four trees at a time for a fixed number of steps (the deepest path of the four) without a data-dependent branch
    /// to leave the loop: the four paths proceed in parallel instead of one after the other. The margin adds the
    /// trees' leaves in tree order as the model does, so it is bit-for-bit the model's; contributions are the model's
    /// path attribution, summed in another order.
    /// </summary>
    private sealed class TreeKernel : ScoringKernel
    {
        private const int Lanes = 4;
        private readonly FeatureEncoder _encoder;
        private readonly Node[] _nodes;
        private readonly double[] _value;
        private readonly int[] _roots;
        private readonly double[] _weights;
        private readonly int[] _depths;
        private readonly int[] _sources;
        private readonly double _bias;

        public TreeKernel(TreeEnsembleModel model)
        {
            _encoder = model.Encoder;
            var trees = model.Trees;
            int total = trees.Sum(t => t.SplitFeatures.Length + t.LeafValues.Length) + 1;
            _nodes = new Node[total];
            _value = new double[total];
            int groups = (trees.Count + Lanes - 1) / Lanes;
            _roots = new int[groups * Lanes];
            _weights = new double[groups * Lanes];
            _depths = new int[groups];

            // Slot 0: the padding tree (a single leaf of value 0 and weight 0) that fills the last group.
            _nodes[0] = new Node(0, float.PositiveInfinity, 0, 0);
            int next = 1;
            for (int t = 0; t < trees.Count; t++)
            {
                var s = trees[t];
                int nodes = s.SplitFeatures.Length, start = next, leaves = start + nodes;
                for (int i = 0; i < nodes; i++)
                {
                    _nodes[start + i] = new Node(s.SplitFeatures[i], s.Thresholds[i], Global(s.Left[i], start, leaves), Global(s.Right[i], start, leaves));
                }

                for (int k = 0; k < s.LeafValues.Length; k++)
                {
                    _nodes[leaves + k] = new Node(0, float.PositiveInfinity, leaves + k, leaves + k);
                    _value[leaves + k] = s.LeafValues[k];
                }

                if (nodes > 0)
                {
                    FillNodeValue(s, start, leaves, 0, out _);
                }

                _roots[t] = nodes > 0 ? start : leaves;
                _weights[t] = s.Weight;
                int depth = nodes > 0 ? Depth(s, 0) : 0;
                _depths[t / Lanes] = Math.Max(_depths[t / Lanes], depth);
                next = leaves + s.LeafValues.Length;
            }

            _sources = [.. _encoder.ColumnSources];
            _bias = model.Bias;
        }

        public override double Margin(ReadOnlySpan<float> raw)
        {
            int length = _encoder.EncodedLength;
            float[]? rented = null;
            Span<float> encoded = length <= StackLimit ? stackalloc float[length] : (rented = ArrayPool<float>.Shared.Rent(length)).AsSpan(0, length);
            try
            {
                _encoder.Encode(raw, encoded);
                return Walk(encoded, default, explain: false);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            }
        }

        public override double Explain(ReadOnlySpan<float> raw, Span<double> contributions)
        {
            int length = _encoder.EncodedLength;
            float[]? rented = null;
            Span<float> encoded = length <= StackLimit ? stackalloc float[length] : (rented = ArrayPool<float>.Shared.Rent(length)).AsSpan(0, length);
            try
            {
                _encoder.Encode(raw, encoded);
                contributions.Clear();
                return Walk(encoded, contributions, explain: true);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            }
        }

        private static int Global(int child, int start, int leaves) => child >= 0 ? start + child : leaves + ~child;

        private static int Depth(TreeSpec s, int node)
        {
            int left = s.Left[node] >= 0 ? Depth(s, s.Left[node]) : 0;
            int right = s.Right[node] >= 0 ? Depth(s, s.Right[node]) : 0;
            return 1 + Math.Max(left, right);
        }

        private double Walk(ReadOnlySpan<float> encoded, Span<double> contributions, bool explain)
        {
            var nodes = _nodes;
            var value = _value;
            var sources = _sources;
            var roots = _roots;
            var weights = _weights;
            double sum = 0;
            for (int g = 0; g < _depths.Length; g++)
            {
                int o = g * Lanes;
                int a = roots[o], b = roots[o + 1], c = roots[o + 2], d = roots[o + 3];
                double wa = weights[o], wb = weights[o + 1], wc = weights[o + 2], wd = weights[o + 3];
                double va = value[a], vb = value[b], vc = value[c], vd = value[d];
                for (int step = _depths[g]; step > 0; step--)
                {
                    ref readonly var na = ref nodes[a];
                    ref readonly var nb = ref nodes[b];
                    ref readonly var nc = ref nodes[c];
                    ref readonly var nd = ref nodes[d];
                    int ca = encoded[na.Feature] <= na.Threshold ? na.Left : na.Right;
                    int cb = encoded[nb.Feature] <= nb.Threshold ? nb.Left : nb.Right;
                    int cc = encoded[nc.Feature] <= nc.Threshold ? nc.Left : nc.Right;
                    int cd = encoded[nd.Feature] <= nd.Threshold ? nd.Left : nd.Right;
                    double xa = value[ca], xb = value[cb], xc = value[cc], xd = value[cd];
                    if (explain)
                    {
                        contributions[sources[na.Feature]] += wa * (xa - va);
                        contributions[sources[nb.Feature]] += wb * (xb - vb);
                        contributions[sources[nc.Feature]] += wc * (xc - vc);
                        contributions[sources[nd.Feature]] += wd * (xd - vd);
                    }

                    a = ca;
                    b = cb;
                    c = cc;
                    d = cd;
                    va = xa;
                    vb = xb;
                    vc = xc;
                    vd = xd;
                }

                // Leaves in tree order, as TreeEnsembleModel sums them (padding trees add exactly 0).
                sum += wa * va;
                sum += wb * vb;
                sum += wc * vc;
                sum += wd * vd;
            }

            return _bias + sum;
        }

        // Same recursion and arithmetic as TreeEnsembleModel's node values (cover-weighted mean of the leaves below).
        private double FillNodeValue(TreeSpec s, int start, int leaves, int node, out double cover)
        {
            double lv = ChildValue(s, start, leaves, s.Left[node], out double lc);
            double rv = ChildValue(s, start, leaves, s.Right[node], out double rc);
            cover = lc + rc;
            _value[start + node] = cover > 0 ? ((lv * lc) + (rv * rc)) / cover : (lv + rv) / 2;
            return _value[start + node];
        }

        private double ChildValue(TreeSpec s, int start, int leaves, int child, out double cover)
        {
            if (child >= 0)
            {
                return FillNodeValue(s, start, leaves, child, out cover);
            }

            cover = s.LeafCovers[~child];
            return s.LeafValues[~child];
        }

        private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
    }
}
