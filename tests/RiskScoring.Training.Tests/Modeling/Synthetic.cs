using RiskScoring.Features;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Tests.Modeling;

/// <summary>A small seeded synthetic credit table that needs no shared data: two numeric features (one with missing
/// values) and one categorical, defaults drawn from a known logistic model.</summary>
internal static class Synthetic
{
    public static readonly FeatureSchema Schema = new("synthetic", 1, [
        FeatureDefinition.Numeric("utilisation", "share of limits used"),
        FeatureDefinition.Numeric("income", "monthly income"),
        FeatureDefinition.Categorical("housing", "housing status", "own", "rent", "other"),
    ]);

    public static FeatureTable Create(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 3];
        var labels = new bool[rows];
        var ids = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            double u = random.NextDouble() * 1.5;
            double income = Math.Exp(7 + random.NextDouble() * 2);
            int housing = random.Next(3);
            bool incomeMissing = random.NextDouble() < 0.15;
            double z = -3 + (2.5 * u) - (0.0002 * income) + (housing == 1 ? 0.6 : 0) + (incomeMissing ? 0.8 : 0);
            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            values[r * 3] = (float)u;
            values[(r * 3) + 1] = incomeMissing ? float.NaN : (float)income;
            values[(r * 3) + 2] = random.NextDouble() < 0.05 ? float.NaN : housing;
            ids[r] = "s" + r.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new FeatureTable(Schema, values, labels, ids);
    }
}
