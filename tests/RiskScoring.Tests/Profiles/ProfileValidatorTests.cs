using System.Collections.Immutable;
using RiskScoring.Profiles;

namespace RiskScoring.Tests.Profiles;

public sealed class ProfileValidatorTests
{
    private static BorrowerProfile Valid() => new()
    {
        Id = "b1",
        Age = 30,
        Employment = EmploymentType.SalariedPermanent,
        IncomeHistory = [3000, 3100, 2900],
        CreditLines = [CreditLine.Revolving(5000, 1000)],
        Repayment = RepaymentHistory.Clean,
    };

    [Test]
    public void Validate_ValidProfile_ReturnsNoErrors()
    {
        Assert.That(Valid().Validate(), Is.Empty);
        Assert.That(ProfileValidator.IsValid(Valid()), Is.True);
    }

    [Test]
    public void Validate_EmptyProfile_IsValidBecauseMissingIsNotInvalid()
    {
        Assert.That(new BorrowerProfile().Validate(), Is.Empty);
    }

    [TestCase(17, TestName = "Age below 18")]
    [TestCase(121, TestName = "Age above 120")]
    public void Validate_AgeOutOfRange_NamesFieldValueAndRule(int age)
    {
        var errors = (Valid() with { Age = age }).Validate();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].ToString(), Is.EqualTo($"Age = {age}: must be between 18 and 120"));
    }

    [Test]
    public void Validate_NegativeIncomeMonth_NamesTheIndex()
    {
        var errors = (Valid() with { IncomeHistory = [3000, -5, 2900] }).Validate();
        Assert.That(errors.Single().ToString(), Is.EqualTo("IncomeHistory[1] = -5: must not be negative"));
    }

    [Test]
    public void Validate_NaNIncome_IsRejected()
    {
        var errors = (Valid() with { IncomeHistory = [double.NaN] }).Validate();
        Assert.That(errors.Single().ToString(), Is.EqualTo("IncomeHistory[0] = NaN: must be a finite number (not NaN or Infinity)"));
    }

    [Test]
    public void Validate_IncomeHistoryLongerThan36Months_IsRejected()
    {
        var errors = (Valid() with { IncomeHistory = Enumerable.Repeat(1000.0, 37).ToImmutableArray() }).Validate();
        Assert.That(errors.Single().ToString(), Is.EqualTo("IncomeHistory = 37 months: must hold at most 36 months"));
    }

    [Test]
    public void Validate_NegativeBalanceAndLimit_ReportsBoth()
    {
        var errors = (Valid() with { CreditLines = [new CreditLine(CreditLineKind.Revolving, -1, -2)] }).Validate();
        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "CreditLines[0].Limit", "CreditLines[0].Balance" }));
    }

    [Test]
    public void Validate_UndefinedEnum_IsRejected()
    {
        var errors = (Valid() with { Employment = (EmploymentType)42 }).Validate();
        Assert.That(errors.Single().ToString(), Is.EqualTo("Employment = 42: is not a defined EmploymentType value"));
    }

    [Test]
    public void Validate_SmallBusinessWithoutDetails_IsRejected()
    {
        var errors = (Valid() with { Kind = BorrowerKind.SmallBusiness }).Validate();
        Assert.That(errors.Single().Field, Is.EqualTo("Business"));
    }

    [Test]
    public void EnsureValid_InvalidProfile_ThrowsWithEveryError()
    {
        var profile = Valid() with { Age = 5, Dependents = -1 };
        var ex = Assert.Throws<InvalidProfileException>(() => ProfileValidator.EnsureValid(profile));
        Assert.That(ex!.Errors, Has.Count.EqualTo(2));
        Assert.That(ex.Message, Does.Contain("Age = 5").And.Contain("Dependents = -1"));
    }

    [Test]
    public void IsValid_ValidProfile_AllocatesNothing()
    {
        var profile = Valid();
        ProfileValidator.IsValid(profile);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            ProfileValidator.IsValid(profile);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase(2000, 1, 1, 2026, 11, 24, 26)]
    [TestCase(2000, 11, 25, 2026, 11, 24, 25)] // birthday tomorrow
    [TestCase(2000, 11, 24, 2026, 11, 24, 26)] // birthday today
    public void AgeOn_CountsCompletedYears(int by, int bm, int bd, int ay, int am, int ad, int expected)
    {
        Assert.That(BorrowerProfile.AgeOn(new DateOnly(by, bm, bd), new DateOnly(ay, am, ad)), Is.EqualTo(expected));
    }
}
