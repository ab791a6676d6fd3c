using System.CommandLine;
using RiskScoring.Cli.Infrastructure;
using RiskScoring.Models;
using RiskScoring.Scorecards;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Commands;

/// <summary><c>riskscore scorecard</c>: prints the points table of a scorecard model package.</summary>
internal sealed class ScorecardCommand : ICliCommand
{
    public int Order => 35;

    public Command Create(CliContext context)
    {
        var modelPath = new Option<string>("--model") { Description = "Scorecard model package written by 'riskscore train --model scorecard'.", Required = true, HelpName = "MODEL_FILE" };
        var format = new Option<string>("--format") { Description = "Table format: md (Markdown) or csv.", DefaultValueFactory = _ => "md", HelpName = "md|csv" };
        format.AcceptOnlyFromAmong("md", "csv");
        var command = new Command("scorecard", "Print the scorecard table of a model package: characteristic, bin, count, default rate, WoE and points.");
        command.Options.Add(modelPath);
        command.Options.Add(format);
        command.SetAction(parse => CliAction.Run(context, () =>
        {
            string path = parse.GetValue(modelPath)!;
            if (!File.Exists(path))
            {
                throw new UserErrorException(Inv($"--model: file '{path}' not found."));
            }

            var package = ModelPackage.Load(path);
            var scorecard = package.Scorecard
                ?? throw new UserErrorException(Inv($"--model: '{path}' holds a {package.Metadata.Kind} model, not a scorecard; train one with 'riskscore train --model scorecard'."));
            if (parse.GetValue(format) == "csv")
            {
                ScorecardTableWriter.WriteCsv(scorecard, context.Out);
            }
            else
            {
                ScorecardTableWriter.WriteMarkdown(scorecard, context.Out);
            }

            return CliAction.Success;
        }));
        return command;
    }
}
