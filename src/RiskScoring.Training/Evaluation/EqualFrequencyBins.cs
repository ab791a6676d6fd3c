namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Splits rows in sorted order into at most <c>bins</c> contiguous groups of (nearly) equal size without ever
/// separating equal PDs: a boundary that would fall inside a run of ties moves to the end of that run, so heavy
/// ties give fewer, larger bins. Results therefore do not depend on the order of tied rows.
/// </summary>
internal static class EqualFrequencyBins
{
    /// <summary>Returns [start, end) ranges over <paramref name="order"/>.</summary>
    public static List<(int Start, int End)> Split(ReadOnlySpan<double> values, int[] order, int bins)
    {
        var n = order.Length;
        var ranges = new List<(int Start, int End)>(Math.Min(bins, n));
        var previous = 0;
        for (var k = 1; k <= bins && previous < n; k++)
        {
            var target = k == bins ? n : (int)((long)k * n / bins);
            if (target <= previous)
            {
                continue;
            }

            var end = target;
            while (end < n && values[order[end]] == values[order[end - 1]])
            {
                end++;
            }

            ranges.Add((previous, end));
            previous = end;
        }

        return ranges;
    }
}
