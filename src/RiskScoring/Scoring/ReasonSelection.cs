using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RiskScoring.Scoring;

/// <summary>
/// Picks the principal reasons of one applicant from per-feature losses. Runs on every score, shared by
/// <see cref="ReasonCodeCalculator.Compute"/> and <see cref="RiskScorer"/>.
/// </summary>
/// <remarks>
/// Every feature becomes one 64-bit key: the bits of its positive loss (positive doubles order like their bit
/// patterns) with the lowest bits replaced by (mask − feature), so that keys are unique and, among equal losses, the
/// earlier feature's key is larger; a feature that cannot be a reason gets key 0. The reasons are then the largest
/// keys, found by repeated maximum and removal, four features at a time with <see cref="Vector256{T}"/> where the
/// hardware has it. No step branches on the data: a mispredicted branch costs more than comparing a whole vector.
/// Losses that differ by less than 2^(bits − 52) relative (2e-14 for a 24-feature schema; bits = those needed to
/// number the features) count as tied; the points reported are recomputed from the loss itself.
/// </remarks>
internal static class ReasonSelection
{
    /// <summary>Key buffers up to this many features live on the stack; wider schemas rent from the pool.</summary>
    private const int StackLimit = 256;

    /// <summary>
    /// The <paramref name="max"/> largest positive values of <paramref name="losses"/> × <paramref name="scale"/>
    /// (points), most first, ties by feature order (the earlier feature first), as reasons whose text is true of the
    /// applicant's value (<see cref="ReasonSide.Create"/>). A feature whose raw value is unknown (NaN) is never a
    /// reason, whatever its loss: the catalogue's text describes the value ("Credit utilisation is high"), which
    /// cannot be said of an unknown one, and for a feature that does not apply (a business's years of trading for an
    /// individual) it would be false.
    /// </summary>
    /// <param name="rawFeatures">The applicant's raw features (the schema's length).</param>
    /// <param name="losses">Per-feature losses (the schema's length).</param>
    /// <param name="scale">Points per unit of loss (positive).</param>
    /// <param name="sides">Per feature, its reason with the text for each side of the reference.</param>
    /// <param name="max">Most reasons to write (at most <see cref="RiskAssessment.MaxReasons"/> are).</param>
    /// <param name="destination">Where the reasons go.</param>
    /// <returns>How many reasons were written.</returns>
    public static int SelectTop(ReadOnlySpan<float> rawFeatures, ReadOnlySpan<double> losses, double scale, ReadOnlySpan<ReasonSide> sides, int max, Span<ReasonCode> destination)
    {
        Span<int> top = stackalloc int[RiskAssessment.MaxReasons];
        int count = SelectTopFeatures(rawFeatures, losses, scale, max, top);
        for (int k = 0; k < count; k++)
        {
            int f = top[k];
            destination[k] = sides[f].Create(rawFeatures[f], f, losses[f] * scale);
        }

        return count;
    }

    /// <summary>The features of <see cref="SelectTop"/>'s reasons, most points lost first.</summary>
    /// <param name="rawFeatures">The applicant's raw features (the schema's length).</param>
    /// <param name="losses">Per-feature losses (the schema's length).</param>
    /// <param name="scale">Points per unit of loss (positive).</param>
    /// <param name="max">Most features to write (at most <see cref="RiskAssessment.MaxReasons"/> are).</param>
    /// <param name="features">Receives the features.</param>
    /// <returns>How many features were written.</returns>
    public static int SelectTopFeatures(ReadOnlySpan<float> rawFeatures, ReadOnlySpan<double> losses, double scale, int max, Span<int> features)
    {
        int n = losses.Length;
        long mask = IndexMask(n);
        int padded = (n + 3) & ~3;
        long[]? rented = null;
        Span<long> keys = padded <= StackLimit ? stackalloc long[padded] : (rented = ArrayPool<long>.Shared.Rent(padded)).AsSpan(0, padded);
        try
        {
            if (Vector256.IsHardwareAccelerated)
            {
                WriteKeysVector(rawFeatures, losses, scale, mask, keys);
            }
            else
            {
                WriteKeysScalar(rawFeatures, losses, scale, mask, keys);
            }

            int wanted = Math.Min(max, RiskAssessment.MaxReasons);
            for (int k = 0; k < wanted; k++)
            {
                long top = Vector256.IsHardwareAccelerated ? TakeMaxVector(keys) : TakeMaxScalar(keys);
                if (top == 0)
                {
                    return k;
                }

                features[k] = (int)(mask - (top & mask));
            }

            return wanted;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The low bits that number the features: enough for every index below <paramref name="n"/> + 1, so
    /// that mask − feature is never 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long IndexMask(int n) => (1L << (32 - BitOperations.LeadingZeroCount((uint)n))) - 1;

    /// <summary>One key per feature (see the class remarks), then zeros up to the padded length.</summary>
    internal static void WriteKeysScalar(ReadOnlySpan<float> raw, ReadOnlySpan<double> losses, double scale, long mask, Span<long> keys)
    {
        int n = losses.Length;
        for (int f = 0; f < n; f++)
        {
            keys[f] = Key(losses[f] * scale, raw[f], mask, f);
        }

        keys[n..].Clear();
    }

    /// <summary>One feature's key (see the class remarks): 0 when the loss is not positive or the value unknown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Key(double lost, float raw, long mask, int feature)
    {
        int candidate = (lost > 0 ? 1 : 0) & (float.IsNaN(raw) ? 0 : 1);
        return ((BitConverter.DoubleToInt64Bits(lost) & ~mask) | (mask - feature)) & -(long)candidate;
    }

    /// <summary>Takes the largest key out of <paramref name="keys"/> (sets it to 0) and returns it (0 when none is
    /// left). Keys are non-negative and unique apart from zeros.</summary>
    internal static long TakeMaxScalar(Span<long> keys)
    {
        long top = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            // max without a branch: keys are non-negative, so the sign of the difference selects.
            long d = keys[i] - top;
            top += d & ~(d >> 63);
        }

        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] &= -(long)(keys[i] != top ? 1 : 0);
        }

        return top;
    }

    private static void WriteKeysVector(ReadOnlySpan<float> raw, ReadOnlySpan<double> losses, double scale, long mask, Span<long> keys)
    {
        int n = losses.Length;
        int whole = n & ~3;
        var scales = Vector256.Create(scale);
        var keep = Vector256.Create(~mask);
        var index = Vector256.Create(mask, mask - 1, mask - 2, mask - 3);
        var four = Vector256.Create(4L);
        ref double loss = ref MemoryMarshal.GetReference(losses);
        ref float value = ref MemoryMarshal.GetReference(raw);
        ref long key = ref MemoryMarshal.GetReference(keys);
        for (int f = 0; f < whole; f += 4)
        {
            // Within bounds: f + 3 < whole ≤ n = losses.Length = raw.Length (checked by the callers' spans).
            var lost = Vector256.LoadUnsafe(ref loss, (nuint)f) * scales;
            var present = Vector128.LoadUnsafe(ref value, (nuint)f);
            var notNaN = Vector128.Equals(present, present).AsInt32();
            var (lowKnown, highKnown) = Vector128.Widen(notNaN);
            var candidate = Vector256.GreaterThan(lost, Vector256<double>.Zero).AsInt64() & Vector256.Create(lowKnown, highKnown);
            var bits = (lost.AsInt64() & keep) | index;
            (bits & candidate).StoreUnsafe(ref key, (nuint)f);
            index -= four;
        }

        for (int f = whole; f < n; f++)
        {
            keys[f] = Key(losses[f] * scale, raw[f], mask, f);
        }

        keys[n..].Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long TakeMaxVector(Span<long> keys)
    {
        ref long first = ref MemoryMarshal.GetReference(keys);
        int length = keys.Length;
        if (length == 0)
        {
            return 0;
        }

        var best = Vector256.LoadUnsafe(ref first);
        for (int i = 4; i < length; i += 4)
        {
            best = Vector256.Max(best, Vector256.LoadUnsafe(ref first, (nuint)i));
        }

        long a = best.GetElement(0), b = best.GetElement(1), c = best.GetElement(2), d = best.GetElement(3);
        long ab = a - b, cd = c - d;
        a -= ab & (ab >> 63);
        c -= cd & (cd >> 63);
        long ac = a - c;
        long top = a - (ac & (ac >> 63));
        var remove = Vector256.Create(top);
        for (int i = 0; i < length; i += 4)
        {
            var v = Vector256.LoadUnsafe(ref first, (nuint)i);
            Vector256.AndNot(v, Vector256.Equals(v, remove)).StoreUnsafe(ref first, (nuint)i);
        }

        return top;
    }
}
