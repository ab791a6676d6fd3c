using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RiskScoring.Models;

/// <summary>
/// <see cref="PackedTreeEnsemble"/>'s AVX-512 evaluation for small trees (at most 15 splits, so at most 16
/// leaves) on short encoded vectors (at most 64 columns, at most 255 distinct thresholds per column): four trees are
/// evaluated at once, without walking them.
/// </summary>
/// <remarks>
/// <para><b>Quantisation.</b> For every column, the distinct thresholds the ensemble uses on it are sorted:
/// <c>t₀ &lt; t₁ &lt; … &lt; t₍ₘ₋₁₎</c>. Once per call, each column's value x becomes its bin, the number of those
/// thresholds x exceeds (a byte, since m ≤ 255). Because the thresholds x exceeds are a prefix of the sorted list,
/// <c>x &gt; tᵢ ⇔ bin &gt; i</c>: a split stores the byte i of its threshold, and comparing bytes gives exactly the
/// float comparison (encoded vectors hold no NaN, so "right when x &gt; threshold" is the negation of ML.NET's
/// "left when x ≤ threshold"). A bin is counted with one or two 16-lane compares: columns with more than 16
/// thresholds first compare with every 16th threshold to pick the block of 16 that holds the answer.</para>
/// <para><b>Splits.</b> The 64 bins fill one 512-bit register. A block of four trees stores 64 split columns and 64
/// threshold bytes (tree j's split n at lane 16j + n; unused lanes: column 0, threshold 255, which no bin exceeds). One
/// byte permute (<c>vpermb</c>, AVX-512 VBMI; without VBMI four in-lane shuffles of the bins' quarters and three
/// blends) fetches the 64 bins, one unsigned compare gives a 64-bit mask whose bits 16j … 16j+15
/// say which of tree j's splits send the vector right.</para>
/// <para><b>Leaves.</b> Leaf k is reached exactly when every split on its path goes its way: with <c>PathMask</c> the
/// bits of the splits on the path and <c>PathRight</c> those among them taken to the right, leaf k is reached iff
/// <c>(right &amp; PathMask) == PathRight</c>. The 64-bit mask broadcast to 16-bit lanes repeats the four trees' masks,
/// so lane 4k + j holds tree j's; the block stores tree j's leaf k's masks at lane 4k + j (leaves 0–7 in one vector,
/// 8–15 in the next), and two compares give a 64-bit mask where bit 4k + j says "tree j reaches leaf k". Exactly one
/// leaf per tree matches (the paths partition the input space), so tree j's leaf is the trailing-zero count of that
/// mask restricted to bits ≡ j (mod 4), and that bit position indexes the block's 64 <see cref="Leaf"/> entries.
/// Unused leaf lanes have mask 0 and right bits 1 and never match; a one-leaf tree's leaf 0 has mask 0 and right 0
/// and always matches.</para>
/// <para><b>Contributions.</b> A tree splits on at most 15 raw features, so each leaf's contribution row is stored
/// compactly over a <i>layout</i>: w ≤ 15 row columns (ascending), followed by a zero. Per dense vector of the running
/// sums, eight index bytes say which compact slot each lane takes (columns outside the layout point at the zero), and
/// one two-source permute (<c>vpermt2pd</c>) of the row's two 512-bit vectors (slots 0–7 and 8–15) spreads it.</para>
/// <para><b>Pairs.</b> The eight trees of a group are paired when they can be: each pair's columns together number at
/// most 15 (padding trees have none; of the 105 pairings of eight, one with the fewest columns in all is kept). Both
/// trees of a pair store their rows over the pair's union (the partner's columns hold 0), so per group and dense
/// vector the two reached rows are added slot by slot and one permute, with the pair's one set of index bytes, serves
/// both trees: four permutes and index loads per dense vector instead of eight. The group stores its slots in pair order
/// (pair p = slots order[2p] and order[2p + 1]); the reached rows' offsets go through a small stack array to be
/// picked in that order. A group with no such pairing keeps one layout per tree (its own columns) and one permute per
/// tree (<see cref="Unpaired"/>). In the benchmark's model (300 trees, rows of 24) 37 of 38 groups are paired. The
/// index bytes of group g start at 8g × stride: pair p's (or, unpaired, tree j's) at + p × stride (+ j × stride),
/// then 8 bytes per dense vector.</para>
/// <para><b>Row storage.</b> A row of w + 1 ≤ 8 doubles occupies 8, a longer one 16, and the array is pinned (the
/// pinned object heap never moves it) with the first row on a 64-byte boundary, so every row's two 512-bit loads are
/// aligned and never split a cache line (a load past an 8-slot row reads the next row, which no index selects). The
/// rows are summed pairwise within the group, up to four dense vectors of sums stay in registers for the whole call
/// (wider rows are summed through memory). The dense rows are built first (by <see cref="PackedTreeEnsemble"/>, the
/// plain path attribution) and copied, so each stored value is exactly the portable walk's; only the order of the
/// additions differs (contributions agree to rounding, margins bit for bit).</para>
/// <para><b>Order.</b> Trees are independent, so there is no dependent chain across them except the margin's sum,
/// added in tree order (bit-for-bit the model's definition). The tree count is padded to a multiple of 8 with one-leaf
/// trees whose value and contribution row are 0.</para>
/// <para><b>Bounds checks.</b> Arrays are read with <see cref="Unsafe.Add{T}(ref T, int)"/>, safe by construction:
/// the block, leaf, index-byte and cut offsets come from loops over this object's own arrays and from leaf positions
/// below 64 within a block, and the pair order's bytes are slots below 8 of the group; compact row offsets were written
/// by <see cref="Add"/> and the array has at least 16 zeros of slack at both ends (so the second vector of the last row
/// stays inside, and offset 0 is the padding trees' zero row); the index bytes have 16 bytes of slack for the last
/// 16-byte load; the encoded span's length is checked by the caller
/// and every column read is a split column (below the encoded length, at most 64).</para>
/// </remarks>
/// <threadsafety>Immutable after construction.</threadsafety>
internal sealed class SimdTrees
{
    /// <summary>Contribution rows are padded to a multiple of this (one 512-bit vector of doubles).</summary>
    public const int RowWidth = 8;

    /// <summary>Lanes per tree: splits and leaves.</summary>
    private const int Width = 16;

    /// <summary>Trees per block (64 byte lanes).</summary>
    private const int PerBlock = 4;

    /// <summary>Vectors per block: columns, thresholds, path masks and right bits of leaves 0–7, then of 8–15.</summary>
    private const int BlockVectors = 6;

    /// <summary>Encoded columns held in one register of bins.</summary>
    private const int MaxColumns = 64;

    /// <summary>Contribution rows of at most this many vectors are summed in registers.</summary>
    private const int MaxRegisterChunks = 4;

    /// <summary>Zeros at both ends of the compact rows: offset 0 is the padding trees' all-zero row, and the last
    /// row's second vector load stays inside the array.</summary>
    private const int CompactPad = 2 * RowWidth;

    /// <summary>Distinct thresholds per column (a bin is a byte; threshold byte 255 marks unused lanes).</summary>
    private const int MaxThresholds = 255;

    private readonly Vector512<byte>[] _blocks;
    private readonly Leaf[] _leaves;
    private readonly Vector512<float>[] _cuts;
    private readonly int[] _smallColumns;
    private readonly int[] _smallCut;
    private readonly int[] _largeColumns;
    private readonly int[] _largeCut;
    private readonly float[][] _distinct;
    private readonly int[][] _layout;
    private readonly bool[] _paired;
    private readonly byte[] _order;
    private readonly double[] _compact;
    private readonly byte[] _expand;
    private readonly int _chunks;
    private readonly bool _vbmi;
    private int _nextCompact;

    /// <summary>Quantises the trees' thresholds and makes room for the trees (filled by <see cref="Add"/>), padded to a
    /// multiple of 8 trees with one-leaf trees of value 0 and row offset 0.</summary>
    /// <param name="trees">The trees (see <see cref="Supports"/>).</param>
    /// <param name="encodedLength">The encoded vector's length (at most 64).</param>
    /// <param name="treeColumns">Per tree, the contribution-row columns it splits on (ascending, at most 15).</param>
    /// <param name="stride">Length of a dense contribution row (a multiple of <see cref="RowWidth"/>).</param>
    /// <param name="allowVbmi">Whether to use the VBMI byte permute when the machine has it (false forces the AVX-512BW
    /// emulation; for tests).</param>
    public SimdTrees(IReadOnlyList<TreeSpec> trees, int encodedLength, int[][] treeColumns, int stride, bool allowVbmi = true)
    {
        _vbmi = allowVbmi && Avx512Vbmi.IsSupported;
        _distinct = Distinct(trees, encodedLength);
        _chunks = stride / RowWidth;
        int groups = (trees.Count + 7) / 8;
        _layout = new int[trees.Count][];
        _paired = new bool[groups];
        _order = new byte[groups * 8];
        Pair(treeColumns, _layout, _paired, _order);
        int compact = 2 * CompactPad;
        for (int t = 0; t < trees.Count; t++)
        {
            compact += trees[t].LeafValues.Length * RowLength(_layout[t].Length);
        }

        // Pinned (the pinned object heap never moves it), so the rows can start on 64-byte boundaries: a 512-bit load
        // that crosses a cache line costs two.
        _compact = GC.AllocateArray<double>(compact + RowWidth, pinned: true);
        var handle = GCHandle.Alloc(_compact, GCHandleType.Pinned);
        long address = handle.AddrOfPinnedObject();
        handle.Free();
        _nextCompact = CompactPad + (int)((64 - (address % 64)) % 64 / sizeof(double));
        // Eight index bytes per tree and dense vector; 16 bytes of slack for the last 16-byte load.
        _expand = new byte[(((trees.Count + 7) / 8 * 8) * _chunks * RowWidth) + 16];
        var cuts = new List<Vector512<float>>();
        List<int> small = [], smallCut = [], large = [], largeCut = [];
        var lanes = new float[Width];
        for (int c = 0; c < encodedLength; c++)
        {
            var t = _distinct[c];
            if (t.Length == 0)
            {
                continue;
            }

            int blocks = (t.Length + Width - 1) / Width;
            if (blocks == 1)
            {
                small.Add(c);
                smallCut.Add(cuts.Count);
            }
            else
            {
                // Coarse cut j = the last threshold of block j (blocks 0 … blocks − 2); x exceeds k of them ⇒ block k.
                large.Add(c);
                largeCut.Add(cuts.Count);
                Array.Fill(lanes, float.PositiveInfinity);
                for (int j = 0; j < blocks - 1; j++)
                {
                    lanes[j] = t[(j * Width) + Width - 1];
                }

                cuts.Add(Vector512.Create(lanes));
            }

            for (int j = 0; j < blocks; j++)
            {
                Array.Fill(lanes, float.PositiveInfinity);
                t.AsSpan(j * Width, Math.Min(Width, t.Length - (j * Width))).CopyTo(lanes);
                cuts.Add(Vector512.Create(lanes));
            }
        }

        _cuts = [.. cuts];
        _smallColumns = [.. small];
        _smallCut = [.. smallCut];
        _largeColumns = [.. large];
        _largeCut = [.. largeCut];

        int blockCount = (trees.Count + 7) / 8 * 8 / PerBlock;
        _blocks = new Vector512<byte>[blockCount * BlockVectors];
        _leaves = new Leaf[blockCount * PerBlock * Width];
        var bytes = new byte[64];
        var words = new ushort[32];
        for (int b = 0; b < blockCount; b++)
        {
            Array.Fill(bytes, (byte)MaxThresholds);
            _blocks[(b * BlockVectors) + 1] = Vector512.Create(bytes);
            // Leaf lanes never match (mask 0, right 1) except leaf 0 (mask 0, right 0) of each (padding) tree.
            Array.Fill(words, (ushort)1);
            for (int j = 0; j < PerBlock; j++)
            {
                words[j] = 0;
            }

            _blocks[(b * BlockVectors) + 3] = Vector512.Create(words).AsByte();
            Array.Fill(words, (ushort)1);
            _blocks[(b * BlockVectors) + 5] = Vector512.Create(words).AsByte();
        }
    }

    /// <summary>Whether this evaluation runs on this machine for these trees.</summary>
    public static bool Supports(IReadOnlyList<TreeSpec> trees, int encodedLength)
    {
        if (!Avx512BW.IsSupported || !Vector512.IsHardwareAccelerated || encodedLength > MaxColumns)
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

        foreach (var d in Distinct(trees, encodedLength))
        {
            if (d.Length > MaxThresholds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Stores tree <paramref name="t"/> (trees are added in order); leaf k's dense contribution row is at
    /// <paramref name="firstRow"/> + k × stride in <paramref name="rows"/>.</summary>
    public void Add(int t, TreeSpec s, double[] rows, int firstRow)
    {
        int b = t / PerBlock, j = t % PerBlock, o = b * BlockVectors;
        var columns = _blocks[o].AsByte();
        var thresholds = _blocks[o + 1];
        for (int n = 0; n < s.SplitFeatures.Length; n++)
        {
            int c = s.SplitFeatures[n];
            columns = columns.WithElement((j * Width) + n, (byte)c);
            thresholds = thresholds.WithElement((j * Width) + n, (byte)IndexOf(_distinct[c], s.Thresholds[n]));
        }

        _blocks[o] = columns;
        _blocks[o + 1] = thresholds;
        var pathMask = new ushort[Width];
        var pathRight = new ushort[Width];
        Array.Fill(pathRight, (ushort)1);
        pathRight[0] = 0;
        if (s.SplitFeatures.Length > 0)
        {
            FillPaths(s, 0, 0, 0, pathMask, pathRight);
        }

        for (int half = 0; half < 2; half++)
        {
            var mask = _blocks[o + 2 + (2 * half)].AsUInt16();
            var right = _blocks[o + 3 + (2 * half)].AsUInt16();
            for (int k = 0; k < 8; k++)
            {
                mask = mask.WithElement((4 * k) + j, pathMask[(8 * half) + k]);
                right = right.WithElement((4 * k) + j, pathRight[(8 * half) + k]);
            }

            _blocks[o + 2 + (2 * half)] = mask.AsByte();
            _blocks[o + 3 + (2 * half)] = right.AsByte();
        }

        // Compact rows: the layout's w columns (the tree's own, or its pair's union, where the partner's columns hold
        // 0), then a zero that every other dense lane's index points at.
        var layout = _layout[t];
        int w = layout.Length, stride = _chunks * RowWidth;
        for (int k = 0; k < s.LeafValues.Length; k++)
        {
            int row = _nextCompact + (k * RowLength(w));
            for (int n = 0; n < w; n++)
            {
                _compact[row + n] = rows[firstRow + (k * stride) + layout[n]];
            }

            _leaves[(b * PerBlock * Width) + (4 * k) + j] = new Leaf(s.Weight * s.LeafValues[k], row);
        }

        _nextCompact += s.LeafValues.Length * RowLength(w);
        // Index bytes: per tree in an unpaired group; per pair (written by either tree, identically) in a paired one.
        int g = t / 8, slot = t % 8, target = t;
        if (_paired[g])
        {
            target = (8 * g) + (_order.AsSpan(8 * g, 8).IndexOf((byte)slot) / 2);
        }

        for (int lane = 0; lane < stride; lane++)
        {
            int n = Array.IndexOf(layout, lane);
            _expand[(target * stride) + lane] = (byte)(n >= 0 ? n : w);
        }
    }

    /// <summary>Pairs the trees of each group of eight (padding trees split on nothing) so that each pair's columns
    /// together number at most 15, choosing among the 105 pairings one with the fewest columns in all; a paired tree's
    /// layout is its pair's union (ascending), an unpaired group's trees keep their own columns.</summary>
    /// <param name="treeColumns">Per tree, its row columns (ascending).</param>
    /// <param name="layout">Filled: per tree, the columns its compact rows hold.</param>
    /// <param name="paired">Filled: per group, whether it is paired.</param>
    /// <param name="order">Filled: per paired group, its slots in pair order (pair p = slots 2p and 2p + 1).</param>
    private static void Pair(int[][] treeColumns, int[][] layout, bool[] paired, byte[] order)
    {
        for (int g = 0; g < paired.Length; g++)
        {
            var columns = new int[8][];
            for (int j = 0; j < 8; j++)
            {
                int t = (8 * g) + j;
                columns[j] = t < treeColumns.Length ? treeColumns[t] : [];
            }

            int best = int.MaxValue;
            var current = new byte[8];
            var chosen = new byte[8];
            Search(0, 0);
            paired[g] = best != int.MaxValue;
            for (int j = 0; j < 8; j++)
            {
                order[(8 * g) + j] = paired[g] ? chosen[j] : (byte)j;
            }

            for (int p = 0; p < 4; p++)
            {
                int u = order[(8 * g) + (2 * p)], v = order[(8 * g) + (2 * p) + 1];
                foreach (int j in (ReadOnlySpan<int>)[u, v])
                {
                    int t = (8 * g) + j;
                    if (t < treeColumns.Length)
                    {
                        layout[t] = paired[g] ? Union(columns[u], columns[v]) : treeColumns[t];
                    }
                }
            }

            // Depth-first over pairings: the lowest unpaired slot takes each unpaired partner in turn.
            void Search(int used, int cost)
            {
                if (used == 0xFF)
                {
                    if (cost < best)
                    {
                        best = cost;
                        current.CopyTo(chosen, 0);
                    }

                    return;
                }

                int u = BitOperations.TrailingZeroCount((uint)~used), p = BitOperations.PopCount((uint)used) / 2;
                for (int v = u + 1; v < 8; v++)
                {
                    int w = Union(columns[u], columns[v]).Length;
                    if ((used & (1 << v)) == 0 && w < Width)
                    {
                        current[2 * p] = (byte)u;
                        current[(2 * p) + 1] = (byte)v;
                        Search(used | (1 << u) | (1 << v), cost + w);
                    }
                }
            }
        }
    }

    /// <summary>Doubles a compact row of <paramref name="w"/> columns occupies: w + 1 (its columns and the zero),
    /// rounded up to 8 or 16 so that every row starts on a 64-byte boundary.</summary>
    private static int RowLength(int w) => w + 1 <= RowWidth ? RowWidth : 2 * RowWidth;

    /// <summary>The ascending union of two ascending column lists.</summary>
    private static int[] Union(int[] a, int[] b)
    {
        var set = new SortedSet<int>(a);
        set.UnionWith(b);
        return [.. set];
    }

    /// <summary>Whether the bins are fetched with the VBMI byte permute (otherwise with four in-lane shuffles).</summary>
    public bool UsesVbmi => _vbmi;

    /// <summary>Groups of eight trees whose contribution rows are stored per pair, and groups in all (for tests).</summary>
    public (int Paired, int Groups) PairedGroups => (Array.FindAll(_paired, p => p).Length, _paired.Length);

    /// <summary>The margin; with <paramref name="explain"/>, each reached leaf's row is added to <paramref name="sums"/>.</summary>
    public double Evaluate(ReadOnlySpan<float> encoded, double bias, Span<double> sums, bool explain) =>
        (_vbmi, explain) switch
        {
            (true, true) => Evaluate<Vbmi, Explaining>(encoded, bias, sums),
            (true, false) => Evaluate<Vbmi, MarginOnly>(encoded, bias, sums),
            (false, true) => Evaluate<Shuffles, Explaining>(encoded, bias, sums),
            _ => Evaluate<Shuffles, MarginOnly>(encoded, bias, sums),
        };

    /// <summary><see cref="Evaluate(ReadOnlySpan{float}, double, Span{double}, bool)"/> with the byte fetch and the
    /// contributions chosen at compile time (<typeparamref name="TFetch"/> is <see cref="Vbmi"/> or
    /// <see cref="Shuffles"/>; <typeparamref name="TExplain"/> is <see cref="Explaining"/> or
    /// <see cref="MarginOnly"/>).</summary>
    private double Evaluate<TFetch, TExplain>(ReadOnlySpan<float> encoded, double bias, Span<double> sums)
        where TFetch : struct
        where TExplain : struct
    {
        // A constant per instantiation: the margin-only code carries none of the contribution work.
        bool explain = typeof(TExplain) == typeof(Explaining);
        var bins = Bins(encoded);
        // For the emulation: each 128-bit quarter of the bins broadcast to the whole register.
        var q0 = Avx512F.Shuffle4x128(bins.AsInt32(), bins.AsInt32(), 0x00).AsByte();
        var q1 = Avx512F.Shuffle4x128(bins.AsInt32(), bins.AsInt32(), 0x55).AsByte();
        var q2 = Avx512F.Shuffle4x128(bins.AsInt32(), bins.AsInt32(), 0xAA).AsByte();
        var q3 = Avx512F.Shuffle4x128(bins.AsInt32(), bins.AsInt32(), 0xFF).AsByte();
        ref Vector512<byte> block = ref MemoryMarshal.GetArrayDataReference(_blocks);
        ref Leaf leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(_compact);
        ref byte x0 = ref MemoryMarshal.GetArrayDataReference(_expand);
        int chunks = _chunks, stride = chunks * RowWidth;
        bool inRegisters = explain && chunks <= MaxRegisterChunks;
        ref bool paired = ref MemoryMarshal.GetArrayDataReference(_paired);
        ref byte order0 = ref MemoryMarshal.GetArrayDataReference(_order);
        Span<int> slotRows = explain ? stackalloc int[8] : default;
        ref int slotRow = ref MemoryMarshal.GetReference(slotRows);
        Vector512<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        double sum = 0;
        for (int b = 0, l = 0, t = 0; b < _blocks.Length; b += 2 * BlockVectors, l += 2 * PerBlock * Width, t += 2 * PerBlock)
        {
            ref Vector512<byte> v = ref Unsafe.Add(ref block, b);
            ref Leaf first = ref Unsafe.Add(ref leaves, l);
            ref Leaf second = ref Unsafe.Add(ref first, PerBlock * Width);
            ulong m0 = Reached<TFetch>(ref v, bins, q0, q1, q2, q3), m1 = Reached<TFetch>(ref Unsafe.Add(ref v, BlockVectors), bins, q0, q1, q2, q3);
            ref Leaf a = ref Unsafe.Add(ref first, BitOperations.TrailingZeroCount(m0 & 0x1111111111111111UL));
            ref Leaf c = ref Unsafe.Add(ref first, BitOperations.TrailingZeroCount(m0 & 0x2222222222222222UL));
            ref Leaf d = ref Unsafe.Add(ref first, BitOperations.TrailingZeroCount(m0 & 0x4444444444444444UL));
            ref Leaf e = ref Unsafe.Add(ref first, BitOperations.TrailingZeroCount(m0 & 0x8888888888888888UL));
            ref Leaf f = ref Unsafe.Add(ref second, BitOperations.TrailingZeroCount(m1 & 0x1111111111111111UL));
            ref Leaf g = ref Unsafe.Add(ref second, BitOperations.TrailingZeroCount(m1 & 0x2222222222222222UL));
            ref Leaf h = ref Unsafe.Add(ref second, BitOperations.TrailingZeroCount(m1 & 0x4444444444444444UL));
            ref Leaf i = ref Unsafe.Add(ref second, BitOperations.TrailingZeroCount(m1 & 0x8888888888888888UL));

            // Tree order, as the model's definition sums them (padding trees add exactly 0).
            sum += a.Value;
            sum += c.Value;
            sum += d.Value;
            sum += e.Value;
            sum += f.Value;
            sum += g.Value;
            sum += h.Value;
            sum += i.Value;
            if (explain)
            {
                ref byte x = ref Unsafe.Add(ref x0, t * stride);
                if (Unsafe.Add(ref paired, t / 8))
                {
                    // Paired group: the two trees of a pair share a layout, so their compact rows are added first and
                    // one permute per dense vector spreads the pair's sum (the pair's index bytes are at pair × stride).
                    Unsafe.Add(ref slotRow, 0) = a.Row;
                    Unsafe.Add(ref slotRow, 1) = c.Row;
                    Unsafe.Add(ref slotRow, 2) = d.Row;
                    Unsafe.Add(ref slotRow, 3) = e.Row;
                    Unsafe.Add(ref slotRow, 4) = f.Row;
                    Unsafe.Add(ref slotRow, 5) = g.Row;
                    Unsafe.Add(ref slotRow, 6) = h.Row;
                    Unsafe.Add(ref slotRow, 7) = i.Row;
                    ref byte o = ref Unsafe.Add(ref order0, t);
                    ref double p0 = ref Unsafe.Add(ref r0, Unsafe.Add(ref slotRow, o));
                    ref double p1 = ref Unsafe.Add(ref r0, Unsafe.Add(ref slotRow, Unsafe.Add(ref o, 1)));
                    ref double p2 = ref Unsafe.Add(ref r0, Unsafe.Add(ref slotRow, Unsafe.Add(ref o, 2)));
                    ref double p3 = ref Unsafe.Add(ref r0, Unsafe.Add(ref slotRow, Unsafe.Add(ref o, 3)));
                    ref double p4 = ref Unsafe.Add(ref r0, Unsafe.Add(ref slotRow, Unsafe.Add(ref o, 4)));
                    ref double p5 = ref Unsafe.Add(ref r0, Unsafe.Add(ref slotRow, Unsafe.Add(ref o, 5)));
                    ref double p6 = ref Unsafe.Add(ref r0, Unsafe.Add(ref slotRow, Unsafe.Add(ref o, 6)));
                    ref double p7 = ref Unsafe.Add(ref r0, Unsafe.Add(ref slotRow, Unsafe.Add(ref o, 7)));
                    var l0 = Vector512.LoadUnsafe(ref p0) + Vector512.LoadUnsafe(ref p1);
                    var h0 = Vector512.LoadUnsafe(ref p0, RowWidth) + Vector512.LoadUnsafe(ref p1, RowWidth);
                    var l1 = Vector512.LoadUnsafe(ref p2) + Vector512.LoadUnsafe(ref p3);
                    var h1 = Vector512.LoadUnsafe(ref p2, RowWidth) + Vector512.LoadUnsafe(ref p3, RowWidth);
                    var l2 = Vector512.LoadUnsafe(ref p4) + Vector512.LoadUnsafe(ref p5);
                    var h2 = Vector512.LoadUnsafe(ref p4, RowWidth) + Vector512.LoadUnsafe(ref p5, RowWidth);
                    var l3 = Vector512.LoadUnsafe(ref p6) + Vector512.LoadUnsafe(ref p7);
                    var h3 = Vector512.LoadUnsafe(ref p6, RowWidth) + Vector512.LoadUnsafe(ref p7, RowWidth);
                    if (inRegisters)
                    {
                        acc0 += Part(l0, h0, l1, h1, l2, h2, l3, h3, ref x, stride);
                        if (chunks > 1)
                        {
                            acc1 += Part(l0, h0, l1, h1, l2, h2, l3, h3, ref Unsafe.Add(ref x, RowWidth), stride);
                        }

                        if (chunks > 2)
                        {
                            acc2 += Part(l0, h0, l1, h1, l2, h2, l3, h3, ref Unsafe.Add(ref x, 2 * RowWidth), stride);
                        }

                        if (chunks > 3)
                        {
                            acc3 += Part(l0, h0, l1, h1, l2, h2, l3, h3, ref Unsafe.Add(ref x, 3 * RowWidth), stride);
                        }
                    }
                    else
                    {
                        for (int k = 0; k < chunks; k++)
                        {
                            ref double sk = ref Unsafe.Add(ref MemoryMarshal.GetReference(sums), k * RowWidth);
                            var part = Part(l0, h0, l1, h1, l2, h2, l3, h3, ref Unsafe.Add(ref x, k * RowWidth), stride);
                            (Vector512.LoadUnsafe(ref sk) + part).StoreUnsafe(ref sk);
                        }
                    }
                }
                else
                {
                    Unpaired(ref r0, ref x, a.Row, c.Row, d.Row, e.Row, f.Row, g.Row, h.Row, i.Row, sums, inRegisters, chunks, ref acc0, ref acc1, ref acc2, ref acc3);
                }
            }
        }

        if (inRegisters)
        {
            ref double s = ref MemoryMarshal.GetReference(sums);
            foreach (var (acc, k) in (ReadOnlySpan<(Vector512<double>, int)>)[(acc0, 0), (acc1, 1), (acc2, 2), (acc3, 3)])
            {
                if (k < chunks)
                {
                    (Vector512.LoadUnsafe(ref s, (nuint)(k * RowWidth)) + acc).StoreUnsafe(ref s, (nuint)(k * RowWidth));
                }
            }
        }

        return bias + sum;
    }

    /// <summary>An unpaired group (eight trees' rows at the given offsets of <paramref name="r0"/>, each with its own
    /// index bytes at <paramref name="x"/> + tree × stride) added to the running sums: in the registers
    /// <paramref name="acc0"/> … <paramref name="acc3"/> when <paramref name="inRegisters"/>, else to
    /// <paramref name="sums"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Unpaired(
        ref double r0, ref byte x, int a, int c, int d, int e, int f, int g, int h, int i, Span<double> sums, bool inRegisters, int chunks,
        ref Vector512<double> acc0, ref Vector512<double> acc1, ref Vector512<double> acc2, ref Vector512<double> acc3)
    {
        int stride = chunks * RowWidth;
        ref double ra = ref Unsafe.Add(ref r0, a);
        ref double rc = ref Unsafe.Add(ref r0, c);
        ref double rd = ref Unsafe.Add(ref r0, d);
        ref double re = ref Unsafe.Add(ref r0, e);
        ref double rf = ref Unsafe.Add(ref r0, f);
        ref double rg = ref Unsafe.Add(ref r0, g);
        ref double rh = ref Unsafe.Add(ref r0, h);
        ref double ri = ref Unsafe.Add(ref r0, i);
        var la = Vector512.LoadUnsafe(ref ra);
        var ha = Vector512.LoadUnsafe(ref ra, RowWidth);
        var lc = Vector512.LoadUnsafe(ref rc);
        var hc = Vector512.LoadUnsafe(ref rc, RowWidth);
        var ld = Vector512.LoadUnsafe(ref rd);
        var hd = Vector512.LoadUnsafe(ref rd, RowWidth);
        var le = Vector512.LoadUnsafe(ref re);
        var he = Vector512.LoadUnsafe(ref re, RowWidth);
        var lf = Vector512.LoadUnsafe(ref rf);
        var hf = Vector512.LoadUnsafe(ref rf, RowWidth);
        var lg = Vector512.LoadUnsafe(ref rg);
        var hg = Vector512.LoadUnsafe(ref rg, RowWidth);
        var lh = Vector512.LoadUnsafe(ref rh);
        var hh = Vector512.LoadUnsafe(ref rh, RowWidth);
        var li = Vector512.LoadUnsafe(ref ri);
        var hi = Vector512.LoadUnsafe(ref ri, RowWidth);
        for (int k = 0; k < chunks; k++)
        {
            ref byte index = ref Unsafe.Add(ref x, k * RowWidth);
            var part = Part(la, ha, lc, hc, ld, hd, le, he, ref index, stride)
                + Part(lf, hf, lg, hg, lh, hh, li, hi, ref Unsafe.Add(ref index, 4 * stride), stride);
            if (inRegisters)
            {
                switch (k)
                {
                    case 0: acc0 += part; break;
                    case 1: acc1 += part; break;
                    case 2: acc2 += part; break;
                    default: acc3 += part; break;
                }
            }
            else
            {
                ref double sk = ref Unsafe.Add(ref MemoryMarshal.GetReference(sums), k * RowWidth);
                (Vector512.LoadUnsafe(ref sk) + part).StoreUnsafe(ref sk);
            }
        }
    }

    /// <summary>One dense vector of four compact rows (a pair's sum, or one tree's), summed pairwise: row j's index
    /// bytes are at <paramref name="index"/> + j × <paramref name="stride"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Part(
        Vector512<double> l0, Vector512<double> h0, Vector512<double> l1, Vector512<double> h1,
        Vector512<double> l2, Vector512<double> h2, Vector512<double> l3, Vector512<double> h3, ref byte index, int stride) =>
        (Expand(l0, h0, ref index) + Expand(l1, h1, ref Unsafe.Add(ref index, stride)))
            + (Expand(l2, h2, ref Unsafe.Add(ref index, 2 * stride)) + Expand(l3, h3, ref Unsafe.Add(ref index, 3 * stride)));

    /// <summary>A tree's compact row (<paramref name="low"/>: slots 0–7, <paramref name="high"/>: 8–15) spread over
    /// one dense vector: lane n takes slot <paramref name="index"/>[n] (a column the tree does not use points at the
    /// row's zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Expand(Vector512<double> low, Vector512<double> high, ref byte index) =>
        Avx512F.PermuteVar8x64x2(low, Avx512F.ConvertToVector512Int64(Vector128.LoadUnsafe(ref index)).AsInt64(), high);

    /// <summary>The bins of the encoded vector's columns (0 for columns no tree splits on), one byte each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<byte> Bins(ReadOnlySpan<float> encoded)
    {
        Span<byte> bins = stackalloc byte[MaxColumns];
        bins.Clear();
        ref float x = ref MemoryMarshal.GetReference(encoded);
        ref byte bin = ref MemoryMarshal.GetReference(bins);
        ref Vector512<float> cuts = ref MemoryMarshal.GetArrayDataReference(_cuts);
        var smallColumns = _smallColumns;
        var smallCut = _smallCut;
        for (int n = 0; n < smallColumns.Length && n < smallCut.Length; n++)
        {
            int c = smallColumns[n];
            ulong above = Vector512.GreaterThan(Vector512.Create(Unsafe.Add(ref x, c)), Unsafe.Add(ref cuts, smallCut[n])).ExtractMostSignificantBits();
            Unsafe.Add(ref bin, c) = (byte)BitOperations.PopCount(above);
        }

        var largeColumns = _largeColumns;
        var largeCut = _largeCut;
        for (int n = 0; n < largeColumns.Length && n < largeCut.Length; n++)
        {
            int c = largeColumns[n];
            var value = Vector512.Create(Unsafe.Add(ref x, c));
            ref Vector512<float> cut = ref Unsafe.Add(ref cuts, largeCut[n]);
            int k = BitOperations.PopCount(Vector512.GreaterThan(value, cut).ExtractMostSignificantBits());
            int fine = BitOperations.PopCount(Vector512.GreaterThan(value, Unsafe.Add(ref cut, 1 + k)).ExtractMostSignificantBits());
            Unsafe.Add(ref bin, c) = (byte)((k * Width) + fine);
        }

        return Vector512.LoadUnsafe(ref bin);
    }

    /// <summary>The block's 64-bit leaf mask: bit 4k + j set when tree j of the block reaches leaf k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Reached<TFetch>(ref Vector512<byte> block, Vector512<byte> bins, Vector512<byte> q0, Vector512<byte> q1, Vector512<byte> q2, Vector512<byte> q3)
        where TFetch : struct
    {
        var values = typeof(TFetch) == typeof(Vbmi) ? Avx512Vbmi.PermuteVar64x8(bins, block) : Fetch(block, q0, q1, q2, q3);
        ulong right = Vector512.GreaterThan(values, Unsafe.Add(ref block, 1)).ExtractMostSignificantBits();
        var broadcast = Vector512.Create(right).AsUInt16();
        ulong low = Vector512.Equals(broadcast & Unsafe.Add(ref block, 2).AsUInt16(), Unsafe.Add(ref block, 3).AsUInt16()).ExtractMostSignificantBits();
        ulong high = Vector512.Equals(broadcast & Unsafe.Add(ref block, 4).AsUInt16(), Unsafe.Add(ref block, 5).AsUInt16()).ExtractMostSignificantBits();
        return low | (high << 32);
    }

    /// <summary>Without VBMI: byte n of the result is bins[columns[n]] (columns &lt; 64), from four in-lane byte
    /// shuffles of the bins' quarters (<paramref name="q0"/> … <paramref name="q3"/>, each broadcast to all lanes), each
    /// kept where the column falls in its quarter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Fetch(Vector512<byte> columns, Vector512<byte> q0, Vector512<byte> q1, Vector512<byte> q2, Vector512<byte> q3)
    {
        var values = Avx512BW.Shuffle(q0, columns);
        values = Vector512.ConditionalSelect(Vector512.GreaterThan(columns, Vector512.Create((byte)15)), Avx512BW.Shuffle(q1, columns), values);
        values = Vector512.ConditionalSelect(Vector512.GreaterThan(columns, Vector512.Create((byte)31)), Avx512BW.Shuffle(q2, columns), values);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(columns, Vector512.Create((byte)47)), Avx512BW.Shuffle(q3, columns), values);
    }

    /// <summary>Per column, the distinct thresholds the trees split it at, ascending (−0 and +0 are one threshold).</summary>
    private static float[][] Distinct(IReadOnlyList<TreeSpec> trees, int encodedLength)
    {
        var lists = new List<float>[encodedLength];
        for (int c = 0; c < encodedLength; c++)
        {
            lists[c] = [];
        }

        foreach (var t in trees)
        {
            for (int n = 0; n < t.SplitFeatures.Length; n++)
            {
                lists[t.SplitFeatures[n]].Add(t.Thresholds[n]);
            }
        }

        var distinct = new float[encodedLength][];
        for (int c = 0; c < encodedLength; c++)
        {
            var l = lists[c];
            l.Sort();
            var d = new List<float>();
            foreach (float v in l)
            {
                if (d.Count == 0 || d[^1] != v)
                {
                    d.Add(v);
                }
            }

            distinct[c] = [.. d];
        }

        return distinct;
    }

    /// <summary>The threshold's index in its column's distinct list (how many distinct thresholds are below it).</summary>
    private static int IndexOf(float[] distinct, float threshold)
    {
        int i = 0;
        while (distinct[i] < threshold)
        {
            i++;
        }

        return i;
    }

    /// <summary>Depth-first: <paramref name="mask"/>/<paramref name="right"/> describe the path down to
    /// <paramref name="node"/>; each leaf below gets its path mask and right bits.</summary>
    private static void FillPaths(TreeSpec s, int node, uint mask, uint right, ushort[] pathMask, ushort[] pathRight)
    {
        uint bit = 1u << node;
        Visit(s.Left[node], right);
        Visit(s.Right[node], right | bit);

        void Visit(int child, uint childRight)
        {
            if (child >= 0)
            {
                FillPaths(s, child, mask | bit, childRight, pathMask, pathRight);
            }
            else
            {
                pathMask[~child] = (ushort)(mask | bit);
                pathRight[~child] = (ushort)childRight;
            }
        }
    }

    /// <summary>A leaf: weight × value (the margin's term) and the offset of its contribution row.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Leaf(double value, int row)
    {
        public readonly double Value = value;
        public readonly int Row = row;
    }

    /// <summary>Marker: add the reached leaves' contribution rows.</summary>
    private readonly struct Explaining;

    /// <summary>Marker: the margin only.</summary>
    private readonly struct MarginOnly;

    /// <summary>Marker: fetch bins with the VBMI byte permute.</summary>
    private readonly struct Vbmi;

    /// <summary>Marker: fetch bins with AVX-512BW in-lane shuffles.</summary>
    private readonly struct Shuffles;
}
