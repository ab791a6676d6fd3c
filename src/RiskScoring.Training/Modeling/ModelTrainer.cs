using System.Globalization;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.ML;
using RiskScoring.Models;
using RiskScoring.Training.Data;
using RiskScoring.Training.Scorecards;

namespace RiskScoring.Training.Modeling;

/// <summary>
/// Trains a model on a <see cref="FeatureTable"/>: fits the <see cref="FeatureEncoder"/>, trains ML.NET on the encoded
/// vectors, reads the parameters out into a <see cref="CompiledModel"/>, and (unless
/// <see cref="CalibrationMethod.None"/>) fits the calibrator on out-of-fold scores. Same table + options + seed →
/// identical compiled parameters. A <see cref="ModelKind.Scorecard"/> bins every feature, selects characteristics,
/// fits logistic regression on their WoE and attaches the points table (<see cref="TrainedModel.Scorecard"/>); see
/// <see cref="ScorecardOptions"/>.
/// </summary>
/// <threadsafety>Stateless apart from the injected clock; concurrent calls are safe.</threadsafety>
public sealed class ModelTrainer
{
    private readonly TimeProvider _time;
    private readonly Dictionary<ModelKind, IModelKindTrainer> _trainers;

    /// <summary>Creates a trainer.</summary>
    /// <param name="timeProvider">Clock for <see cref="ModelMetadata.CreatedUtc"/>; null = <see cref="TimeProvider.System"/>.</param>
    public ModelTrainer(TimeProvider? timeProvider = null)
        : this(timeProvider, [new LogisticKindTrainer(), new GbdtKindTrainer(), new ScorecardTrainer()])
    {
    }

    internal ModelTrainer(TimeProvider? timeProvider, IEnumerable<IModelKindTrainer> trainers)
    {
        _time = timeProvider ?? TimeProvider.System;
        _trainers = trainers.ToDictionary(t => t.Kind);
    }

    /// <summary>Trains a model.</summary>
    /// <param name="train">Labelled training rows (both classes present).</param>
    /// <param name="options">Options (validated here).</param>
    /// <returns>The compiled model with its ML.NET transformer and metadata (evaluation holds <c>oof_auc</c> when
    /// calibration ran).</returns>
    /// <exception cref="ArgumentException">When the table has no labels or only one class.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an option is out of range.</exception>
    /// <exception cref="NotSupportedException">When no trainer is registered for the kind.</exception>
    /// <exception cref="InvalidOperationException">Scorecard: when no characteristic passes the selection.</exception>
    public TrainedModel Train(FeatureTable train, ModelTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!train.HasLabels)
        {
            throw new ArgumentException("The training table has no default flags (labels).", nameof(train));
        }

        bool[] labels = train.Labels.ToArray();
        int positives = labels.Count(l => l);
        if (positives == 0 || positives == labels.Length)
        {
            throw new ArgumentException($"The training table needs both defaulted and non-defaulted rows; it has {positives} defaults in {labels.Length} rows.", nameof(train));
        }

        if (!_trainers.TryGetValue(options.Kind, out var trainer))
        {
            throw new NotSupportedException($"No trainer is registered for model kind {options.Kind}; available: {string.Join(", ", _trainers.Keys)}.");
        }

        var encoder = trainer.FitEncoder(train, options);
        float[][] rows = EncoderFitter.EncodeAll(train, encoder);
        var evaluation = new SortedDictionary<string, double>(StringComparer.Ordinal);
        ProbabilityCalibrator? calibrator = null;
        var calibration = options.EffectiveCalibration;
        if (calibration != CalibrationMethod.None)
        {
            int k = options.CalibrationFolds;
            int minority = Math.Min(positives, labels.Length - positives);
            if (minority < k)
            {
                throw new ArgumentException($"Calibration with {k} folds needs at least {k} rows of each class; the smaller class has {minority}.", nameof(train));
            }

            int[] folds = Calibration.StratifiedFolds(labels, k, options.Seed);
            var oof = new double[labels.Length];
            for (int fold = 0; fold < k; fold++)
            {
                var inFold = new List<int>();
                var outFold = new List<int>();
                for (int i = 0; i < folds.Length; i++)
                {
                    (folds[i] == fold ? outFold : inFold).Add(i);
                }

                var fitted = trainer.Fit(new MLContext(options.Seed), encoder, rows, labels, inFold, options);
                foreach (int i in outFold)
                {
                    oof[i] = fitted.Model.ScoreEncoded(rows[i]);
                }
            }

            calibrator = calibration == CalibrationMethod.Platt ? Calibration.FitPlatt(oof, labels) : Calibration.FitIsotonic(oof, labels);
            evaluation["oof_auc"] = Calibration.Auc(oof, labels);
            if (!(evaluation["oof_auc"] > 0.5) || (calibration == CalibrationMethod.Platt && !(calibrator.Slope > 0)))
            {
                // Calibrating scores that do not rank held-out rows would flatten or invert the ranking: refuse.
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"{calibration} calibration on out-of-fold scores found out-of-fold AUC {evaluation["oof_auc"]:F4} (Platt slope {calibrator.Slope:G4}): the {options.Kind} models do not rank held-out rows better than chance on these {rows.Length} rows. Use a simpler model (fewer leaves or trees, smaller minimum leaf on small samples), more data, or calibration None."));
            }
        }

        var ml = new MLContext(options.Seed);
        var final = trainer.Fit(ml, encoder, rows, labels, null, options);
        var model = calibrator is null ? final.Model : final.Model.WithCalibrator(calibrator);
        var scorecard = trainer.DescribeScorecard(encoder, model, options);
        var described = options.Describe();
        if (scorecard is not null)
        {
            described["scorecard.elderly_age_rule_status"] = scorecard.ElderlyAgeRule.Status.ToString();
        }
        var metadata = new ModelMetadata
        {
            Kind = options.Kind,
            Seed = options.Seed,
            TrainingRows = labels.Length,
            TrainingDefaultRate = (double)positives / labels.Length,
            SchemaHash = train.Schema.Hash,
            Options = described.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Evaluation = evaluation.ToImmutableSortedDictionary(StringComparer.Ordinal),
            LibraryVersion = LibraryVersion,
            CreatedUtc = _time.GetUtcNow(),
        };
        return new TrainedModel(ml, final.Transformer, final.InputSchema, model, metadata, scorecard);
    }

    /// <summary>Informational version of the training assembly.</summary>
    internal static string LibraryVersion { get; } =
        typeof(ModelTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelTrainer).Assembly.GetName().Version?.ToString() ?? "unknown";
}
