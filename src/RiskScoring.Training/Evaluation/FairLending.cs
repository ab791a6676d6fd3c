using System.Globalization;

namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Fair-lending checks for a PD cut-off (approve if PD &lt; cut-off): approval rate per group, the adverse-impact
/// ratio of each group's approval rate to the most-approved group's (the four-fifths rule flags ratios below 0.8),
/// and the AUC within each group.
/// </summary>
public static class FairLending
{
    /// <summary>Computes the per-group table.</summary>
    /// <param name="predictedPd">Predicted PD per row, each in [0, 1].</param>
    /// <param name="isDefault">Observed outcome per row; <see langword="true"/> = default.</param>
    /// <param name="groups">Group label per row (for example an age band); not null. Compared ordinally.</param>
    /// <param name="cutoff">PD cut-off in [0, 1]: approve if PD &lt; cut-off.</param>
    /// <param name="options">Options; <see langword="null"/> = defaults (ratio threshold 0.8).</param>
    /// <returns>One row per group in ordinal label order, with the reference (most-approved) group named.</returns>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a PD is NaN or outside [0, 1], or a label is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cutoff"/> or an option is out of range.</exception>
    public static FairLendingReport Evaluate(
        ReadOnlySpan<double> predictedPd,
        ReadOnlySpan<bool> isDefault,
        ReadOnlySpan<string> groups,
        double cutoff,
        FairLendingOptions? options = null)
    {
        options ??= FairLendingOptions.Default;
        options.Validate();
        EvaluationGuard.CheckClosedUnit(cutoff, nameof(cutoff));
        EvaluationGuard.CheckScores(predictedPd, isDefault);
        if (groups.Length != predictedPd.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"groups has {groups.Length} values but predictedPd has {predictedPd.Length}; they must have exactly one value per row."),
                nameof(groups));
        }

        var rowsByGroup = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Length; i++)
        {
            var g = groups[i] ?? throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"groups[{i}] is null; every row needs a group label."),
                nameof(groups));
            if (!rowsByGroup.TryGetValue(g, out var list))
            {
                list = [];
                rowsByGroup.Add(g, list);
            }

            list.Add(i);
        }

        var partial = new List<(string Group, int Count, int Defaults, int Approved, int ApprovedDefaults, double Auc)>();
        foreach (var (group, rows) in rowsByGroup)
        {
            var pd = new double[rows.Count];
            var y = new bool[rows.Count];
            int defaults = 0, approved = 0, approvedDefaults = 0;
            for (var k = 0; k < rows.Count; k++)
            {
                pd[k] = predictedPd[rows[k]];
                y[k] = isDefault[rows[k]];
                defaults += y[k] ? 1 : 0;
                if (pd[k] < cutoff)
                {
                    approved++;
                    approvedDefaults += y[k] ? 1 : 0;
                }
            }

            var auc = defaults == 0 || defaults == rows.Count
                ? double.NaN
                : BinaryMetrics.AucCore(pd, y, EvaluationGuard.SortAscending(pd), defaults);
            partial.Add((group, rows.Count, defaults, approved, approvedDefaults, auc));
        }

        var reference = partial[0];
        foreach (var p in partial)
        {
            if ((double)p.Approved / p.Count > (double)reference.Approved / reference.Count)
            {
                reference = p;
            }
        }

        var referenceRate = (double)reference.Approved / reference.Count;
        var result = new List<GroupFairness>(partial.Count);
        foreach (var p in partial)
        {
            var rate = (double)p.Approved / p.Count;
            var ratio = referenceRate == 0.0 ? double.NaN : rate / referenceRate;
            result.Add(new GroupFairness(
                p.Group,
                p.Count,
                p.Defaults,
                p.Approved,
                rate,
                ratio,
                ratio < options.MinimumApprovalRatio,
                (double)p.Defaults / p.Count,
                p.Approved == 0 ? double.NaN : (double)p.ApprovedDefaults / p.Approved,
                p.Auc));
        }

        return new FairLendingReport(cutoff, options.MinimumApprovalRatio, reference.Group, result);
    }
}

/// <summary>Options for <see cref="FairLending.Evaluate"/>.</summary>
public sealed record FairLendingOptions
{
    /// <summary>The defaults.</summary>
    public static FairLendingOptions Default { get; } = new();

    /// <summary>
    /// A group whose approval rate divided by the most-approved group's is below this is flagged. Default 0.8 (the
    /// four-fifths rule of the US Uniform Guidelines). Must be in (0, 1].
    /// </summary>
    public double MinimumApprovalRatio { get; init; } = 0.8;

    internal void Validate()
    {
        if (!(MinimumApprovalRatio > 0.0 && MinimumApprovalRatio <= 1.0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(MinimumApprovalRatio),
                MinimumApprovalRatio,
                string.Create(CultureInfo.InvariantCulture, $"MinimumApprovalRatio = {MinimumApprovalRatio}: must be in (0, 1]."));
        }
    }
}

/// <summary>Result of <see cref="FairLending.Evaluate"/>.</summary>
/// <param name="Cutoff">The PD cut-off used (approve if PD &lt; cut-off).</param>
/// <param name="MinimumApprovalRatio">The ratio threshold used for flags.</param>
/// <param name="ReferenceGroup">The group with the highest approval rate (first in ordinal order on ties).</param>
/// <param name="Groups">One row per group, in ordinal label order.</param>
public sealed record FairLendingReport(
    double Cutoff,
    double MinimumApprovalRatio,
    string ReferenceGroup,
    IReadOnlyList<GroupFairness> Groups)
{
    /// <summary>Whether any group is flagged (<see cref="GroupFairness.BelowThreshold"/>).</summary>
    public bool AnyBelowThreshold => Groups.Any(g => g.BelowThreshold);
}

/// <summary>Fair-lending figures of one group.</summary>
/// <param name="Group">Group label.</param>
/// <param name="Count">Rows in the group.</param>
/// <param name="Defaults">Defaults in the group.</param>
/// <param name="Approved">Rows approved at the cut-off.</param>
/// <param name="ApprovalRate">Approved / Count.</param>
/// <param name="ApprovalRateRatio">ApprovalRate / the reference group's rate (1 for the reference); NaN when no group has any approval.</param>
/// <param name="BelowThreshold">Ratio below <see cref="FairLendingOptions.MinimumApprovalRatio"/> (never when the ratio is NaN).</param>
/// <param name="DefaultRate">Defaults / Count.</param>
/// <param name="BadRateAmongApproved">Defaults among approved / approved; NaN when none approved.</param>
/// <param name="Auc">AUC within the group; NaN (not computable) when the group has only one class.</param>
public sealed record GroupFairness(
    string Group,
    int Count,
    int Defaults,
    int Approved,
    double ApprovalRate,
    double ApprovalRateRatio,
    bool BelowThreshold,
    double DefaultRate,
    double BadRateAmongApproved,
    double Auc)
{
    /// <summary>Whether <see cref="Auc"/> could be computed (the group has both classes).</summary>
    public bool AucComputable => !double.IsNaN(Auc);
}
