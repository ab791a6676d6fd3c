using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RiskScoring.Models;

/// <summary>
/// The evaluator behind <see cref="TreeEnsembleModel"/> and the scorer's tree kernel: the ensemble laid out for a fast,
/// branch-free walk, plus each leaf's precomputed path attribution.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> Every tree's internal nodes and leaves live in one <see cref="Node"/> array (16 bytes a node:
/// column, threshold, left child, right child; children are global indices into the array). A leaf is an
/// <i>absorbing</i> node: its threshold is +∞ and both children are the leaf itself, so a step from a leaf stays there.
/// Slot 0 is a padding leaf (weight 0) used to fill the last group of trees.</para>
/// <para><b>Why it is branch-free.</b> A step is <c>node = children[encoded[column] &gt; threshold ? 1 : 0]</c>, where the
/// two children are adjacent fields: the comparison becomes a 0/1 integer (setcc), used as an offset, so the CPU never
/// predicts a data-dependent branch (a tree walk written with <c>if</c> or <c>?:</c> between two nodes mispredicts about
/// half its steps). Because leaves absorb, every tree can be stepped a fixed number of times, the depth of its group's
/// deepest tree; <see cref="Lanes"/> trees are walked side by side so their independent load chains overlap.
/// Encoded vectors never hold NaN (the encoder replaces missing values), so <c>x &gt; +∞</c> is always false at a leaf
/// and "go left when x ≤ threshold" is exactly ML.NET's rule.</para>
/// <para><b>Margin.</b> Each leaf stores weight × leaf value (the same double product the model used to form per call),
/// and the margin adds them in tree order (padding trees add exactly 0) before adding the bias: bit-for-bit the sum
/// <c>bias + Σ weight × leaf</c> evaluated tree by tree.</para>
/// <para><b>Contributions.</b> Saabas path attribution of one tree depends only on the leaf reached, so each leaf carries
/// a dense row: for every raw feature the ensemble splits on, weight × Σ (child value − node value) over the path's
/// splits on that feature. Explaining adds one row per tree (SIMD), instead of walking the path again. When the
/// AVX-512 evaluation (<see cref="SimdTrees"/>) is used, it keeps a compact copy of these rows (only each tree's own
/// features) and the dense rows are dropped after construction.</para>
/// <para><b>Evaluations.</b> <see cref="SimdTrees"/> (AVX-512BW, faster with VBMI; trees of at most 15 splits, at most 64
/// encoded columns and 255 distinct thresholds per column) quantises the thresholds and evaluates four trees per
/// vector operation; otherwise the portable walk below runs. Both give the same margin bit for bit.</para>
/// <para><b>Bounds checks.</b> The walk indexes with <see cref="Unsafe.Add{T}(ref T, int)"/>. This is safe by
/// construction: every child index is a slot of the node array (built here from validated <see cref="TreeSpec"/>s),
/// every column index is below <see cref="FeatureEncoder.EncodedLength"/> (<see cref="TreeSpec.Validate"/>) and the
/// public entry points check the encoded span's length; every row offset is a row start of the row array.</para>
/// </remarks>
/// <threadsafety>Immutable after construction; safe to share across threads.</threadsafety>
internal sealed class PackedTreeEnsemble
{
    /// <summary>Trees walked side by side.</summary>
    internal const int Lanes = 8;

    /// <summary>Contribution sums wider than this (raw features split on, padded) go to a pooled buffer.</summary>
    private const int StackLimit = 256;

    private readonly Node[] _nodes;
    private readonly double[] _weightedLeaf;
    private readonly int[] _rowStart;
    private readonly int[] _roots;
    private readonly int[] _steps;
    private readonly double[] _rows;
    private readonly int[] _columnFeature;
    private readonly int _stride;
    private readonly int _encodedLength;
    private readonly SimdTrees? _simd;

    /// <summary>Packs validated trees.</summary>
    /// <param name="trees">The trees, each already validated against <paramref name="encoder"/>.</param>
    /// <param name="encoder">The encoder (its length bounds the columns; its column sources name the raw features).</param>
    /// <param name="bias">The constant added to the trees' sum.</param>
    /// <param name="allowSimd">Whether to use the AVX-512 evaluation when the hardware and the trees allow it (false
    /// forces the portable walk; for tests).</param>
    /// <param name="allowVbmi">Whether the AVX-512 evaluation may use VBMI when the machine has it (false forces its
    /// AVX-512BW fallback; for tests).</param>
    public PackedTreeEnsemble(IReadOnlyList<TreeSpec> trees, FeatureEncoder encoder, double bias, bool allowSimd = true, bool allowVbmi = true)
    {
        _encodedLength = encoder.EncodedLength;
        Bias = bias;
        var sources = encoder.ColumnSources;

        // Raw features the ensemble splits on, in raw order: the columns of the contribution rows.
        var used = new bool[encoder.Schema.Count];
        int total = 1, leafCount = 1;
        foreach (var s in trees)
        {
            leafCount += s.LeafValues.Length;
            foreach (int f in s.SplitFeatures)
            {
                used[sources[f]] = true;
            }

            total += s.SplitFeatures.Length + s.LeafValues.Length;
        }

        var columnOf = new int[used.Length];
        var columns = new List<int>();
        for (int f = 0; f < used.Length; f++)
        {
            columnOf[f] = used[f] ? columns.Count : -1;
            if (used[f])
            {
                columns.Add(f);
            }
        }

        _columnFeature = [.. columns];
        // Rows are padded to whole vectors: 512-bit ones for the AVX-512 evaluation, Vector<double> otherwise.
        bool simd = allowSimd && SimdTrees.Supports(trees, _encodedLength);
        int width = simd ? SimdTrees.RowWidth : Vector<double>.Count;
        _stride = Math.Max(width, (columns.Count + width - 1) / width * width);

        int groups = (trees.Count + Lanes - 1) / Lanes;
        _nodes = new Node[total];
        _weightedLeaf = new double[total];
        _rowStart = new int[total];
        _roots = new int[groups * Lanes];
        _steps = new int[groups];
        var rows = new double[leafCount * _stride];
        _simd = simd ? new SimdTrees(trees, _encodedLength, TreeColumns(trees, sources, columnOf), _stride, allowVbmi) : null;

        // Slot 0: the padding leaf (value 0, an all-zero row at offset 0) that fills the last group.
        _nodes[0] = Node.Leaf(0);
        int next = 1, nextRow = 1;
        double expected = bias;
        var nodeValue = new double[trees.Count == 0 ? 0 : trees.Max(t => t.SplitFeatures.Length)];
        var path = new double[_stride];
        for (int t = 0; t < trees.Count; t++)
        {
            var s = trees[t];
            int nodes = s.SplitFeatures.Length, start = next, leaves = start + nodes;
            for (int i = 0; i < nodes; i++)
            {
                _nodes[start + i] = new Node(s.SplitFeatures[i], s.Thresholds[i], Global(s.Left[i], start, leaves), Global(s.Right[i], start, leaves));
            }

            for (int k = 0; k < s.LeafValues.Length; k++)
            {
                _nodes[leaves + k] = Node.Leaf(leaves + k);
                _weightedLeaf[leaves + k] = s.Weight * s.LeafValues[k];
                _rowStart[leaves + k] = (nextRow + k) * _stride;
            }

            double root = s.LeafValues[0];
            if (nodes > 0)
            {
                root = FillNodeValue(s, nodeValue, 0, out _);
                Array.Clear(path);
                FillRows(s, nodeValue, sources, columnOf, 0, path, rows, nextRow);
            }

            _simd?.Add(t, s, rows, nextRow * _stride);

            expected += s.Weight * root;
            _roots[t] = nodes > 0 ? start : leaves;
            _steps[t / Lanes] = Math.Max(_steps[t / Lanes], nodes > 0 ? Depth(s, 0) : 0);
            next = leaves + s.LeafValues.Length;
            nextRow += s.LeafValues.Length;
        }

        ExpectedScore = expected;
        // The AVX-512 evaluation keeps its own compact copy of the rows.
        _rows = simd ? [] : rows;
    }

    /// <summary>The constant added to the trees' sum.</summary>
    public double Bias { get; }

    /// <summary>Bias + Σ tree weight × the tree's cover-weighted mean output (the model's average score).</summary>
    public double ExpectedScore { get; }

    /// <summary>The margin of an encoded vector: bias + Σ weight × leaf, in tree order.</summary>
    /// <param name="encoded">At least the encoder's length of values (checked).</param>
    /// <returns>The margin.</returns>
    public double Margin(ReadOnlySpan<float> encoded)
    {
        CheckLength(encoded);
        return Walk(encoded, Span<double>.Empty, explain: false);
    }

    /// <summary>The margin, and each raw feature's path attribution added to <paramref name="contributions"/>.</summary>
    /// <param name="encoded">At least the encoder's length of values (checked).</param>
    /// <param name="contributions">One value per raw feature (the schema's length or more); the attribution is added
    /// to what is there.</param>
    /// <returns>The margin.</returns>
    public double Explain(ReadOnlySpan<float> encoded, Span<double> contributions)
    {
        CheckLength(encoded);
        double[]? rented = null;
        Span<double> sums = _stride <= StackLimit ? stackalloc double[_stride] : (rented = ArrayPool<double>.Shared.Rent(_stride)).AsSpan(0, _stride);
        try
        {
            sums.Clear();
            double margin = Walk(encoded, sums, explain: true);
            for (int c = 0; c < _columnFeature.Length; c++)
            {
                contributions[_columnFeature[c]] += sums[c];
            }

            return margin;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    private void CheckLength(ReadOnlySpan<float> encoded)
    {
        if (encoded.Length < _encodedLength)
        {
            throw new ArgumentException($"The encoded vector has {encoded.Length} values; the model reads {_encodedLength}.", nameof(encoded));
        }
    }

    /// <summary>Whether this ensemble evaluates with AVX-512 (see <see cref="SimdTrees"/>).</summary>
    internal bool UsesSimd => _simd is not null;

    /// <summary>Whether the AVX-512 evaluation fetches bins with VBMI.</summary>
    internal bool UsesVbmi => _simd?.UsesVbmi ?? false;

    /// <summary>For the AVX-512 evaluation, its groups of eight trees stored per pair and its groups in all (see
    /// <see cref="SimdTrees"/>); (0, 0) for the portable walk.</summary>
    internal (int Paired, int Groups) PairedGroups => _simd?.PairedGroups ?? (0, 0);

    private double Walk(ReadOnlySpan<float> encoded, Span<double> sums, bool explain) =>
        _simd is not null ? _simd.Evaluate(encoded, Bias, sums, explain) : WalkPortable(encoded, sums, explain);

    /// <summary>Walks all groups; with <paramref name="explain"/>, adds each reached leaf's row to
    /// <paramref name="sums"/> (length <see cref="_stride"/>).</summary>
    private double WalkPortable(ReadOnlySpan<float> encoded, Span<double> sums, bool explain)
    {
        ref float x = ref MemoryMarshal.GetReference(encoded);
        ref Node node = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref double leaf = ref MemoryMarshal.GetArrayDataReference(_weightedLeaf);
        ref int roots = ref MemoryMarshal.GetArrayDataReference(_roots);
        var steps = _steps;
        double sum = 0;
        for (int g = 0; g < steps.Length; g++)
        {
            ref int r = ref Unsafe.Add(ref roots, g * Lanes);
            int a = r, b = Unsafe.Add(ref r, 1), c = Unsafe.Add(ref r, 2), d = Unsafe.Add(ref r, 3);
            int e = Unsafe.Add(ref r, 4), f = Unsafe.Add(ref r, 5), h = Unsafe.Add(ref r, 6), i = Unsafe.Add(ref r, 7);
            for (int step = steps[g]; step > 0; step--)
            {
                a = Step(ref node, a, ref x);
                b = Step(ref node, b, ref x);
                c = Step(ref node, c, ref x);
                d = Step(ref node, d, ref x);
                e = Step(ref node, e, ref x);
                f = Step(ref node, f, ref x);
                h = Step(ref node, h, ref x);
                i = Step(ref node, i, ref x);
            }

            // Leaves in tree order, as the model's definition sums them (padding leaves add exactly 0).
            sum += Unsafe.Add(ref leaf, a);
            sum += Unsafe.Add(ref leaf, b);
            sum += Unsafe.Add(ref leaf, c);
            sum += Unsafe.Add(ref leaf, d);
            sum += Unsafe.Add(ref leaf, e);
            sum += Unsafe.Add(ref leaf, f);
            sum += Unsafe.Add(ref leaf, h);
            sum += Unsafe.Add(ref leaf, i);
            if (explain)
            {
                ref int start = ref MemoryMarshal.GetArrayDataReference(_rowStart);
                AddRows(_rows, _stride, sums, Unsafe.Add(ref start, a), Unsafe.Add(ref start, b), Unsafe.Add(ref start, c), Unsafe.Add(ref start, d),
                    Unsafe.Add(ref start, e), Unsafe.Add(ref start, f), Unsafe.Add(ref start, h), Unsafe.Add(ref start, i));
            }
        }

        return Bias + sum;
    }

    /// <summary>One branch-free step: the comparison is turned into 0 or 1 and selects Left or the adjacent Right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref Node nodes, int index, ref float x)
    {
        ref Node n = ref Unsafe.Add(ref nodes, index);
        int right = Unsafe.Add(ref x, n.Feature) > n.Threshold ? 1 : 0;
        return Unsafe.Add(ref n.Left, right);
    }

    /// <summary>Adds eight leaves' rows (given by their offsets in <paramref name="rows"/>) to the running sums: the rows
    /// are summed in registers first, so the running sums are read and written once per eight trees, not once per tree.</summary>
    internal static void AddRows(double[] rows, int stride, Span<double> sums, int a, int b, int c, int d, int e, int f, int h, int i)
    {
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(rows);
        ref double ra = ref Unsafe.Add(ref r0, a);
        ref double rb = ref Unsafe.Add(ref r0, b);
        ref double rc = ref Unsafe.Add(ref r0, c);
        ref double rd = ref Unsafe.Add(ref r0, d);
        ref double re = ref Unsafe.Add(ref r0, e);
        ref double rf = ref Unsafe.Add(ref r0, f);
        ref double rh = ref Unsafe.Add(ref r0, h);
        ref double ri = ref Unsafe.Add(ref r0, i);
        ref double s = ref MemoryMarshal.GetReference(sums);
        for (int k = 0; k < stride; k += Vector<double>.Count)
        {
            var v = ((Load(ref ra, k) + Load(ref rb, k)) + (Load(ref rc, k) + Load(ref rd, k)))
                + ((Load(ref re, k) + Load(ref rf, k)) + (Load(ref rh, k) + Load(ref ri, k)));
            Unsafe.WriteUnaligned(ref Unsafe.As<double, byte>(ref Unsafe.Add(ref s, k)), Load(ref s, k) + v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Load(ref double row, int k) =>
        Unsafe.ReadUnaligned<Vector<double>>(ref Unsafe.As<double, byte>(ref Unsafe.Add(ref row, k)));

    /// <summary>Per tree, the row columns (raw features) it splits on, ascending and distinct.</summary>
    private static int[][] TreeColumns(IReadOnlyList<TreeSpec> trees, IReadOnlyList<int> sources, int[] columnOf)
    {
        var result = new int[trees.Count][];
        for (int t = 0; t < trees.Count; t++)
        {
            var set = new SortedSet<int>();
            foreach (int f in trees[t].SplitFeatures)
            {
                set.Add(columnOf[sources[f]]);
            }

            result[t] = [.. set];
        }

        return result;
    }

    private static int Global(int child, int start, int leaves) => child >= 0 ? start + child : leaves + ~child;

    private static int Depth(TreeSpec s, int node)
    {
        int left = s.Left[node] >= 0 ? Depth(s, s.Left[node]) : 0;
        int right = s.Right[node] >= 0 ? Depth(s, s.Right[node]) : 0;
        return 1 + Math.Max(left, right);
    }

    // Expected output of a node = cover-weighted mean of its leaves (equal weights when the subtree has no cover).
    private static double FillNodeValue(TreeSpec s, double[] nodeValue, int node, out double cover)
    {
        double lv = ChildValue(s, nodeValue, s.Left[node], out double lc);
        double rv = ChildValue(s, nodeValue, s.Right[node], out double rc);
        cover = lc + rc;
        nodeValue[node] = cover > 0 ? ((lv * lc) + (rv * rc)) / cover : (lv + rv) / 2;
        return nodeValue[node];
    }

    private static double ChildValue(TreeSpec s, double[] nodeValue, int child, out double cover)
    {
        if (child >= 0)
        {
            return FillNodeValue(s, nodeValue, child, out cover);
        }

        cover = s.LeafCovers[~child];
        return s.LeafValues[~child];
    }

    /// <summary>Depth-first from <paramref name="node"/> with <paramref name="path"/> holding the attribution of the
    /// splits above it; writes each leaf's row (leaf k of the tree at row <paramref name="firstRow"/> + k).</summary>
    private void FillRows(TreeSpec s, double[] nodeValue, IReadOnlyList<int> sources, int[] columnOf, int node, double[] path, double[] rows, int firstRow)
    {
        int column = columnOf[sources[s.SplitFeatures[node]]];
        foreach (int child in (ReadOnlySpan<int>)[s.Left[node], s.Right[node]])
        {
            double childValue = child >= 0 ? nodeValue[child] : s.LeafValues[~child];
            double saved = path[column];
            path[column] += s.Weight * (childValue - nodeValue[node]);
            if (child >= 0)
            {
                FillRows(s, nodeValue, sources, columnOf, child, path, rows, firstRow);
            }
            else
            {
                path.CopyTo(rows, (firstRow + ~child) * _stride);
            }

            path[column] = saved;
        }
    }

    /// <summary>One node: column and threshold of the split, then the two children as adjacent fields so a 0/1
    /// comparison result can index them (sequential layout is what <see cref="Step"/> relies on).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Node(int feature, float threshold, int left, int right)
    {
        public readonly int Feature = feature;
        public readonly float Threshold = threshold;
        public int Left = left;
        public int Right = right;

        /// <summary>An absorbing leaf at slot <paramref name="self"/>: +∞ sends every (non-NaN) value left, to itself.</summary>
        public static Node Leaf(int self) => new(0, float.PositiveInfinity, self, self);
    }
}
