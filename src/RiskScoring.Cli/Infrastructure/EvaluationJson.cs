using System.Text.Json;
using RiskScoring.Training.Evaluation;

namespace RiskScoring.Cli.Infrastructure;

/// <summary>
/// Writes a cross-validation result as JSON: <c>{"model", "validation", "rows", "positive_rate", "auc", "auc_std",
/// "gini", "ks", "brier", "log_loss", "ece", "folds": [...]}</c>. Top-level metrics are means over the folds; each fold
/// object has <c>repeat</c>, <c>fold</c> (1-based), <c>train_rows</c>, <c>rows</c>, <c>defaults</c>,
/// <c>positive_rate</c> and the same metric names. An undefined value (the sd of a single split) is null.
/// </summary>
internal static class EvaluationJson
{
    public static void Write(string path, CrossValidationResult result, string source, string format)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("model", ModelOptions.Name(result.Kind));
        json.WriteString("validation", result.Options.Describe());
        json.WriteString("data", source);
        json.WriteString("format", format);
        json.WriteNumber("rows", result.Rows);
        Number(json, "positive_rate", result.PositiveRate);
        Number(json, "auc", result.Auc.Mean);
        Number(json, "auc_std", result.Auc.StandardDeviation);
        Number(json, "gini", result.Gini.Mean);
        Number(json, "ks", result.Ks.Mean);
        Number(json, "brier", result.Brier.Mean);
        Number(json, "log_loss", result.LogLoss.Mean);
        Number(json, "ece", result.Ece.Mean);
        json.WriteStartArray("folds");
        foreach (var f in result.Folds)
        {
            var r = f.Report;
            json.WriteStartObject();
            json.WriteNumber("repeat", f.Repeat + 1);
            json.WriteNumber("fold", f.Fold + 1);
            json.WriteNumber("train_rows", f.TrainRows);
            json.WriteNumber("rows", r.Rows);
            json.WriteNumber("defaults", r.Defaults);
            Number(json, "positive_rate", r.PositiveRate);
            Number(json, "auc", r.Auc);
            Number(json, "gini", r.Gini);
            Number(json, "ks", r.Ks.Statistic);
            Number(json, "brier", r.BrierScore);
            Number(json, "log_loss", r.LogLoss);
            Number(json, "ece", r.ExpectedCalibrationError);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
