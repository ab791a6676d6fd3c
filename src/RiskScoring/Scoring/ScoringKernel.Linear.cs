using RiskScoring.Features;
using RiskScoring.Models;

namespace RiskScoring.Scoring;

/// <content>The linear-model kernel.</content>
internal abstract partial class ScoringKernel
{
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
}
