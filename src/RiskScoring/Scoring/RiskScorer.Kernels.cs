using System.Buffers;
using RiskScoring.Features;
using RiskScoring.Models;

namespace RiskScoring.Scoring;

/// <summary>
/// The scorer's evaluation kernels: the model's margin and its per-feature contributions from one raw vector, in one
/// pass. They are rearrangements of <see cref="CompiledModel.Score"/> and <see cref="CompiledModel.Explain"/> that
/// keep the same floating-point operations in the same order, so the margin (hence the PD) is bit-for-bit the
/// model's own; contributions agree to rounding (they are reassociated for linear models).
/// </summary>
internal abstract class ScoringKernel
{
    /// <summary>Feature vectors longer than this are encoded into a pooled buffer instead of the stack.</summary>
    protected const int StackLimit = 1024;

    /// <summary>The kernel for a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="bestContributions">Each characteristic's best attainable contribution (from
    /// <see cref="ReasonCodeCalculator.BestContributions"/>) to measure contributions against, or null to measure them
    /// against the training mean.</param>
    public static ScoringKernel For(CompiledModel model, IReadOnlyList<double>? bestContributions = null) => model switch
    {
        LinearModel linear => new LinearKernel(linear, bestContributions),
        TreeEnsembleModel trees => new TreeKernel(trees),
        _ => new ExplainKernel(model),
    };

    /// <summary>The margin of a raw vector of the schema's length.</summary>
    public abstract double Margin(ReadOnlySpan<float> raw);

    /// <summary>The margin and, in <paramref name="contributions"/> (the schema's length, overwritten), each
    /// feature's contribution so that ExpectedScore + Σ contributions = margin.</summary>
    public abstract double Explain(ReadOnlySpan<float> raw, Span<double> contributions);

    /// <summary>Any model: the model's own Explain (encodes once, walks twice for trees).</summary>
    private sealed class ExplainKernel(CompiledModel model) : ScoringKernel
    {
        public override double Margin(ReadOnlySpan<float> raw) => model.Score(raw);

        public override double Explain(ReadOnlySpan<float> raw, Span<double> contributions) => model.Explain(raw, contributions);
    }

    /// <summary>
    /// A linear model evaluated feature by feature without materialising the encoded vector: per numeric feature the
    /// winsorised, standardised value times its weight, plus the weight of the missing indicator or of the quantile
    /// bin that is set; per categorical feature the weight of its one-hot column; per lookup feature weight × looked-up
    /// value. Encoded columns that are 0 add exactly ±0 to the dot product, so skipping them keeps the sum bit-identical.
    /// A feature's contribution is its terms minus Σ weight × training mean over its columns (precomputed), or with
    /// the best-attainable reference, weight × its lookup value minus the best attainable contribution that
    /// <see cref="ReasonCodeCalculator"/> determined.
    /// </summary>
    private sealed class LinearKernel : ScoringKernel
    {
        private readonly Term[] _terms;
        private readonly double _bias;

        public LinearKernel(LinearModel model, IReadOnlyList<double>? bestContributions)
        {
            var weights = model.Weights;
            var means = model.ColumnMeans;
            var encodings = model.Encoder.Encodings;
            _terms = new Term[encodings.Count];
            int column = 0;
            for (int f = 0; f < encodings.Count; f++)
            {
                var e = encodings[f];
                int width = e.Width;
                double reference = 0;
                if (bestContributions is not null)
                {
                    reference = bestContributions[f];
                }
                else
                {
                    for (int j = column; j < column + width; j++)
                    {
                        reference += weights[j] * means[j];
                    }
                }

                float[] lookup = e.IsLookup
                    ? [.. e.LookupValues]
                    : e.Kind == FeatureKind.Categorical ? [.. Enumerable.Range(column, width).Select(j => weights[j])] : [];
                float[] bins = !e.IsLookup && e.Kind == FeatureKind.Numeric && !e.BinEdges.IsEmpty
                    ? [.. Enumerable.Range(column + 1 + (e.MissingIndicator ? 1 : 0), e.BinEdges.Length + 1).Select(j => weights[j])]
                    : [];
                _terms[f] = new Term(
                    e.IsLookup ? TermKind.Lookup : e.Kind == FeatureKind.Categorical ? TermKind.OneHot : TermKind.Numeric,
                    weights[column], e.Lower, e.Upper, e.Fill, e.Center, e.Scale,
                    e.MissingIndicator && !e.IsLookup ? weights[column + 1] : 0f, e.MissingIndicator && !e.IsLookup,
                    [.. e.BinEdges], bins, lookup, e.CategoryCount, e.Kind == FeatureKind.Categorical, reference);
                column += width;
            }

            _bias = model.Bias;
        }

        private enum TermKind
        {
            Numeric,
            OneHot,
            Lookup,
        }

        public override double Margin(ReadOnlySpan<float> raw)
        {
            var terms = _terms;
            if (raw.Length != terms.Length)
            {
                throw new ArgumentException($"The raw vector has {raw.Length} values; the model reads {terms.Length}.", nameof(raw));
            }

            double sum = _bias;
            for (int f = 0; f < terms.Length; f++)
            {
                sum = terms[f].Add(sum, raw[f], out _);
            }

            return sum;
        }

        public override double Explain(ReadOnlySpan<float> raw, Span<double> contributions)
        {
            var terms = _terms;
            if (raw.Length != terms.Length)
            {
                throw new ArgumentException($"The raw vector has {raw.Length} values; the model reads {terms.Length}.", nameof(raw));
            }

            double sum = _bias;
            for (int f = 0; f < terms.Length; f++)
            {
                var term = terms[f];
                sum = term.Add(sum, raw[f], out double part);
                contributions[f] = part - term.Reference;
            }

            return sum;
        }

        /// <summary>One feature's columns (see <see cref="FeatureEncoding"/> for the encoding rules mirrored here).</summary>
        private sealed record Term(TermKind Kind, float Weight, float Lower, float Upper, float Fill, float Center, float Scale,
            float IndicatorWeight, bool HasIndicator, float[] Edges, float[] BinWeights, float[] Table, int CategoryCount, bool IsCategorical, double Reference)
        {
            /// <summary>Adds the feature's non-zero terms to <paramref name="sum"/> in column order; <paramref name="part"/>
            /// is their own sum.</summary>
            public double Add(double sum, float value, out double part)
            {
                switch (Kind)
                {
                    case TermKind.OneHot:
                    {
                        int code = CategoryCount;
                        if (value >= 0f && value < CategoryCount && value == MathF.Floor(value))
                        {
                            code = (int)value;
                        }

                        part = Table[code];
                        return sum + (Table[code] * 1.0);
                    }

                    case TermKind.Lookup:
                    {
                        float looked = Table[LookupIndex(value)];
                        part = Weight * (double)looked;
                        return sum + part;
                    }

                    default:
                    {
                        bool missing = float.IsNaN(value);
                        float x = missing ? Fill : Math.Clamp(value, Lower, Upper);
                        float encoded = (x - Center) / Scale;
                        part = Weight * (double)encoded;
                        sum += part;
                        if (missing)
                        {
                            if (HasIndicator)
                            {
                                part += IndicatorWeight * 1.0;
                                sum += IndicatorWeight * 1.0;
                            }
                        }
                        else if (BinWeights.Length > 0)
                        {
                            double bin = BinWeights[Bin(x)] * 1.0;
                            part += bin;
                            sum += bin;
                        }

                        return sum;
                    }
                }
            }

            private int LookupIndex(float value)
            {
                int missing = Table.Length - 1;
                if (IsCategorical)
                {
                    return value >= 0f && value < CategoryCount && value == MathF.Floor(value) ? (int)value : missing;
                }

                return float.IsNaN(value) ? missing : Bin(Math.Clamp(value, Lower, Upper));
            }

            // The number of edges below x: with strictly ascending edges (FeatureEncoder enforces it) and x not NaN,
            // the same bin as FeatureEncoder's search, counted without a data-dependent branch (no mispredictions).
            private int Bin(float x)
            {
                var edges = Edges;
                int bin = 0;
                for (int k = 0; k < edges.Length; k++)
                {
                    bin += x > edges[k] ? 1 : 0;
                }

                return bin;
            }
        }
    }

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
