using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using RiskScoring.Models;
using RiskScoring.Scorecards;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Modeling;

/// <summary>
/// The strategy for one <see cref="ModelKind"/>: fits the encoder, then fits an ML.NET model on the encoded rows and
/// reads its parameters out into a <see cref="CompiledModel"/>. A scorecard strategy (WoE bins + logistic) plugs in
/// here by implementing this interface and registering with <see cref="ModelTrainer"/>.
/// </summary>
internal interface IModelKindTrainer
{
    ModelKind Kind { get; }

    FeatureEncoder FitEncoder(FeatureTable table, ModelTrainingOptions options);

    /// <summary>Fits on the given rows (all when <paramref name="subset"/> is null); the compiled model keeps the
    /// trainer's own link as calibrator.</summary>
    FittedModel Fit(MLContext ml, FeatureEncoder encoder, float[][] rows, bool[] labels, IReadOnlyList<int>? subset, ModelTrainingOptions options);

    /// <summary>The points table of the final model (with its final calibrator), or null for kinds without one.</summary>
    Scorecard? DescribeScorecard(FeatureEncoder encoder, CompiledModel final, ModelTrainingOptions options) => null;
}

/// <summary>An ML.NET transformer and the model read out of it.</summary>
internal sealed record FittedModel(ITransformer Transformer, DataViewSchema InputSchema, CompiledModel Model);

/// <summary>Logistic regression (L-BFGS) on standardised (by default) encoded features.</summary>
internal sealed class LogisticKindTrainer : IModelKindTrainer
{
    public ModelKind Kind => ModelKind.Logistic;

    public FeatureEncoder FitEncoder(FeatureTable table, ModelTrainingOptions options) =>
        EncoderFitter.Fit(table, options.Encoding, options.Encoding.Standardize ?? true, options.Encoding.QuantileBins);

    public FittedModel Fit(MLContext ml, FeatureEncoder encoder, float[][] rows, bool[] labels, IReadOnlyList<int>? subset, ModelTrainingOptions options) =>
        FitLinear(ml, ModelKind.Logistic, encoder, rows, labels, subset, options.Logistic);

    /// <summary>L-BFGS logistic regression on the encoded rows, read out into a <see cref="LinearModel"/> of the given
    /// kind (also used by the scorecard trainer on WoE lookup encodings).</summary>
    internal static FittedModel FitLinear(MLContext ml, ModelKind kind, FeatureEncoder encoder, float[][] rows, bool[] labels, IReadOnlyList<int>? subset, LogisticOptions o)
    {
        var data = EncodedRow.Load(ml, rows, labels, subset);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = EncodedRow.LabelColumn,
            FeatureColumnName = EncodedRow.FeaturesColumn,
            L2Regularization = o.L2Regularization,
            L1Regularization = o.L1Regularization,
            OptimizationTolerance = o.OptimizationTolerance,
            MaximumNumberOfIterations = o.MaximumIterations,
            NumberOfThreads = 1,
        });
        var transformer = trainer.Fit(data);
        var p = transformer.Model;
        var weights = p.SubModel.Weights;
        var means = ColumnMeans(rows, subset, encoder.EncodedLength);
        var model = new LinearModel(kind, encoder, [.. weights], p.SubModel.Bias, means, MlNetLink(p.Calibrator));
        return new FittedModel(transformer, data.Schema, model);
    }

    internal static ProbabilityCalibrator MlNetLink(PlattCalibrator c) =>

        // ML.NET's Platt calibrator computes 1 / (1 + exp(Slope × score + Offset)); ours is 1 / (1 + exp(−(A s + B))).
        ProbabilityCalibrator.Sigmoid(-c.Slope, -c.Offset);

    private static double[] ColumnMeans(float[][] rows, IReadOnlyList<int>? subset, int length)
    {
        var means = new double[length];
        int n = 0;
        foreach (int r in subset ?? Enumerable.Range(0, rows.Length))
        {
            n++;
            for (int j = 0; j < length; j++)
            {
                means[j] += rows[r][j];
            }
        }

        for (int j = 0; j < length; j++)
        {
            means[j] /= Math.Max(1, n);
        }

        return means;
    }
}

/// <summary>Gradient-boosted trees (LightGBM, or FastTree) on winsorised, imputed, one-hot encoded features.</summary>
internal sealed class GbdtKindTrainer : IModelKindTrainer
{
    public ModelKind Kind => ModelKind.Gbdt;

    public FeatureEncoder FitEncoder(FeatureTable table, ModelTrainingOptions options) =>
        EncoderFitter.Fit(table, options.Encoding, options.Encoding.Standardize ?? false, quantileBins: 0);

    public FittedModel Fit(MLContext ml, FeatureEncoder encoder, float[][] rows, bool[] labels, IReadOnlyList<int>? subset, ModelTrainingOptions options)
    {
        var data = EncodedRow.Load(ml, rows, labels, subset);
        var o = options.Gbdt;
        int minLeaf = o.MinimumExampleCountPerLeaf ?? GbdtOptions.AutomaticMinimumLeaf(subset?.Count ?? rows.Length);
        ITransformer transformer;
        TreeEnsembleModelParametersBasedOnRegressionTree trees;
        PlattCalibrator link;
        if (o.Backend == GbdtBackend.LightGbm)
        {
            var t = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = EncodedRow.LabelColumn,
                FeatureColumnName = EncodedRow.FeaturesColumn,
                NumberOfIterations = o.NumberOfTrees,
                LearningRate = o.LearningRate,
                NumberOfLeaves = o.NumberOfLeaves,
                MinimumExampleCountPerLeaf = minLeaf,
                MaximumBinCountPerFeature = o.MaximumBinCountPerFeature,
                NumberOfThreads = o.NumberOfThreads,
                Seed = options.Seed,
                Deterministic = true,
                Silent = true,
                Verbose = false,
                UseCategoricalSplit = false,
                Booster = new GradientBooster.Options { FeatureFraction = o.FeatureFraction, L2Regularization = o.L2Regularization },
            }).Fit(data);
            transformer = t;
            trees = t.Model.SubModel;
            link = t.Model.Calibrator;
        }
        else
        {
            var t = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = EncodedRow.LabelColumn,
                FeatureColumnName = EncodedRow.FeaturesColumn,
                NumberOfTrees = o.NumberOfTrees,
                LearningRate = o.LearningRate,
                NumberOfLeaves = o.NumberOfLeaves,
                MinimumExampleCountPerLeaf = minLeaf,
                MaximumBinCountPerFeature = o.MaximumBinCountPerFeature,
                NumberOfThreads = o.NumberOfThreads,
                FeatureFraction = o.FeatureFraction,
                Seed = options.Seed,
            }).Fit(data);
            transformer = t;
            trees = t.Model.SubModel;
            link = t.Model.Calibrator;
        }

        var model = TreeExtractor.Extract(encoder, trees, MlNetLinkOf(link), rows, subset);
        return new FittedModel(transformer, data.Schema, model);
    }

    private static ProbabilityCalibrator MlNetLinkOf(PlattCalibrator c) => LogisticKindTrainer.MlNetLink(c);
}

/// <summary>Reads ML.NET's regression trees into <see cref="TreeSpec"/>s and counts training rows per leaf.</summary>
internal static class TreeExtractor
{
    public static TreeEnsembleModel Extract(FeatureEncoder encoder, TreeEnsembleModelParametersBasedOnRegressionTree parameters, ProbabilityCalibrator link, float[][] rows, IReadOnlyList<int>? subset)
    {
        var ensemble = parameters.TrainedTreeEnsemble;
        var specs = new List<TreeSpec>(ensemble.Trees.Count);
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            for (int n = 0; n < tree.NumberOfNodes; n++)
            {
                if (tree.CategoricalSplitFlags[n])
                {
                    throw new NotSupportedException($"Tree {t} node {n} is a categorical split; the encoder one-hot encodes categories, so categorical splits must be off.");
                }
            }

            specs.Add(new TreeSpec(
                [.. tree.NumericalSplitFeatureIndexes],
                [.. tree.NumericalSplitThresholds],
                [.. tree.LeftChild],
                [.. tree.RightChild],
                [.. tree.LeafValues],
                new double[tree.NumberOfLeaves],
                ensemble.TreeWeights[t]));
        }

        // Leaf covers (training rows per leaf) give every internal node its expected output for Explain.
        var provisional = new TreeEnsembleModel(encoder, specs, ensemble.Bias, link);
        foreach (int r in subset ?? Enumerable.Range(0, rows.Length))
        {
            for (int t = 0; t < specs.Count; t++)
            {
                specs[t].LeafCovers[provisional.LeafIndex(t, rows[r])] += 1;
            }
        }

        return new TreeEnsembleModel(encoder, specs, ensemble.Bias, link);
    }
}
