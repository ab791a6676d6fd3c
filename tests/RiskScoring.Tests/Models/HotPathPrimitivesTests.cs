using System.Runtime.InteropServices;
using RiskScoring.Models;
using RiskScoring.Scoring;

namespace RiskScoring.Tests.Models;

/// <summary>The branch-free building blocks of the scoring hot path, against their plain definitions.</summary>
public sealed class HotPathPrimitivesTests
{
    [Test]
    public void Dot_SmallVector_IsTheExactSumOfProducts()
    {
        // 10 columns: one block of eight plus a tail of two. Products of small integers and halves are exact, so
        // every summation order gives 1·0.5 + 2·1 + … = Σ k × k/2 for k = 1..10 = 385 / 2 = 192.5.
        double[] w = [.. Enumerable.Range(1, 10).Select(k => (double)k)];
        float[] x = [.. Enumerable.Range(1, 10).Select(k => k / 2f)];

        Assert.That(LinearModel.Dot(w, x), Is.EqualTo(192.5));
    }

    [Test]
    public void Dot_VectorAndScalarPaths_GiveTheSameBits()
    {
        // The scalar path is what a machine without SIMD runs: it must form the same eight partial sums as the
        // Vector512 or Vector256 path this machine runs, so that a score does not depend on the hardware. Random weights and values of mixed magnitude make any other
        // order of additions differ in the last bits.
        var random = new Random(5);
        for (int length = 0; length < 80; length++)
        {
            double[] w = [.. Enumerable.Range(0, length).Select(_ => (double)(float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4))))];
            float[] x = [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4))))];
            int blocks = length / 8;
            double scalar = LinearModel.DotScalarBlocks(ref MemoryMarshal.GetArrayDataReference(w), ref MemoryMarshal.GetArrayDataReference(x), blocks);
            for (int j = blocks * 8; j < length; j++)
            {
                scalar += w[j] * (double)x[j];
            }

            Assert.That(BitConverter.DoubleToInt64Bits(LinearModel.Dot(w, x)), Is.EqualTo(BitConverter.DoubleToInt64Bits(scalar)), $"length {length}");
        }
    }

    [Test]
    public void Dot_ValuesShorterThanWeights_Throws()
    {
        Assert.That(() => LinearModel.Dot(new double[3], new float[2]), Throws.ArgumentException.With.Message.Contains("2 values"));
    }

    [Test]
    public void Bin_AnyValue_CountsTheEdgesBelowIt()
    {
        // Features with 0, 1, 7, 8, 9 and 17 edges cover empty lists, partial blocks, whole blocks and the padding.
        var random = new Random(9);
        int[] sizes = [0, 1, 7, 8, 9, 17];
        var lists = sizes.Select(n => (IReadOnlyList<float>)[.. Enumerable.Range(0, n).Select(k => (k * 1.5f) - 4f)]).ToArray();
        var edges = new PaddedEdges(lists);
        for (int i = 0; i < 20000; i++)
        {
            int f = random.Next(sizes.Length);
            // Values on the edges themselves (bin k holds x ≤ edge[k]) and between them, plus infinities.
            float x = random.Next(4) switch
            {
                0 => lists[f].Count > 0 ? lists[f][random.Next(lists[f].Count)] : 0f,
                1 => float.NegativeInfinity,
                2 => float.PositiveInfinity,
                _ => (float)((random.NextDouble() * 40) - 10),
            };
            int expected = lists[f].Count(e => x > e);

            Assert.That(edges.Bin(f, x), Is.EqualTo(expected), $"feature {f}, x = {x}");
        }
    }

    [Test]
    public void SelectTop_RanksByPointsLost_SkipsUnknownAndNonPositive_BreaksTiesByFeatureOrder()
    {
        ReasonSide[] reasons = [.. Enumerable.Range(0, 8).Select(f => ReasonSide.Unsided(new ReasonDefinition($"R{f}", $"reason {f}")))];
        // Feature 1 is unknown (NaN) and would lose the most; 3 and 6 tie at 2.0 (3 first); 0 and 7 lose nothing or gain.
        float[] raw = [1, float.NaN, 1, 1, 1, 1, 1, 1];
        double[] losses = [0, 9, 0.5, 2, 1, 3, 2, -4];
        var destination = new ReasonCode[4];

        int count = ReasonSelection.SelectTop(raw, losses, 10, reasons, 4, destination);

        Assert.That(count, Is.EqualTo(4));
        Assert.That(destination.Select(r => r.FeatureIndex), Is.EqualTo(new[] { 5, 3, 6, 4 }));
        Assert.That(destination.Select(r => r.PointsLost), Is.EqualTo(new[] { 30.0, 20.0, 20.0, 10.0 }));
        Assert.That(destination[0].Code, Is.EqualTo("R5"));
    }

    [Test]
    public void SelectTop_FewerPositiveLossesThanMax_WritesOnlyThose()
    {
        ReasonSide[] reasons = [.. Enumerable.Range(0, 3).Select(f => ReasonSide.Unsided(new ReasonDefinition($"R{f}", $"reason {f}")))];
        var destination = new ReasonCode[4];

        int count = ReasonSelection.SelectTop([1, 1, 1], [0.25, -1, 0], 4, reasons, 4, destination);

        Assert.That(count, Is.EqualTo(1));
        Assert.That(destination[0], Is.EqualTo(new ReasonCode("R0", "reason 0", 0, 1.0)));
    }

    [Test]
    public void SelectTop_RandomLosses_MatchesSortingByLossThenFeature()
    {
        var random = new Random(21);
        ReasonSide[] reasons = [.. Enumerable.Range(0, 40).Select(f => ReasonSide.Unsided(new ReasonDefinition($"R{f}", "r")))];
        var destination = new ReasonCode[4];
        for (int i = 0; i < 2000; i++)
        {
            int n = random.Next(1, 40);
            // Coarse values make ties common.
            double[] losses = [.. Enumerable.Range(0, n).Select(_ => random.Next(-3, 6) * 0.5)];
            float[] raw = [.. Enumerable.Range(0, n).Select(_ => random.Next(10) == 0 ? float.NaN : 1f)];
            int max = random.Next(1, 5);
            var expected = Enumerable.Range(0, n).Where(f => losses[f] > 0 && !float.IsNaN(raw[f]))
                .OrderByDescending(f => losses[f]).ThenBy(f => f).Take(max).ToArray();

            int count = ReasonSelection.SelectTop(raw, losses, 3, reasons.AsSpan(0, n), max, destination);

            Assert.That(destination.Take(count).Select(r => r.FeatureIndex), Is.EqualTo(expected), $"case {i}");
        }
    }

    [Test]
    public void ScalarSelection_TakesPositiveKnownLossesInRankOrder()
    {
        // The path of machines without SIMD (SelectTop's other tests run the vector path here), on schemas whose
        // width is and is not a multiple of 4.
        var random = new Random(3);
        for (int n = 1; n < 30; n++)
        {
            double[] losses = [.. Enumerable.Range(0, n).Select(_ => random.Next(-2, 4) * 0.25)];
            float[] raw = [.. Enumerable.Range(0, n).Select(_ => random.Next(5) == 0 ? float.NaN : 1f)];
            long mask = ReasonSelection.IndexMask(n);
            var scalar = new long[(n + 3) & ~3];
            ReasonSelection.WriteKeysScalar(raw, losses, 2, mask, scalar);
            var expected = Enumerable.Range(0, n).Where(f => losses[f] > 0 && !float.IsNaN(raw[f]))
                .OrderByDescending(f => losses[f]).ThenBy(f => f).ToArray();

            for (int k = 0; k < expected.Length; k++)
            {
                long top = ReasonSelection.TakeMaxScalar(scalar);
                Assert.That(mask - (top & mask), Is.EqualTo(expected[k]), $"n = {n}, rank {k}");
            }

            Assert.That(ReasonSelection.TakeMaxScalar(scalar), Is.Zero, "nothing left once every positive loss is taken");
        }
    }
}
