using System.Globalization;

namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Argument checks shared by every metric. Messages name the argument, the offending value (and row) and the rule.
/// </summary>
internal static class EvaluationGuard
{
    /// <summary>Checks that both spans are non-empty, of equal length, and every PD is a finite number in [0, 1].</summary>
    public static void CheckScores(
        ReadOnlySpan<double> predictedPd,
        ReadOnlySpan<bool> isDefault,
        string pdName = "predictedPd",
        string labelName = "isDefault")
    {
        if (predictedPd.Length != isDefault.Length)
        {
            throw new ArgumentException(
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} has {1} values but {2} has {3}; they must have exactly one value per row.",
                    pdName,
                    predictedPd.Length,
                    labelName,
                    isDefault.Length),
                labelName);
        }

        if (predictedPd.Length == 0)
        {
            throw new ArgumentException(pdName + " is empty; at least one row is required.", pdName);
        }

        for (var i = 0; i < predictedPd.Length; i++)
        {
            var p = predictedPd[i];
            if (!(p >= 0.0 && p <= 1.0))
            {
                throw new ArgumentException(
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}[{1}] = {2}: a predicted PD must be a finite number in [0, 1].",
                        pdName,
                        i,
                        p.ToString("R", CultureInfo.InvariantCulture)),
                    pdName);
            }
        }
    }

    /// <summary>Counts the defaults and throws when either class is absent (AUC, KS and DeLong need both).</summary>
    public static int CheckBothClasses(ReadOnlySpan<bool> isDefault, string labelName = "isDefault")
    {
        var positives = CountDefaults(isDefault);
        if (positives == 0 || positives == isDefault.Length)
        {
            throw new ArgumentException(
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} has {1} defaults in {2} rows; this metric needs at least one default (true) and one non-default (false).",
                    labelName,
                    positives,
                    isDefault.Length),
                labelName);
        }

        return positives;
    }

    /// <summary>Number of <see langword="true"/> values.</summary>
    public static int CountDefaults(ReadOnlySpan<bool> isDefault)
    {
        var n = 0;
        foreach (var d in isDefault)
        {
            if (d)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Checks an integer option is at least <paramref name="minimum"/>.</summary>
    public static void CheckAtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Format(CultureInfo.InvariantCulture, "{0} = {1}: must be at least {2}.", name, value, minimum));
        }
    }

    /// <summary>Checks a probability-like value lies in the open interval (0, 1).</summary>
    public static void CheckOpenUnit(double value, string name)
    {
        if (!(value > 0.0 && value < 1.0))
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} = {1}: must be strictly between 0 and 1.",
                    name,
                    value.ToString("R", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Checks a value lies in the closed interval [0, 1].</summary>
    public static void CheckClosedUnit(double value, string name)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new ArgumentOutOfRangeException(
                name,
                value,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} = {1}: must be a finite number in [0, 1].",
                    name,
                    value.ToString("R", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Row order sorted by ascending score (ties in unspecified order; callers treat tie groups as one).</summary>
    public static int[] SortAscending(ReadOnlySpan<double> scores)
    {
        var keys = scores.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }
}
