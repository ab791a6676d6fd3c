using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Profiles;

namespace RiskScoring.Scoring;

/// <summary>
/// Scores borrowers with a compiled model: validate the profile → extract features → probability of default →
/// points score → grade → principal reasons, in one <see cref="RiskAssessment"/> value. Built once per model and
/// shared: it holds no mutable state, takes no locks and allocates nothing per score.
/// </summary>
/// <remarks>
/// <para>One pass per score yields both the margin (hence the PD, score and grade) and the per-feature points lost
/// the reasons come from. A linear model (logistic or scorecard) is evaluated feature by feature without building its
/// encoded vector; a tree ensemble is encoded once and its trees walked once for both the margin and the path
/// attribution. The margin is <see cref="CompiledModel.Score"/>'s: bit-for-bit for trees, to rounding for linear models
/// (the same exact products added in another order, relative differences of order 1e-16), and the reasons are <see cref="ReasonCodeCalculator"/>'s for the same options (best attainable for a lookup-encoded
/// scorecard, else average applicant; see <see cref="ReasonCodeCalculator.EffectiveMethod"/>).</para>
/// <para><see cref="RiskAssessment.Score"/> is always <c>Options.Scaling.ScoreFromProbability(PD)</c>, so score and
/// grade never disagree with the PD.</para>
/// </remarks>
/// <example>
/// <code>
/// var scorer = RiskScorer.Load("model.rsk");
/// RiskAssessment a = scorer.Score(profile);
/// Console.WriteLine($"{a.ProbabilityOfDefault:P2} {a.Score:F0} {a.Grade}");
/// </code>
/// </example>
/// <threadsafety>Immutable; every member is safe to call from many threads at once.</threadsafety>
public sealed partial class RiskScorer
{
    /// <summary>Feature vectors and contribution buffers up to this length live on the stack; longer ones (schemas of
    /// more than 256 features, unusual) are rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
    private const int StackLimit = 256;

    private readonly FeatureExtractor? _extractor;
    private readonly ScoringKernel _kernel;
    private readonly ReasonSide[] _reasonSides;
    private readonly ReasonCode[] _reasonTable;
    private readonly ProbabilityCalibrator _calibrator;
    private readonly ScoreScaling _scaling;
    private readonly GradeBands _grades;
    private readonly double _pointsPerLogOdds;
    private readonly int _featureCount;
    private readonly int _maxReasons;

    /// <summary>Creates a scorer for a verified model package (see <see cref="ModelPackage.Load(string, FeatureSchema?)"/>).</summary>
    /// <param name="package">The package.</param>
    /// <param name="options">Scaling, grades and reasons; null = <see cref="RiskScorerOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException">When <paramref name="package"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an option is out of range (see <see cref="RiskScorerOptions.Validate"/>).</exception>
    public RiskScorer(ModelPackage package, RiskScorerOptions? options = null)
        : this(package?.Model ?? throw new ArgumentNullException(nameof(package)), package.Metadata, package.ManifestSha256, options, package.Scorecard)
    {
    }

    /// <summary>Creates a scorer for a compiled model (for example one just trained, or built by hand in a test).</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">Scaling, grades and reasons; null = <see cref="RiskScorerOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException">When <paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an option is out of range (see <see cref="RiskScorerOptions.Validate"/>).</exception>
    public RiskScorer(CompiledModel model, RiskScorerOptions? options = null)
        : this(model ?? throw new ArgumentNullException(nameof(model)), null, null, options, null)
    {
    }

    private RiskScorer(CompiledModel model, ModelMetadata? metadata, string? manifestSha256, RiskScorerOptions? options, Scorecards.Scorecard? scorecard)
    {
        options ??= RiskScorerOptions.Default;
        options.Validate();
        Model = model;
        Metadata = metadata;
        Options = options;
        // The calculator resolves the reason texts, decides the method (best attainable only for lookup-encoded linear
        // models) and each characteristic's best attainable contribution (over the bins that held training rows when the
        // package carries its scorecard); the kernel then computes the same points lost in its single pass.
        var calculator = new ReasonCodeCalculator(model, options.Scaling, options.Reasons, options.ReasonMethod, options.MaxReasons, scorecard);
        _reasonSides = calculator.Sides;
        _reasonTable = new ReasonCode[3 * _reasonSides.Length];
        for (int f = 0; f < _reasonSides.Length; f++)
        {
            _reasonSides[f].Variants(f).CopyTo(_reasonTable, 3 * f);
        }
        bool bestAttainable = calculator.EffectiveMethod == ReasonMethod.BestAttainable;
        _kernel = ScoringKernel.For(model, calculator.BestContributions);
        _calibrator = model.Calibrator;
        _scaling = options.Scaling;
        _grades = options.Grades;
        // Points per unit of contribution: F, or for best attainable F × the sigmoid slope (ReasonCodeCalculator's rule).
        _pointsPerLogOdds = options.Scaling.Factor * (bestAttainable && model.Calibrator.Kind == CalibratorKind.Sigmoid ? model.Calibrator.Slope : 1.0);
        _featureCount = model.Schema.Count;
        _maxReasons = options.MaxReasons;
        _extractor = CreateExtractor(model.Schema);

        // The manifest hash identifies a package; a bare model is identified by the hash of its serialised parameters.
        string fingerprint = manifestSha256 ?? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(model.ToJson()))).ToLowerInvariant();
        ModelVersion = string.Create(CultureInfo.InvariantCulture,
            $"{model.Kind.ToString().ToLowerInvariant()} {model.Schema.Hash[..12]} {fingerprint[..12]}");
    }

    /// <summary>Reads and verifies a model package file (<see cref="ModelPackage.Load(string, FeatureSchema?)"/>) and
    /// creates a scorer for it.</summary>
    /// <param name="packagePath">Path of the package.</param>
    /// <param name="options">Scaling, grades and reasons; null = <see cref="RiskScorerOptions.Default"/>.</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="InvalidDataException">When the package is not readable, altered or inconsistent (the message
    /// names the entry and hashes).</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an option is out of range.</exception>
    public static RiskScorer Load(string packagePath, RiskScorerOptions? options = null) => new(ModelPackage.Load(packagePath), options);

    /// <summary>The compiled model.</summary>
    public CompiledModel Model { get; }

    /// <summary>The raw feature schema the model reads (the order of <see cref="ScoreFeatures"/>' vector).</summary>
    public FeatureSchema Schema => Model.Schema;

    /// <summary>Training metadata when the scorer was built from a <see cref="ModelPackage"/>; null for a bare model.</summary>
    public ModelMetadata? Metadata { get; }

    /// <summary>The options in force.</summary>
    public RiskScorerOptions Options { get; }

    /// <summary>
    /// Identifies the model for audit records: <c>"&lt;kind&gt; &lt;schema hash, 12 hex&gt; &lt;fingerprint, 12 hex&gt;"</c>,
    /// for example <c>"gbdt 3f2a9c0d1e4b 8c1d2e3f4a5b"</c>. The fingerprint is the package's
    /// <see cref="ModelPackage.ManifestSha256"/>, or for a bare <see cref="CompiledModel"/> the SHA-256 of its JSON
    /// (<see cref="CompiledModel.ToJson"/>).
    /// </summary>
    public string ModelVersion { get; }

    /// <summary>Whether the model's schema is a borrower schema (the standard borrower features, then extra
    /// attributes), so that <see cref="Score"/> can extract its features from a <see cref="BorrowerProfile"/>. When
    /// false (a model trained on a lender's own table), score with <see cref="ScoreFeatures"/>.</summary>
    public bool AcceptsProfiles => _extractor is not null;

    /// <summary>Scores one borrower: validates the profile, extracts its features, and computes PD, score, grade and
    /// reasons. Allocates nothing.</summary>
    /// <param name="profile">The borrower.</param>
    /// <returns>The assessment.</returns>
    /// <exception cref="ArgumentNullException">When <paramref name="profile"/> is null.</exception>
    /// <exception cref="InvalidProfileException">When the profile breaks a rule (the message names the field, the
    /// value and the rule); no score is produced.</exception>
    /// <exception cref="InvalidOperationException">When the model's schema is not a borrower schema
    /// (<see cref="AcceptsProfiles"/> is false).</exception>
    public RiskAssessment Score(BorrowerProfile profile)
    {
        var extractor = _extractor ?? throw NotBorrowerSchema();
        ProfileValidator.EnsureValid(profile);
        int n = _featureCount;
        float[]? rentedFeatures = null;
        double[]? rentedContributions = null;
        Span<float> features = n <= StackLimit ? stackalloc float[n] : (rentedFeatures = ArrayPool<float>.Shared.Rent(n));
        Span<double> contributions = n <= StackLimit ? stackalloc double[n] : (rentedContributions = ArrayPool<double>.Shared.Rent(n));
        try
        {
            features = features[..n];
            extractor.ExtractValidated(profile, features);
            return Assess(features, contributions[..n]);
        }
        finally
        {
            Return(rentedFeatures, rentedContributions);
        }
    }

    /// <summary>Scores one raw feature vector (in <see cref="Schema"/> order, NaN = missing, categories as codes).
    /// Allocates nothing.</summary>
    /// <param name="features">Exactly <see cref="FeatureSchema.Count"/> values.</param>
    /// <returns>The assessment.</returns>
    /// <exception cref="ArgumentException">When the span's length differs from the schema's feature count.</exception>
    public RiskAssessment ScoreFeatures(ReadOnlySpan<float> features)
    {
        int n = _featureCount;
        if (features.Length != n)
        {
            throw WrongLength(features.Length, nameof(features));
        }

        double[]? rented = null;
        Span<double> contributions = n <= StackLimit ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n));
        try
        {
            return Assess(features, contributions[..n]);
        }
        finally
        {
            Return(null, rented);
        }
    }

    /// <summary>Scores many borrowers into <paramref name="destination"/> (element i for profile i), reusing one set
    /// of buffers. Allocates nothing. Runs on the calling thread; split the span across threads to go parallel.</summary>
    /// <param name="profiles">The borrowers.</param>
    /// <param name="destination">At least <c>profiles.Length</c> elements; the rest is left untouched.</param>
    /// <exception cref="ArgumentException">When <paramref name="destination"/> is shorter than <paramref name="profiles"/>.</exception>
    /// <exception cref="ArgumentNullException">When a profile is null (earlier elements are already written).</exception>
    /// <exception cref="InvalidProfileException">At the first invalid profile (the message names the field; earlier
    /// elements are already written).</exception>
    /// <exception cref="InvalidOperationException">When <see cref="AcceptsProfiles"/> is false.</exception>
    public void ScoreBatch(ReadOnlySpan<BorrowerProfile> profiles, Span<RiskAssessment> destination)
    {
        var extractor = _extractor ?? throw NotBorrowerSchema();
        if (destination.Length < profiles.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} assessments; {profiles.Length} profiles were given.", nameof(destination));
        }

        int n = _featureCount;
        float[]? rentedFeatures = null;
        double[]? rentedContributions = null;
        Span<float> features = n <= StackLimit ? stackalloc float[n] : (rentedFeatures = ArrayPool<float>.Shared.Rent(n));
        Span<double> contributions = n <= StackLimit ? stackalloc double[n] : (rentedContributions = ArrayPool<double>.Shared.Rent(n));
        features = features[..n];
        contributions = contributions[..n];
        try
        {
            for (int i = 0; i < profiles.Length; i++)
            {
                var profile = profiles[i];
                ProfileValidator.EnsureValid(profile);
                extractor.ExtractValidated(profile, features);
                destination[i] = Assess(features, contributions);
            }
        }
        finally
        {
            Return(rentedFeatures, rentedContributions);
        }
    }

    /// <summary>Scores a block of raw feature rows stored row after row (row r is
    /// <c>rowMajorFeatures[(r × Schema.Count) .. ((r + 1) × Schema.Count)]</c>). Allocates nothing.</summary>
    /// <param name="rowMajorFeatures">A whole number of rows of <see cref="FeatureSchema.Count"/> values.</param>
    /// <param name="destination">At least one element per row; the rest is left untouched.</param>
    /// <exception cref="ArgumentException">When the length is not a multiple of the feature count, or the destination
    /// is too short.</exception>
    public void ScoreFeatureRows(ReadOnlySpan<float> rowMajorFeatures, Span<RiskAssessment> destination)
    {
        int n = _featureCount;
        if (rowMajorFeatures.Length % n != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The feature block holds {rowMajorFeatures.Length} values, not a whole number of rows of {n} (schema {Schema})."), nameof(rowMajorFeatures));
        }

        int rows = rowMajorFeatures.Length / n;
        if (destination.Length < rows)
        {
            throw new ArgumentException($"The destination holds {destination.Length} assessments; the block has {rows} rows.", nameof(destination));
        }

        double[]? rented = null;
        Span<double> contributions = n <= StackLimit ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n));
        contributions = contributions[..n];
        try
        {
            for (int r = 0; r < rows; r++)
            {
                destination[r] = Assess(rowMajorFeatures.Slice(r * n, n), contributions);
            }
        }
        finally
        {
            Return(null, rented);
        }
    }

    /// <summary>An extractor for a borrower schema (including one read back from a package), or null for any other
    /// schema.</summary>
    private static FeatureExtractor? CreateExtractor(FeatureSchema schema) =>
        BorrowerFeatures.IsBorrowerSchema(schema) ? new FeatureExtractor(schema) : null;

    private static void Return(float[]? features, double[]? contributions)
    {
        if (features is not null)
        {
            ArrayPool<float>.Shared.Return(features);
        }

        if (contributions is not null)
        {
            ArrayPool<double>.Shared.Return(contributions);
        }
    }

    /// <summary>The PD of one raw vector by the scorer's kernel, without score, grade or reasons (for benchmarks).</summary>
    internal double ProbabilityOfDefault(ReadOnlySpan<float> features) => _calibrator.Probability(_kernel.Margin(features));

    /// <summary>PD, score, grade and reasons of one valid raw vector; <paramref name="contributions"/> is scratch of
    /// exactly the schema's length.</summary>
    private RiskAssessment Assess(ReadOnlySpan<float> features, Span<double> contributions)
    {
        // One pass gives both the margin and the contributions the reasons are ranked by.
        double margin = _kernel.Explain(features, contributions);
        Span<int> reasons = stackalloc int[RiskAssessment.MaxReasons];
        Span<double> points = stackalloc double[RiskAssessment.MaxReasons];
        int count = ReasonSelection.SelectTopFeatures(features, contributions, _pointsPerLogOdds, _maxReasons, reasons);
        for (int k = 0; k < count; k++)
        {
            // The reason table holds each characteristic's three texts (low, high, neutral); the value picks one.
            int f = reasons[k];
            points[k] = contributions[f] * _pointsPerLogOdds;
            reasons[k] = (3 * f) + _reasonSides[f].VariantOf(features[f]);
        }

        double pd = _calibrator.Probability(margin);
        return new RiskAssessment(pd, _scaling.ScoreFromProbability(pd), _grades.GradeOf(pd), _reasonTable, reasons[..count], points[..count]);
    }

    private InvalidOperationException NotBorrowerSchema() => new(
        $"The model reads schema {Schema}, which is not a borrower schema ('{BorrowerFeatures.SchemaName}' v{BorrowerFeatures.SchemaVersion} starting with the {BorrowerFeatures.StandardCount} standard features), so it cannot score a BorrowerProfile. Build the feature vector in the schema's order and call ScoreFeatures instead.");

    private ArgumentException WrongLength(int length, string parameter) => new(
        string.Create(CultureInfo.InvariantCulture, $"The feature vector has {length} values; schema {Schema} has {_featureCount} features."), parameter);
}
