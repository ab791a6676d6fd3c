namespace RiskScoring.Models;

/// <summary>The family of a trained model.</summary>
public enum ModelKind
{
    /// <summary>Logistic regression on the encoded feature vector (a <see cref="LinearModel"/>).</summary>
    Logistic = 0,

    /// <summary>Gradient-boosted decision trees (a <see cref="TreeEnsembleModel"/>).</summary>
    Gbdt = 1,

    /// <summary>A points scorecard: logistic regression on weight-of-evidence bins (a <see cref="LinearModel"/>
    /// whose encoder produces WoE values).</summary>
    Scorecard = 2,
}

/// <summary>How a model's raw score (margin) becomes a probability of default.</summary>
public enum CalibratorKind
{
    /// <summary>PD = 1 / (1 + exp(−(Slope × score + Offset))) (Platt scaling, or the fixed link of the trainer).</summary>
    Sigmoid = 0,

    /// <summary>A non-decreasing step function of the score fitted by pool-adjacent-violators (isotonic regression).</summary>
    Isotonic = 1,
}
