using CsCheck;
using RiskScoring.Scorecards;
using RiskScoring.Training.Binning;

namespace RiskScoring.Training.Tests.Binning;

public sealed class BinningPropertyTests
{
    private static readonly MonotonicTrend[] Shapes =
        [MonotonicTrend.Ascending, MonotonicTrend.Descending, MonotonicTrend.Peak, MonotonicTrend.Valley, MonotonicTrend.None, MonotonicTrend.Auto];

    [Test]
    public void Solve_RandomSmallProblems_MatchesBruteForceOverAllPartitions()
    {
        // For up to 9 prebins, enumerate all 2^(P−1) partitions, keep the feasible ones and compare the best IV.
        var gen = Gen.Select(Gen.Int[1, 9], Gen.Int, Gen.Int[0, 4], Gen.Int[1, 9], Gen.Int[0, 3], (p, seed, shape, maxBins, minBads) => (p, seed, shape, maxBins, minBads));
        gen.Sample(t =>
        {
            var (p, seed, shape, maxBins, minBads) = t;
            var random = new Random(seed);
            var counts = Enumerable.Range(0, p).Select(_ => random.Next(1, 30)).ToArray();
            var bads = counts.Select(c => random.Next(0, c + 1)).ToArray();
            var mandatory = Enumerable.Range(0, p + 1).Select(i => i > 0 && i < p && random.NextDouble() < 0.15).ToArray();
            var minCount = random.Next(1, 25);
            var trend = Shapes[shape];
            var totalBads = bads.Sum() + 1.0;
            var totalGoods = counts.Sum() - bads.Sum() + 1.0;

            var dp = MonotonePartitioner.Solve(counts, bads, mandatory, totalGoods, totalBads, minCount, minBads, maxBins, trend, 0.5);
            var brute = BruteForce(counts, bads, mandatory, totalGoods, totalBads, minCount, minBads, maxBins, trend);

            Assert.That(dp is null, Is.EqualTo(brute is null), "feasibility");
            if (dp is { } solution)
            {
                Assert.That(solution.Iv, Is.EqualTo(brute!.Value).Within(1e-9));
                Assert.That(Evaluate(counts, bads, mandatory, solution.Boundaries, totalGoods, totalBads, minCount, minBads, maxBins, trend), Is.EqualTo(solution.Iv).Within(1e-9));
            }
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Test]
    public void Fit_RandomData_EveryConstraintHolds()
    {
        var gen = Gen.Select(Gen.Int, Gen.Int[0, 5], Gen.Int[1, 8], Gen.Int[0, 20], Gen.Int[0, 10], (seed, shape, maxBins, sharePct, minBads) => (seed, shape, maxBins, sharePct, minBads));
        gen.Sample(t =>
        {
            var (seed, shape, maxBins, sharePct, minBads) = t;
            var random = new Random(seed);
            var n = random.Next(50, 3000);
            var distinct = random.Next(1, 200);
            var slope = random.NextDouble() - 0.5;
            var values = new float[n];
            var isBad = new bool[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = random.NextDouble() < 0.05 ? float.NaN : random.Next(distinct);
                var pBad = 0.1 + (slope * 0.1 * (float.IsNaN(values[i]) ? 0 : values[i] / distinct)) + (0.1 * random.NextDouble());
                isBad[i] = random.NextDouble() < pBad;
            }

            isBad[0] = true;
            isBad[1] = false;
            var trend = Shapes[shape];
            var options = new BinningOptions { Trend = trend, MaxBins = maxBins, MinBinShare = sharePct / 100.0, MinBadsPerBin = minBads };
            var result = new OptimalBinner(options).Fit(FeatureBinningSpec.Numeric("x"), values, isBad);

            var regular = result.BinStatistics.Where(b => b.Kind == BinKind.Interval).ToArray();
            var regularRows = regular.Sum(b => b.Count);
            Assert.That(regular, Has.Length.LessThanOrEqualTo(maxBins));
            Assert.That(result.Statistics.TotalCount, Is.EqualTo(n));
            Assert.That(result.BinStatistics[^1].Count, Is.EqualTo(values.Count(float.IsNaN)));
            if (regular.Length > 1)
            {
                Assert.That(regular.Select(b => b.Count), Has.All.GreaterThanOrEqualTo(Math.Ceiling((sharePct / 100.0 * regularRows) - 1e-9)));
                Assert.That(regular.Select(b => b.Bads), Has.All.GreaterThanOrEqualTo(minBads));
            }

            var rates = regular.Select(b => b.DefaultRate).ToArray();
            if (result.Trend == MonotonicTrend.Ascending)
            {
                Assert.That(rates, Is.Ordered.Ascending);
            }
            else if (result.Trend == MonotonicTrend.Descending)
            {
                Assert.That(rates, Is.Ordered.Descending);
            }
            else if (result.Trend is MonotonicTrend.Peak)
            {
                var top = Array.IndexOf(rates, rates.Max());
                Assert.That(rates[..(top + 1)], Is.Ordered.Ascending);
                Assert.That(rates[top..], Is.Ordered.Descending);
            }
            else if (result.Trend is MonotonicTrend.Valley)
            {
                var bottom = Array.IndexOf(rates, rates.Min());
                Assert.That(rates[..(bottom + 1)], Is.Ordered.Descending);
                Assert.That(rates[bottom..], Is.Ordered.Ascending);
            }

            // Bins are stable: refitting gives the same cuts.
            var again = new OptimalBinner(options).Fit(FeatureBinningSpec.Numeric("x"), values, isBad);
            Assert.That(again.Bins.CutPoints, Is.EqualTo(result.Bins.CutPoints));
        }, iter: 200, seed: "0N0XIzNsQ0O2");
    }

    private static double? BruteForce(int[] counts, int[] bads, bool[] mandatory, double g, double b, int minCount, int minBads, int maxBins, MonotonicTrend trend)
    {
        var p = counts.Length;
        double? best = null;
        for (var mask = 0; mask < 1 << (p - 1); mask++)
        {
            var boundaries = Enumerable.Range(1, p - 1).Where(i => (mask & (1 << (i - 1))) != 0).ToArray();
            var iv = Evaluate(counts, bads, mandatory, boundaries, g, b, minCount, minBads, maxBins, trend);
            if (iv is { } v && (best is null || v > best))
            {
                best = v;
            }
        }

        return best;
    }

    /// <summary>IV of the partition, or null when it breaks a constraint.</summary>
    private static double? Evaluate(int[] counts, int[] bads, bool[] mandatory, int[] boundaries, double g, double b, int minCount, int minBads, int maxBins, MonotonicTrend trend)
    {
        var p = counts.Length;
        var segments = 1 + Enumerable.Range(1, p - 1).Count(i => mandatory[i]);
        if (Enumerable.Range(1, p - 1).Any(i => mandatory[i] && !boundaries.Contains(i)) || boundaries.Length + 1 > Math.Min(Math.Max(maxBins, segments), p))
        {
            return null;
        }

        var edges = new[] { 0 }.Concat(boundaries).Concat([p]).ToArray();
        var rates = new List<(long B, long N)>();
        double iv = 0;
        for (var k = 0; k + 1 < edges.Length; k++)
        {
            long n = 0, bb = 0;
            for (var i = edges[k]; i < edges[k + 1]; i++)
            {
                n += counts[i];
                bb += bads[i];
            }

            var startIsSegment = edges[k] == 0 || mandatory[edges[k]];
            var endIsSegment = edges[k + 1] == p || mandatory[edges[k + 1]];
            var wholeSegment = startIsSegment && endIsSegment;
            if (!wholeSegment && (n < minCount || bb < minBads))
            {
                return null;
            }

            rates.Add((bb, n));
            iv += MonotonePartitioner.BinIv(n - bb, bb, g, b, 0.5);
        }

        // Sign of each step: −1 falls, 0 flat, +1 rises.
        var steps = rates.Zip(rates.Skip(1), (x, y) => Math.Sign((y.B * x.N) - (x.B * y.N))).ToArray();
        var ok = trend switch
        {
            MonotonicTrend.Ascending => steps.All(s => s >= 0),
            MonotonicTrend.Descending => steps.All(s => s <= 0),
            MonotonicTrend.Peak => steps.SkipWhile(s => s >= 0).All(s => s <= 0),
            MonotonicTrend.Valley => steps.SkipWhile(s => s <= 0).All(s => s >= 0),
            _ => true,
        };
        return ok ? iv : null;
    }
}
