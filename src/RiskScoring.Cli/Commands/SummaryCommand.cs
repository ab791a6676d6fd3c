using System.CommandLine;
using RiskScoring.Cli.Infrastructure;
using RiskScoring.Training.Data;

namespace RiskScoring.Cli.Commands;

/// <summary><c>riskscore summary</c>: the feature summary table of a data file.</summary>
internal sealed class SummaryCommand : ICliCommand
{
    public int Order => 10;

    public Command Create(CliContext context)
    {
        var data = new DataOptions();
        var command = new Command("summary", "Load a data file and print the feature summary (count, missing, mean, sd, quantiles; categories).");
        data.AddTo(command);
        command.SetAction(parse => CliAction.Run(context, () =>
        {
            var loaded = data.Load(parse, context, requireLabels: false);
            context.Out.Write(FeatureSummary.Compute(loaded.Table).ToText());
            return CliAction.Success;
        }));
        return command;
    }
}
