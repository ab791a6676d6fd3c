using System.Runtime.CompilerServices;
using RiskScoring.Features;
using RiskScoring.Models;

namespace RiskScoring.Scoring;

/// <content>The linear-model kernel.</content>
internal abstract partial class ScoringKernel
{
    /// <summary>
    /// A linear model evaluated feature by feature from the raw vector, without materialising the encoded vector. At
    /// construction every feature's columns are folded into one table of doubles: a categorical feature's one-hot
    /// weights (or weight × looked-up value), a lookup-encoded numeric feature's weight × value per bin, a standard
    /// numeric feature's quantile-bin weights; the last entry is the whole missing-value term (weight × standardised
    /// fill + indicator weight). At scoring a feature costs a table read at its bin or code (bins counted without a
    /// data-dependent search, see <see cref="PaddedEdges"/>) plus, for a present standard numeric value, weight ×
    /// its standardised value. Every term is exactly the product the encoded dot product forms (a product of two
    /// floats is exact in double), so the margin equals <see cref="LinearModel"/>'s up to the order of the additions
    /// (relative difference of order 1e-16). Features whose terms are all zero (not selected by the model) are skipped.
    /// A feature's contribution is its terms minus its reference: Σ weight × training mean over its columns, or with
    /// the best-attainable method the best attainable contribution that <see cref="ReasonCodeCalculator"/> determined.
    /// </summary>
    private sealed class LinearKernel : ScoringKernel
    {
        private readonly Term[] _terms;
        private readonly double[] _table;
        private readonly PaddedEdges _edges;
        private readonly double _bias;
        private readonly int _featureCount;

        public LinearKernel(LinearModel model, IReadOnlyList<double>? bestContributions)
        {
            var weights = model.Weights;
            var means = model.ColumnMeans;
            var encodings = model.Encoder.Encodings;
            _edges = model.Encoder.Edges;
            _featureCount = encodings.Count;
            var terms = new List<Term>();
            var table = new List<double>();
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

                var entries = TableOf(e, weights.AsSpan(column, width));
                double weight = e.IsLookup || e.Kind == FeatureKind.Categorical ? 0 : weights[column];
                bool active = weight != 0 || reference != 0 || entries.Exists(v => v != 0);
                if (active)
                {
                    var mode = e.Kind == FeatureKind.Categorical ? TermKind.Category : e.IsLookup ? TermKind.NumericTable : TermKind.Numeric;
                    terms.Add(new Term(f, mode, table.Count, entries.Count - 1, e.CategoryCount, e.Lower, e.Upper, e.Center, e.Scale, weight, reference));
                    table.AddRange(entries);
                }

                column += width;
            }

            _terms = [.. terms];
            _table = [.. table];
            _bias = model.Bias;
        }

        private enum TermKind : byte
        {
            /// <summary>Value = weight × (clamp(x) − centre) / scale + table[bin], or table[missing].</summary>
            Numeric,

            /// <summary>Value = table[bin of clamp(x)], or table[missing].</summary>
            NumericTable,

            /// <summary>Value = table[code], the last entry for missing or unseen codes.</summary>
            Category,
        }

        public override double Margin(ReadOnlySpan<float> raw)
        {
            CheckLength(raw);
            double sum = _bias;
            var terms = _terms;
            for (int t = 0; t < terms.Length; t++)
            {
                sum += Value(in terms[t], raw[terms[t].Feature]);
            }

            return sum;
        }

        public override double Explain(ReadOnlySpan<float> raw, Span<double> contributions)
        {
            CheckLength(raw);
            contributions[.._featureCount].Clear();
            double sum = _bias;
            var terms = _terms;
            for (int t = 0; t < terms.Length; t++)
            {
                ref readonly var term = ref terms[t];
                double value = Value(in term, raw[term.Feature]);
                sum += value;
                contributions[term.Feature] = value - term.Reference;
            }

            return sum;
        }

        /// <summary>The feature's table: one-hot weights, weight × lookup value per bin or category, or the quantile-bin
        /// weights (a single 0 without bins); then the missing term.</summary>
        private static List<double> TableOf(FeatureEncoding e, ReadOnlySpan<float> weights)
        {
            var entries = new List<double>();
            if (e.IsLookup)
            {
                foreach (float v in e.LookupValues)
                {
                    entries.Add(weights[0] * (double)v);
                }
            }
            else if (e.Kind == FeatureKind.Categorical)
            {
                foreach (float w in weights)
                {
                    entries.Add(w);
                }
            }
            else
            {
                int bins = e.BinEdges.IsEmpty ? 0 : e.BinEdges.Length + 1;
                int first = 1 + (e.MissingIndicator ? 1 : 0);
                for (int k = 0; k < Math.Max(bins, 1); k++)
                {
                    entries.Add(bins == 0 ? 0 : weights[first + k]);
                }

                // The encoder writes (fill − centre) / scale for a missing value, 1 in the indicator and no bin flag.
                double missing = weights[0] * (double)((e.Fill - e.Center) / e.Scale);
                entries.Add(e.MissingIndicator ? missing + weights[1] : missing);
            }

            return entries;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private double Value(in Term term, float x)
        {
            int index;
            double linear = 0;
            if (term.Kind == TermKind.Category)
            {
                index = FeatureEncoder.CategoryCode(x, term.CategoryCount);
            }
            else if (float.IsNaN(x))
            {
                index = term.MissingIndex;
            }
            else
            {
                float clamped = Math.Clamp(x, term.Lower, term.Upper);
                index = _edges.Bin(term.Feature, clamped);
                if (term.Kind == TermKind.Numeric)
                {
                    linear = term.Weight * (double)((clamped - term.Center) / term.Scale);
                }
            }

            return linear + _table[term.TableStart + index];
        }

        private void CheckLength(ReadOnlySpan<float> raw)
        {
            if (raw.Length != _featureCount)
            {
                throw new ArgumentException($"The raw vector has {raw.Length} values; the model reads {_featureCount}.", nameof(raw));
            }
        }

        /// <summary>One model feature: where its table starts, its missing entry, its numeric encoding and its
        /// reference contribution.</summary>
        private readonly record struct Term(int Feature, TermKind Kind, int TableStart, int MissingIndex, int CategoryCount,
            float Lower, float Upper, float Center, float Scale, double Weight, double Reference);
    }
}
