using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Scorecards;
using RiskScoring.Training.Binning;
using RiskScoring.Training.Data;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Training.Scorecards;

/// <summary>
/// The <see cref="ModelKind.Scorecard"/> strategy of <see cref="ModelTrainer"/>:
/// <list type="number">
/// <item>bins every schema feature with <see cref="OptimalBinner"/> (numeric: monotonic intervals, special values in
/// their own bins, a forced cut at the elderly age for a numeric age; categorical: groups of categories);</item>
/// <item>selects characteristics with <see cref="CharacteristicSelector"/> (IV threshold, WoE correlation);</item>
/// <item>applies the elderly-age rule: every elderly bin of a selected age characteristic gets the best WoE of that
/// characteristic; a preliminary fit checks the sign of the age weight and drops an age characteristic whose weight
/// is positive (its elderly bins would score the fewest points), repeating until none is;</item>
/// <item>with <see cref="ScorecardBinValues.Fitted"/> (or Auto on enough data) replaces the WoE by jointly fitted
/// per-bin values (<see cref="BinValueFitter"/>: L2 logistic regression on all bin indicators), with the elderly bins
/// tied to the best age bin inside that fit when needed;</item>
/// <item>encodes each feature as one lookup column holding its bin's value (0 for unselected features, whose weight
/// then stays 0), fits ML.NET's L-BFGS logistic regression on it, so the compiled model equals ML.NET's
/// PredictionEngine;</item>
/// <item>turns the final model into the points table (<see cref="Scorecard"/>).</item>
/// </list>
/// Deterministic: same table and options → same bins, weights and points.
/// </summary>
internal sealed class ScorecardTrainer : IModelKindTrainer
{
    // The binning state of each fitted encoder, for the points table of the final model.
    private static readonly ConditionalWeakTable<FeatureEncoder, ScorecardFit> Fits = [];

    public ModelKind Kind => ModelKind.Scorecard;

    public FeatureEncoder FitEncoder(FeatureTable table, ModelTrainingOptions options)
    {
        var fit = FitBinsAndEncoder(table, options.Scorecard, options.Seed);
        Fits.AddOrUpdate(fit.Encoder, fit);
        return fit.Encoder;
    }

    public FittedModel Fit(MLContext ml, FeatureEncoder encoder, float[][] rows, bool[] labels, IReadOnlyList<int>? subset, ModelTrainingOptions options) =>
        LogisticKindTrainer.FitLinear(ml, ModelKind.Scorecard, encoder, rows, labels, subset, options.Scorecard.Logistic);

    public Scorecard? DescribeScorecard(FeatureEncoder encoder, CompiledModel final, ModelTrainingOptions options)
    {
        if (!Fits.TryGetValue(encoder, out var fit))
        {
            throw new InvalidOperationException("The scorecard encoder was not fitted by this trainer.");
        }

        return BuildTable(fit, (LinearModel)final, options.Scorecard);
    }

    /// <summary>Bins every feature of the table (in schema order) with the scorecard's settings.</summary>
    internal static IReadOnlyList<BinningResult> BinAll(FeatureTable table, ScorecardOptions o, IReadOnlyList<float[]>? columns = null)
    {
        var schema = table.Schema;
        columns ??= [.. Enumerable.Range(0, schema.Count).Select(table.Column)];
        var labels = table.Labels.ToArray();
        var specs = new FeatureBinningSpec[schema.Count];
        var isCount = new bool[schema.Count];
        for (int f = 0; f < schema.Count; f++)
        {
            var def = schema[f];
            if (def.Kind == FeatureKind.Categorical)
            {
                specs[f] = FeatureBinningSpec.Categorical(def.Name, def.Categories);
                continue;
            }

            float[] specials = o.SpecialValues.TryGetValue(def.Name, out var given)
                ? [.. given.Distinct()]
                : o.AutoSpecialValues ? DetectSentinels(columns[f]) : [];
            bool age = o.ElderlyAgeRule && IsAge(def.Name, o);
            specs[f] = new FeatureBinningSpec
            {
                Name = def.Name,
                SpecialValues = specials,
                ForcedCutPoints = age ? [o.ElderlyAge] : [],
            };
            isCount[f] = IsCount(columns[f], specials);
        }

        var results = new BinningResult[schema.Count];
        var binning = o.BinningFor(CountBads(labels));
        var regular = new OptimalBinner(binning);
        var counts = o.CountFeatureMinBinShare is double share ? new OptimalBinner(binning with { MinBinShare = Math.Min(share, binning.MinBinShare) }) : regular;
        foreach (var (binner, group) in new[] { (regular, false), (counts, true) })
        {
            int[] members = [.. Enumerable.Range(0, schema.Count).Where(f => isCount[f] == group)];
            if (members.Length == 0)
            {
                continue;
            }

            var fitted = binner.FitMany([.. members.Select(f => specs[f])], [.. members.Select(f => (ReadOnlyMemory<float>)columns[f])], labels);
            for (int i = 0; i < members.Length; i++)
            {
                results[members[i]] = fitted[i];
            }
        }

        for (int f = 0; f < schema.Count; f++)
        {
            if (o.ElderlyAgeRule && schema[f].Kind == FeatureKind.Numeric && IsAge(schema[f].Name, o))
            {
                results[f] = MergeElderlyIntervals(results[f], columns[f], labels, o);
            }
        }

        return results;
    }

    private static int CountBads(bool[] labels)
    {
        int bads = 0;
        foreach (bool bad in labels)
        {
            bads += bad ? 1 : 0;
        }

        return bads;
    }

    /// <summary>One interval for every age at or above the elderly age: the cut at the elderly age stays, the cuts
    /// above it go, so all elderly applicants share one bin (which the rule then lifts to the best WoE if needed)
    /// instead of several bins of which only the best could keep its own WoE.</summary>
    private static BinningResult MergeElderlyIntervals(BinningResult result, float[] column, bool[] labels, ScorecardOptions o)
    {
        var bins = result.Bins;
        if (!bins.CutPoints.Any(c => c > o.ElderlyAge))
        {
            return result;
        }

        float[] cuts = [.. bins.CutPoints.Where(c => c <= o.ElderlyAge)];
        var merged = CharacteristicBins.CreateNumeric(bins.FeatureName, cuts, [.. bins.SpecialValues]);
        var stats = CharacteristicStatistics.Compute(merged, column, labels, o.BinningFor(CountBads(labels)).Smoothing);
        return new BinningResult(stats, result.Trend, result.PrebinCount);
    }

    /// <summary>Sentinel codes of a numeric column (see <see cref="ScorecardOptions.AutoSpecialValues"/>).</summary>
    internal static float[] DetectSentinels(ReadOnlySpan<float> column)
    {
        var sentinels = ScorecardOptions.SentinelCodes.AsSpan();
        var present = new SortedSet<float>();
        float maxOther = float.NegativeInfinity;
        foreach (float v in column)
        {
            if (float.IsNaN(v))
            {
                continue;
            }

            if (!float.IsFinite(v) || v != MathF.Floor(v))
            {
                return [];
            }

            if (sentinels.Contains(v))
            {
                present.Add(v);
            }
            else
            {
                maxOther = Math.Max(maxOther, v);
            }
        }

        return [.. present.Where(v => maxOther < v / 2)];
    }

    /// <summary>A count feature: every regular value a non-negative integer, at most 50 distinct values.</summary>
    internal static bool IsCount(ReadOnlySpan<float> column, float[] specials)
    {
        var distinct = new HashSet<float>();
        foreach (float v in column)
        {
            if (float.IsNaN(v) || Array.IndexOf(specials, v) >= 0)
            {
                continue;
            }

            if (!(v >= 0) || v != MathF.Floor(v) || (distinct.Add(v) && distinct.Count > 50))
            {
                return false;
            }
        }

        return distinct.Count > 1;
    }

    internal static ScorecardFit FitBinsAndEncoder(FeatureTable table, ScorecardOptions o, int seed)
    {
        var schema = table.Schema;
        var columns = Enumerable.Range(0, schema.Count).Select(table.Column).ToArray();
        var binned = BinAll(table, o, columns);
        var selection = new CharacteristicSelector(o.Selection).Select(binned, [.. columns.Select(c => (ReadOnlyMemory<float>)c)]);
        var selected = new bool[schema.Count];
        for (int f = 0; f < schema.Count; f++)
        {
            selected[f] = selection.Decisions[f].Outcome == SelectionOutcome.Selected;
        }

        if (!selected.Contains(true))
        {
            var best = binned.MaxBy(b => b.InformationValue)!;
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"No characteristic passed the scorecard selection: the highest information value is {best.InformationValue:F4} ({best.FeatureName}), below ScorecardOptions.Selection.MinInformationValue = {o.Selection.MinInformationValue}."));
        }

        var labels = table.Labels.ToArray();
        var ageFeatures = new List<int>();
        for (int f = 0; f < schema.Count; f++)
        {
            if (o.ElderlyAgeRule && IsAge(schema[f].Name, o))
            {
                ageFeatures.Add(f);
            }
        }

        bool fitted = UseFittedValues(binned, selected, labels, o);
        var dropped = new List<int>();
        var flattened = new List<int>();
        double[][] values;
        bool[][] adjusted;
        FeatureEncoder encoder;
        while (true)
        {
            int[] flat;
            (values, adjusted, flat) = fitted
                ? FittedValues(columns, labels, binned, selected, ageFeatures, o)
                : WoeValues(binned, ageFeatures, o);
            if (flat.Length > 0)
            {
                // Fitted values: the rule tied every bin of an age characteristic together, so it scores nothing.
                DropAge(flat, flattened, selected, schema, "every bin had to be tied to the elderly bins' fitted value, so it would score nothing");
                continue;
            }

            encoder = BuildEncoder(schema, binned, values, selected);
            if (!ageFeatures.Any(f => selected[f]))
            {
                break;
            }

            // Preliminary fit on all rows: the same data, options and seed as the final fit, so the same weights.
            var rows = EncoderFitter.EncodeAll(table, encoder);
            var model = (LinearModel)LogisticKindTrainer.FitLinear(new MLContext(seed), ModelKind.Scorecard, encoder, rows, labels, null, o.Logistic).Model;
            int[] wrongSign = [.. ageFeatures.Where(f => selected[f] && model.Weights[f] > 0)];
            if (wrongSign.Length == 0)
            {
                break;
            }

            DropAge(wrongSign, dropped, selected, schema, "positive weight: the 62-and-over bins would score the fewest points");
        }

        var elderlyResult = DescribeElderlyRule(schema, binned, values, adjusted, selected, ageFeatures, dropped, flattened, selection, fitted, o);
        return new ScorecardFit(encoder, binned, selection, selected, values, adjusted, ageFeatures, elderlyResult, fitted);
    }

    /// <summary>Whether the bin values are fitted jointly: <see cref="ScorecardBinValues.Fitted"/>, or
    /// <see cref="ScorecardBinValues.Auto"/> with at least <see cref="ScorecardOptions.AutoFittedMinBadsPerBin"/>
    /// defaults per bin of the selected characteristics.</summary>
    internal static bool UseFittedValues(IReadOnlyList<BinningResult> binned, bool[] selected, bool[] labels, ScorecardOptions o)
    {
        if (o.BinValues != ScorecardBinValues.Auto)
        {
            return o.BinValues == ScorecardBinValues.Fitted;
        }

        int bins = Enumerable.Range(0, binned.Count).Where(f => selected[f]).Sum(f => binned[f].Bins.BinCount);
        return labels.Count(l => l) >= o.AutoFittedMinBadsPerBin * bins;
    }

    private static void DropAge(int[] features, List<int> dropped, bool[] selected, FeatureSchema schema, string why)
    {
        foreach (int f in features)
        {
            selected[f] = false;
            dropped.Add(f);
        }

        if (!selected.Contains(true))
        {
            throw new InvalidOperationException(
                $"The elderly-age rule dropped {string.Join(", ", features.Select(f => schema[f].Name))} ({why}) and no characteristic is left.");
        }
    }

    /// <summary>The WoE each bin gets in the model: the training WoE, with the elderly bins of an age characteristic
    /// raised to the characteristic's best WoE.</summary>
    private static (double[][] Values, bool[][] Adjusted, int[] Flattened) WoeValues(IReadOnlyList<BinningResult> binned, List<int> ageFeatures, ScorecardOptions o)
    {
        var woe = new double[binned.Count][];
        var adjusted = new bool[binned.Count][];
        for (int f = 0; f < binned.Count; f++)
        {
            woe[f] = [.. binned[f].Statistics.WoeValues];
            adjusted[f] = new bool[woe[f].Length];
            if (ageFeatures.Contains(f))
            {
                bool[] elderly = ElderlyBins(binned[f].Bins, o);
                double bestWoe = woe[f].Max();
                for (int b = 0; b < elderly.Length; b++)
                {
                    if (elderly[b] && woe[f][b] < bestWoe)
                    {
                        woe[f][b] = bestWoe;
                        adjusted[f][b] = true;
                    }
                }
            }
        }

        return (woe, adjusted, []);
    }

    /// <summary>
    /// Jointly fitted bin values (<see cref="ScorecardBinValues.Fitted"/>) of the selected characteristics (0 for the
    /// others). The elderly-age rule is enforced inside the fit as an equality constraint: while an elderly bin's value
    /// is below another bin's of the same age characteristic, the elderly bins and the best other bin share one
    /// coefficient and the fit is repeated; then every bin still above the shared value joins it and the fit is
    /// repeated again, until no bin beats the elderly group (the constrained optimum of "elderly ≥ every other bin" has
    /// the violated constraints active, that is, tied). An age characteristic whose bins all end up tied scores
    /// nothing and is reported in the third element.
    /// </summary>
    private static (double[][] Values, bool[][] Adjusted, int[] Flattened) FittedValues(
        float[][] columns, bool[] labels, IReadOnlyList<BinningResult> binned, bool[] selected, List<int> ageFeatures, ScorecardOptions o)
    {
        int[] scored = [.. Enumerable.Range(0, binned.Count).Where(f => selected[f])];
        var binOf = new int[scored.Length][];
        for (int k = 0; k < scored.Length; k++)
        {
            var bins = binned[scored[k]].Bins;
            var column = columns[scored[k]];
            binOf[k] = new int[labels.Length];
            for (int r = 0; r < labels.Length; r++)
            {
                binOf[k][r] = bins.FindBin(column[r]);
            }
        }

        // Bins tied to the elderly bins, per scored age characteristic.
        var tied = new Dictionary<int, HashSet<int>>();
        var elderlyOf = new Dictionary<int, bool[]>();
        foreach (int k in Enumerable.Range(0, scored.Length).Where(k => ageFeatures.Contains(scored[k])))
        {
            elderlyOf[k] = ElderlyBins(binned[scored[k]].Bins, o);
        }

        while (true)
        {
            var parameterOf = new int[scored.Length][];
            int count = 0;
            for (int k = 0; k < scored.Length; k++)
            {
                int binCount = binned[scored[k]].Bins.BinCount;
                parameterOf[k] = new int[binCount];
                int group = -1;
                for (int b = 0; b < binCount; b++)
                {
                    if (tied.TryGetValue(k, out var set) && set.Contains(b))
                    {
                        group = group < 0 ? count++ : group;
                        parameterOf[k][b] = group;
                    }
                    else
                    {
                        parameterOf[k][b] = count++;
                    }
                }
            }

            double[] beta = BinValueFitter.Fit(binOf, parameterOf, count, labels, o.BinValueL2);
            var values = new double[binned.Count][];
            var adjusted = new bool[binned.Count][];
            for (int f = 0; f < binned.Count; f++)
            {
                values[f] = new double[binned[f].Bins.BinCount];
                adjusted[f] = new bool[values[f].Length];
            }

            for (int k = 0; k < scored.Length; k++)
            {
                int f = scored[k];
                var stats = binned[f].BinStatistics;
                double mean = 0, rows = 0;
                for (int b = 0; b < values[f].Length; b++)
                {
                    // Negated: positive = lower risk, as WoE.
                    values[f][b] = -beta[parameterOf[k][b]];
                    mean += stats[b].Count * values[f][b];
                    rows += stats[b].Count;
                }

                mean /= Math.Max(1, rows);
                for (int b = 0; b < values[f].Length; b++)
                {
                    values[f][b] -= mean;
                    adjusted[f][b] = tied.TryGetValue(k, out var set) && set.Contains(b);
                }
            }

            bool violated = false;
            var flattened = new List<int>();
            foreach (var (k, elderly) in elderlyOf)
            {
                double[] v = values[scored[k]];
                if (!elderly.Contains(true))
                {
                    continue;
                }

                // Untied: the elderly bins join the best other bin. Tied: every bin above the group's common value
                // joins it (pooling, as in isotonic regression, until no bin beats the elderly group).
                bool isTied = tied.ContainsKey(k);
                double lowestElderly = Enumerable.Range(0, v.Length).Where(b => elderly[b]).Min(b => v[b]);
                int[] above = [.. Enumerable.Range(0, v.Length).Where(b => !elderly[b] && v[b] > lowestElderly + 1e-12)];
                if (above.Length == 0)
                {
                    continue;
                }

                violated = true;
                if (!tied.TryGetValue(k, out var set))
                {
                    tied[k] = set = [];
                }

                set.UnionWith(Enumerable.Range(0, v.Length).Where(b => elderly[b]));
                if (isTied)
                {
                    set.UnionWith(above);
                }
                else
                {
                    set.Add(above.MaxBy(b => v[b]));
                }

                if (set.Count == v.Length)
                {
                    flattened.Add(scored[k]);
                }
            }

            if (flattened.Count > 0)
            {
                return (values, adjusted, [.. flattened]);
            }

            if (!violated)
            {
                return (values, adjusted, []);
            }
        }
    }

    /// <summary>The bins of an age characteristic that hold elderly applicants only or partly: numeric intervals and
    /// special values at or above the elderly age; category groups (or the missing bin) holding an elderly category.</summary>
    internal static bool[] ElderlyBins(CharacteristicBins bins, ScorecardOptions o)
    {
        var elderly = new bool[bins.BinCount];
        if (bins.Kind == CharacteristicKind.Numeric)
        {
            for (int i = 1; i < bins.RegularBinCount; i++)
            {
                elderly[i] = bins.CutPoints[i - 1] >= o.ElderlyAge;
            }

            for (int s = 0; s < bins.SpecialValues.Count; s++)
            {
                elderly[bins.RegularBinCount + s] = bins.SpecialValues[s] >= o.ElderlyAge;
            }

            return elderly;
        }

        for (int c = 0; c < bins.CategoryNames.Count; c++)
        {
            if (o.ElderlyCategories.Contains(bins.CategoryNames[c], StringComparer.OrdinalIgnoreCase))
            {
                elderly[bins.CategoryToBin[c]] = true;
            }
        }

        return elderly;
    }

    private static bool IsAge(string name, ScorecardOptions o) => o.AgeFeatureNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>One lookup column per feature: the WoE of its bin for a selected feature, 0 otherwise.</summary>
    private static FeatureEncoder BuildEncoder(FeatureSchema schema, IReadOnlyList<BinningResult> binned, double[][] woe, bool[] selected)
    {
        var encodings = new FeatureEncoding[schema.Count];
        for (int f = 0; f < schema.Count; f++)
        {
            var bins = binned[f].Bins;
            double[] w = selected[f] ? woe[f] : new double[woe[f].Length];
            if (bins.Kind == CharacteristicKind.Categorical)
            {
                var values = new float[bins.CategoryNames.Count + 1];
                for (int c = 0; c < bins.CategoryNames.Count; c++)
                {
                    values[c] = (float)w[bins.CategoryToBin[c]];
                }

                values[^1] = (float)w[bins.MissingBinIndex];
                encodings[f] = new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = bins.CategoryNames.Count, LookupValues = [.. values] };
                continue;
            }

            // The encoder's bins are upper-inclusive (x ≤ edge); a lower-inclusive cut c becomes the edge just below c,
            // and a special value s gets the one-value bin (below(s), s].
            var edges = new SortedSet<float>();
            foreach (float c in bins.CutPoints)
            {
                edges.Add(MathF.BitDecrement(c));
            }

            foreach (float s in bins.SpecialValues)
            {
                edges.Add(MathF.BitDecrement(s));
                edges.Add(s);
            }

            float[] e = [.. edges.Where(float.IsFinite)];
            var lookup = new float[e.Length + 2];
            for (int k = 0; k <= e.Length; k++)
            {
                // A value inside encoder bin k: its upper edge, or above the last edge.
                float member = k < e.Length ? e[k] : (e.Length == 0 ? 0f : MathF.BitIncrement(e[^1]));
                lookup[k] = (float)w[bins.FindBin(member)];
            }

            lookup[^1] = (float)w[bins.MissingBinIndex];
            encodings[f] = new FeatureEncoding { Kind = FeatureKind.Numeric, BinEdges = [.. e], LookupValues = [.. lookup] };
        }

        return new FeatureEncoder(schema, encodings);
    }

    private static ElderlyAgeRuleResult DescribeElderlyRule(
        FeatureSchema schema,
        IReadOnlyList<BinningResult> binned,
        double[][] woe,
        bool[][] adjusted,
        bool[] selected,
        List<int> ageFeatures,
        List<int> dropped,
        List<int> flattened,
        SelectionReport selection,
        bool fitted,
        ScorecardOptions o)
    {
        if (!o.ElderlyAgeRule)
        {
            return ElderlyAgeRuleResult.Disabled;
        }

        var names = ageFeatures.Select(f => schema[f].Name).ToImmutableArray();
        var parts = new List<string>();
        foreach (int f in ageFeatures)
        {
            string name = schema[f].Name;
            if (dropped.Contains(f))
            {
                parts.Add($"{name} dropped: its fitted weight was positive, so the elderly bins would have scored the fewest points");
            }
            else if (flattened.Contains(f))
            {
                parts.Add($"{name} dropped: to keep the elderly bins' fitted value the best, every bin had to share it, so it would have scored nothing");
            }
            else if (selected[f])
            {
                int raised = adjusted[f].Count(a => a);
                parts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: the elderly bins ({(binned[f].Bins.Kind == CharacteristicKind.Numeric ? $"{o.ElderlyAge} or over" : string.Join(", ", o.ElderlyCategories))}) score the characteristic's best {(fitted ? "fitted value" : "WoE")} {woe[f].Max():F4}{(raised > 0 ? (fitted ? $" ({raised} bin(s) tied in the joint fit)" : $" ({raised} bin(s) raised)") : " (already the best)")}"));
            }
            else
            {
                parts.Add($"{name} not scored ({selection.Decisions[f].Outcome})");
            }
        }

        var status = dropped.Count + flattened.Count > 0 ? ElderlyAgeRuleStatus.AgeDropped
            : ageFeatures.Any(f => selected[f]) ? ElderlyAgeRuleStatus.Applied
            : ElderlyAgeRuleStatus.NoAgeCharacteristic;
        string text = ageFeatures.Count == 0
            ? $"No age characteristic ({string.Join(", ", o.AgeFeatureNames)}) in the schema."
            : string.Join("; ", parts) + ".";
        return new ElderlyAgeRuleResult(status, names, text);
    }

    private static Scorecard BuildTable(ScorecardFit fit, LinearModel model, ScorecardOptions o)
    {
        var calibrator = model.Calibrator;
        if (calibrator.Kind != CalibratorKind.Sigmoid || !(calibrator.Slope > 0))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"A scorecard needs a sigmoid calibrator with a positive slope to turn log-odds into points; the model has {calibrator.Kind} with slope {calibrator.Slope}."));
        }

        var scaling = o.Scaling;
        double a = calibrator.Slope;
        double intercept = (a * model.Bias) + calibrator.Offset;
        int[] scored = [.. Enumerable.Range(0, fit.Selected.Length).Where(f => fit.Selected[f])];
        double basePerCharacteristic = (scaling.Offset - (scaling.Factor * intercept)) / scored.Length;
        var characteristics = new List<ScorecardCharacteristic>();
        foreach (int f in scored)
        {
            var result = fit.Binned[f];
            double w = model.Weights[f];
            var rows = new ScorecardBin[result.Bins.BinCount];
            for (int b = 0; b < rows.Length; b++)
            {
                // The float the encoder holds, so the points add up to the compiled model's score.
                double v = (float)fit.Values[f][b];
                double points = (-scaling.Factor * (a * (w * v))) + basePerCharacteristic;
                if (o.Rounding == PointsRounding.WholePoints)
                {
                    points = Math.Round(points, MidpointRounding.AwayFromZero);
                }

                var s = result.BinStatistics[b];
                rows[b] = fit.FittedValues
                    ? new ScorecardBin(s.Description, s.Kind, s.Count, s.DefaultRate, s.WoE, points, fit.Adjusted[f][b], v)
                    : new ScorecardBin(s.Description, s.Kind, s.Count, s.DefaultRate, v, points, fit.Adjusted[f][b]);
            }

            characteristics.Add(new ScorecardCharacteristic(result.Bins, f, w, result.InformationValue, rows));
            if (fit.AgeFeatures.Contains(f))
            {
                CheckElderlyPoints(result.Bins, rows, o);
            }
        }

        return new Scorecard(scaling, intercept, characteristics, fit.ElderlyAgeRule, o.Rounding == PointsRounding.WholePoints);
    }

    /// <summary>Final check of the rule on the points themselves.</summary>
    private static void CheckElderlyPoints(CharacteristicBins bins, ScorecardBin[] rows, ScorecardOptions o)
    {
        bool[] elderly = ElderlyBins(bins, o);
        double best = rows.Max(r => r.Points);
        for (int b = 0; b < rows.Length; b++)
        {
            if (elderly[b] && rows[b].Points < best - 1e-9)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"{bins.FeatureName}: elderly bin '{rows[b].Description}' scores {rows[b].Points:F4} points, below the best age bin's {best:F4}; the elderly-age rule would be broken."));
            }
        }
    }
}

/// <summary>What the scorecard trainer fitted before the logistic regression.</summary>
internal sealed record ScorecardFit(
    FeatureEncoder Encoder,
    IReadOnlyList<BinningResult> Binned,
    SelectionReport Selection,
    bool[] Selected,
    double[][] Values,
    bool[][] Adjusted,
    List<int> AgeFeatures,
    ElderlyAgeRuleResult ElderlyAgeRule,
    bool FittedValues);
