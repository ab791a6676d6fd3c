using RiskScoring.Scoring;

namespace RiskScoring.Tests.Scoring;

public sealed class RiskAssessmentTests
{
    [Test]
    public void Constructor_GivenReasons_ReturnsThemInOrderWithTheirPointsAndDirection()
    {
        ReasonCode[] reasons =
        [
            new("R09", "Credit utilisation is high", 9, 44.7) { Direction = ReasonDirection.High },
            new("R01", "Level of income", 0, 27.0),
        ];

        var a = new RiskAssessment(0.0569, 568, new RiskGrade(3, "D"), reasons);

        Assert.That(a.ReasonCount, Is.EqualTo(2));
        Assert.That(a.ToReasonArray(), Is.EqualTo(reasons));
        Assert.That(a.GetReason(0).Direction, Is.EqualTo(ReasonDirection.High));
        Assert.That(() => a.GetReason(2), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Constructor_GivenReasons_KeepsNoReferenceToTheCallersSpan()
    {
        var reasons = new[] { new ReasonCode("R01", "Level of income", 0, 1.5) };
        var a = new RiskAssessment(0.1, 600, new RiskGrade(1, "B"), reasons);

        reasons[0] = new ReasonCode("X", "changed", 5, 99);

        Assert.That(a.GetReason(0), Is.EqualTo(new ReasonCode("R01", "Level of income", 0, 1.5)));
    }

    [Test]
    public void Default_HasNoReasons()
    {
        var a = default(RiskAssessment);

        Assert.That(a.ReasonCount, Is.Zero);
        Assert.That(a.ToReasonArray(), Is.Empty);
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Constructor_ProbabilityOutsideUnitInterval_Throws(double pd)
    {
        Assert.That(() => new RiskAssessment(pd, 600, new RiskGrade(0, "A"), []), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
