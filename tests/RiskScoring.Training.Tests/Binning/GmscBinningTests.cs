using System.Diagnostics;
using System.Globalization;
using RiskScoring.Scorecards;
using RiskScoring.Training.Binning;

namespace RiskScoring.Training.Tests.Binning;

/// <summary>Bins the 10 numeric columns of Give Me Some Credit (150,000 rows) when the file is present.</summary>
public sealed class GmscBinningTests
{
    private const string Path = "/work/shared/data/real/cs-training.csv";

    private static readonly string[] PastDue =
        ["NumberOfTime30-59DaysPastDueNotWorse", "NumberOfTimes90DaysLate", "NumberOfTime60-89DaysPastDueNotWorse"];

    private static (string[] Names, float[][] Columns, bool[] IsBad)? data;

    private static (string[] Names, float[][] Columns, bool[] IsBad) Load()
    {
        if (data is { } loaded)
        {
            return loaded;
        }

        if (!File.Exists(Path))
        {
            Assert.Ignore($"{Path} is absent: the Give Me Some Credit binning test needs it (see /work/shared/data/real/SOURCES.md).");
        }

        // Header row; comma separated; first column is the row id, then SeriousDlqin2yrs, then 10 features; "NA" = missing.
        var lines = File.ReadAllLines(Path);
        var header = lines[0].Split(',');
        var target = Array.IndexOf(header, "SeriousDlqin2yrs");
        var featureColumns = Enumerable.Range(1, header.Length - 1).Where(i => i != target).ToArray();
        var columns = featureColumns.Select(_ => new float[lines.Length - 1]).ToArray();
        var isBad = new bool[lines.Length - 1];
        for (var r = 1; r < lines.Length; r++)
        {
            var fields = lines[r].Split(',');
            isBad[r - 1] = fields[target] == "1";
            for (var f = 0; f < featureColumns.Length; f++)
            {
                var text = fields[featureColumns[f]];
                columns[f][r - 1] = text == "NA" ? float.NaN : float.Parse(text, CultureInfo.InvariantCulture);
            }
        }

        data = (featureColumns.Select(i => header[i]).ToArray(), columns, isBad);
        return data.Value;
    }

    private static FeatureBinningSpec Spec(string name) => name switch
    {
        _ when PastDue.Contains(name) => FeatureBinningSpec.Numeric(name) with { SpecialValues = [96f, 98f] },
        "age" => FeatureBinningSpec.Numeric(name) with { ForcedCutPoints = [62f] },
        _ => FeatureBinningSpec.Numeric(name),
    };

    [Test]
    public void FitMany_GmscNumericColumns_SensibleIvsAndMonotoneTrends()
    {
        var (names, columns, isBad) = Load();
        var specs = names.Select(Spec).ToArray();
        var binner = new OptimalBinner();
        var memory = columns.Select(c => (ReadOnlyMemory<float>)c).ToArray();
        binner.FitMany(specs, memory, isBad); // warm-up (JIT)

        var stopwatch = Stopwatch.StartNew();
        var results = binner.FitMany(specs, memory, isBad);
        stopwatch.Stop();
        TestContext.Out.WriteLine($"Binned {results.Count} characteristics x {isBad.Length} rows in {stopwatch.Elapsed.TotalMilliseconds:F0} ms ({Environment.ProcessorCount} cores).");
        foreach (var r in results)
        {
            TestContext.Out.WriteLine($"{r.FeatureName,-40} IV {r.InformationValue,7:F4}  trend {r.Trend,-10} bins: " +
                string.Join(" | ", r.BinStatistics.Select(b => $"{b.Description} n={b.Count} dr={b.DefaultRate:P1} woe={b.WoE:F2}")));
        }

        var iv = results.ToDictionary(r => r.FeatureName, r => r.InformationValue);
        Assert.That(iv["RevolvingUtilizationOfUnsecuredLines"], Is.GreaterThan(0.5));
        Assert.That(iv["NumberOfTimes90DaysLate"], Is.GreaterThan(0.4));
        Assert.That(iv["NumberOfTime30-59DaysPastDueNotWorse"], Is.GreaterThan(0.3));
        Assert.That(iv["age"], Is.GreaterThan(0.1));

        var age = results.Single(r => r.FeatureName == "age");
        Assert.That(age.Bins.CutPoints, Does.Contain(62f));
        Assert.That(age.Trend, Is.EqualTo(MonotonicTrend.Descending)); // risk falls with age
        Assert.That(results.Single(r => r.FeatureName == "RevolvingUtilizationOfUnsecuredLines").Trend, Is.EqualTo(MonotonicTrend.Ascending));
        Assert.That(results.Single(r => r.FeatureName == "MonthlyIncome").BinStatistics[^1].Count, Is.EqualTo(29731)); // "NA" rows

        foreach (var r in results)
        {
            var rates = r.BinStatistics.Where(b => b.Kind == BinKind.Interval && b.Count > 0).Select(b => b.DefaultRate).ToArray();
            Assert.That(rates, r.Trend == MonotonicTrend.Ascending ? Is.Ordered.Ascending : Is.Ordered.Descending, r.FeatureName);
            Assert.That(r.BinStatistics.Count(b => b.Kind == BinKind.Interval), Is.LessThanOrEqualTo(8), r.FeatureName);
            Assert.That(r.Statistics.TotalCount, Is.EqualTo(150_000), r.FeatureName);
        }

        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "far above the 2 s budget: something is quadratic");
    }
}
