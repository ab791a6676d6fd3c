using RiskScoring.Models;

namespace RiskScoring.Training.Modeling;

/// <summary>Fits calibrators on (score, label) pairs. Our own implementations (deterministic, no ML.NET data views):
/// Platt by Newton–Raphson on the log-likelihood, isotonic by pool-adjacent-violators.</summary>
internal static class Calibration
{
    /// <summary>Maximum-likelihood Platt scaling PD = sigmoid(A × s + B) (plain 0/1 targets; with thousands of rows
    /// Platt's target smoothing changes nothing that matters). Newton steps with step halving.</summary>
    public static ProbabilityCalibrator FitPlatt(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        double a = 1, b = 0;
        double ll = LogLikelihood(scores, labels, a, b);
        for (int iter = 0; iter < 100; iter++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                double p = Sigmoid((a * scores[i]) + b);
                double r = (labels[i] ? 1 : 0) - p;
                double w = p * (1 - p);
                ga += r * scores[i];
                gb += r;
                haa += w * scores[i] * scores[i];
                hab += w * scores[i];
                hbb += w;
            }

            double det = (haa * hbb) - (hab * hab);
            if (!(Math.Abs(det) > 1e-300))
            {
                break;
            }

            double da = ((hbb * ga) - (hab * gb)) / det;
            double db = ((haa * gb) - (hab * ga)) / det;
            double step = 1;
            double na = a, nb = b, nll = ll;
            while (step > 1e-10)
            {
                na = a + (step * da);
                nb = b + (step * db);
                nll = LogLikelihood(scores, labels, na, nb);
                if (nll >= ll)
                {
                    break;
                }

                step /= 2;
            }

            bool converged = Math.Abs(na - a) < 1e-10 && Math.Abs(nb - b) < 1e-10;
            a = na;
            b = nb;
            ll = nll;
            if (converged || step <= 1e-10)
            {
                break;
            }
        }

        return ProbabilityCalibrator.Sigmoid(a, b);
    }

    /// <summary>Isotonic regression by pool-adjacent-violators over rows sorted by score (ties pooled first); each
    /// block keeps its highest score as upper bound.</summary>
    public static ProbabilityCalibrator FitIsotonic(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);
        var sums = new List<double>();
        var counts = new List<double>();
        var bounds = new List<double>();
        for (int i = 0; i < n; i++)
        {
            double y = labels[order[i]] ? 1 : 0;
            if (bounds.Count > 0 && keys[i] == bounds[^1])
            {
                sums[^1] += y;
                counts[^1] += 1;
            }
            else
            {
                sums.Add(y);
                counts.Add(1);
                bounds.Add(keys[i]);
            }

            while (sums.Count > 1 && sums[^2] / counts[^2] >= sums[^1] / counts[^1])
            {
                sums[^2] += sums[^1];
                counts[^2] += counts[^1];
                bounds[^2] = bounds[^1];
                sums.RemoveAt(sums.Count - 1);
                counts.RemoveAt(counts.Count - 1);
                bounds.RemoveAt(bounds.Count - 1);
            }
        }

        return ProbabilityCalibrator.Isotonic(bounds, [.. sums.Select((s, i) => s / counts[i])]);
    }

    /// <summary>Area under the ROC curve (Mann–Whitney, ties count half) — used for the out-of-fold figure.</summary>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        var keys = scores.ToArray();
        var flags = labels.ToArray();
        Array.Sort(keys, flags);
        double positives = 0, rankSum = 0;
        int i = 0;
        while (i < keys.Length)
        {
            int j = i;
            while (j < keys.Length && keys[j] == keys[i])
            {
                j++;
            }

            double midRank = ((i + 1) + j) / 2.0;
            for (int k = i; k < j; k++)
            {
                if (flags[k])
                {
                    positives++;
                    rankSum += midRank;
                }
            }

            i = j;
        }

        double negatives = keys.Length - positives;
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>Stratified fold index (0 … k−1) per row: positives and negatives are each shuffled with the seed and
    /// dealt round-robin, so every fold has the same default rate (±1 row).</summary>
    public static int[] StratifiedFolds(ReadOnlySpan<bool> labels, int k, int seed)
    {
        var folds = new int[labels.Length];
        var random = new Random(seed);
        foreach (bool cls in (ReadOnlySpan<bool>)[true, false])
        {
            var rows = new List<int>();
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] == cls)
                {
                    rows.Add(i);
                }
            }

            var shuffled = rows.ToArray();
            random.Shuffle(shuffled);
            for (int i = 0; i < shuffled.Length; i++)
            {
                folds[shuffled[i]] = i % k;
            }
        }

        return folds;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    private static double LogLikelihood(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, double a, double b)
    {
        double ll = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double z = (a * scores[i]) + b;

            // log σ(z) = −log(1 + e^−z); log(1 − σ(z)) = −log(1 + e^z), computed stably.
            ll -= labels[i] ? Softplus(-z) : Softplus(z);
        }

        return ll;
    }

    private static double Softplus(double x) => x > 30 ? x : Math.Log(1 + Math.Exp(x));
}
