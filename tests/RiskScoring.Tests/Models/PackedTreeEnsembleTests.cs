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

    [TestCase(1, 15)]
    [TestCase(2, 15)]
    [TestCase(3, 7)]
    [TestCase(4, 40)]
    public void MarginAndExplain_RandomTrees_MatchPlainWalk(int seed, int maxSplits)
    {
        var random = new Random(seed);
        var rows = Rows(random, 300);
        var trees = Enumerable.Range(0, 53).Select(t => RandomTree(random, t == 5 ? 0 : random.Next(maxSplits + 1), rows)).ToList();
        const double Bias = -0.37;
        var simd = new PackedTreeEnsemble(trees, Encoder, Bias);
        var portable = new PackedTreeEnsemble(trees, Encoder, Bias, allowSimd: false);
        Assert.That(portable.UsesSimd, Is.False);
        // Trees of more than 15 splits take the portable walk; otherwise AVX-512 (VBMI) where the machine has it.
        Assert.That(simd.UsesSimd, Is.EqualTo(maxSplits <= 15 && Avx512BW.IsSupported && Avx512Vbmi.IsSupported && Vector512.IsHardwareAccelerated));

        var model = new TreeEnsembleModel(Encoder, trees, Bias, ProbabilityCalibrator.Logistic);
        var encoded = new float[Encoder.EncodedLength];
        var fast = new double[Features];
        var viaModel = new double[Features];
        foreach (var raw in rows)
        {
            Encoder.Encode(raw, encoded);
            var (margin, contributions) = PlainWalk(trees, Bias, encoded);
            foreach (var packed in new[] { simd, portable })
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

    private static float[][] Rows(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ =>
        Enumerable.Range(0, Features).Select(_ => random.Next(8) == 0 ? float.NaN : (float)Math.Round((random.NextDouble() * 8) - 4, 1)).ToArray())];

    /// <summary>A random shape with <paramref name="splits"/> splits (node ids in preorder); thresholds are encoded
    /// values of the rows, so "≤" ties occur.</summary>
    private static TreeSpec RandomTree(Random random, int splits, float[][] rows)
    {
        var features = new List<int>();
        var thresholds = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        int leaves = 0;
        var encoded = new float[Encoder.EncodedLength];

        int Build(int budget)
        {
            if (budget == 0)
            {
                return ~leaves++;
            }

            int id = features.Count;
            int column = random.Next(Encoder.EncodedLength);
            Encoder.Encode(rows[random.Next(rows.Length)], encoded);
            features.Add(column);
            thresholds.Add(encoded[column]);
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
    private static (double Margin, double[] Contributions) PlainWalk(IReadOnlyList<TreeSpec> trees, double bias, float[] encoded)
    {
        double sum = 0;
        var contributions = new double[Features];
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
                contributions[Encoder.ColumnSources[t.SplitFeatures[node]]] += t.Weight * (Expected(t, child).Value - Expected(t, node).Value);
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
