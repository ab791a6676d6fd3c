using System.CommandLine;
using RiskScoring.Models;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Cli.Infrastructure;

/// <summary>The model options shared by <c>evaluate</c> and <c>train</c>: kind, calibration, seed and a few tuning
/// knobs (unset = the library defaults documented on <see cref="ModelTrainingOptions"/>).</summary>
internal sealed class ModelOptions
{
    public ModelOptions()
    {
        Model = new Option<string>("--model") { Description = "Model kind.", DefaultValueFactory = _ => "gbdt" };
        Model.AcceptOnlyFromAmong("logistic", "gbdt", "scorecard");
        Calibration = new Option<string>("--calibration") { Description = "How the PD is calibrated on out-of-fold scores.", DefaultValueFactory = _ => "platt" };
        Calibration.AcceptOnlyFromAmong("platt", "isotonic", "none");
        Seed = new Option<int>("--seed") { Description = "Seed of every random choice (splits, models).", DefaultValueFactory = _ => 42, HelpName = "N" };
        Trees = Positive(new Option<int?>("--trees") { Description = "GBDT: boosting rounds (default 300).", HelpName = "N" }, 1);
        LearningRate = new Option<double?>("--learning-rate") { Description = "GBDT: shrinkage in (0, 1] (default 0.04).", HelpName = "X" };
        LearningRate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && !(v > 0 && v <= 1))
            {
                r.AddError("--learning-rate must be in (0, 1].");
            }
        });
        Leaves = Positive(new Option<int?>("--leaves") { Description = "GBDT: maximum leaves per tree (default 16).", HelpName = "N" }, 2);
        MinLeaf = Positive(new Option<int?>("--min-leaf") { Description = "GBDT: minimum rows per leaf (default 300).", HelpName = "N" }, 1);
        QuantileBins = new Option<int?>("--quantile-bins") { Description = "Logistic: equal-frequency bins added per numeric feature, 0 or 2-100 (default 0).", HelpName = "N" };
        QuantileBins.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && (v is < 0 or > 100 or 1))
            {
                r.AddError("--quantile-bins must be 0 (off) or between 2 and 100.");
            }
        });
        L2 = new Option<float?>("--l2") { Description = "Logistic: L2 regularisation weight ≥ 0 (default 1).", HelpName = "X" };
        L2.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<float?>() is { } v && !(v >= 0 && float.IsFinite(v)))
            {
                r.AddError("--l2 must be a finite number ≥ 0.");
            }
        });
    }

    public Option<string> Model { get; }

    public Option<string> Calibration { get; }

    public Option<int> Seed { get; }

    public Option<int?> Trees { get; }

    public Option<double?> LearningRate { get; }

    public Option<int?> Leaves { get; }

    public Option<int?> MinLeaf { get; }

    public Option<int?> QuantileBins { get; }

    public Option<float?> L2 { get; }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Model, Calibration, Seed, Trees, LearningRate, Leaves, MinLeaf, QuantileBins, L2 })
        {
            command.Options.Add(option);
        }
    }

    public static string Name(ModelKind kind) => kind switch
    {
        ModelKind.Logistic => "logistic",
        ModelKind.Scorecard => "scorecard",
        _ => "gbdt",
    };

    public ModelTrainingOptions Build(ParseResult parse)
    {
        var defaults = new ModelTrainingOptions();
        var gbdt = defaults.Gbdt;
        var logistic = defaults.Logistic;
        var encoding = defaults.Encoding;
        gbdt = gbdt with
        {
            NumberOfTrees = parse.GetValue(Trees) ?? gbdt.NumberOfTrees,
            LearningRate = parse.GetValue(LearningRate) ?? gbdt.LearningRate,
            NumberOfLeaves = parse.GetValue(Leaves) ?? gbdt.NumberOfLeaves,
            MinimumExampleCountPerLeaf = parse.GetValue(MinLeaf) ?? gbdt.MinimumExampleCountPerLeaf,
        };
        logistic = logistic with { L2Regularization = parse.GetValue(L2) ?? logistic.L2Regularization };
        encoding = encoding with { QuantileBins = parse.GetValue(QuantileBins) ?? encoding.QuantileBins };
        return defaults with
        {
            Kind = parse.GetValue(Model) switch
            {
                "logistic" => ModelKind.Logistic,
                "scorecard" => ModelKind.Scorecard,
                _ => ModelKind.Gbdt,
            },
            Calibration = parse.GetValue(Calibration) switch
            {
                "isotonic" => CalibrationMethod.Isotonic,
                "none" => CalibrationMethod.None,
                _ => CalibrationMethod.Platt,
            },
            Seed = parse.GetValue(Seed),
            Gbdt = gbdt,
            Logistic = logistic,
            Encoding = encoding,
        };
    }

    /// <summary>Adds a "must be ≥ min" validator (a parse error, exit code 2).</summary>
    internal static Option<int?> Positive(Option<int?> option, int min)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v < min)
            {
                r.AddError(CliContext.Inv($"{option.Name} must be ≥ {min}; got {v}."));
            }
        });
        return option;
    }
}
