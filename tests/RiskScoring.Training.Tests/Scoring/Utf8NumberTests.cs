using System.Globalization;
using System.Text;
using CsCheck;
using RiskScoring.Training.Scoring;

namespace RiskScoring.Training.Tests.Scoring;

public sealed class Utf8NumberTests
{
    /// <summary>Plain decimal text: optional sign, 0–20 integer digits, optional point, 0–20 fraction digits
    /// (so both the fast path, ≤ 15 digits, and the fallback, longer mantissas, are drawn).</summary>
    private static readonly Gen<string> DecimalText =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 9].Array[0, 20], Gen.Bool, Gen.Int[0, 9].Array[0, 20])
            .Select((sign, whole, point, fraction) =>
                (sign == 0 ? string.Empty : sign == 1 ? "-" : "+")
                + string.Concat(whole)
                + (point ? "." + string.Concat(fraction) : string.Empty));

    /// <summary>Any double as the texts a CSV holds: round-trip, fixed, exponent and general formats.</summary>
    private static readonly Gen<string> FormattedDouble =
        Gen.Select(Gen.Double, Gen.OneOfConst("R", "F0", "F2", "F6", "E3", "G6", "G17"))
            .Select((value, format) => value.ToString(format, CultureInfo.InvariantCulture));

    private static (bool Ok, long Bits) Framework(string text)
    {
        bool ok = double.TryParse(Encoding.UTF8.GetBytes(text), NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        return (ok, BitConverter.DoubleToInt64Bits(value));
    }

    private static (bool Ok, long Bits) Fast(string text)
    {
        bool ok = Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(text), out double value);
        return (ok, BitConverter.DoubleToInt64Bits(value));
    }

    [Test]
    public void TryParseDouble_RandomDecimalText_BitIdenticalToFrameworkParse() =>
        DecimalText.Sample(text => Fast(text) == Framework(text), iter: 200_000);

    [Test]
    public void TryParseDouble_FormattedDoubles_BitIdenticalToFrameworkParse() =>
        FormattedDouble.Sample(text => Fast(text) == Framework(text), iter: 100_000);

    [Test]
    public void TryParseDouble_SmallDecimals_BitIdenticalAndRoundTripToFloatAsBefore() =>
        // Floats written shortest ("R") are the benchmark's table cells; the value read must convert to the same float.
        Gen.Float.Select(f => f.ToString("R", CultureInfo.InvariantCulture)).Sample(text => Fast(text) == Framework(text), iter: 100_000);

    // Each case: the text, and the value double.TryParse gives (invariant culture, NumberStyles.Float).
    [TestCase("0", 0.0)]
    [TestCase("0.", 0.0)]
    [TestCase(".5", 0.5)]
    [TestCase("-.25", -0.25)]
    [TestCase("+4", 4.0)]
    [TestCase("12.5", 12.5)]
    [TestCase("0.1", 0.1)]
    [TestCase("123456789012345", 123456789012345.0)] // 15 digits: fast path, exact
    [TestCase("0.000000000000001", 1e-15)] // 15 fraction digits: 1 / 10^15 correctly rounded
    [TestCase("9007199254740993", 9007199254740992.0)] // 2^53 + 1, 16 digits: fallback, rounds to even 2^53
    [TestCase("1e3", 1000.0)]
    [TestCase("1.5E-3", 0.0015)]
    [TestCase(" 7 ", 7.0)] // surrounding white space: fallback accepts it as the framework does
    [TestCase("00000000000000000001.5", 1.5)] // 21 digits with leading zeros: fallback
    public void TryParseDouble_EdgeCases_ExactValue(string text, double expected)
    {
        Assert.That(Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(text), out double value), Is.True);
        Assert.That(BitConverter.DoubleToInt64Bits(value), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"'{text}' → {value:R}");
        Assert.That(Fast(text), Is.EqualTo(Framework(text)));
    }

    [Test]
    public void TryParseDouble_NegativeZero_KeepsTheSign()
    {
        Assert.That(Utf8Number.TryParseDouble("-0"u8, out double value), Is.True);
        Assert.That(double.IsNegative(value) && value == 0, Is.True, "-0 parses to −0.0 as the framework parses it");
        Assert.That(double.IsNegative((float)value), Is.True, "and converts to −0f");
    }

    [TestCase("")]
    [TestCase("-")]
    [TestCase("+")]
    [TestCase(".")]
    [TestCase("1,5")]
    [TestCase("1.2.3")]
    [TestCase("abc")]
    [TestCase("0x10")]
    [TestCase("12%")]
    public void TryParseDouble_NotANumber_ReturnsFalseLikeTheFramework(string text)
    {
        Assert.That(Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(text), out _), Is.False);
        Assert.That(Framework(text).Ok, Is.False);
    }

    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("-Infinity")]
    [TestCase("1e400")]
    public void TryParseDouble_NonFiniteText_GoesToTheFramework(string text) =>
        Assert.That(Fast(text), Is.EqualTo(Framework(text)));

    [Test]
    public void TryFormatFixed_RandomScores_SameTextAsFrameworkFixedFormat() =>
        Gen.Select(Gen.Double[-100, 1100], Gen.Int[0, 6]).Sample((value, decimals) => Fixed(value, decimals) == value.ToString("F" + decimals, CultureInfo.InvariantCulture), iter: 200_000);

    [Test]
    public void TryFormatFixed_AnyDouble_SameTextAsFrameworkFixedFormat() =>
        Gen.Select(Gen.Double, Gen.Int[0, 6]).Sample((value, decimals) => Fixed(value, decimals) == value.ToString("F" + decimals, CultureInfo.InvariantCulture), iter: 100_000);

    [Test]
    public void TryFormatFixed_ValuesNearMidpoints_SameTextAsFrameworkFixedFormat() =>
        // k/200 ± a few ulps: the scaled value lies at or within rounding error of …5, where the fast path must defer.
        Gen.Select(Gen.Int[0, 200_000], Gen.Int[-3, 3], Gen.Int[0, 6]).Sample((k, ulps, decimals) =>
        {
            double value = k / 200.0;
            for (int i = 0; i < Math.Abs(ulps); i++)
            {
                value = ulps > 0 ? Math.BitIncrement(value) : Math.BitDecrement(value);
            }

            return Fixed(value, decimals) == value.ToString("F" + decimals, CultureInfo.InvariantCulture);
        }, iter: 100_000);

    // Each case: value, decimals and the text of value.ToString("F" + decimals, InvariantCulture).
    [TestCase(487.1238, 2, "487.12")]
    [TestCase(400.56, 0, "401")]
    [TestCase(0.004, 2, "0.00")] // fraction rounds to 0: leading zero kept
    [TestCase(0.05, 2, "0.05")]
    [TestCase(2.675, 2, "2.67")] // 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary
    [TestCase(0.125, 2, "0.12")] // an exact tie: the framework rounds it to even (fallback)
    [TestCase(599.9999, 2, "600.00")] // carry into the integer part
    [TestCase(612.5, 0, "612")] // an exact tie at 0 decimals: to even
    [TestCase(613.5, 0, "614")] // and to even upwards
    [TestCase(-12.345, 2, "-12.35")] // negative: fallback (-12.3450000000000006394884621840901672840118408203125)
    [TestCase(0.0, 2, "0.00")]
    [TestCase(1e12, 2, "1000000000000.00")] // beyond the fast-path range
    [TestCase(123.456789, 6, "123.456789")]
    public void TryFormatFixed_Cases_ExactText(double value, int decimals, string expected)
    {
        Assert.That(Fixed(value, decimals), Is.EqualTo(expected));
        Assert.That(value.ToString("F" + decimals, CultureInfo.InvariantCulture), Is.EqualTo(expected), "the framework's text");
    }

    [Test]
    public void TryFormatFixed_DestinationTooSmall_ReturnsFalse() =>
        Assert.That(Utf8Number.TryFormatFixed(487.12, 2, new byte[5], out _), Is.False, "\"487.12\" needs 6 bytes");

    [Test]
    public void TryFormatRoundTrip_ProbabilitiesInTheFastRange_SameTextAsFrameworkShortest() =>
        Gen.Double[1e-4, 1].Sample(value => RoundTrip(value) == Framework(value), iter: 500_000);

    [Test]
    public void TryFormatRoundTrip_RandomBitPatternsBelowOne_SameTextAsFrameworkShortest() =>
        // Every double in [2^-20, 1) equally likely by its bits: all mantissas, including those needing 17 digits.
        Gen.Long[BitConverter.DoubleToInt64Bits(Math.Pow(2, -20)), BitConverter.DoubleToInt64Bits(1.0) - 1]
            .Select(BitConverter.Int64BitsToDouble)
            .Sample(value => RoundTrip(value) == Framework(value), iter: 500_000);

    [Test]
    public void TryFormatRoundTrip_AnyDouble_SameTextAsFrameworkShortest() =>
        Gen.Double.Sample(value => RoundTrip(value) == Framework(value), iter: 100_000);

    [Test]
    public void TryFormatRoundTrip_ShortDecimalsNearTheirNeighbours_SameTextAsFrameworkShortest() =>
        // k / 10^6 and a few ulps either side: short texts (≤ 6 digits) and values right next to them.
        Gen.Select(Gen.Int[100, 999_999], Gen.Int[-3, 3]).Sample((k, ulps) =>
        {
            double value = k / 1e6;
            for (int i = 0; i < Math.Abs(ulps); i++)
            {
                value = ulps > 0 ? Math.BitIncrement(value) : Math.BitDecrement(value);
            }

            return RoundTrip(value) == Framework(value);
        }, iter: 100_000);

    // Each case: a value and its shortest round-trip text (value.ToString("R") on .NET Core 3.0+).
    [TestCase(0.1, "0.1")] // 1 digit although the double is 0.1000000000000000055…
    [TestCase(0.3, "0.3")]
    [TestCase(0.0001, "0.0001")] // the fast range's lower end
    [TestCase(0.5, "0.5")] // a power of two: framework
    [TestCase(0.25, "0.25")] // a power of two: framework
    [TestCase(0.035615686559938362, "0.03561568655993836")] // 16 digits
    [TestCase(0.9999999999999999, "0.9999999999999999")] // the largest double below 1 (1 − 2^−53): 16 digits
    [TestCase(1.0, "1")] // outside the fast range
    [TestCase(0.00001, "1E-05")] // outside: exponent notation
    public void TryFormatRoundTrip_Cases_ExactText(double value, string expected)
    {
        Assert.That(RoundTrip(value), Is.EqualTo(expected));
        Assert.That(Framework(value), Is.EqualTo(expected), "the framework's text");
    }

    [Test]
    public void TryFormatRoundTrip_ThirdOfOne_Writes16Digits() =>
        // 1/3 = 0.333333333333333314829616256247…: 0.333333333333333 (15 digits) parses to another double, 16 do not.
        Assert.That(RoundTrip(1.0 / 3), Is.EqualTo("0.3333333333333333"));

    private static string RoundTrip(double value)
    {
        var buffer = new byte[64];
        Assert.That(Utf8Number.TryFormatRoundTrip(value, buffer, out int written), Is.True);
        return Encoding.UTF8.GetString(buffer, 0, written);
    }

    private static string Framework(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Fixed(double value, int decimals)
    {
        var buffer = new byte[400];
        Assert.That(Utf8Number.TryFormatFixed(value, decimals, buffer, out int written), Is.True);
        return Encoding.UTF8.GetString(buffer, 0, written);
    }
}
