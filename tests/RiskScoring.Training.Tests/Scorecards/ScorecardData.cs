using System.Globalization;
using RiskScoring.Features;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Tests.Scorecards;

/// <summary>Seeded synthetic tables for the scorecard tests.</summary>
internal static class ScorecardData
{
    public static readonly FeatureSchema Schema = new("scorecard-test", 1, [
        FeatureDefinition.Numeric("utilisation", "share of limits used"),
        FeatureDefinition.Numeric("age", "age in years"),
        FeatureDefinition.Categorical("age_group", "age group", "18-24", "25-34", "35-44", "45-54", "55-61", "62+"),
        FeatureDefinition.Numeric("past_due", "times past due; 98 = refused"),
        FeatureDefinition.Categorical("housing", "housing status", "own", "rent", "other"),
        FeatureDefinition.Numeric("noise", "pure noise"),
    ]);

    /// <summary>Defaults from a logistic model in utilisation, past-due count, housing and age; with
    /// <paramref name="olderRiskier"/> the risk rises with age (so a raw fit gives the 62+ bins the fewest points),
    /// otherwise it falls.</summary>
    public static FeatureTable Create(int rows, int seed, bool olderRiskier)
    {
        var random = new Random(seed);
        int w = Schema.Count;
        var values = new float[rows * w];
        var labels = new bool[rows];
        var ids = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            double u = random.NextDouble() * 1.5;
            int age = random.NextDouble() < 0.1 ? 62 + random.Next(24) : 18 + random.Next(44); // 10 % elderly
            int pastDue = random.NextDouble() < 0.75 ? 0 : 1 + random.Next(6);
            bool refused = random.NextDouble() < 0.01;
            int housing = random.Next(3);
            double z = -3.2 + (2.0 * u) + (0.5 * pastDue) + (refused ? 1.5 : 0) + (housing == 1 ? 0.5 : 0)
                + ((olderRiskier ? 0.035 : -0.03) * (age - 45));
            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            float[] row = [(float)u, age, RiskScoring.Features.BorrowerFeatures.AgeGroupOf(age), refused ? 98f : pastDue, housing, (float)random.NextDouble()];
            row.CopyTo(values, r * w);
            ids[r] = "r" + r.ToString(CultureInfo.InvariantCulture);
        }

        return new FeatureTable(Schema, values, labels, ids);
    }

    public static readonly FeatureSchema AgeOnlySchema = new("age-only", 1, [
        FeatureDefinition.Numeric("utilisation", "share of limits used"),
        FeatureDefinition.Numeric("Age", "age in years (capitalised: names match case-insensitively)"),
    ]);

    /// <summary>Three age bands: under 40 (30 % of rows, lowest risk), 40–61 (30 %, middle), 62+ (40 %, highest
    /// risk). Lifting the 62+ band to the best WoE makes a high WoE mean high risk, so the age weight turns positive
    /// and the rule must drop age.</summary>
    public static FeatureTable CreateElderlyHighRisk(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 2];
        var labels = new bool[rows];
        var ids = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            double band = random.NextDouble();
            int age = band < 0.3 ? 25 + random.Next(15) : band < 0.6 ? 40 + random.Next(22) : 62 + random.Next(25);
            double rate = band < 0.3 ? 0.04 : band < 0.6 ? 0.10 : 0.30;
            double u = random.NextDouble();
            labels[r] = random.NextDouble() < rate * (0.5 + u);
            values[r * 2] = (float)u;
            values[(r * 2) + 1] = age;
            ids[r] = "e" + r.ToString(CultureInfo.InvariantCulture);
        }

        return new FeatureTable(AgeOnlySchema, values, labels, ids);
    }
}
