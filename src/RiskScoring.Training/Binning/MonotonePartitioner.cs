namespace RiskScoring.Training.Binning;

/// <summary>
/// Exact dynamic programme that merges consecutive prebins into bins maximising information value subject to a
/// default-rate shape, a minimum bin size, a minimum number of bads per bin, mandatory (forced) boundaries and a
/// maximum number of bins.
/// </summary>
/// <remarks>
/// State <c>(phase, k, j, i)</c>: prebins <c>[0, j)</c> split into <c>k</c> bins whose last bin is <c>[i, j)</c>, in
/// shape phase <c>phase</c> (0 = before the peak/valley, 1 = after). The last bin fixes the rate the next bin is
/// compared with, so the programme is exact: it returns the best partition over the prebin grid. Cost
/// O(maxBins · P³) for P prebins. Ties keep the first optimum met: fewer bins, then earlier boundaries.
/// Rates are compared exactly with integer cross-multiplication.
/// </remarks>
internal static class MonotonePartitioner
{
    private const double Tolerance = 1e-12;

    /// <summary>Runs the programme.</summary>
    /// <param name="counts">Rows per prebin (each &gt; 0).</param>
    /// <param name="bads">Bads per prebin.</param>
    /// <param name="mandatory">Length P + 1: true where a boundary is forced (0 and P are implied).</param>
    /// <param name="totalGoods">Goods of the whole column (for the WoE shares).</param>
    /// <param name="totalBads">Bads of the whole column.</param>
    /// <param name="minCount">Minimum rows per bin.</param>
    /// <param name="minBads">Minimum bads per bin.</param>
    /// <param name="maxBins">Maximum bins (raised to the number of forced segments if smaller).</param>
    /// <param name="trend">Shape (not Auto).</param>
    /// <param name="smoothing">Cell smoothing for a bin without goods or bads.</param>
    /// <returns>The interior boundaries (prebin indices, ascending) and the IV, or null when the shape is infeasible.</returns>
    public static (int[] Boundaries, double Iv)? Solve(
        ReadOnlySpan<int> counts,
        ReadOnlySpan<int> bads,
        ReadOnlySpan<bool> mandatory,
        double totalGoods,
        double totalBads,
        int minCount,
        int minBads,
        int maxBins,
        MonotonicTrend trend,
        double smoothing)
    {
        var p = counts.Length;
        var cumN = new long[p + 1];
        var cumB = new long[p + 1];
        for (var t = 0; t < p; t++)
        {
            cumN[t + 1] = cumN[t] + counts[t];
            cumB[t + 1] = cumB[t] + bads[t];
        }

        // nextMandatory[i]: first forced boundary strictly after i (P at the end).
        var nextMandatory = new int[p + 1];
        nextMandatory[p] = p;
        var segments = 1;
        for (var t = p - 1; t >= 0; t--)
        {
            nextMandatory[t] = t + 1 < p && mandatory[t + 1] ? t + 1 : nextMandatory[t + 1];
        }

        for (var t = 1; t < p; t++)
        {
            if (mandatory[t])
            {
                segments++;
            }
        }

        var isStartOfSegment = new bool[p + 1];
        isStartOfSegment[0] = true;
        for (var t = 1; t < p; t++)
        {
            isStartOfSegment[t] = mandatory[t];
        }

        var k = Math.Min(Math.Max(maxBins, segments), p);
        var stride = p + 1;

        // Bin [i, j) allowed and its IV.
        var allowed = new bool[stride * stride];
        var iv = new double[stride * stride];
        for (var i = 0; i < p; i++)
        {
            for (var j = i + 1; j <= nextMandatory[i]; j++)
            {
                var n = cumN[j] - cumN[i];
                var b = cumB[j] - cumB[i];
                var wholeSegment = isStartOfSegment[i] && j == nextMandatory[i];
                if (wholeSegment || (n >= minCount && b >= minBads))
                {
                    allowed[(i * stride) + j] = true;
                    iv[(i * stride) + j] = BinIv(n - b, b, totalGoods, totalBads, smoothing);
                }
            }
        }

        var phases = trend is MonotonicTrend.Peak or MonotonicTrend.Valley ? 2 : 1;
        var size = phases * (k + 1) * stride * stride;
        var value = new double[size];
        var back = new int[size];
        Array.Fill(value, double.NegativeInfinity);

        int Index(int ph, int kk, int j, int i) => (((((ph * (k + 1)) + kk) * stride) + j) * stride) + i;

        for (var j = 1; j <= p; j++)
        {
            if (allowed[j])
            {
                value[Index(0, 1, j, 0)] = iv[j];
                back[Index(0, 1, j, 0)] = -1;
            }
        }

        for (var kk = 1; kk < k; kk++)
        {
            for (var j = 1; j < p; j++)
            {
                for (var m = j + 1; m <= nextMandatory[j]; m++)
                {
                    if (!allowed[(j * stride) + m])
                    {
                        continue;
                    }

                    var nextN = cumN[m] - cumN[j];
                    var nextB = cumB[m] - cumB[j];
                    var gain = iv[(j * stride) + m];
                    for (var ph = 0; ph < phases; ph++)
                    {
                        for (var i = 0; i < j; i++)
                        {
                            var current = value[Index(ph, kk, j, i)];
                            if (double.IsNegativeInfinity(current))
                            {
                                continue;
                            }

                            // Compare rate(prev) = bPrev/nPrev with rate(next) = nextB/nextN exactly.
                            var nPrev = cumN[j] - cumN[i];
                            var bPrev = cumB[j] - cumB[i];
                            var cmp = (bPrev * nextN).CompareTo(nextB * nPrev);
                            var newPhase = Transition(trend, ph, cmp);
                            if (newPhase < 0)
                            {
                                continue;
                            }

                            var target = Index(newPhase, kk + 1, m, j);
                            var candidate = current + gain;
                            if (candidate > value[target] + Tolerance)
                            {
                                value[target] = candidate;
                                back[target] = (i * 2) + ph;
                            }
                        }
                    }
                }
            }
        }

        double best = double.NegativeInfinity;
        int bestPh = -1, bestK = -1, bestI = -1;
        for (var kk = 1; kk <= k; kk++)
        {
            for (var ph = 0; ph < phases; ph++)
            {
                for (var i = 0; i < p; i++)
                {
                    var v = value[Index(ph, kk, p, i)];
                    if (v > best + Tolerance)
                    {
                        best = v;
                        bestPh = ph;
                        bestK = kk;
                        bestI = i;
                    }
                }
            }
        }

        if (bestK < 0)
        {
            return null;
        }

        var boundaries = new int[bestK - 1];
        int curPh = bestPh, curK = bestK, curJ = p, curI = bestI;
        while (curK > 1)
        {
            boundaries[curK - 2] = curI;
            var code = back[Index(curPh, curK, curJ, curI)];
            var prevI = code >> 1;
            var prevPh = code & 1;
            curJ = curI;
            curI = prevI;
            curPh = prevPh;
            curK--;
        }

        return (boundaries, best);
    }

    /// <summary>IV contribution of a bin with <paramref name="goods"/> and <paramref name="bads"/>.</summary>
    internal static double BinIv(double goods, double bads, double totalGoods, double totalBads, double smoothing)
    {
        if (goods == 0 || bads == 0)
        {
            goods += smoothing;
            bads += smoothing;
        }

        var pg = goods / totalGoods;
        var pb = bads / totalBads;
        return (pg - pb) * Math.Log(pg / pb);
    }

    /// <summary>Next phase, or −1 when the step is not allowed. <paramref name="cmp"/> = sign(rate(prev) − rate(next)).</summary>
    private static int Transition(MonotonicTrend trend, int phase, int cmp) => trend switch
    {
        MonotonicTrend.Ascending => cmp <= 0 ? 0 : -1,
        MonotonicTrend.Descending => cmp >= 0 ? 0 : -1,
        MonotonicTrend.Peak => phase == 0 ? (cmp <= 0 ? 0 : 1) : (cmp >= 0 ? 1 : -1),
        MonotonicTrend.Valley => phase == 0 ? (cmp >= 0 ? 0 : 1) : (cmp <= 0 ? 1 : -1),
        _ => 0,
    };
}
