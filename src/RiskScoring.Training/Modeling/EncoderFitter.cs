using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Training.Data;

namespace RiskScoring.Training.Modeling;

/// <summary>Fits a <see cref="FeatureEncoder"/> on a training table (see <see cref="EncoderOptions"/>).</summary>
internal static class EncoderFitter
{
    /// <summary>Fits the encoder: per numeric feature the winsorising percentiles (type-7 interpolation over the
    /// non-missing values), the median as fill value, a missing indicator when any value was missing, optional
    /// mean/sd standardisation of the winsorised-and-imputed value, optional equal-frequency bin edges.</summary>
    public static FeatureEncoder Fit(FeatureTable table, EncoderOptions options, bool standardize, int quantileBins)
    {
        var encodings = new List<FeatureEncoding>(table.Schema.Count);
        for (int f = 0; f < table.Schema.Count; f++)
        {
            var def = table.Schema[f];
            if (def.Kind == FeatureKind.Categorical)
            {
                encodings.Add(new FeatureEncoding { Kind = FeatureKind.Categorical, CategoryCount = def.Categories.Length });
                continue;
            }

            float[] column = table.Column(f);
            float[] present = [.. column.Where(v => !float.IsNaN(v))];
            bool anyMissing = present.Length < column.Length;
            if (present.Length == 0)
            {
                encodings.Add(new FeatureEncoding { Kind = FeatureKind.Numeric, Lower = 0, Upper = 0, Fill = 0, MissingIndicator = true });
                continue;
            }

            Array.Sort(present);
            float lower = Percentile(present, options.LowerPercentile);
            float upper = Percentile(present, options.UpperPercentile);
            float median = Percentile(present, 50);
            float center = 0f, scale = 1f;
            if (standardize)
            {
                double sum = 0, sumSq = 0;
                foreach (float v in column)
                {
                    double x = float.IsNaN(v) ? median : Math.Clamp(v, lower, upper);
                    sum += x;
                    sumSq += x * x;
                }

                double mean = sum / column.Length;
                double sd = Math.Sqrt(Math.Max(0, (sumSq / column.Length) - (mean * mean)));
                center = (float)mean;
                scale = sd > 1e-12 && float.IsFinite((float)sd) && (float)sd > 0 ? (float)sd : 1f;
            }

            var edges = new List<float>();
            if (quantileBins >= 2)
            {
                var clipped = present.Select(v => Math.Clamp(v, lower, upper)).ToArray();
                for (int k = 1; k < quantileBins; k++)
                {
                    float e = Percentile(clipped, 100.0 * k / quantileBins);
                    if ((edges.Count == 0 || e > edges[^1]) && e < clipped[^1])
                    {
                        edges.Add(e);
                    }
                }
            }

            encodings.Add(new FeatureEncoding
            {
                Kind = FeatureKind.Numeric,
                Lower = lower,
                Upper = upper,
                Fill = median,
                MissingIndicator = anyMissing,
                Center = center,
                Scale = scale,
                BinEdges = [.. edges],
            });
        }

        return new FeatureEncoder(table.Schema, encodings);
    }

    /// <summary>Encodes every row of a table.</summary>
    public static float[][] EncodeAll(FeatureTable table, FeatureEncoder encoder)
    {
        var rows = new float[table.RowCount][];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r] = new float[encoder.EncodedLength];
            encoder.Encode(table.Row(r), rows[r]);
        }

        return rows;
    }

    /// <summary>Type-7 percentile (linear interpolation between order statistics) of sorted values.</summary>
    internal static float Percentile(float[] sorted, double percent)
    {
        double h = (sorted.Length - 1) * percent / 100.0;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return (float)(sorted[lo] + ((h - lo) * ((double)sorted[hi] - sorted[lo])));
    }
}
