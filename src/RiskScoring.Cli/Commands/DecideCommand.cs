using System.CommandLine;
using System.Globalization;
using RiskScoring.Cli.Infrastructure;
using RiskScoring.Decisions;
using RiskScoring.Models;
using RiskScoring.Scoring;
using RiskScoring.Training.Data;
using static RiskScoring.Cli.Infrastructure.CliContext;

namespace RiskScoring.Cli.Commands;

/// <summary><c>riskscore decide</c>: reviews the credit limit of every borrower in a borrower CSV with a limit
/// policy and writes one decision row per borrower with the rules that fired.</summary>
internal sealed class DecideCommand : ICliCommand
{
    private const int ShownProblems = 10;

    public int Order => 60;

    public Command Create(CliContext context)
    {
        var data = new Option<string?>("--data") { Description = "Borrower CSV with current_limit (and optionally last_increase_date) columns. Default: the bundled synthetic population.", HelpName = "FILE" };
        var modelPath = new Option<string?>("--model") { Description = "Model package (a borrower-schema model) for the PD and grade. Default: the bundled demonstration scorecard (NOT for real lending decisions).", HelpName = "MODEL_FILE" };
        var policyPath = new Option<string?>("--policy") { Description = "Limit policy JSON. Default: LimitPolicy.Default.", HelpName = "POLICY.json" };
        var reviewDate = new Option<string?>("--review-date") { Description = "Review date (yyyy-MM-dd). Default: today (UTC).", HelpName = "DATE" };
        var output = new Option<string>("--out") { Description = "Output CSV of decisions (replaced if it exists).", Required = true, HelpName = "FILE" };
        var command = new Command("decide", "Review credit limits: score each borrower, apply the limit policy and write id, current and new limit, change, PD, grade and the rules that fired; invalid rows are reported with their line.");
        foreach (var option in new Option[] { data, modelPath, policyPath, reviewDate, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CliAction.Run(context, () =>
        {
            string outPath = Path.GetFullPath(parse.GetValue(output)!);
            EvaluateCommand.CheckWritable(outPath, "--out");
            string path = ResolveData(parse.GetValue(data));
            var scorer = parse.GetValue(modelPath) is { } m ? ScoreCommand.LoadScorer(m) : DemoModel.CreateScorer();
            if (parse.GetValue(modelPath) is null)
            {
                context.Err.WriteLine("note: no --model given; using the bundled demonstration scorecard, which is NOT for real lending decisions.");
            }

            if (!scorer.AcceptsProfiles)
            {
                throw new UserErrorException(Inv($"--model: the model reads schema {scorer.Schema}, not the borrower schema; decide needs a model trained with --format borrower."));
            }

            var policy = LoadPolicy(parse.GetValue(policyPath));
            var date = ParseDate(parse.GetValue(reviewDate), context);
            var (rows, decided, problems) = Decide(scorer, new LimitAdjuster(policy), path, outPath, date);
            context.Err.WriteLine(Inv($"{rows} rows read, {decided} decisions written, {problems.Count} rows not decided (policy {policy.Name} {policy.Version}, model {scorer.ModelVersion}, review date {date:yyyy-MM-dd})."));
            foreach (var p in problems.Take(ShownProblems))
            {
                context.Err.WriteLine(Inv($"  line {p.Line}, {p.Column} = '{p.Value}': {p.Reason}"));
            }

            if (problems.Count > ShownProblems)
            {
                context.Err.WriteLine(Inv($"  … {problems.Count - ShownProblems} more not shown."));
            }

            context.Out.WriteLine("Wrote decisions: " + outPath);
            return CliAction.Success;
        }));
        return command;
    }

    private static (long Rows, long Decided, List<LoadRejection> Problems) Decide(RiskScorer scorer, LimitAdjuster adjuster, string path, string outPath, DateOnly date)
    {
        var load = new LoadReport(path);
        var problems = new List<LoadRejection>();
        long decided = 0;
        using var writer = new StreamWriter(outPath, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine("id,current_limit,new_limit,change,direction,pd,grade,increases_frozen_by,fired_rules");
        foreach (var record in BorrowerCsv.ReadFile(path, load))
        {
            if (record.CurrentLimit is not decimal current)
            {
                problems.Add(new LoadRejection(record.Line, BorrowerCsvColumns.CurrentLimit, string.Empty, "a limit review needs the current limit"));
                continue;
            }

            RiskAssessment assessment;
            try
            {
                assessment = scorer.Score(record.Profile);
            }
            catch (Profiles.InvalidProfileException e)
            {
                problems.Add(new LoadRejection(record.Line, "(profile)", record.Profile.Id, e.Message));
                continue;
            }

            var d = adjuster.Review(new LimitReviewRequest
            {
                Profile = record.Profile,
                Assessment = assessment,
                CurrentLimit = current,
                ReviewDate = date,
                LastIncreaseDate = record.LastIncreaseDate,
                ModelVersion = scorer.ModelVersion,
            });
            writer.WriteLine(string.Join(',',
                Csv(d.BorrowerId),
                d.OldLimit.ToString(CultureInfo.InvariantCulture),
                d.NewLimit.ToString(CultureInfo.InvariantCulture),
                d.Change.ToString(CultureInfo.InvariantCulture),
                d.Direction.ToString(),
                d.ProbabilityOfDefault.ToString("0.######", CultureInfo.InvariantCulture),
                Csv(d.Grade.Label),
                Csv(d.IncreasesFrozenBy ?? string.Empty),
                Csv(string.Join(';', d.FiredRules.Select(r => r.RuleId)))));
            decided++;
        }

        problems.AddRange(load.Rejections);
        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        return (load.RowsRead, decided, problems);
    }

    /// <summary>RFC 4180 quoting when a field holds a comma, quote or line break.</summary>
    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string ResolveData(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new UserErrorException(Inv($"--data: file '{given}' not found."));
        }

        return DataFiles.Find(DataFiles.SyntheticBorrowers)
            ?? throw new UserErrorException(Inv($"--data: not given, and the bundled '{DataFiles.SyntheticBorrowers}' was not found from the current directory."));
    }

    private static LimitPolicy LoadPolicy(string? path)
    {
        if (path is null)
        {
            return LimitPolicy.Default;
        }

        if (!File.Exists(path))
        {
            throw new UserErrorException(Inv($"--policy: file '{path}' not found."));
        }

        try
        {
            return LimitPolicy.FromJson(File.ReadAllText(path));
        }
        catch (LimitPolicyException e)
        {
            throw new UserErrorException("--policy: " + e.Message, e);
        }
    }

    private static DateOnly ParseDate(string? text, CliContext context)
    {
        if (text is null)
        {
            return DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UserErrorException(Inv($"--review-date: '{text}' is not a date in the form yyyy-MM-dd."));
    }
}
