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

    public static ScoringKernel For(CompiledModel model) => model switch
    {
        LinearModel linear => new LinearKernel(linear),
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
    /// A feature's contribution is its terms minus Σ weight × training mean over its columns (precomputed).
    /// </summary>
    private sealed class LinearKernel : ScoringKernel
    {
        private readonly Term[] _terms;
        private readonly double _bias;

        public LinearKernel(LinearModel model)
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
                double meanPart = 0;
                for (int j = column; j < column + width; j++)
                {
                    meanPart += weights[j] * means[j];
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
                    [.. e.BinEdges], bins, lookup, e.CategoryCount, e.Kind == FeatureKind.Categorical, meanPart);
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
                contributions[f] = part - term.MeanPart;
            }

            return sum;
        }

        /// <summary>One feature's columns (see <see cref="FeatureEncoding"/> for the encoding rules mirrored here).</summary>
        private sealed record Term(TermKind Kind, float Weight, float Lower, float Upper, float Fill, float Center, float Scale,
            float IndicatorWeight, bool HasIndicator, float[] Edges, float[] BinWeights, float[] Table, int CategoryCount, bool IsCategorical, double MeanPart)
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

            private int Bin(float x)
            {
                var edges = Edges;
                int bin = 0;
                while (bin < edges.Length && x > edges[bin])
                {
                    bin++;
                }

                return bin;
            }
        }
    }

    /// <summary>
    /// A tree ensemble with its nodes packed one struct per node (feature, threshold, both children as global indices)
    /// and walked once per tree for both the margin and the path attribution (the model's Explain walks twice).
    /// </summary>
    private sealed class TreeKernel : ScoringKernel
    {
        private readonly FeatureEncoder _encoder;
        private readonly TreeEnsembleModel _model;
        private readonly Node[] _nodes;
        private readonly double[] _nodeValue;
        private readonly double[] _leafValue;
        private readonly int[] _root;
        private readonly double[] _weight;
        private readonly int[] _sources;
        private readonly double _bias;

        public TreeKernel(TreeEnsembleModel model)
        {
            _model = model;
            _encoder = model.Encoder;
            var trees = model.Trees;
            int nodeCount = trees.Sum(t => t.SplitFeatures.Length), leafCount = trees.Sum(t => t.LeafValues.Length);
            _nodes = new Node[nodeCount];
            _nodeValue = new double[nodeCount];
            _leafValue = new double[leafCount];
            _root = new int[trees.Count];
            _weight = new double[trees.Count];
            int n = 0, l = 0;
            for (int t = 0; t < trees.Count; t++)
            {
                var s = trees[t];
                _weight[t] = s.Weight;
                s.LeafValues.CopyTo(_leafValue, l);
                int nodes = s.SplitFeatures.Length;
                _root[t] = nodes == 0 ? ~l : n;
                for (int i = 0; i < nodes; i++)
                {
                    _nodes[n + i] = new Node(s.SplitFeatures[i], s.Thresholds[i], Global(s.Left[i], n, l), Global(s.Right[i], n, l));
                }

                if (nodes > 0)
                {
                    FillNodeValue(s, n, l, 0, out _);
                }

                n += nodes;
                l += s.LeafValues.Length;
            }

            _sources = [.. _encoder.ColumnSources];
            _bias = model.Bias;
        }

        public override double Margin(ReadOnlySpan<float> raw) => _model.Score(raw);

        public override double Explain(ReadOnlySpan<float> raw, Span<double> contributions)
        {
            int length = _encoder.EncodedLength;
            float[]? rented = null;
            Span<float> encoded = length <= StackLimit ? stackalloc float[length] : (rented = ArrayPool<float>.Shared.Rent(length)).AsSpan(0, length);
            try
            {
                _encoder.Encode(raw, encoded);
                contributions.Clear();
                return Walk(encoded, contributions);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            }
        }

        private static int Global(int child, int nodeStart, int leafStart) => child >= 0 ? nodeStart + child : ~(leafStart + ~child);

        private double Walk(ReadOnlySpan<float> encoded, Span<double> contributions)
        {
            var nodes = _nodes;
            var nodeValue = _nodeValue;
            var leafValue = _leafValue;
            var sources = _sources;
            double sum = 0;
            for (int t = 0; t < _root.Length; t++)
            {
                int node = _root[t];
                double w = _weight[t];
                if (node < 0)
                {
                    sum += w * leafValue[~node];
                    continue;
                }

                double value = nodeValue[node];
                while (true)
                {
                    ref readonly var n = ref nodes[node];
                    int child = encoded[n.Feature] <= n.Threshold ? n.Left : n.Right;
                    double childValue = child < 0 ? leafValue[~child] : nodeValue[child];
                    contributions[sources[n.Feature]] += w * (childValue - value);
                    if (child < 0)
                    {
                        sum += w * childValue;
                        break;
                    }

                    node = child;
                    value = childValue;
                }
            }

            return _bias + sum;
        }

        // Same recursion and arithmetic as TreeEnsembleModel's node values (cover-weighted mean of the leaves below).
        private double FillNodeValue(TreeSpec s, int nodeStart, int leafStart, int node, out double cover)
        {
            double lv = ChildValue(s, nodeStart, leafStart, s.Left[node], out double lc);
            double rv = ChildValue(s, nodeStart, leafStart, s.Right[node], out double rc);
            cover = lc + rc;
            _nodeValue[nodeStart + node] = cover > 0 ? ((lv * lc) + (rv * rc)) / cover : (lv + rv) / 2;
            return _nodeValue[nodeStart + node];
        }

        private double ChildValue(TreeSpec s, int nodeStart, int leafStart, int child, out double cover)
        {
            if (child >= 0)
            {
                return FillNodeValue(s, nodeStart, leafStart, child, out cover);
            }

            cover = s.LeafCovers[~child];
            return s.LeafValues[~child];
        }

        private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
    }
}
