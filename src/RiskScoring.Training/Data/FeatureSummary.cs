using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using RiskScoring.Features;

namespace RiskScoring.Training.Data;

/// <summary>How often one category of a categorical feature occurs.</summary>
/// <param name="Category">The category label.</param>
/// <param name="Count">Rows with this category.</param>
public sealed record CategoryCount(string Category, int Count);

/// <summary>Statistics of one feature over the rows of a table. Numeric statistics are over the non-missing values
/// (NaN when there are none); quantiles interpolate linearly between order statistics (type 7, as R and NumPy do);
/// the standard deviation is the sample one (n − 1 divisor; NaN with fewer than 2 values).</summary>
/// <param name="Name">Feature name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Count">Rows (missing included).</param>
/// <param name="Missing">Rows where the value is missing (NaN; for a categorical feature also an unseen category).</param>
/// <param name="Mean">Mean of the non-missing values (numeric only, else NaN).</param>
/// <param name="StandardDeviation">Sample standard deviation (numeric only, else NaN).</param>
/// <param name="Min">Smallest value (numeric only, else NaN).</param>
/// <param name="P25">25th percentile (numeric only, else NaN).</param>
/// <param name="Median">Median (numeric only, else NaN).</param>
/// <param name="P75">75th percentile (numeric only, else NaN).</param>
/// <param name="Max">Largest value (numeric only, else NaN).</param>
/// <param name="Categories">Counts per category in category order (categorical only, else empty).</param>
public sealed record FeatureStatistics(
    string Name,
    FeatureKind Kind,
    int Count,
    int Missing,
    double Mean,
    double StandardDeviation,
    double Min,
    double P25,
    double Median,
    double P75,
    double Max,
    ImmutableArray<CategoryCount> Categories)
{
    /// <summary>Share of rows missing (0 … 1; NaN for an empty table).</summary>
    public double MissingShare => Count == 0 ? double.NaN : (double)Missing / Count;
}

/// <summary>Per-feature statistics of a <see cref="FeatureTable"/> and a readable text rendering: the first thing the
/// CLI's training job prints.</summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed class FeatureSummary
{
    private FeatureSummary(int rows, double positiveRate, ImmutableArray<FeatureStatistics> features)
    {
        RowCount = rows;
        PositiveRate = positiveRate;
        Features = features;
    }

    /// <summary>Rows in the table.</summary>
    public int RowCount { get; }

    /// <summary>Share of defaulted rows, or NaN when the table has no labels.</summary>
    public double PositiveRate { get; }

    /// <summary>Statistics per feature, in schema order.</summary>
    public ImmutableArray<FeatureStatistics> Features { get; }

    /// <summary>The statistics of the feature named <paramref name="name"/>.</summary>
    /// <param name="name">Feature name.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="KeyNotFoundException">When no feature has that name.</exception>
    public FeatureStatistics this[string name] => Features.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"No feature named '{name}' in the summary.");

    /// <summary>Computes the statistics of every feature of <paramref name="table"/>.</summary>
    /// <param name="table">The table.</param>
    /// <returns>The summary.</returns>
    public static FeatureSummary Compute(FeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var stats = ImmutableArray.CreateBuilder<FeatureStatistics>(table.Schema.Count);
        for (int j = 0; j < table.Schema.Count; j++)
        {
            var definition = table.Schema[j];
            var column = table.Column(j);
            stats.Add(definition.Kind == FeatureKind.Numeric ? Numeric(definition.Name, column) : Categorical(definition, column));
        }

        return new FeatureSummary(table.RowCount, table.HasLabels ? table.PositiveRate : double.NaN, stats.MoveToImmutable());
    }

    /// <summary>Quantile by linear interpolation between order statistics (type 7): position p·(n−1) in the sorted values.</summary>
    /// <param name="sorted">Values sorted ascending (no NaN).</param>
    /// <param name="p">Probability 0 … 1.</param>
    /// <returns>The quantile, or NaN for no values.</returns>
    internal static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        double h = p * (sorted.Length - 1);
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static FeatureStatistics Numeric(string name, float[] column)
    {
        var values = new List<double>(column.Length);
        foreach (float v in column)
        {
            if (!float.IsNaN(v))
            {
                values.Add(v);
            }
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        double mean = sorted.Length == 0 ? double.NaN : sorted.Average();
        double sd = double.NaN;
        if (sorted.Length >= 2)
        {
            double squares = 0;
            foreach (double v in sorted)
            {
                squares += (v - mean) * (v - mean);
            }

            sd = Math.Sqrt(squares / (sorted.Length - 1));
        }

        return new FeatureStatistics(
            name, FeatureKind.Numeric, column.Length, column.Length - sorted.Length, mean, sd,
            sorted.Length == 0 ? double.NaN : sorted[0], Quantile(sorted, 0.25), Quantile(sorted, 0.5), Quantile(sorted, 0.75),
            sorted.Length == 0 ? double.NaN : sorted[^1], ImmutableArray<CategoryCount>.Empty);
    }

    private static FeatureStatistics Categorical(FeatureDefinition definition, float[] column)
    {
        var counts = new int[definition.Categories.Length];
        int missing = 0;
        foreach (float v in column)
        {
            if (float.IsNaN(v) || v < 0 || v >= counts.Length)
            {
                missing++;
            }
            else
            {
                counts[(int)v]++;
            }
        }

        var categories = definition.Categories.Select((c, i) => new CategoryCount(c, counts[i])).ToImmutableArray();
        return new FeatureStatistics(definition.Name, FeatureKind.Categorical, column.Length, missing,
            double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, categories);
    }

    /// <summary>Renders the summary as a fixed-width text table: one line per numeric feature with count, missing
    /// share and the statistics (4 significant digits), then one line per categorical feature with its category counts.</summary>
    /// <returns>Multi-line text (invariant culture, LF line ends).</returns>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{RowCount} rows");
        if (!double.IsNaN(PositiveRate))
        {
            sb.Append(c, $", default rate {PositiveRate:P2}");
        }

        sb.Append('\n');
        int width = Math.Max(8, Features.IsEmpty ? 0 : Features.Max(f => f.Name.Length));
        var numeric = Features.Where(f => f.Kind == FeatureKind.Numeric).ToList();
        if (numeric.Count > 0)
        {
            sb.Append("feature".PadRight(width)).Append(c, $" {"count",8} {"missing",8} {"mean",10} {"std",10} {"min",10} {"p25",10} {"median",10} {"p75",10} {"max",10}").Append('\n');
            foreach (var f in numeric)
            {
                sb.Append(f.Name.PadRight(width))
                    .Append(c, $" {f.Count,8} {Percent(f.MissingShare),8} {Number(f.Mean),10} {Number(f.StandardDeviation),10} {Number(f.Min),10} {Number(f.P25),10} {Number(f.Median),10} {Number(f.P75),10} {Number(f.Max),10}")
                    .Append('\n');
            }
        }

        var categorical = Features.Where(f => f.Kind == FeatureKind.Categorical).ToList();
        if (categorical.Count > 0)
        {
            sb.Append('\n').Append("feature".PadRight(width)).Append(c, $" {"count",8} {"missing",8}  categories (count)").Append('\n');
            foreach (var f in categorical)
            {
                sb.Append(f.Name.PadRight(width)).Append(c, $" {f.Count,8} {Percent(f.MissingShare),8}  ")
                    .AppendJoin(", ", f.Categories.Select(x => string.Create(c, $"{x.Category} {x.Count}")))
                    .Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Percent(double share) => double.IsNaN(share) ? "-" : share.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Number(double value) => double.IsNaN(value) ? "-" : value.ToString("G4", CultureInfo.InvariantCulture);
}
