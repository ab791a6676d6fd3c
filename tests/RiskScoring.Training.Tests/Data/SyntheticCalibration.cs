using RiskScoring.Profiles;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Tests.Data;

public sealed class SyntheticCalibration
{
    [Test]
    [Explicit("Prints the calibrated intercepts; run by hand after changing the synthetic model.")]
    public void CalibrateIntercepts_Prints()
    {
        var population = SyntheticPopulation.Generate(200_000, 1);
        double[] targets = [0.06, 0.015, 0.08, 0.08, 0.10, 0.15, 0.025, 0.05];
        var a = SyntheticPopulation.CalibrateIntercepts(population, targets);
        TestContext.Out.WriteLine(string.Join(", ", a));
        foreach (var g in population.GroupBy(r => r.Profile.Employment).OrderBy(g => g.Key))
        {
            TestContext.Out.WriteLine($"{g.Key}: n={g.Count()} meanPd={g.Average(r => r.TruePd!.Value):F4} rate={g.Average(r => r.Defaulted!.Value ? 1.0 : 0):F4}");
        }
        Assert.Pass();
    }
}
