using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RiskScoring.Training.Scoring;

/// <summary>
/// Fast UTF-8 number parsing and fixed-point formatting for the CSV hot path, each with a fast path for the common
/// plain text and the framework's invariant-culture routine for everything else, so the result is always exactly the
/// framework's (bit-identical values, identical text).
/// </summary>
internal static class Utf8Number
{
    /// <summary>Most significant digits the parse fast path takes: below 2^53, so the mantissa is an exact double.</summary>
    private const int MaxFastDigits = 15;

    /// <summary>Fixed-point fast path limit on |value| × 10^decimals (2^30): its rounding error stays below 1.2e-7.</summary>
    private const double MaxFastScaled = 1 << 30;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    /// <summary>
    /// Parses <paramref name="text"/> exactly as <c>double.TryParse(text, NumberStyles.Float,
    /// CultureInfo.InvariantCulture, out value)</c> does. Plain decimal text (optional sign, digits, optional point and
    /// digits, at most 15 digits in all) takes Clinger's fast path: the digits as an exact integer divided by an exact
    /// power of ten, one correctly rounded IEEE division, which is the correctly rounded value the framework returns
    /// too. Anything else (exponents, longer mantissas, white space, NaN, infinity, bad text) goes to the framework.
    /// </summary>
    /// <param name="text">UTF-8 text.</param>
    /// <param name="value">The value; 0 when the text is not a number.</param>
    /// <returns>Whether the text is a number (as the framework decides).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        int i = 0;
        int length = text.Length;
        bool negative = false;
        if (length > 0)
        {
            byte first = text[0];
            if (first == (byte)'-')
            {
                negative = true;
                i = 1;
            }
            else if (first == (byte)'+')
            {
                i = 1;
            }
        }

        ulong mantissa = 0;
        int digits = ReadDigits(text, ref i, ref mantissa);
        int fraction = 0;
        if (i < length && text[i] == (byte)'.')
        {
            i++;
            fraction = ReadDigits(text, ref i, ref mantissa);
            digits += fraction;
        }

        // 15 digits or fewer cannot overflow the ulong (the loop ran at most 15 + the digits past the limit, which
        // may wrap but are then discarded here).
        if (i != length || digits == 0 || digits > MaxFastDigits)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        // An integer needs no division (the common counts); a fraction one correctly rounded division.
        double magnitude = fraction == 0 ? mantissa : (double)mantissa / PowersOfTen[fraction];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>Appends the decimal digits from <paramref name="i"/> on to <paramref name="mantissa"/> (which may wrap
    /// past 19 digits; the caller then discards it) and returns how many there were.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadDigits(ReadOnlySpan<byte> text, ref int i, ref ulong mantissa)
    {
        int start = i;
        while (i < text.Length)
        {
            uint d = (uint)(text[i] - '0');
            if (d > 9)
            {
                break;
            }

            mantissa = (mantissa * 10) + d;
            i++;
        }

        return i - start;
    }

    /// <summary>
    /// Formats <paramref name="value"/> as <c>value.TryFormat(destination, out written, "F" + decimals,
    /// CultureInfo.InvariantCulture)</c> does. A positive value whose scaled magnitude |value| × 10^decimals is below
    /// 2^30 and not within 1e-6 of a rounding midpoint takes the fast path (the scaled value rounded to an integer,
    /// whose digits are written with the point inserted); the rest (zero, negative, huge, near-ties, NaN) goes to the
    /// framework.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="decimals">Decimals, 0 … 15.</param>
    /// <param name="destination">Receives the UTF-8 text.</param>
    /// <param name="written">Bytes written.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormatFixed(double value, int decimals, Span<byte> destination, out int written)
    {
        double scaled = value * PowersOfTen[decimals];
        if (!(value > 0) || !(scaled < MaxFastScaled))
        {
            return Fallback(value, decimals, destination, out written);
        }

        double floor = Math.Floor(scaled);
        double fraction = scaled - floor;
        if (Math.Abs(fraction - 0.5) < 1e-6)
        {
            return Fallback(value, decimals, destination, out written);
        }

        uint rounded = (uint)floor + (fraction > 0.5 ? 1u : 0u);

        // Digits of the rounded integer, at least decimals + 1 of them (leading zeros for a value below 1).
        Span<byte> digits = stackalloc byte[16];
        int count = 0;
        do
        {
            digits[count++] = (byte)('0' + (rounded % 10));
            rounded /= 10;
        }
        while (rounded != 0 || count <= decimals);

        int needed = count + (decimals > 0 ? 1 : 0);
        if (destination.Length < needed)
        {
            written = 0;
            return false;
        }

        int at = 0;
        for (int k = count - 1; k >= 0; k--)
        {
            if (k == decimals - 1)
            {
                destination[at++] = (byte)'.';
            }

            destination[at++] = digits[k];
        }

        written = at;
        return true;

        static bool Fallback(double value, int decimals, Span<byte> destination, out int written) =>
            value.TryFormat(destination, out written, FixedFormats[decimals], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Formats <paramref name="value"/> as <c>value.TryFormat(destination, out written, default,
    /// CultureInfo.InvariantCulture)</c> does: the shortest text that parses back to the value (the closest such when
    /// several have that length). A value in [0.0001, 1) whose 2-power mantissa is not a power of two takes the fast
    /// path: D(p), the value rounded to p = 15, 16, 17 significant digits with exact 128-bit integer arithmetic, is
    /// the answer for the first p where it lies strictly inside the value's rounding interval (so it parses back), as
    /// no shorter text can then parse back and D(p) is the closest of its length; trailing zeros are dropped. Ties and
    /// interval boundaries (where rounding rules decide) and every other value go to the framework.
    /// </summary>
    /// <param name="value">The value (a probability, in the scoring output).</param>
    /// <param name="destination">Receives the UTF-8 text.</param>
    /// <param name="written">Bytes written.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormatRoundTrip(double value, Span<byte> destination, out int written)
    {
        if (!(value >= 1e-4 && value < 1))
        {
            return Fallback(value, destination, out written);
        }

        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        ulong mantissa = (bits & ((1UL << 52) - 1)) | (1UL << 52);
        int shift = 1075 - (int)(bits >> 52); // value = mantissa × 2^−shift, shift in [53, 66]
        if (mantissa == 1UL << 52)
        {
            return Fallback(value, destination, out written); // the rounding interval is lopsided at a power of two
        }

        // Decimal exponent e (value in [10^e, 10^(e+1))); the double nearest each power lies above it, so comparing with
        // the double literal decides exactly. k = p − 1 − e makes value × 10^k hold p digits before the point.
        int k = value >= 0.1 ? 15 : value >= 0.01 ? 16 : value >= 0.001 ? 17 : 18;
        UInt128 scaled = (UInt128)mantissa * PowersOfTen128[k]; // value × 10^k × 2^shift, below 2^123
        for (int precision = 15; precision <= 17; precision++)
        {
            // N = value × 10^k rounded to an integer: the p-digit decimal nearest the value is N / 10^k.
            UInt128 quotient = scaled >> shift;
            UInt128 remainder = scaled - (quotient << shift);
            UInt128 half = UInt128.One << (shift - 1);
            if (remainder == half)
            {
                break; // a tie: rounding rules decide
            }

            UInt128 n = remainder > half ? quotient + 1 : quotient;

            // |N / 10^k − value| < ½ ulp = 2^(−shift−1)  ⟺  |N × 2^(shift+1) − 2 × scaled| < 10^k.
            UInt128 twice = scaled << 1;
            UInt128 at = n << (shift + 1);
            UInt128 distance = at > twice ? at - twice : twice - at;
            UInt128 bound = PowersOfTen128[k];
            if (distance < bound && n < bound)
            {
                return WriteFraction((ulong)n, k, destination, out written);
            }

            if (distance == bound)
            {
                break; // on the interval's edge: round-half-even decides whether it parses back
            }

            scaled *= 10;
            k++;
        }

        return Fallback(value, destination, out written);

        static bool Fallback(double value, Span<byte> destination, out int written) =>
            value.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
    }

    /// <summary>Writes N / 10^k (below 1) as <c>0.</c>, leading zeros and N's digits without trailing zeros.</summary>
    private static bool WriteFraction(ulong n, int k, Span<byte> destination, out int written)
    {
        while (n % 10 == 0)
        {
            n /= 10;
            k--;
        }

        int digits = CountDigits(n);
        int length = 2 + k;
        if (destination.Length < length)
        {
            written = 0;
            return false;
        }

        destination[0] = (byte)'0';
        destination[1] = (byte)'.';
        destination.Slice(2, k - digits).Fill((byte)'0');
        n.TryFormat(destination[(2 + k - digits)..], out _, default, CultureInfo.InvariantCulture);
        written = length;
        return true;
    }

    /// <summary>Decimal digits of <paramref name="n"/> (1 for 0): log10 estimated from the bit length (1233 / 4096 ≈
    /// log10 2), corrected by one comparison.</summary>
    private static int CountDigits(ulong n)
    {
        int estimate = ((BitOperations.Log2(n) + 1) * 1233) >> 12;
        return estimate + 1 - (n < PowersOfTen64[estimate] ? 1 : 0);
    }

    private static readonly ulong[] PowersOfTen64 = [.. Enumerable.Range(0, 20).Select(e => (ulong)Pow10(e))];

    private static readonly UInt128[] PowersOfTen128 = [.. Enumerable.Range(0, 25).Select(Pow10)];

    private static UInt128 Pow10(int exponent)
    {
        UInt128 power = UInt128.One;
        for (int i = 0; i < exponent; i++)
        {
            power *= 10;
        }

        return power;
    }

    private static readonly string[] FixedFormats = [.. Enumerable.Range(0, 16).Select(d => "F" + d.ToString(CultureInfo.InvariantCulture))];
}
