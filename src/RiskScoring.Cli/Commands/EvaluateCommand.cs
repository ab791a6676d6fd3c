using System.CommandLine;
using RiskScoring.Cli.Infrastructure;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Commands;

/// <summary><c>riskscore evaluate</c>: cross-validates a model and prints per-fold metrics with means ± sd.</summary>
internal sealed class EvaluateCommand : ICliCommand
{
    public int Order => 20;

    public Command Create(CliContext context)
    {
        var data = new DataOptions();
        var model = new ModelOptions();
        var validation = new ValidationOptions();
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to this file.", HelpName = "FILE" };
        var command = new Command("evaluate", "Cross-validate a model (stratified k-fold, repeated k-fold or one test split) and print AUC, Gini, KS, Brier, log loss and ECE per fold with means ± sd.");
        data.AddTo(command);
        model.AddTo(command);
        validation.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parse => CliAction.Run(context, () =>
        {
            string? jsonPath = parse.GetValue(json);
            CheckWritable(jsonPath, "--json");
            var loaded = data.Load(parse, context, requireLabels: true);
            var training = model.Build(parse);
            var options = validation.Build(parse, training.Seed, defaultFolds: 5)!;
            var result = ValidationOptions.Run(context, loaded.Table, training, options);
            context.Out.Write(result.ToText());
            context.Out.WriteLine(Inv($"AUC {result.Auc.Mean:0.0000} ± {result.Auc.StandardDeviation:0.0000}, Gini {result.Gini.Mean:0.0000}, KS {result.Ks.Mean:0.0000}, Brier {result.Brier.Mean:0.00000}, log loss {result.LogLoss.Mean:0.00000}, ECE {result.Ece.Mean:0.00000}"));
            if (jsonPath is not null)
            {
                EvaluationJson.Write(jsonPath, result, loaded.Path, parse.GetValue(data.Format)!);
                context.Progress("Wrote " + Path.GetFullPath(jsonPath));
            }

            return CliAction.Success;
        }));
        return command;
    }

    /// <summary>Fails early (before minutes of training) when an output file's folder does not exist.</summary>
    internal static void CheckWritable(string? path, string option)
    {
        if (path is null)
        {
            return;
        }

        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new UserErrorException(Inv($"{option}: folder '{dir}' does not exist."));
        }
    }
}
