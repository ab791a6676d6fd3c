using System.Globalization;

namespace RiskScoring.Decisions;

/// <summary>
/// Annuity (level-payment loan) arithmetic in <see cref="decimal"/>, exact to the cent. Interest is charged monthly
/// at <c>annualRate / 12</c>; instalments are rounded to the cent half away from zero.
/// </summary>
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
public static class Annuity
{
    /// <summary>The longest term accepted, in months (50 years).</summary>
    public const int MaxTermMonths = 600;

    /// <summary>The highest nominal annual rate accepted (1 = 100 % a year).</summary>
    public const decimal MaxAnnualRate = 1m;

    /// <summary>
    /// The level monthly instalment that repays <paramref name="principal"/> over <paramref name="termMonths"/>
    /// months: <c>P·r / (1 − (1 + r)^−n)</c> with <c>r = annualRate / 12</c> (or <c>P / n</c> when the rate is 0),
    /// rounded to the cent half away from zero. Example: 10,000 at 12 % over 12 months gives 888.49.
    /// </summary>
    /// <param name="principal">Amount lent (currency units, ≥ 0).</param>
    /// <param name="annualRate">Nominal annual rate as a fraction (0.12 = 12 %), 0 to <see cref="MaxAnnualRate"/>.</param>
    /// <param name="termMonths">Number of monthly instalments, 1 to <see cref="MaxTermMonths"/>.</param>
    /// <returns>The instalment in currency units, rounded to the cent.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is outside its range.</exception>
    public static decimal Payment(decimal principal, decimal annualRate, int termMonths)
    {
        Check(principal, nameof(principal), annualRate, termMonths);
        return RoundCents(PaymentExact(principal, annualRate / 12m, termMonths));
    }

    /// <summary>
    /// The largest principal, in whole cents, whose exact (unrounded) annuity instalment does not exceed
    /// <paramref name="instalment"/>: the present value <c>A·(1 − (1 + r)^−n) / r</c> (or <c>A·n</c> at rate 0)
    /// rounded down to the cent. Example: 888.49 a month at 12 % over 12 months gives 10,000.02.
    /// </summary>
    /// <param name="instalment">Largest affordable monthly instalment (currency units, ≥ 0).</param>
    /// <param name="annualRate">Nominal annual rate as a fraction, 0 to <see cref="MaxAnnualRate"/>.</param>
    /// <param name="termMonths">Number of monthly instalments, 1 to <see cref="MaxTermMonths"/>.</param>
    /// <returns>The largest affordable principal (currency units, two decimals).</returns>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is outside its range.</exception>
    public static decimal MaxPrincipal(decimal instalment, decimal annualRate, int termMonths)
    {
        Check(instalment, nameof(instalment), annualRate, termMonths);
        decimal r = annualRate / 12m;
        decimal pv = r == 0m ? instalment * termMonths : instalment * (1m - (1m / Pow(1m + r, termMonths))) / r;
        decimal p = FloorCents(pv);
        while (p > 0m && PaymentExact(p, r, termMonths) > instalment)
        {
            p -= 0.01m;
        }

        while (PaymentExact(p + 0.01m, r, termMonths) <= instalment)
        {
            p += 0.01m;
        }

        return p;
    }

    internal static decimal PaymentExact(decimal principal, decimal monthlyRate, int termMonths) =>
        monthlyRate == 0m
            ? principal / termMonths
            : principal * monthlyRate / (1m - (1m / Pow(1m + monthlyRate, termMonths)));

    internal static decimal Pow(decimal x, int n)
    {
        decimal result = 1m;
        decimal b = x;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                result *= b;
            }

            n >>= 1;
            if (n > 0)
            {
                b *= b;
            }
        }

        return result;
    }

    internal static decimal RoundCents(decimal x) => Math.Round(x, 2, MidpointRounding.AwayFromZero);

    internal static decimal FloorCents(decimal x) => Math.Floor(x * 100m) / 100m;

    internal static decimal CeilingCents(decimal x) => Math.Ceiling(x * 100m) / 100m;

    internal static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Check(decimal amount, string amountName, decimal annualRate, int termMonths)
    {
        if (amount < 0m)
        {
            throw new ArgumentOutOfRangeException(amountName, amount, amountName + " = " + Text(amount) + ": must not be negative");
        }

        if (annualRate < 0m || annualRate > MaxAnnualRate)
        {
            throw new ArgumentOutOfRangeException(nameof(annualRate), annualRate, "annualRate = " + Text(annualRate) + ": must be between 0 and 1 (a fraction per year)");
        }

        if (termMonths < 1 || termMonths > MaxTermMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(termMonths), termMonths, "termMonths = " + termMonths.ToString(CultureInfo.InvariantCulture) + ": must be between 1 and 600");
        }
    }
}
