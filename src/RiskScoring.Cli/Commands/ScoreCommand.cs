using System.CommandLine;
using RiskScoring.Cli.Infrastructure;
using RiskScoring.Scoring;
using RiskScoring.Training.Data;
using RiskScoring.Training.Scoring;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Commands;

/// <summary><c>riskscore score</c>: streams a data file through a model package's compiled scorer into a CSV of
/// id, PD, score, grade and reason codes, in constant memory.</summary>
internal sealed class ScoreCommand : ICliCommand
{
    private const int ShownFailures = 10;

    public int Order => 50;

    public Command Create(CliContext context)
    {
        var data = new DataOptions(dataDescription: "Data to score (any size: rows are streamed).");
        var modelPath = new Option<string>("--model") { Description = "Model package written by 'riskscore train'.", Required = true, HelpName = "MODEL_FILE" };
        var output = new Option<string>("--out") { Description = "Output CSV: id,pd,score,grade,reason1..reason4 (replaced if it exists).", Required = true, HelpName = "FILE" };
        var command = new Command("score", "Score every row of a data file with a model package: writes id, pd, score, grade and reason codes; rows that cannot be scored are reported with their line and reason.");
        data.AddTo(command);
        command.Options.Add(modelPath);
        command.Options.Add(output);
        command.SetAction(parse => CliAction.Run(context, () =>
        {
            string outPath = Path.GetFullPath(parse.GetValue(output)!);
            EvaluateCommand.CheckWritable(outPath, "--out");
            var scorer = LoadScorer(parse.GetValue(modelPath)!);
            var (format, path) = data.Resolve(parse);
            var timer = StartTimer();
            context.Progress(Inv($"Scoring {path} with {scorer.ModelVersion}…"));
            var report = Score(scorer, format, path, outPath, parse.GetValue(data.Id));
            double seconds = timer.Elapsed.TotalSeconds;
            context.Err.WriteLine(Inv($"{report.RowsRead} rows read, {report.RowsScored} scored, {report.RowsFailed} not scored ({seconds:0.0} s, {report.RowsRead / Math.Max(seconds, 1e-9):0} rows/s)."));
            foreach (var failure in report.Failures.Take(ShownFailures))
            {
                context.Err.WriteLine(Inv($"  line {failure.Line}, {failure.Column} = '{failure.Value}': {failure.Reason}"));
            }

            if (report.Failures.Length > ShownFailures || report.FailuresNotKept > 0)
            {
                context.Err.WriteLine(Inv($"  … {report.Failures.Length - ShownFailures + report.FailuresNotKept} more problems not shown."));
            }

            context.Out.WriteLine("Wrote scores: " + outPath);
            return CliAction.Success;
        }));
        return command;
    }

    /// <summary>Loads a package into a scorer, turning a missing file into a user error.</summary>
    internal static RiskScorer LoadScorer(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserErrorException(Inv($"--model: file '{path}' not found."));
        }

        return RiskScorer.Load(path);
    }

    private static CsvScoringReport Score(RiskScorer scorer, DataFormat format, string path, string outPath, string? idColumn)
    {
        try
        {
            if (format == DataFormat.Table)
            {
                return CsvScoring.ScoreTableFile(scorer, path, outPath, new CsvScoringOptions { IdColumn = idColumn });
            }

            if (format == DataFormat.Borrower)
            {
                return CsvScoring.ScoreBorrowersFile(scorer, path, outPath);
            }

            var load = new LoadReport(path);
            var records = format == DataFormat.Gmsc ? GiveMeSomeCredit.ReadProfiles(path, load) : GermanCredit.ReadProfiles(path, load);
            return CsvScoring.ScoreRecordsFile(scorer, records, load, outPath);
        }
        catch (InvalidOperationException e)
        {
            throw new UserErrorException("--format: " + e.Message + " Use the --format the model was trained with.", e);
        }
    }
}
