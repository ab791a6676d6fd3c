#:project ../../src/RiskScoring.Training/RiskScoring.Training.csproj
#:project ../../src/RiskScoring.Reporting/RiskScoring.Reporting.csproj
#:property PublishAot=false

// The retraining flow of 02-train-evaluate-report.ipynb as a .NET 10 file-based app:
//   cd samples/notebooks && dotnet run retrain.cs [-- data.csv [out-dir] [seed]]
// Loads the borrower CSV, splits 70/30 stratified, trains logistic, GBDT and a points scorecard, evaluates them on the held-out rows,
// saves the better one as a model package with its holdout AUC, and writes its HTML validation report.
using System.Globalization;
using RiskScoring.Models;
using RiskScoring.Reporting;
using RiskScoring.Scoring;
using RiskScoring.Training.Data;
using RiskScoring.Training.Evaluation;
using RiskScoring.Training.Modeling;

string data = args.Length > 0 ? args[0] : "../../data/synthetic-borrowers.csv";
string outDir = args.Length > 1 ? args[1] : "out";
int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;

var loaded = BorrowerCsv.LoadFile(data, new LoadOptions { RequireLabel = true });
Console.Write(loaded.Report.ToText());
var table = loaded.Table;
var split = StratifiedSplit.TrainTest(table.Labels, testFraction: 0.3, seed: seed);
var train = table.Subset(split.Train);
var test = table.Subset(split.Test);
var y = test.Labels.ToArray();
Console.WriteLine($"train {train.RowCount} rows, test {test.RowCount} rows, default rate {table.PositiveRate:P2}");

var trainer = new ModelTrainer();
var candidates = new Dictionary<string, ModelTrainingOptions>
{
    ["logistic"] = new() { Kind = ModelKind.Logistic, Seed = seed },
    ["gbdt"] = new() { Kind = ModelKind.Gbdt, Seed = seed },
    ["scorecard"] = new() { Kind = ModelKind.Scorecard, Seed = seed },
};
var results = new List<(string Name, TrainedModel Model, double[] Pd, EvaluationReport Eval)>();
foreach (var (name, options) in candidates)
{
    var model = trainer.Train(train, options);
    var pd = new double[test.RowCount];
    for (int i = 0; i < pd.Length; i++)
    {
        pd[i] = model.Compiled.PredictProbability(test.Row(i));
    }

    var eval = BinaryEvaluator.Evaluate(pd, y);
    results.Add((name, model, pd, eval));
    Console.WriteLine($"{name,-9} holdout AUC {eval.Auc:0.0000} [{eval.AucInterval.Lower:0.000}, {eval.AucInterval.Upper:0.000}], KS {eval.Ks.Statistic:0.000}, Brier {eval.BrierScore:0.0000}, ECE {eval.ExpectedCalibrationError:0.0000}");
}

var best = results.MaxBy(r => r.Eval.Auc);
Directory.CreateDirectory(outDir);
string packagePath = Path.Combine(outDir, $"pd-{best.Name}.rsmodel");
best.Model.WithEvaluation(new Dictionary<string, double> { ["holdout_auc"] = best.Eval.Auc, ["holdout_ks"] = best.Eval.Ks.Statistic }).Save(packagePath);
var scorer = new RiskScorer(ModelPackage.Load(packagePath));
Console.WriteLine($"saved {packagePath} (model {scorer.ModelVersion})");

var e = best.Eval;
var report = new ModelReportData
{
    Title = $"Retrained {best.Name} on {Path.GetFileName(data)}",
    Metadata =
    [
        new ReportMetadataItem("Model kind", best.Model.Metadata.Kind.ToString()),
        new ReportMetadataItem("Schema hash", best.Model.Metadata.SchemaHash[..12]),
        new ReportMetadataItem("Created", best.Model.Metadata.CreatedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        new ReportMetadataItem("Seed", seed.ToString(CultureInfo.InvariantCulture)),
        new ReportMetadataItem("Training rows", train.RowCount.ToString(CultureInfo.InvariantCulture)),
        new ReportMetadataItem("Test rows", test.RowCount.ToString(CultureInfo.InvariantCulture)),
    ],
    Metrics = HeadlineMetrics.From(e),
    Roc = ReportCurves.ComputeRoc(best.Pd, y),
    KsCurve = ReportCurves.ComputeKsCurve(best.Pd, y),
    Calibration = e.Calibration,
    ScoreDistribution = ReportCurves.ComputeScoreHistogram(best.Pd, y),
    Gains = e.Gains,
    Scorecard = best.Model.Scorecard?.Characteristics
        .SelectMany(c => c.Bins.Select(b => new ScorecardRow(c.Name, b.Description, b.Count, b.DefaultRate, b.WoE, b.Points)))
        .ToList(),
};
string reportPath = Path.Combine(outDir, $"pd-{best.Name}-report.html");
HtmlReportWriter.WriteFile(report, reportPath);
Console.WriteLine($"report {reportPath}");
