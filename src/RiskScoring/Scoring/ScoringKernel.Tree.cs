using System.Buffers;
using RiskScoring.Models;

namespace RiskScoring.Scoring;

/// <content>The tree-ensemble kernel.</content>
internal abstract partial class ScoringKernel
{
    /// <summary>
    /// A tree ensemble: encodes the raw vector on the stack and runs the model's own <see cref="PackedTreeEnsemble"/>
    /// (a branch-free walk of eight trees side by side; contributions from each reached leaf's precomputed path
    /// attribution). Margin and contributions are therefore exactly the model's <see cref="CompiledModel.Score"/> and
    /// <see cref="CompiledModel.Explain"/>.
    /// </summary>
    private sealed class TreeKernel(TreeEnsembleModel model) : ScoringKernel
    {
        private readonly FeatureEncoder _encoder = model.Encoder;
        private readonly PackedTreeEnsemble _packed = model.Packed;

        public override double Margin(ReadOnlySpan<float> raw) => Run(raw, default, explain: false);

        public override double Explain(ReadOnlySpan<float> raw, Span<double> contributions)
        {
            contributions.Clear();
            return Run(raw, contributions, explain: true);
        }

        private double Run(ReadOnlySpan<float> raw, Span<double> contributions, bool explain)
        {
            int length = _encoder.EncodedLength;
            float[]? rented = null;
            Span<float> encoded = length <= StackLimit ? stackalloc float[length] : (rented = ArrayPool<float>.Shared.Rent(length)).AsSpan(0, length);
            try
            {
                _encoder.Encode(raw, encoded);
                return explain ? _packed.Explain(encoded, contributions) : _packed.Margin(encoded);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            }
        }
    }
}
