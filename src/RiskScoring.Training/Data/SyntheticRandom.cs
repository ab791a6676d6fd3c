namespace RiskScoring.Training.Data;

/// <summary>Seeded random draws for the synthetic population. <see cref="Random(int)"/> with a seed gives the same
/// sequence on every .NET version (the seeded legacy algorithm), so a seed fixes a population.</summary>
internal sealed class SyntheticRandom(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    public double Uniform(double min, double max) => min + ((max - min) * _random.NextDouble());

    public int Int(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public bool Chance(double p) => _random.NextDouble() < p;

    /// <summary>Standard normal by Box–Muller.</summary>
    public double Normal()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>Poisson by Knuth's multiplication method (λ is small here).</summary>
    public int Poisson(double lambda)
    {
        double limit = Math.Exp(-lambda), product = _random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            product *= _random.NextDouble();
            k++;
        }

        return k;
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000), boosted for shape &lt; 1.</summary>
    public double Gamma(double shape)
    {
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(_random.NextDouble(), 1.0 / shape);
        }

        double d = shape - (1.0 / 3.0), c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1.0 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            double u = _random.NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Beta with the given mean and concentration (α + β).</summary>
    public double Beta(double mean, double concentration)
    {
        double a = Gamma(mean * concentration), b = Gamma((1 - mean) * concentration);
        return a / (a + b);
    }

    /// <summary>Index drawn with the given weights (they need not sum to 1).</summary>
    public int Choice(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        double u = _random.NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
