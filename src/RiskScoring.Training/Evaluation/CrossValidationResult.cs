using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using RiskScoring.Models;

namespace RiskScoring.Training.Evaluation;

/// <summary>Mean and sample standard deviation of one metric over the folds.</summary>
/// <param name="Mean">Arithmetic mean over the folds.</param>
/// <param name="StandardDeviation">Sample standard deviation (n − 1) over the folds; NaN with a single fold.</param>
public readonly record struct MetricSummary(double Mean, double StandardDeviation)
{
    /// <summary>Summarises values.</summary>
    /// <param name="values">At least one value.</param>
    /// <returns>Mean and sample standard deviation (NaN for one value).</returns>
    /// <exception cref="ArgumentException">When <paramref name="values"/> is empty.</exception>
    public static MetricSummary Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("values is empty; a summary needs at least one value.", nameof(values));
        }

        double mean = values.Average();
        if (values.Count == 1)
        {
            return new MetricSummary(mean, double.NaN);
        }

        double ss = values.Sum(v => (v - mean) * (v - mean));
        return new MetricSummary(mean, Math.Sqrt(ss / (values.Count - 1)));
    }
}

/// <summary>One train/evaluate round of a <see cref="CrossValidation.Run"/>.</summary>
/// <param name="Repeat">0-based repeat number (always 0 for a test split).</param>
/// <param name="Fold">0-based fold number within the repeat (always 0 for a test split).</param>
/// <param name="TrainRows">Rows the model was trained on.</param>
/// <param name="Report">Metrics of the model's PDs on the held-out rows.</param>
public sealed record CrossValidationFold(int Repeat, int Fold, int TrainRows, EvaluationReport Report);

/// <summary>The result of <see cref="CrossValidation.Run"/>: every fold's report and the mean ± sd of the headline
/// metrics over the folds.</summary>
public sealed record CrossValidationResult
{
    /// <summary>Creates the result from finished folds (in repeat, fold order).</summary>
    /// <param name="kind">The model kind that was validated.</param>
    /// <param name="options">The validation options used.</param>
    /// <param name="rows">Rows in the whole table.</param>
    /// <param name="positiveRate">Default rate of the whole table.</param>
    /// <param name="folds">The folds, at least one.</param>
    /// <param name="outOfFoldPd">PD of every row from the model that did not see it, in the first repeat (k-fold
    /// only); empty for a test split.</param>
    /// <exception cref="ArgumentException">When <paramref name="folds"/> is empty.</exception>
    public CrossValidationResult(ModelKind kind, CrossValidationOptions options, int rows, double positiveRate, IReadOnlyList<CrossValidationFold> folds, IReadOnlyList<double>? outOfFoldPd = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(folds);
        if (folds.Count == 0)
        {
            throw new ArgumentException("folds is empty; a cross-validation result needs at least one fold.", nameof(folds));
        }

        Kind = kind;
        Options = options;
        Rows = rows;
        PositiveRate = positiveRate;
        Folds = [.. folds];
        OutOfFoldPd = outOfFoldPd is null ? [] : [.. outOfFoldPd];
        Auc = MetricSummary.Of([.. folds.Select(f => f.Report.Auc)]);
        Gini = MetricSummary.Of([.. folds.Select(f => f.Report.Gini)]);
        Ks = MetricSummary.Of([.. folds.Select(f => f.Report.Ks.Statistic)]);
        Brier = MetricSummary.Of([.. folds.Select(f => f.Report.BrierScore)]);
        LogLoss = MetricSummary.Of([.. folds.Select(f => f.Report.LogLoss)]);
        Ece = MetricSummary.Of([.. folds.Select(f => f.Report.ExpectedCalibrationError)]);
    }

    /// <summary>The model kind validated.</summary>
    public ModelKind Kind { get; }

    /// <summary>The validation options used.</summary>
    public CrossValidationOptions Options { get; }

    /// <summary>Rows in the whole table.</summary>
    public int Rows { get; }

    /// <summary>Default rate of the whole table.</summary>
    public double PositiveRate { get; }

    /// <summary>Every fold in repeat, fold order.</summary>
    public ImmutableArray<CrossValidationFold> Folds { get; }

    /// <summary>Out-of-fold PD of every row (table order) in the first repeat of a k-fold run: each row scored by the
    /// model trained without it, so figures computed from it are honest. Empty for a test split.</summary>
    public ImmutableArray<double> OutOfFoldPd { get; }

    /// <summary>AUC over the folds.</summary>
    public MetricSummary Auc { get; }

    /// <summary>Gini (2·AUC − 1) over the folds.</summary>
    public MetricSummary Gini { get; }

    /// <summary>Kolmogorov–Smirnov statistic over the folds.</summary>
    public MetricSummary Ks { get; }

    /// <summary>Brier score over the folds.</summary>
    public MetricSummary Brier { get; }

    /// <summary>Log loss (nats) over the folds.</summary>
    public MetricSummary LogLoss { get; }

    /// <summary>Expected calibration error (decile bins by default) over the folds.</summary>
    public MetricSummary Ece { get; }

    /// <summary>The figures for a package's metadata (<c>TrainedModel.WithEvaluation</c>): <c>cv_auc</c>,
    /// <c>cv_auc_std</c>, <c>cv_gini</c>, <c>cv_ks</c>, <c>cv_brier</c>, <c>cv_log_loss</c>, <c>cv_ece</c>,
    /// <c>cv_folds</c>, <c>cv_repeats</c> (a test split stores <c>holdout_*</c> names and <c>holdout_fraction</c>
    /// instead; standard deviations are left out when undefined).</summary>
    /// <returns>Figures by name.</returns>
    public IReadOnlyDictionary<string, double> ToFigures()
    {
        bool split = Options.Scheme == ValidationScheme.TestSplit;
        string p = split ? "holdout_" : "cv_";
        var d = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            [p + "auc"] = Auc.Mean,
            [p + "gini"] = Gini.Mean,
            [p + "ks"] = Ks.Mean,
            [p + "brier"] = Brier.Mean,
            [p + "log_loss"] = LogLoss.Mean,
            [p + "ece"] = Ece.Mean,
        };
        if (split)
        {
            d["holdout_fraction"] = Options.TestFraction;
        }
        else
        {
            d["cv_auc_std"] = Auc.StandardDeviation;
            d["cv_folds"] = Options.Folds;
            d["cv_repeats"] = Options.Repeats;
        }

        return d;
    }

    /// <summary>Plain-text rendering (invariant culture): one line per fold, then mean ± sd.</summary>
    /// <returns>Multi-line text ending with a newline.</returns>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"{Kind} model, {Options.Describe()}; {Rows} rows, default rate {PositiveRate:P2}");
        sb.AppendLine("repeat fold    train     test  defaults     AUC    Gini      KS    Brier  log loss     ECE");
        foreach (var f in Folds)
        {
            var r = f.Report;
            sb.AppendLine(c, $"{f.Repeat + 1,6} {f.Fold + 1,4} {f.TrainRows,8} {r.Rows,8} {r.Defaults,9} {r.Auc,7:F4} {r.Gini,7:F4} {r.Ks.Statistic,7:F4} {r.BrierScore,8:F5} {r.LogLoss,9:F5} {r.ExpectedCalibrationError,7:F5}");
        }

        sb.AppendLine(c, $"{"mean",-11} {"",8} {"",8} {"",9} {Auc.Mean,7:F4} {Gini.Mean,7:F4} {Ks.Mean,7:F4} {Brier.Mean,8:F5} {LogLoss.Mean,9:F5} {Ece.Mean,7:F5}");
        if (Folds.Length > 1)
        {
            sb.AppendLine(c, $"{"sd",-11} {"",8} {"",8} {"",9} {Auc.StandardDeviation,7:F4} {Gini.StandardDeviation,7:F4} {Ks.StandardDeviation,7:F4} {Brier.StandardDeviation,8:F5} {LogLoss.StandardDeviation,9:F5} {Ece.StandardDeviation,7:F5}");
        }

        return sb.ToString();
    }
}
