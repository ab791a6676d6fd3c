using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RiskScoring.Features;
using RiskScoring.Models;

namespace RiskScoring.Tests.Models;

/// <summary>The packed tree evaluator (portable walk and AVX-512 path) against a plain reading of the trees.</summary>
public sealed class PackedTreeEnsembleTests
{
    private const int Features = 12;

    // 12 numeric features, each: value (standardised), missing indicator, 3 bins → 5 columns, 60 in all (> 32, so the
    // AVX-512 path's upper register pair is used, and ≤ 64, so that path applies).
    private static readonly FeatureSchema Schema = new("packed", 1, [.. Enumerable.Range(0, Features).Select(i => FeatureDefinition.Numeric($"f{i}", "a number"))]);

    private static readonly FeatureEncoder Encoder = new(Schema, [.. Enumerable.Range(0, Features).Select(i =>
        new FeatureEncoding { Kind = FeatureKind.Numeric, Lower = -5, Upper = 5, Fill = 0, MissingIndicator = true, Center = 0.5f, Scale = 2, BinEdges = [-1, 1] })]);

    /// <summary>Whether this machine runs the AVX-512 evaluation at all (with or without VBMI).</summary>
    private static bool SimdHardware => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated;

    [TestCase(1, 15)]
    [TestCase(2, 15)]
    [TestCase(3, 7)]
    [TestCase(4, 40)]
    public void MarginAndExplain_RandomTrees_MatchPlainWalk(int seed, int maxSplits)
    {
        var random = new Random(seed);
        var rows = Rows(random, 300, Features);
        var encoded = new float[Encoder.EncodedLength];
        var trees = Enumerable.Range(0, 53).Select(t => RandomTree(random, t == 5 ? 0 : random.Next(maxSplits + 1), _ =>
        {
            int column = random.Next(Encoder.EncodedLength);
            Encoder.Encode(rows[random.Next(rows.Length)], encoded);
            return (column, encoded[column]);
        })).ToList();

        // Trees of more than 15 splits take the portable walk; otherwise AVX-512 where the machine has it.
        AssertMatchesPlainWalk(Encoder, trees, rows, maxSplits <= 15 && SimdHardware);
    }

    [TestCase(180, true)]
    [TestCase(300, false)]
    public void MarginAndExplain_ManyThresholdsPerColumn_MatchPlainWalk(int distinct, bool simdWhenSupported)
    {
        // Splits on the value columns of f0, f1, f2 (encoded columns 0, 5, 10) at thresholds −2.5 + 0.01 i: x = (v − 0.5)
        // / 2 with v a multiple of 0.1 lands on multiples of 0.05 − 0.25, so "≤" ties occur. Tree t's split n takes
        // threshold number (15 t + n) mod distinct and column 5 × ((t + n) mod 3): 15 t + n runs over 0 … 899 once, and
        // numbers k, k + 300, k + 600 fall in different columns, so with 300 each column gets all 300 thresholds (more
        // than a byte bin can count: the portable walk is used); with 180 each gets at most 180 and far more than 16
        // (the two-level bin count).
        var random = new Random(7);
        var rows = Rows(random, 300, Features);
        int t = 0;
        var trees = Enumerable.Range(0, 60).Select(_ =>
        {
            int tree = t++;
            return RandomTree(random, 15, n => (5 * ((tree + n) % 3), -2.5f + (0.01f * (((15 * tree) + n) % distinct))));
        }).ToList();

        AssertMatchesPlainWalk(Encoder, trees, rows, simdWhenSupported && SimdHardware);
    }

    [Test]
    public void MarginAndExplain_FortyFeatures_MatchPlainWalk()
    {
        // 40 raw features, one encoded column each: contribution rows of 40 values (five 512-bit vectors), more than
        // the AVX-512 evaluation keeps in registers, so its sums go through memory.
        const int Wide = 40;
        var schema = new FeatureSchema("wide", 1, [.. Enumerable.Range(0, Wide).Select(i => FeatureDefinition.Numeric($"w{i}", "a number"))]);
        var encoder = new FeatureEncoder(schema, [.. Enumerable.Range(0, Wide).Select(_ =>
            new FeatureEncoding { Kind = FeatureKind.Numeric, Lower = -5, Upper = 5, Fill = 0, Center = 0, Scale = 1 })]);
        var random = new Random(11);
        var rows = Rows(random, 200, Wide);
        var encoded = new float[encoder.EncodedLength];
        var trees = Enumerable.Range(0, 37).Select(_ => RandomTree(random, random.Next(16), _ =>
        {
            int column = random.Next(encoder.EncodedLength);
            encoder.Encode(rows[random.Next(rows.Length)], encoded);
            return (column, encoded[column]);
        })).ToList();

        AssertMatchesPlainWalk(encoder, trees, rows, SimdHardware);
    }

    [Test]
    public void PairedGroups_TwelveFeatures_EveryGroupPaired()
    {
        Assume.That(SimdHardware, "the AVX-512 evaluation does not run on this machine");
        // 12 raw features: any two trees together split on at most 12 ≤ 15 of them, so each of the ⌈20 / 8⌉ = 3 groups
        // is paired (the last one with four padding trees).
        var random = new Random(5);
        var rows = Rows(random, 50, Features);
        var encoded = new float[Encoder.EncodedLength];
        var trees = Enumerable.Range(0, 20).Select(_ => RandomTree(random, 15, _ =>
        {
            int column = random.Next(Encoder.EncodedLength);
            Encoder.Encode(rows[random.Next(rows.Length)], encoded);
            return (column, encoded[column]);
        })).ToList();

        Assert.That(new PackedTreeEnsemble(trees, Encoder, 0).PairedGroups, Is.EqualTo((3, 3)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void MarginAndExplain_PairedAndUnpairedGroups_MatchPlainWalk(bool wide)
    {
        // 40 raw features, one encoded column each; sets Sₖ = features 8k … 8k + 7. Group 0: eight trees of 8 splits,
        // tree j on the set [0, 0, 0, 1, 2, 2, 2, 3][j] (split n on feature n mod 8 of it): two trees fit a shared
        // layout (≤ 15 columns) only on the same set, and S₀ and S₂ have three trees each, so no pairing exists and the
        // group is stored per tree. Group 1: five trees of 7 splits, tree j on 7 features from 6j (from 7j + 5 when
        // wide), any two needing at most 14: paired (with three padding trees). Rows hold the features used: 32 (four
        // 512-bit vectors, summed in registers), or 40 when wide (five, summed through memory).
        const int Wide = 40;
        var schema = new FeatureSchema("wide", 1, [.. Enumerable.Range(0, Wide).Select(i => FeatureDefinition.Numeric($"w{i}", "a number"))]);
        var encoder = new FeatureEncoder(schema, [.. Enumerable.Range(0, Wide).Select(_ =>
            new FeatureEncoding { Kind = FeatureKind.Numeric, Lower = -5, Upper = 5, Fill = 0, Center = 0, Scale = 1 })]);
        var random = new Random(13);
        var rows = Rows(random, 200, Wide);
        var trees = new List<TreeSpec>();
        foreach (int set in (int[])[0, 0, 0, 1, 2, 2, 2, 3])
        {
            trees.Add(RandomTree(random, 8, n => ((8 * set) + (n % 8), (float)((random.NextDouble() * 6) - 3))));
        }

        for (int j = 0; j < 5; j++)
        {
            int first = wide ? (7 * j) + 5 : 6 * j;
            trees.Add(RandomTree(random, 7, n => (first + (n % 7), (float)((random.NextDouble() * 6) - 3))));
        }

        if (SimdHardware)
        {
            Assert.That(new PackedTreeEnsemble(trees, encoder, 0).PairedGroups, Is.EqualTo((1, 2)));
        }

        AssertMatchesPlainWalk(encoder, trees, rows, SimdHardware);
    }

    /// <summary>All evaluations (AVX-512 where <paramref name="expectSimd"/>, with VBMI where the machine has it and with
    /// the forced AVX-512BW fallback; the forced portable walk) and the model against the plain walk: margins bit for
    /// bit, contributions within 1e-9.</summary>
    private static void AssertMatchesPlainWalk(FeatureEncoder encoder, List<TreeSpec> trees, float[][] rows, bool expectSimd)
    {
        const double Bias = -0.37;
        int features = encoder.Schema.Count;
        var simd = new PackedTreeEnsemble(trees, encoder, Bias);
        var noVbmi = new PackedTreeEnsemble(trees, encoder, Bias, allowVbmi: false);
        var portable = new PackedTreeEnsemble(trees, encoder, Bias, allowSimd: false);
        Assert.That(portable.UsesSimd, Is.False);
        Assert.That(simd.UsesSimd, Is.EqualTo(expectSimd));
        Assert.That(simd.UsesVbmi, Is.EqualTo(expectSimd && Avx512Vbmi.IsSupported));
        Assert.That(noVbmi.UsesSimd, Is.EqualTo(expectSimd));
        Assert.That(noVbmi.UsesVbmi, Is.False);

        var model = new TreeEnsembleModel(encoder, trees, Bias, ProbabilityCalibrator.Logistic);
        var encoded = new float[encoder.EncodedLength];
        var fast = new double[features];
        var viaModel = new double[features];
        foreach (var raw in rows)
        {
            encoder.Encode(raw, encoded);
            var (margin, contributions) = PlainWalk(encoder, trees, Bias, encoded);
            foreach (var packed in new[] { simd, noVbmi, portable })
            {
                Array.Clear(fast);
                Assert.That(packed.Margin(encoded), Is.EqualTo(margin), "bias + Σ weight × leaf in tree order, bit for bit");
                Assert.That(packed.Explain(encoded, fast), Is.EqualTo(margin));
                Assert.That(fast, Is.EqualTo(contributions).Within(1e-9), "Saabas path attribution");
            }

            Assert.That(model.Score(raw), Is.EqualTo(margin));
            Assert.That(model.Explain(raw, viaModel), Is.EqualTo(margin));
            Assert.That(model.ExpectedScore + viaModel.Sum(), Is.EqualTo(margin).Within(1e-9));
            Assert.That(viaModel, Is.EqualTo(contributions).Within(1e-9));
        }

        Assert.That(model.ExpectedScore, Is.EqualTo(PlainExpected(trees, Bias)).Within(1e-12));
    }

    [Test]
    public void Explain_AddsToWhatIsThere()
    {
        // One split on f0's value column (0) at 0: ≤ → leaf 0 (−1, cover 1); > → leaf 1 (3, cover 3). Node value
        // (−1×1 + 3×3)/4 = 2; weight 0.5. f0 = 4.5 → (4.5 − 0.5)/2 = 2 > 0 → leaf 1: 0.5 × (3 − 2) = 0.5 added to 10.
        var packed = new PackedTreeEnsemble([new TreeSpec([0], [0f], [~0], [~1], [-1, 3], [1, 3], 0.5)], Encoder, 0);
        var raw = new float[Features];
        raw[0] = 4.5f;
        var encoded = new float[Encoder.EncodedLength];
        Encoder.Encode(raw, encoded);
        var contributions = new double[Features];
        contributions[0] = 10;
        Assert.That(packed.Explain(encoded, contributions), Is.EqualTo(1.5));
        Assert.That(contributions[0], Is.EqualTo(10.5));
        Assert.That(packed.ExpectedScore, Is.EqualTo(1.0), "0.5 × node value 2");
    }

    [Test]
    public void Margin_ShortEncodedVector_Throws() =>
        Assert.That(() => new PackedTreeEnsemble([new TreeSpec([0], [0f], [~0], [~1], [-1, 3], [1, 3], 1)], Encoder, 0).Margin(new float[3]),
            Throws.ArgumentException.With.Message.Contains("3 values"));

    private static float[][] Rows(Random random, int count, int features) => [.. Enumerable.Range(0, count).Select(_ =>
        Enumerable.Range(0, features).Select(_ => random.Next(8) == 0 ? float.NaN : (float)Math.Round((random.NextDouble() * 8) - 4, 1)).ToArray())];

    /// <summary>A random shape with <paramref name="splits"/> splits (node ids in preorder); node n splits where
    /// <paramref name="split"/>(n) says.</summary>
    private static TreeSpec RandomTree(Random random, int splits, Func<int, (int Column, float Threshold)> split)
    {
        var features = new List<int>();
        var thresholds = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        int leaves = 0;

        int Build(int budget)
        {
            if (budget == 0)
            {
                return ~leaves++;
            }

            int id = features.Count;
            var (column, threshold) = split(id);
            features.Add(column);
            thresholds.Add(threshold);
            left.Add(0);
            right.Add(0);
            int leftBudget = random.Next(budget);
            left[id] = Build(leftBudget);
            right[id] = Build(budget - 1 - leftBudget);
            return id;
        }

        Build(splits);
        var values = Enumerable.Range(0, leaves).Select(_ => Math.Round(random.NextDouble() - 0.5, 3)).ToArray();
        var covers = Enumerable.Range(0, leaves).Select(_ => (double)random.Next(4)).ToArray();
        return new TreeSpec([.. features], [.. thresholds], [.. left], [.. right], values, covers, 0.1 + random.NextDouble());
    }

    /// <summary>The definition: walk each tree with "left when x ≤ threshold"; margin = bias + Σ weight × leaf (tree
    /// order); each split on the path credits its feature with weight × (child's expected value − node's).</summary>
    private static (double Margin, double[] Contributions) PlainWalk(FeatureEncoder encoder, IReadOnlyList<TreeSpec> trees, double bias, float[] encoded)
    {
        double sum = 0;
        var contributions = new double[encoder.Schema.Count];
        foreach (var t in trees)
        {
            if (t.SplitFeatures.Length == 0)
            {
                sum += t.Weight * t.LeafValues[0];
                continue;
            }

            int node = 0;
            while (true)
            {
                int child = encoded[t.SplitFeatures[node]] <= t.Thresholds[node] ? t.Left[node] : t.Right[node];
                contributions[encoder.ColumnSources[t.SplitFeatures[node]]] += t.Weight * (Expected(t, child).Value - Expected(t, node).Value);
                if (child < 0)
                {
                    sum += t.Weight * t.LeafValues[~child];
                    break;
                }

                node = child;
            }
        }

        return (bias + sum, contributions);
    }

    private static double PlainExpected(IReadOnlyList<TreeSpec> trees, double bias)
    {
        double expected = bias;
        foreach (var t in trees)
        {
            expected += t.Weight * (t.SplitFeatures.Length == 0 ? t.LeafValues[0] : Expected(t, 0).Value);
        }

        return expected;
    }

    /// <summary>A node's (≥ 0) or leaf's (~leaf) expected output: cover-weighted mean of its leaves (plain mean of the
    /// two children when the subtree has no cover).</summary>
    private static (double Value, double Cover) Expected(TreeSpec t, int child)
    {
        if (child < 0)
        {
            return (t.LeafValues[~child], t.LeafCovers[~child]);
        }

        var (lv, lc) = Expected(t, t.Left[child]);
        var (rv, rc) = Expected(t, t.Right[child]);
        double cover = lc + rc;
        return (cover > 0 ? ((lv * lc) + (rv * rc)) / cover : (lv + rv) / 2, cover);
    }
}
