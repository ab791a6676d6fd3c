using System.Globalization;

namespace RiskScoring.Training.Evaluation;

/// <summary>How <see cref="CrossValidation"/> splits the rows.</summary>
public enum ValidationScheme
{
    /// <summary>Stratified k-fold, repeated <see cref="CrossValidationOptions.Repeats"/> times (default: 5 folds, once).</summary>
    KFold = 0,

    /// <summary>One stratified train/test split with <see cref="CrossValidationOptions.TestFraction"/> of each class held out.</summary>
    TestSplit = 1,
}

/// <summary>Options of <see cref="CrossValidation.Run"/>. Immutable; validated once per run.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>The splitting scheme. Default <see cref="ValidationScheme.KFold"/>.</summary>
    public ValidationScheme Scheme { get; init; } = ValidationScheme.KFold;

    /// <summary>Number of folds k for <see cref="ValidationScheme.KFold"/>, ≥ 2. Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Number of independent k-fold assignments for <see cref="ValidationScheme.KFold"/>, ≥ 1 (repeat r uses the
    /// seed <see cref="StratifiedSplit.DeriveSeed"/>(Seed, r)). Default 1; 5 × 5 is the usual choice for small data sets
    /// such as German credit.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Share of each class held out by <see cref="ValidationScheme.TestSplit"/>, strictly between 0 and 1.
    /// Default 0.3.</summary>
    public double TestFraction { get; init; } = 0.3;

    /// <summary>Seed of the split (the models use <c>ModelTrainingOptions.Seed</c>). Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Most folds trained at the same time, ≥ 1. Results do not depend on it (each fold is trained from its
    /// own seeded context and stored in its own slot). Default 1.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>Bins of the per-fold calibration and gains tables and the AUC confidence level. Default
    /// <see cref="EvaluationOptions.Default"/>.</summary>
    public EvaluationOptions Evaluation { get; init; } = EvaluationOptions.Default;

    /// <summary>Number of train/evaluate rounds this scheme runs: Folds × Repeats, or 1 for a test split.</summary>
    public int RoundCount => Scheme == ValidationScheme.TestSplit ? 1 : Folds * Repeats;

    /// <summary>Checks every value; the message names the option, the value and the rule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a value is out of range.</exception>
    /// <exception cref="ArgumentNullException">When <see cref="Evaluation"/> is null.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Evaluation);
        Evaluation.Validate();
        if (!Enum.IsDefined(Scheme))
        {
            throw new ArgumentOutOfRangeException(nameof(Scheme), Scheme, "Unknown validation scheme.");
        }

        if (Folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Folds must be ≥ 2.");
        }

        if (Repeats < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, "Repeats must be ≥ 1.");
        }

        if (!(TestFraction > 0 && TestFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction,
                string.Create(CultureInfo.InvariantCulture, $"TestFraction = {TestFraction}: must be strictly between 0 and 1."));
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be ≥ 1.");
        }
    }

    /// <summary>A short description such as <c>"stratified 5-fold × 5 repeats (seed 42)"</c> or
    /// <c>"stratified 30% test split (seed 42)"</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe() => Scheme == ValidationScheme.TestSplit
        ? string.Create(CultureInfo.InvariantCulture, $"stratified {TestFraction:0.##%} test split (seed {Seed})")
        : Repeats == 1
            ? string.Create(CultureInfo.InvariantCulture, $"stratified {Folds}-fold (seed {Seed})")
            : string.Create(CultureInfo.InvariantCulture, $"stratified {Folds}-fold × {Repeats} repeats (seed {Seed})");
}

/// <summary>Progress of a <see cref="CrossValidation.Run"/>: reported after each fold finishes.</summary>
/// <param name="Completed">Folds finished so far, 1 to <paramref name="Total"/>.</param>
/// <param name="Total">Folds in the run (folds × repeats, or 1 for a test split).</param>
/// <param name="Fold">The fold that just finished.</param>
public sealed record CrossValidationProgress(int Completed, int Total, CrossValidationFold Fold);
