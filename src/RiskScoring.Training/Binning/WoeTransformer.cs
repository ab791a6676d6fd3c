using System.Collections.ObjectModel;
using System.Globalization;

namespace RiskScoring.Training.Binning;

/// <summary>
/// Replaces feature values with the weight of evidence of their bin (see
/// <see cref="RiskScoring.Scorecards.CharacteristicStatistics"/> for the sign convention). The row methods allocate
/// nothing. Immutable and thread-safe.
/// </summary>
public sealed class WoeTransformer
{
    private readonly BinningResult[] _characteristics;
    private readonly int[] _sources;
    private readonly double[][] _woe;
    private readonly int _minRowLength;

    /// <summary>Creates a transformer.</summary>
    /// <param name="characteristics">Fitted characteristics; output position i is characteristic i.</param>
    /// <param name="sourceColumns">For each characteristic, the index of its value in an input row; null = the
    /// identity (characteristic i reads row[i]).</param>
    /// <exception cref="ArgumentException">When <paramref name="sourceColumns"/> has the wrong length or a negative index.</exception>
    public WoeTransformer(IReadOnlyList<BinningResult> characteristics, IReadOnlyList<int>? sourceColumns = null)
    {
        ArgumentNullException.ThrowIfNull(characteristics);
        _characteristics = [.. characteristics];
        _sources = sourceColumns is null ? [.. Enumerable.Range(0, _characteristics.Length)] : [.. sourceColumns];
        if (_sources.Length != _characteristics.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"sourceColumns has {_sources.Length} entries but there are {_characteristics.Length} characteristics (must be equal)."),
                nameof(sourceColumns));
        }

        for (var i = 0; i < _sources.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_characteristics[i], nameof(characteristics));
            if (_sources[i] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"sourceColumns[{i}] = {_sources[i]} must be ≥ 0."), nameof(sourceColumns));
            }

            _minRowLength = Math.Max(_minRowLength, _sources[i] + 1);
        }

        _woe = [.. _characteristics.Select(c => c.Statistics.WoeValues.ToArray())];
        FeatureNames = Array.AsReadOnly(_characteristics.Select(c => c.FeatureName).ToArray());
        SourceColumns = Array.AsReadOnly(_sources);
    }

    /// <summary>Number of characteristics (length of an output row).</summary>
    public int CharacteristicCount => _characteristics.Length;

    /// <summary>Feature names in output order.</summary>
    public ReadOnlyCollection<string> FeatureNames { get; }

    /// <summary>Index in the input row of each characteristic's value.</summary>
    public ReadOnlyCollection<int> SourceColumns { get; }

    /// <summary>Writes the WoE of each characteristic for one row. Allocates nothing.</summary>
    /// <param name="row">Feature values of one row (at least max(SourceColumns) + 1 long).</param>
    /// <param name="woe">Output, <see cref="CharacteristicCount"/> long.</param>
    /// <exception cref="ArgumentException">When a span is too short.</exception>
    public void TransformRow(ReadOnlySpan<float> row, Span<double> woe)
    {
        CheckRow(row.Length, woe.Length, nameof(row), nameof(woe));
        for (var i = 0; i < _sources.Length; i++)
        {
            woe[i] = _woe[i][_characteristics[i].Bins.FindBin(row[_sources[i]])];
        }
    }

    /// <summary>Writes the WoE of each characteristic for one row as floats (for ML.NET). Allocates nothing.</summary>
    /// <param name="row">Feature values of one row (at least max(SourceColumns) + 1 long).</param>
    /// <param name="woe">Output, <see cref="CharacteristicCount"/> long.</param>
    /// <exception cref="ArgumentException">When a span is too short.</exception>
    public void TransformRow(ReadOnlySpan<float> row, Span<float> woe)
    {
        CheckRow(row.Length, woe.Length, nameof(row), nameof(woe));
        for (var i = 0; i < _sources.Length; i++)
        {
            woe[i] = (float)_woe[i][_characteristics[i].Bins.FindBin(row[_sources[i]])];
        }
    }

    /// <summary>Writes the bin index of each characteristic for one row. Allocates nothing.</summary>
    /// <param name="row">Feature values of one row (at least max(SourceColumns) + 1 long).</param>
    /// <param name="bins">Output, <see cref="CharacteristicCount"/> long.</param>
    /// <exception cref="ArgumentException">When a span is too short.</exception>
    public void FindBins(ReadOnlySpan<float> row, Span<int> bins)
    {
        CheckRow(row.Length, bins.Length, nameof(row), nameof(bins));
        for (var i = 0; i < _sources.Length; i++)
        {
            bins[i] = _characteristics[i].Bins.FindBin(row[_sources[i]]);
        }
    }

    /// <summary>Writes the WoE of one characteristic for a column of values.</summary>
    /// <param name="characteristic">Characteristic index (output position).</param>
    /// <param name="values">The characteristic's values.</param>
    /// <param name="woe">Output, as long as <paramref name="values"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the index is out of range.</exception>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public void TransformColumn(int characteristic, ReadOnlySpan<float> values, Span<double> woe)
    {
        var (bins, table) = Column(characteristic, values.Length, woe.Length, nameof(woe));
        for (var r = 0; r < values.Length; r++)
        {
            woe[r] = table[bins.FindBin(values[r])];
        }
    }

    /// <summary>Writes the WoE of one characteristic for a column of values, as floats.</summary>
    /// <param name="characteristic">Characteristic index (output position).</param>
    /// <param name="values">The characteristic's values.</param>
    /// <param name="woe">Output, as long as <paramref name="values"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the index is out of range.</exception>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public void TransformColumn(int characteristic, ReadOnlySpan<float> values, Span<float> woe)
    {
        var (bins, table) = Column(characteristic, values.Length, woe.Length, nameof(woe));
        for (var r = 0; r < values.Length; r++)
        {
            woe[r] = (float)table[bins.FindBin(values[r])];
        }
    }

    private (RiskScoring.Scorecards.CharacteristicBins Bins, double[] Table) Column(int characteristic, int valueLength, int outputLength, string outputName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(characteristic);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(characteristic, _characteristics.Length);
        if (outputLength != valueLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"output has {outputLength} entries but values has {valueLength} (must be equal)."),
                outputName);
        }

        return (_characteristics[characteristic].Bins, _woe[characteristic]);
    }

    private void CheckRow(int rowLength, int outputLength, string rowName, string outputName)
    {
        if (rowLength < _minRowLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"row has {rowLength} values but the characteristics read column {_minRowLength - 1} (need at least {_minRowLength})."),
                rowName);
        }

        if (outputLength != _characteristics.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"output has {outputLength} entries but there are {_characteristics.Length} characteristics (must be equal)."),
                outputName);
        }
    }
}
