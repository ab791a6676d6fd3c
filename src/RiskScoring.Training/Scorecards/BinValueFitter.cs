using System.Globalization;

namespace RiskScoring.Training.Scorecards;

/// <summary>
/// The joint fit behind <see cref="ScorecardBinValues.Fitted"/>: an L2-penalised logistic regression on the one-hot
/// bin indicators of all scored characteristics (one intercept, one coefficient per bin or per group of tied bins),
/// solved by Newton's method with step halving. Deterministic: sequential sums in row order, no randomness.
/// </summary>
/// <remarks>
/// Minimises <c>Σ_rows [log(1 + e^η) − y·η] + (λ/2)·Σ β²</c> with <c>η = β₀ + Σ_k β_{k, bin_k(row)}</c>; the intercept
/// β₀ is not penalised. A row has one indicator per characteristic, so the Hessian is accumulated from K + 1 indices
/// per row and solved by Cholesky (λ &gt; 0 makes it positive definite even for empty bins, whose coefficient is 0).
/// </remarks>
internal static class BinValueFitter
{
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-10;

    /// <summary>Fits the model.</summary>
    /// <param name="binOf">Per characteristic, the bin of every row.</param>
    /// <param name="parameterOf">Per characteristic and bin, the index of its coefficient (0-based, excluding the
    /// intercept); tied bins share an index, different characteristics never do.</param>
    /// <param name="parameterCount">Number of coefficients (excluding the intercept).</param>
    /// <param name="labels">True = default.</param>
    /// <param name="lambda">L2 strength (&gt; 0).</param>
    /// <returns>The coefficients (log-odds of default), by parameter index.</returns>
    public static double[] Fit(int[][] binOf, int[][] parameterOf, int parameterCount, bool[] labels, double lambda)
    {
        int n = labels.Length;
        int k = binOf.Length;
        int p = parameterCount + 1; // index 0 = intercept
        int bads = labels.Count(l => l);
        var beta = new double[p];
        beta[0] = Math.Log((bads + 0.5) / (n - bads + 0.5));

        // Each row's parameter indices (intercept first), computed once.
        var index = new int[n * (k + 1)];
        for (int r = 0; r < n; r++)
        {
            index[r * (k + 1)] = 0;
            for (int c = 0; c < k; c++)
            {
                index[(r * (k + 1)) + c + 1] = 1 + parameterOf[c][binOf[c][r]];
            }
        }

        var gradient = new double[p];
        var hessian = new double[p * p];
        var step = new double[p];
        var trial = new double[p];
        double objective = Objective(beta, index, k, labels, lambda);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(gradient);
            Array.Clear(hessian);
            for (int r = 0; r < n; r++)
            {
                int o = r * (k + 1);
                double eta = 0;
                for (int c = 0; c <= k; c++)
                {
                    eta += beta[index[o + c]];
                }

                double mu = Sigmoid(eta);
                double g = mu - (labels[r] ? 1 : 0);
                double w = mu * (1 - mu);
                for (int a = 0; a <= k; a++)
                {
                    int i = index[o + a];
                    gradient[i] += g;
                    int row = i * p;
                    for (int b = 0; b <= k; b++)
                    {
                        hessian[row + index[o + b]] += w;
                    }
                }
            }

            for (int i = 1; i < p; i++)
            {
                gradient[i] += lambda * beta[i];
                hessian[(i * p) + i] += lambda;
            }

            Solve(hessian, gradient, step, p);
            double t = 1;
            double next;
            while (true)
            {
                for (int i = 0; i < p; i++)
                {
                    trial[i] = beta[i] - (t * step[i]);
                }

                next = Objective(trial, index, k, labels, lambda);
                if (next <= objective + 1e-12 * Math.Abs(objective) || t < 1e-6)
                {
                    break;
                }

                t /= 2;
            }

            double change = 0;
            for (int i = 0; i < p; i++)
            {
                change = Math.Max(change, Math.Abs(trial[i] - beta[i]));
            }

            Array.Copy(trial, beta, p);
            objective = next;
            if (change < Tolerance)
            {
                break;
            }
        }

        foreach (double b in beta)
        {
            if (!double.IsFinite(b))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The joint fit of the bin values diverged (a coefficient is {b}); raise ScorecardOptions.BinValueL2 (now {lambda})."));
            }
        }

        return beta[1..];
    }

    private static double Objective(double[] beta, int[] index, int k, bool[] labels, double lambda)
    {
        double sum = 0;
        for (int r = 0; r < labels.Length; r++)
        {
            int o = r * (k + 1);
            double eta = 0;
            for (int c = 0; c <= k; c++)
            {
                eta += beta[index[o + c]];
            }

            // log(1 + e^η) − y·η, computed stably.
            double softplus = eta > 0 ? eta + Math.Log(1 + Math.Exp(-eta)) : Math.Log(1 + Math.Exp(eta));
            sum += softplus - (labels[r] ? eta : 0);
        }

        for (int i = 1; i < beta.Length; i++)
        {
            sum += 0.5 * lambda * beta[i] * beta[i];
        }

        return sum;
    }

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>Solves H·x = g by Cholesky (H symmetric positive definite, row-major p×p; overwritten).</summary>
    private static void Solve(double[] h, double[] g, double[] x, int p)
    {
        for (int j = 0; j < p; j++)
        {
            double d = h[(j * p) + j];
            for (int m = 0; m < j; m++)
            {
                d -= h[(j * p) + m] * h[(j * p) + m];
            }

            if (!(d > 0))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The joint fit of the bin values met a singular Hessian (pivot {d} at parameter {j}); raise ScorecardOptions.BinValueL2."));
            }

            d = Math.Sqrt(d);
            h[(j * p) + j] = d;
            for (int i = j + 1; i < p; i++)
            {
                double s = h[(i * p) + j];
                for (int m = 0; m < j; m++)
                {
                    s -= h[(i * p) + m] * h[(j * p) + m];
                }

                h[(i * p) + j] = s / d;
            }
        }

        // L·y = g, then Lᵀ·x = y.
        for (int i = 0; i < p; i++)
        {
            double s = g[i];
            for (int m = 0; m < i; m++)
            {
                s -= h[(i * p) + m] * x[m];
            }

            x[i] = s / h[(i * p) + i];
        }

        for (int i = p - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int m = i + 1; m < p; m++)
            {
                s -= h[(m * p) + i] * x[m];
            }

            x[i] = s / h[(i * p) + i];
        }
    }
}
