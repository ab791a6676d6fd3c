using System.Buffers;
using RiskScoring.Features;
using RiskScoring.Models;

namespace RiskScoring.Scoring;

/// <summary>
/// The scorer's evaluation kernels: the model's margin and its per-feature contributions from one raw vector, in one
/// pass. They are rearrangements of <see cref="CompiledModel.Score"/> and <see cref="CompiledModel.Explain"/>: a tree
/// kernel sums the same leaves in the same order (the margin, hence the PD, is bit-for-bit the model's); a linear
/// kernel adds the same exact products feature by feature instead of column by column, so its margin equals the
/// model's up to the order of the additions (relative differences of order 1e-16). Contributions agree to rounding.
/// </summary>
internal abstract partial class ScoringKernel
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
}
