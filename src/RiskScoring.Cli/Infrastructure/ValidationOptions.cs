using System.CommandLine;
using RiskScoring.Training.Data;
using RiskScoring.Training.Evaluation;
using RiskScoring.Training.Modeling;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Infrastructure;

/// <summary>The validation options (<c>--folds</c>, <c>--test-fraction</c>, <c>--repeats</c>, <c>--parallel</c>) and
/// the cross-validation run with progress on stderr.</summary>
internal sealed class ValidationOptions
{
    public ValidationOptions()
    {
        Folds = ModelOptions.Positive(new Option<int?>("--folds") { Description = "Stratified k-fold cross-validation with K folds (evaluate: default 5).", HelpName = "K" }, 2);
        TestFraction = new Option<double?>("--test-fraction") { Description = "Instead of k-fold: one stratified test split holding out this share of each class, in (0, 1).", HelpName = "F" };
        TestFraction.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && !(v > 0 && v < 1))
            {
                r.AddError(Inv($"--test-fraction must be strictly between 0 and 1; got {v}."));
            }
        });
        Repeats = ModelOptions.Positive(new Option<int?>("--repeats") { Description = "Repeat the k-fold split R times with derived seeds, for example 5 × 5 on small data (default 1).", HelpName = "R" }, 1);
        Parallel = new Option<int>("--parallel") { Description = "Folds trained at the same time (results do not depend on it).", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount), HelpName = "N" };
        Parallel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--parallel must be ≥ 1.");
            }
        });
    }

    public Option<int?> Folds { get; }

    public Option<double?> TestFraction { get; }

    public Option<int?> Repeats { get; }

    public Option<int> Parallel { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Folds);
        command.Options.Add(TestFraction);
        command.Options.Add(Repeats);
        command.Options.Add(Parallel);
        command.Validators.Add(r =>
        {
            if (r.GetValue(Folds) is not null && r.GetValue(TestFraction) is not null)
            {
                r.AddError("--folds and --test-fraction cannot be used together: choose k-fold or one test split.");
            }

            if (r.GetValue(TestFraction) is not null && r.GetValue(Repeats) is not null)
            {
                r.AddError("--repeats applies to k-fold only, not to --test-fraction.");
            }
        });
    }

    /// <summary>The validation the options ask for, or null when neither --folds nor --test-fraction was given and
    /// <paramref name="defaultFolds"/> is null.</summary>
    public CrossValidationOptions? Build(ParseResult parse, int seed, int? defaultFolds)
    {
        int parallel = parse.GetValue(Parallel);
        if (parse.GetValue(TestFraction) is { } fraction)
        {
            return new CrossValidationOptions { Scheme = ValidationScheme.TestSplit, TestFraction = fraction, Seed = seed, MaxDegreeOfParallelism = parallel };
        }

        int? folds = parse.GetValue(Folds) ?? defaultFolds;
        return folds is { } k
            ? new CrossValidationOptions { Folds = k, Repeats = parse.GetValue(Repeats) ?? 1, Seed = seed, MaxDegreeOfParallelism = parallel }
            : null;
    }

    /// <summary>Runs the cross-validation with progress lines on stderr; an unsupported model kind becomes a user error.</summary>
    public static CrossValidationResult Run(CliContext context, FeatureTable table, ModelTrainingOptions training, CrossValidationOptions options)
    {
        var timer = StartTimer();
        context.Progress(Inv($"Validating a {ModelOptions.Name(training.Kind)} model: {options.Describe()}, {options.RoundCount} round(s), up to {options.MaxDegreeOfParallelism} at a time…"));
        var progress = new Reporter(context, timer);
        try
        {
            var result = new CrossValidation(new ModelTrainer(context.Time)).Run(table, training, options, progress);
            context.Progress(Inv($"Validation done in {timer.Elapsed.TotalSeconds:0.0} s."));
            return result;
        }
        catch (NotSupportedException e)
        {
            throw new UserErrorException(Inv($"--model {ModelOptions.Name(training.Kind)}: this model kind cannot be trained yet ({e.Message})"), e);
        }
    }

    private sealed class Reporter(CliContext context, System.Diagnostics.Stopwatch timer) : IProgress<CrossValidationProgress>
    {
        public void Report(CrossValidationProgress value)
        {
            var f = value.Fold;
            string where = value.Total == 1 ? "test split" : Inv($"repeat {f.Repeat + 1} fold {f.Fold + 1}");
            context.Progress(Inv($"  [{value.Completed}/{value.Total}] {where}: AUC {f.Report.Auc:0.0000}, ECE {f.Report.ExpectedCalibrationError:0.0000} ({timer.Elapsed.TotalSeconds:0.0} s)"));
        }
    }
}
