using Microsoft.ML;
using Microsoft.ML.Data;

namespace RiskScoring.Training.Modeling;

/// <summary>The only input row ML.NET ever sees: a dense, NaN-free encoded vector and the default flag.</summary>
internal sealed class EncodedRow
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";

    public bool Label { get; set; }

    public float[] Features { get; set; } = [];

    /// <summary>A schema definition that fixes the vector length (ML.NET needs a known size).</summary>
    public static SchemaDefinition Definition(int length)
    {
        var def = SchemaDefinition.Create(typeof(EncodedRow));
        def[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
        return def;
    }

    public static IDataView Load(MLContext ml, float[][] rows, bool[] labels, IReadOnlyList<int>? subset = null)
    {
        int length = rows.Length == 0 ? 0 : rows[0].Length;
        IEnumerable<EncodedRow> source = subset is null
            ? rows.Select((r, i) => new EncodedRow { Label = labels[i], Features = r })
            : subset.Select(i => new EncodedRow { Label = labels[i], Features = rows[i] });
        return ml.Data.LoadFromEnumerable(source, Definition(length));
    }
}

/// <summary>ML.NET's output row for a binary classifier.</summary>
internal sealed class ScoredRow
{
    public float Score { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}
