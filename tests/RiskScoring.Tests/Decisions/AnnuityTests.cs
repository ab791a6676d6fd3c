using RiskScoring.Decisions;

namespace RiskScoring.Tests.Decisions;

public sealed class AnnuityTests
{
    [Test]
    public void Payment_TenThousandAt12PercentOver12Months_Is888Point49()
    {
        // 10,000 × 0.01 / (1 − 1.01^−12) = 888.48788… → 888.49.
        Assert.That(Annuity.Payment(10_000m, 0.12m, 12), Is.EqualTo(888.49m));
    }

    [Test]
    public void Payment_ZeroRate_IsPrincipalOverTerm()
    {
        // 1,000 / 3 = 333.333… → 333.33.
        Assert.That(Annuity.Payment(1_000m, 0m, 3), Is.EqualTo(333.33m));
    }

    [Test]
    public void MaxPrincipal_888Point49At12PercentOver12Months_Is10000Point02()
    {
        // PV = 888.49 × (1 − 1.01^−12) / 0.01 = 888.49 × 11.2550775… = 10,000.0238 → 10,000.02 (rounded down).
        Assert.That(Annuity.MaxPrincipal(888.49m, 0.12m, 12), Is.EqualTo(10_000.02m));
    }

    [Test]
    public void MaxPrincipal_550At12PercentOver24Months_Is11683Point86()
    {
        // PV = 550 × (1 − 1.01^−24) / 0.01 = 550 × 21.2433873 = 11,683.863 → 11,683.86.
        Assert.That(Annuity.MaxPrincipal(550m, 0.12m, 24), Is.EqualTo(11_683.86m));
    }

    [Test]
    public void MaxPrincipal_IsLargestCentWhosePaymentFits()
    {
        decimal p = Annuity.MaxPrincipal(777.77m, 0.0799m, 37);
        decimal r = 0.0799m / 12m;
        Assert.That(Annuity.PaymentExact(p, r, 37), Is.LessThanOrEqualTo(777.77m));
        Assert.That(Annuity.PaymentExact(p + 0.01m, r, 37), Is.GreaterThan(777.77m));
    }

    [TestCase(-1, 0.1, 12, "principal = -1: must not be negative")]
    [TestCase(100, 1.5, 12, "annualRate = 1.5: must be between 0 and 1")]
    [TestCase(100, 0.1, 0, "termMonths = 0: must be between 1 and 600")]
    public void Payment_OutOfRange_ThrowsNamingFieldAndValue(decimal principal, decimal rate, int term, string expected)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Annuity.Payment(principal, rate, term));
        Assert.That(ex!.Message, Does.StartWith(expected));
    }
}
