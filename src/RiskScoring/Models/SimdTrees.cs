using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RiskScoring.Models;

/// <summary>
/// <see cref="PackedTreeEnsemble"/>'s AVX-512 evaluation for small trees (at most 15 splits, so at most 16 leaves) on
/// short encoded vectors (at most 64 columns): a tree is evaluated without walking it.
/// </summary>
/// <remarks>
/// <para>Per tree, 16 lanes hold the splits' columns and thresholds (unused lanes: column 0, threshold +∞). The encoded
/// vector sits in four 512-bit registers; two two-source permutes fetch every split's value at once (no gather, no
/// dependent load), and one compare gives a 16-bit mask <c>right</c> whose bit n says "split n sends the vector right"
/// (<c>x &gt; threshold</c>, the negation of ML.NET's "left when x ≤ threshold"; encoded vectors hold no NaN).</para>
/// <para>A leaf is reached exactly when every split on its path goes its way: with <c>PathMask[leaf]</c> the bits of the
/// splits on the path and <c>PathRight[leaf]</c> those among them taken to the right, leaf k is reached iff
/// <c>(right &amp; PathMask[k]) == PathRight[k]</c>. Exactly one leaf matches (the paths partition the input space), so
/// one 16-lane compare and a trailing-zero count give the leaf. Unused leaf lanes have mask 0 and value 1 and never
/// match. A one-leaf tree has no splits: its leaf 0 has mask 0 and value 0 and always matches.</para>
/// <para>Trees are independent, so there is no dependent chain across them except the margin's sum, which is added in
/// tree order (bit-for-bit the model's definition). The tree count is padded to a multiple of 8 with empty trees whose
/// leaf value and contribution row are 0.</para>
/// </remarks>
/// <threadsafety>Immutable after construction.</threadsafety>
internal sealed class SimdTrees
{
    /// <summary>Lanes per tree: splits and leaves.</summary>
    private const int Width = 16;

    /// <summary>Contribution rows are padded to a multiple of this (one 512-bit vector of doubles).</summary>
    public const int RowWidth = 8;

    /// <summary>Encoded columns held in registers.</summary>
    private const int MaxColumns = 64;

    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly uint[] _pathMask;
    private readonly uint[] _pathRight;
    private readonly double[] _weightedLeaf;
    private readonly int[] _rowStart;
    private readonly int _paddedTrees;

    /// <summary>Room for <paramref name="trees"/> trees (filled by <see cref="Add"/>), padded to a multiple of 8 with
    /// empty trees whose leaf value and row offset are 0.</summary>
    public SimdTrees(int trees)
    {
        _paddedTrees = (trees + 7) / 8 * 8;
        int lanes = _paddedTrees * Width;
        _feature = new int[lanes];
        _threshold = new float[lanes];
        _pathMask = new uint[lanes];
        _pathRight = new uint[lanes];
        _weightedLeaf = new double[lanes];
        _rowStart = new int[lanes];
        Array.Fill(_threshold, float.PositiveInfinity);
        Array.Fill(_pathRight, 1u);
        for (int t = 0; t < _paddedTrees; t++)
        {
            _pathRight[t * Width] = 0;
        }
    }

    /// <summary>Whether this evaluation runs on this machine for these trees.</summary>
    public static bool Supports(IReadOnlyList<TreeSpec> trees, int encodedLength)
    {
        if (!Avx512F.IsSupported || !Vector512.IsHardwareAccelerated || encodedLength > MaxColumns)
        {
            return false;
        }

        foreach (var t in trees)
        {
            if (t.SplitFeatures.Length >= Width)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Stores tree <paramref name="t"/>; leaf k's contribution row starts at <paramref name="firstRow"/> + k ×
    /// <paramref name="stride"/>.</summary>
    public void Add(int t, TreeSpec s, int firstRow, int stride)
    {
        int o = t * Width;
        for (int n = 0; n < s.SplitFeatures.Length; n++)
        {
            _feature[o + n] = s.SplitFeatures[n];
            _threshold[o + n] = s.Thresholds[n];
        }

        for (int k = 0; k < s.LeafValues.Length; k++)
        {
            _weightedLeaf[o + k] = s.Weight * s.LeafValues[k];
            _rowStart[o + k] = firstRow + (k * stride);
        }

        if (s.SplitFeatures.Length > 0)
        {
            FillPaths(s, o, 0, 0, 0);
        }
    }

    /// <summary>The margin; with <paramref name="explain"/>, each reached leaf's row is added to <paramref name="sums"/>.</summary>
    public double Evaluate(ReadOnlySpan<float> encoded, int encodedLength, double bias, double[] rows, int stride, Span<double> sums, bool explain)
    {
        // The encoded vector, zero-padded to 64 columns, in four registers (split columns are < encodedLength ≤ 64).
        Span<float> padded = stackalloc float[MaxColumns];
        padded.Clear();
        encoded[..encodedLength].CopyTo(padded);
        ref float p = ref MemoryMarshal.GetReference(padded);
        var x0 = Vector512.LoadUnsafe(ref p);
        var x1 = Vector512.LoadUnsafe(ref p, 16);
        var x2 = Vector512.LoadUnsafe(ref p, 32);
        var x3 = Vector512.LoadUnsafe(ref p, 48);

        ref double leaf = ref MemoryMarshal.GetArrayDataReference(_weightedLeaf);
        ref int row = ref MemoryMarshal.GetArrayDataReference(_rowStart);
        double sum = 0;
        for (int t = 0; t < _paddedTrees; t += 8)
        {
            int a = Slot(t, x0, x1, x2, x3), b = Slot(t + 1, x0, x1, x2, x3), c = Slot(t + 2, x0, x1, x2, x3), d = Slot(t + 3, x0, x1, x2, x3);
            int e = Slot(t + 4, x0, x1, x2, x3), f = Slot(t + 5, x0, x1, x2, x3), h = Slot(t + 6, x0, x1, x2, x3), i = Slot(t + 7, x0, x1, x2, x3);

            // Tree order, as the model's definition sums them (padding trees add exactly 0).
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
                AddRows(rows, stride, sums, Unsafe.Add(ref row, a), Unsafe.Add(ref row, b), Unsafe.Add(ref row, c), Unsafe.Add(ref row, d),
                    Unsafe.Add(ref row, e), Unsafe.Add(ref row, f), Unsafe.Add(ref row, h), Unsafe.Add(ref row, i));
            }
        }

        return bias + sum;
    }

    /// <summary>The lane (tree × 16 + leaf) of the leaf tree <paramref name="t"/> sends the vector to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int t, Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3)
    {
        // Safe without bounds checks: t < padded tree count, and the arrays hold 16 lanes per padded tree.
        nuint o = (nuint)(t * Width);
        var column = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_feature), o);

        // Each permute picks, per lane, one of 32 floats by the column's low 5 bits; columns ≥ 32 take the upper pair.
        var low = Avx512F.PermuteVar16x32x2(x0, column, x1);
        var high = Avx512F.PermuteVar16x32x2(x2, column, x3);
        var value = Vector512.ConditionalSelect(Vector512.GreaterThan(column, Vector512.Create(31)).AsSingle(), high, low);

        uint right = (uint)Vector512.GreaterThan(value, Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_threshold), o)).ExtractMostSignificantBits();
        var onPath = Vector512.Create(right) & Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_pathMask), o);
        ulong reached = Vector512.Equals(onPath, Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_pathRight), o)).ExtractMostSignificantBits();
        return (int)o + BitOperations.TrailingZeroCount(reached);
    }

    /// <summary>As <see cref="PackedTreeEnsemble.AddRows"/> with 512-bit vectors (rows padded to <see cref="RowWidth"/>).</summary>
    private static void AddRows(double[] rows, int stride, Span<double> sums, int a, int b, int c, int d, int e, int f, int h, int i)
    {
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(rows);
        ref double s = ref MemoryMarshal.GetReference(sums);
        for (int k = 0; k < stride; k += RowWidth)
        {
            nuint o = (nuint)k;
            var v = ((Vector512.LoadUnsafe(ref Unsafe.Add(ref r0, a), o) + Vector512.LoadUnsafe(ref Unsafe.Add(ref r0, b), o))
                    + (Vector512.LoadUnsafe(ref Unsafe.Add(ref r0, c), o) + Vector512.LoadUnsafe(ref Unsafe.Add(ref r0, d), o)))
                + ((Vector512.LoadUnsafe(ref Unsafe.Add(ref r0, e), o) + Vector512.LoadUnsafe(ref Unsafe.Add(ref r0, f), o))
                    + (Vector512.LoadUnsafe(ref Unsafe.Add(ref r0, h), o) + Vector512.LoadUnsafe(ref Unsafe.Add(ref r0, i), o)));
            (Vector512.LoadUnsafe(ref s, o) + v).StoreUnsafe(ref s, o);
        }
    }

    /// <summary>Depth-first: <paramref name="mask"/>/<paramref name="right"/> describe the path down to
    /// <paramref name="node"/>; each leaf below gets its lane's path mask and right bits.</summary>
    private void FillPaths(TreeSpec s, int o, int node, uint mask, uint right)
    {
        uint bit = 1u << node;
        Visit(s.Left[node], right);
        Visit(s.Right[node], right | bit);

        void Visit(int child, uint childRight)
        {
            if (child >= 0)
            {
                FillPaths(s, o, child, mask | bit, childRight);
            }
            else
            {
                _pathMask[o + ~child] = mask | bit;
                _pathRight[o + ~child] = childRight;
            }
        }
    }
}
