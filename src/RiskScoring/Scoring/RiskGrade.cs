namespace RiskScoring.Scoring;

/// <summary>
/// A risk grade from a configurable band table: <see cref="Rank"/> 0 is the best grade. The default table has
/// five grades, A (rank 0) to E (rank 4).
/// </summary>
/// <param name="Rank">Position in the band table, 0 = lowest risk.</param>
/// <param name="Label">The grade's label, for example <c>"A"</c>.</param>
public readonly record struct RiskGrade(int Rank, string Label)
{
    /// <inheritdoc/>
    public override string ToString() => Label;
}
