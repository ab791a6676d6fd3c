using System.CommandLine;
using RiskScoring.Cli.Infrastructure;
using RiskScoring.Models;
using RiskScoring.Training.Modeling;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Commands;

/// <summary><c>riskscore train</c>: trains on all rows (optionally cross-validating first) and saves a model package.</summary>
internal sealed class TrainCommand : ICliCommand
{
    public int Order => 30;

    public Command Create(CliContext context)
    {
        var data = new DataOptions();
        var model = new ModelOptions();
        var validation = new ValidationOptions();
        var output = new Option<string>("--out") { Description = "Model package file to write (replaced if it exists).", Required = true, HelpName = "MODEL_FILE" };
        var command = new Command("train", "Train a model on all rows and save the model package; with --folds or --test-fraction, cross-validate first and store the figures in the package metadata.");
        data.AddTo(command);
        model.AddTo(command);
        validation.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse => CliAction.Run(context, () =>
        {
            string outPath = Path.GetFullPath(parse.GetValue(output)!);
            EvaluateCommand.CheckWritable(outPath, "--out");
            var loaded = data.Load(parse, context, requireLabels: true);
            var training = model.Build(parse);
            var cv = validation.Build(parse, training.Seed, defaultFolds: null);
            var trained = Train(context, loaded.Table, training, cv is null ? null : ValidationOptions.Run(context, loaded.Table, training, cv));
            trained.Save(outPath);
            context.Out.WriteLine("Saved model package: " + outPath);
            WriteMetadata(context.Out, trained.Metadata);
            return CliAction.Success;
        }));
        return command;
    }

    /// <summary>Trains the final model on every row, with the validation figures (when given) in its metadata.</summary>
    internal static TrainedModel Train(CliContext context, Training.Data.FeatureTable table, ModelTrainingOptions training, Training.Evaluation.CrossValidationResult? validation)
    {
        if (validation is not null)
        {
            context.Out.Write(validation.ToText());
        }

        var timer = StartTimer();
        context.Progress(Inv($"Training the final {ModelOptions.Name(training.Kind)} model on {table.RowCount} rows…"));
        TrainedModel trained;
        try
        {
            trained = new ModelTrainer(context.Time).Train(table, training);
        }
        catch (NotSupportedException e)
        {
            throw new UserErrorException(Inv($"--model {ModelOptions.Name(training.Kind)}: this model kind cannot be trained yet ({e.Message})"), e);
        }

        context.Progress(Inv($"Trained in {timer.Elapsed.TotalSeconds:0.0} s."));
        return validation is null ? trained : trained.WithEvaluation(validation.ToFigures());
    }

    internal static void WriteMetadata(TextWriter output, ModelMetadata m)
    {
        foreach (var item in ReportBuilder.Metadata(m))
        {
            output.WriteLine(Inv($"  {item.Key,-40} {item.Value}"));
        }
    }
}
