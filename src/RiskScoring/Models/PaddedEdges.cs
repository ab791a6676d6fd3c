using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RiskScoring.Models;

/// <summary>
/// The bin edges of many features in one array, each feature's edges padded with +∞ to a whole number of blocks of
/// <see cref="BlockSize"/>, so that the bin of a value is counted with one vector comparison per block instead of a
/// data-dependent search (no branch mispredictions on the scoring path). A padding +∞ is never below a value, so it
/// never counts. Immutable; shared by <see cref="FeatureEncoder"/> and the scorer's linear kernel.
/// </summary>
internal sealed class PaddedEdges
{
    /// <summary>Edges per block: one <see cref="Vector256{T}"/> of floats.</summary>
    public const int BlockSize = 8;

    private readonly float[] _edges;
    private readonly int[] _start;
    private readonly int[] _blocks;

    /// <summary>Packs one edge list per feature (each strictly ascending and finite, as <see cref="FeatureEncoding"/>
    /// validates; an empty list gives bin 0 for every value).</summary>
    public PaddedEdges(IReadOnlyList<IReadOnlyList<float>> edgesPerFeature)
    {
        _start = new int[edgesPerFeature.Count];
        _blocks = new int[edgesPerFeature.Count];
        int total = 0;
        for (int f = 0; f < edgesPerFeature.Count; f++)
        {
            _start[f] = total;
            _blocks[f] = (edgesPerFeature[f].Count + BlockSize - 1) / BlockSize;
            total += _blocks[f] * BlockSize;
        }

        _edges = new float[total];
        Array.Fill(_edges, float.PositiveInfinity);
        for (int f = 0; f < edgesPerFeature.Count; f++)
        {
            for (int k = 0; k < edgesPerFeature[f].Count; k++)
            {
                _edges[_start[f] + k] = edgesPerFeature[f][k];
            }
        }
    }

    /// <summary>The bin of <paramref name="x"/> (not NaN) for feature <paramref name="feature"/>: the number of its
    /// edges strictly below x, so bin k holds edge[k−1] &lt; x ≤ edge[k], as <see cref="FeatureEncoding"/> defines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bin(int feature, float x)
    {
        int blocks = _blocks[feature];
        ref float edges = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_edges), _start[feature]);
        return Count(x, ref edges, blocks);
    }

    /// <summary>Counts the values below x in <paramref name="blocks"/> blocks starting at <paramref name="edges"/>.
    /// The constructor sized the array so that every block of every feature lies inside it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Count(float x, ref float edges, int blocks)
    {
        int count = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var value = Vector256.Create(x);
            for (int b = 0; b < blocks; b++)
            {
                var below = Vector256.GreaterThan(value, Vector256.LoadUnsafe(ref edges, (nuint)(b * BlockSize)));
                count += BitOperations.PopCount(below.ExtractMostSignificantBits());
            }

            return count;
        }

        for (int k = 0; k < blocks * BlockSize; k++)
        {
            count += x > Unsafe.Add(ref edges, k) ? 1 : 0;
        }

        return count;
    }
}
