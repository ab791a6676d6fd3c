using System.Globalization;
using System.Runtime.ExceptionServices;
using RiskScoring.Training.Data;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Training.Evaluation;

/// <summary>
/// Cross-validates a model: splits the labelled rows (stratified k-fold, repeated k-fold, or one stratified test
/// split, all seeded through <see cref="StratifiedSplit"/>), trains a model with <see cref="ModelTrainer"/> on each
/// training part (any <see cref="ModelTrainingOptions.Kind"/>, including calibration as configured) and evaluates its
/// PDs on the held-out rows with <see cref="BinaryEvaluator"/>. Same table, options and seeds → identical result,
/// whatever <see cref="CrossValidationOptions.MaxDegreeOfParallelism"/> is.
/// </summary>
/// <threadsafety>Stateless; concurrent runs are safe.</threadsafety>
public sealed class CrossValidation
{
    private readonly ModelTrainer _trainer;

    /// <summary>Creates a cross-validator.</summary>
    /// <param name="trainer">The trainer used for every fold; null = a new <see cref="ModelTrainer"/>.</param>
    public CrossValidation(ModelTrainer? trainer = null) => _trainer = trainer ?? new ModelTrainer();

    /// <summary>Runs the validation.</summary>
    /// <param name="table">Labelled rows.</param>
    /// <param name="training">Model options, used unchanged for every fold.</param>
    /// <param name="options">Split options; null = defaults (stratified 5-fold, seed 42).</param>
    /// <param name="progress">Told after each fold (from the thread that trained it; calls are serialised).</param>
    /// <param name="cancellationToken">Checked before each fold starts.</param>
    /// <returns>Per-fold reports and mean ± sd of the metrics.</returns>
    /// <exception cref="ArgumentException">When the table has no labels, or a class has too few rows for the split
    /// (for k-fold: fewer than k; message names the counts).</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an option is out of range.</exception>
    /// <exception cref="NotSupportedException">When the trainer has no trainer for the model kind.</exception>
    /// <exception cref="OperationCanceledException">When cancelled.</exception>
    public CrossValidationResult Run(
        FeatureTable table,
        ModelTrainingOptions training,
        CrossValidationOptions? options = null,
        IProgress<CrossValidationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(training);
        options ??= new CrossValidationOptions();
        options.Validate();
        training.Validate();
        if (!table.HasLabels)
        {
            throw new ArgumentException("The table has no default flags (labels); cross-validation needs them.", nameof(table));
        }

        var splits = Splits(table.Labels, options);
        var folds = new CrossValidationFold[splits.Count];
        var oof = options.Scheme == ValidationScheme.KFold ? new double[table.RowCount] : null;
        var gate = new object();
        int completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, splits.Count, parallel, i =>
            {
                var (repeat, fold, split) = splits[i];
                var fitted = _trainer.Train(table.Subset(split.Train), training);
                var pd = new double[split.Test.Length];
                var y = new bool[split.Test.Length];
                var labels = table.Labels;
                for (int k = 0; k < split.Test.Length; k++)
                {
                    int row = split.Test[k];
                    pd[k] = Math.Clamp(fitted.Compiled.PredictProbability(table.Row(row)), 0.0, 1.0);
                    y[k] = labels[row];
                    if (oof is not null && repeat == 0)
                    {
                        oof[row] = pd[k];
                    }
                }

                var result = new CrossValidationFold(repeat, fold, split.Train.Length, BinaryEvaluator.Evaluate(pd, y, options.Evaluation));
                folds[i] = result;
                lock (gate)
                {
                    completed++;
                    progress?.Report(new CrossValidationProgress(completed, splits.Count, result));
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        return new CrossValidationResult(training.Kind, options, table.RowCount, table.PositiveRate, folds, oof);
    }

    private static List<(int Repeat, int Fold, TrainTestSplit Split)> Splits(ReadOnlySpan<bool> labels, CrossValidationOptions options)
    {
        var list = new List<(int, int, TrainTestSplit)>();
        if (options.Scheme == ValidationScheme.TestSplit)
        {
            var split = StratifiedSplit.TrainTest(labels, options.TestFraction, options.Seed);
            CheckBothClasses(labels, split.Test, "test split");
            CheckBothClasses(labels, split.Train, "training split");
            list.Add((0, 0, split));
            return list;
        }

        var assignments = options.Repeats == 1
            ? [StratifiedSplit.KFold(labels, options.Folds, options.Seed)]
            : StratifiedSplit.RepeatedKFold(labels, options.Folds, options.Repeats, options.Seed);
        for (int r = 0; r < assignments.Length; r++)
        {
            for (int f = 0; f < options.Folds; f++)
            {
                list.Add((r, f, StratifiedSplit.Fold(assignments[r], f)));
            }
        }

        return list;
    }

    private static void CheckBothClasses(ReadOnlySpan<bool> labels, int[] rows, string what)
    {
        int positives = 0;
        foreach (int r in rows)
        {
            positives += labels[r] ? 1 : 0;
        }

        if (positives == 0 || positives == rows.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {what} has {positives} defaults in {rows.Length} rows; it needs both classes (use a larger test fraction or more data)."),
                nameof(labels));
        }
    }
}
