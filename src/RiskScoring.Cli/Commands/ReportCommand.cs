using System.CommandLine;
using RiskScoring.Cli.Infrastructure;
using RiskScoring.Models;
using RiskScoring.Reporting;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Commands;

/// <summary><c>riskscore report</c>: scores labelled data with a model package and writes the HTML validation report.</summary>
internal sealed class ReportCommand : ICliCommand
{
    public int Order => 40;

    public Command Create(CliContext context)
    {
        var data = new DataOptions();
        var modelPath = new Option<string>("--model") { Description = "Model package written by 'riskscore train'.", Required = true, HelpName = "MODEL_FILE" };
        var output = new Option<string>("--out") { Description = "HTML file to write.", Required = true, HelpName = "report.html" };
        var baseline = new Option<string?>("--baseline") { Description = "Expected (development) sample for the PSI section, same format as --data. Default: the first half of --data against the second half (file order).", HelpName = "FILE" };
        var cutoff = new Option<double>("--cutoff") { Description = "PD cut-off (approve below it) for the fairness check by age group and the charts.", DefaultValueFactory = _ => ReportBuilder.DefaultCutoff, HelpName = "PD" };
        cutoff.Validators.Add(r =>
        {
            double v = r.GetValueOrDefault<double>();
            if (!(v >= 0 && v <= 1))
            {
                r.AddError(Inv($"--cutoff must be a PD in [0, 1]; got {v}."));
            }
        });
        var title = new Option<string?>("--title") { Description = "Report title (default: model kind and data file name).", HelpName = "TEXT" };
        var command = new Command("report", "Score labelled data with a model package and write the HTML model report (discrimination, calibration, gains, PSI, fairness by age group, metadata).");
        data.AddTo(command);
        command.Options.Add(modelPath);
        command.Options.Add(output);
        command.Options.Add(baseline);
        command.Options.Add(cutoff);
        command.Options.Add(title);
        command.SetAction(parse => CliAction.Run(context, () =>
        {
            string outPath = Path.GetFullPath(parse.GetValue(output)!);
            EvaluateCommand.CheckWritable(outPath, "--out");
            string packagePath = parse.GetValue(modelPath)!;
            if (!File.Exists(packagePath))
            {
                throw new UserErrorException(Inv($"--model: file '{packagePath}' not found."));
            }

            var package = ModelPackage.Load(packagePath);
            var loaded = data.Load(parse, context, requireLabels: true);
            CheckSchema(package, loaded.Table.Schema, "--data");
            double[] pd = Score(package.Model, loaded.Table);
            PsiBaseline? expected = null;
            if (parse.GetValue(baseline) is { } baselinePath)
            {
                var reference = data.Load(parse, context, requireLabels: false, baselinePath, "--baseline");
                CheckSchema(package, reference.Table.Schema, "--baseline");
                expected = new PsiBaseline("--baseline " + Path.GetFileName(reference.Path), Score(package.Model, reference.Table), reference.Table);
            }

            string basis = expected?.Description ?? "first half of the data file vs second half (no --baseline given)";
            var report = ReportBuilder.Build(
                parse.GetValue(title) ?? Inv($"{ModelOptions.Name(package.Metadata.Kind)} model on {Path.GetFileName(loaded.Path)}"),
                pd,
                loaded.Table,
                package.Metadata,
                [new("Scored data", Inv($"{loaded.Path} ({loaded.Table.RowCount:N0} rows)")), new("PSI basis", basis)],
                expected,
                parse.GetValue(cutoff));
            HtmlReportWriter.WriteFile(report, outPath);
            context.Out.WriteLine(Inv($"AUC {report.Metrics.Auc:0.0000}, Gini {report.Metrics.Gini:0.0000}, KS {report.Metrics.Ks:0.0000}, ECE {report.Metrics.Ece:0.0000}, score PSI {report.Psi?.Total:0.0000} ({basis})"));
            context.Out.WriteLine("Wrote report: " + outPath);
            return CliAction.Success;
        }));
        return command;
    }

    internal static double[] Score(CompiledModel model, Training.Data.FeatureTable table)
    {
        var pd = new double[table.RowCount];
        for (int i = 0; i < pd.Length; i++)
        {
            pd[i] = Math.Clamp(model.PredictProbability(table.Row(i)), 0, 1);
        }

        return pd;
    }

    private static void CheckSchema(ModelPackage package, Features.FeatureSchema schema, string option)
    {
        if (!package.Schema.Equals(schema))
        {
            throw new UserErrorException(Inv($"{option}: the data's features ({schema}) do not match the model's ({package.Schema}); load it with the same --format, --target, --exclude and --id options as at training."));
        }
    }
}
