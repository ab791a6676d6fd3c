using System.Globalization;

namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Deterministic stratified data splits on a label vector (<see langword="true"/> = default): train/test, k-fold and
/// repeated k-fold. Each class is shuffled separately with <see cref="Random"/> seeded from the caller's seed
/// (Fisher–Yates); seeded <see cref="Random"/> produces the same sequence on .NET 8 and 10, so the same labels and
/// seed always give the same split.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>Stratified train/test split: each class contributes round(count × testFraction) rows to the test set.</summary>
    /// <param name="labels">Label per row; <see langword="true"/> = default.</param>
    /// <param name="testFraction">Share of each class put in the test set, strictly between 0 and 1 (for example 0.3).</param>
    /// <param name="seed">Random seed.</param>
    /// <returns>Row indices of the train and test sets, each ascending; together they are every row exactly once.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">The rounding leaves the train or the test set empty (too few rows).</exception>
    public static TrainTestSplit TrainTest(ReadOnlySpan<bool> labels, double testFraction, int seed)
    {
        EvaluationGuard.CheckOpenUnit(testFraction, nameof(testFraction));
        var rng = new Random(seed);
        var test = new List<int>();
        var train = new List<int>();
        foreach (var cls in new[] { true, false })
        {
            var rows = ShuffledRows(labels, cls, rng);
            var nTest = (int)Math.Round(rows.Length * testFraction, MidpointRounding.AwayFromZero);
            test.AddRange(rows.AsSpan(0, nTest));
            train.AddRange(rows.AsSpan(nTest));
        }

        if (test.Count == 0 || train.Count == 0)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"labels has {labels.Length} rows; a test fraction of {testFraction} leaves the {(test.Count == 0 ? "test" : "train")} set empty."),
                nameof(labels));
        }

        train.Sort();
        test.Sort();
        return new TrainTestSplit([.. train], [.. test]);
    }

    /// <summary>
    /// Stratified k-fold assignment. Defaults are dealt round-robin over the folds in shuffled order, then the
    /// non-defaults continue the same round-robin, so every fold holds ⌊d/k⌋ or ⌈d/k⌉ defaults (d = defaults) and
    /// fold sizes differ by at most one row.
    /// </summary>
    /// <param name="labels">Label per row; <see langword="true"/> = default.</param>
    /// <param name="folds">Number of folds k, ≥ 2.</param>
    /// <param name="seed">Random seed.</param>
    /// <returns>Fold index in [0, k) for each row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2.</exception>
    /// <exception cref="ArgumentException">Either class has fewer than k rows (a fold would lack defaults or non-defaults).</exception>
    public static int[] KFold(ReadOnlySpan<bool> labels, int folds, int seed)
    {
        EvaluationGuard.CheckAtLeast(folds, 2, nameof(folds));
        var defaults = EvaluationGuard.CountDefaults(labels);
        var goods = labels.Length - defaults;
        if (defaults < folds || goods < folds)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"labels has {defaults} defaults and {goods} non-defaults; stratified {folds}-fold needs at least {folds} of each so every fold has both classes."),
                nameof(labels));
        }

        var rng = new Random(seed);
        var assignment = new int[labels.Length];
        var next = 0;
        foreach (var cls in new[] { true, false })
        {
            foreach (var row in ShuffledRows(labels, cls, rng))
            {
                assignment[row] = next;
                next = next + 1 == folds ? 0 : next + 1;
            }
        }

        return assignment;
    }

    /// <summary>
    /// Repeated stratified k-fold: <paramref name="repeats"/> independent <see cref="KFold"/> assignments, repeat r
    /// using the seed <see cref="DeriveSeed"/>(<paramref name="seed"/>, r).
    /// </summary>
    /// <param name="labels">Label per row; <see langword="true"/> = default.</param>
    /// <param name="folds">Number of folds k, ≥ 2.</param>
    /// <param name="repeats">Number of repeats R, ≥ 1.</param>
    /// <param name="seed">Base random seed.</param>
    /// <returns>R arrays, each with the fold index in [0, k) of every row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> below 2 or <paramref name="repeats"/> below 1.</exception>
    /// <exception cref="ArgumentException">Either class has fewer than k rows.</exception>
    public static int[][] RepeatedKFold(ReadOnlySpan<bool> labels, int folds, int repeats, int seed)
    {
        EvaluationGuard.CheckAtLeast(repeats, 1, nameof(repeats));
        var result = new int[repeats][];
        for (var r = 0; r < repeats; r++)
        {
            result[r] = KFold(labels, folds, DeriveSeed(seed, r));
        }

        return result;
    }

    /// <summary>Train (all other folds) and test (this fold) row indices of one fold of a k-fold assignment.</summary>
    /// <param name="foldOfRow">Fold index per row, as returned by <see cref="KFold"/>.</param>
    /// <param name="fold">The fold held out, ≥ 0.</param>
    /// <returns>Ascending row indices of the train and test sets.</returns>
    /// <exception cref="ArgumentException">No row belongs to <paramref name="fold"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fold"/> is negative.</exception>
    public static TrainTestSplit Fold(ReadOnlySpan<int> foldOfRow, int fold)
    {
        EvaluationGuard.CheckAtLeast(fold, 0, nameof(fold));
        var train = new List<int>(foldOfRow.Length);
        var test = new List<int>();
        for (var i = 0; i < foldOfRow.Length; i++)
        {
            (foldOfRow[i] == fold ? test : train).Add(i);
        }

        if (test.Count == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"fold = {fold}: no row of foldOfRow belongs to this fold."),
                nameof(fold));
        }

        return new TrainTestSplit([.. train], [.. test]);
    }

    /// <summary>
    /// Seed of repeat <paramref name="repeat"/> derived from <paramref name="seed"/> with the SplitMix64 finaliser
    /// (Steele, Lea &amp; Flood 2014), so neighbouring repeats get unrelated streams.
    /// </summary>
    /// <param name="seed">Base seed.</param>
    /// <param name="repeat">Repeat number, ≥ 0.</param>
    /// <returns>A non-negative seed.</returns>
    public static int DeriveSeed(int seed, int repeat)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32) | (uint)repeat;
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z >> 33);
        }
    }

    private static int[] ShuffledRows(ReadOnlySpan<bool> labels, bool cls, Random rng)
    {
        var rows = new List<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == cls)
            {
                rows.Add(i);
            }
        }

        var a = rows.ToArray();
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }

        return a;
    }
}

/// <summary>Row indices of a train/test split.</summary>
/// <param name="Train">Training rows, ascending; a fresh array owned by the caller.</param>
/// <param name="Test">Test rows, ascending; a fresh array owned by the caller.</param>
public sealed record TrainTestSplit(int[] Train, int[] Test);
