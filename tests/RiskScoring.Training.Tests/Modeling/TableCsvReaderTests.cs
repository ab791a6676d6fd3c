using System.Collections.Immutable;
using RiskScoring.Features;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Training.Tests.Modeling;

public sealed class TableCsvReaderTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "riskscoring-csv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Read_MixedFile_DetectsKindsMissingPercentAndRejectsBadTargets()
    {
        string path = Write("""
            id,target,income,rate,grade,Sex
            a1,0,1000,12.5%,"B, plus",m
            a2,1,NA,5%,A,f
            a3,x,3000,1%,A,f
            a4,0,n/a,null,,m
            a5,,2500,0.5,C,f
            a6,1,null,100%,"B, plus",m
            """);
        var result = TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "target", IdColumn = "id" });

        Assert.That(result.Schema.Features.Select(f => (f.Name, f.Kind)), Is.EqualTo(new[]
        {
            ("income", FeatureKind.Numeric), ("rate", FeatureKind.Numeric), ("grade", FeatureKind.Categorical),
        }));

        // Categories sorted ordinally: "A" < "B, plus" < "C".
        Assert.That(result.Schema[2].Categories, Is.EqualTo(new[] { "A", "B, plus", "C" }));
        Assert.That(result.Table.Ids, Is.EqualTo(new[] { "a1", "a2", "a4", "a6" }));
        Assert.That(result.Table.Labels.ToArray(), Is.EqualTo(new[] { false, true, false, true }));

        // Row a1: 1000, 12.5% → 0.125, "B, plus" → code 1. Row a4: all missing (n/a, null, empty).
        Assert.That(result.Table.Row(0).ToArray(), Is.EqualTo(new[] { 1000f, 0.125f, 1f }));
        Assert.That(result.Table.Row(2).ToArray(), Is.All.NaN);
        Assert.That(result.Table.Row(3).ToArray(), Is.EqualTo(new[] { float.NaN, 1f, 1f }));

        // Sex is a protected attribute: kept aside, never a feature.
        Assert.That(result.Table.Attributes["Sex"], Is.EqualTo(new[] { "m", "f", "m", "m" }));
        Assert.That(result.Rejections, Is.EqualTo(new[]
        {
            new TableCsvRejection(4, "target", "x", "the target must be '1' (default) or '0' (no default)"),
            new TableCsvRejection(6, "target", "", "the target must be '1' (default) or '0' (no default)"),
        }));
    }

    [Test]
    public void Read_UnnamedFirstColumn_IsTheId()
    {
        string path = Write("""
            ,SeriousDlqin2yrs,age
            1,1,45
            2,0,40
            """);
        var result = TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "SeriousDlqin2yrs" });
        Assert.That(result.Schema.Features.Select(f => f.Name), Is.EqualTo(new[] { "age" }));
        Assert.That(result.Table.Ids, Is.EqualTo(new[] { "1", "2" }));
    }

    [Test]
    public void Read_GermanStyleLabelsAndForeignWorker_UseOptionsAndDefaults()
    {
        string path = Write("""
            duration,foreign_worker,personal status and sex,purpose,class
            6,A201,A93,A43,1
            48,A201,A92,A43,2
            12,A202,A93,A46,1
            """);
        var result = TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "class", PositiveLabel = "2", NegativeLabel = "1" });
        Assert.That(result.Schema.Features.Select(f => f.Name), Is.EqualTo(new[] { "duration", "purpose" }));
        Assert.That(result.Table.Attributes.Keys, Is.EquivalentTo(new[] { "foreign_worker", "personal status and sex" }));
        Assert.That(result.Table.Labels.ToArray(), Is.EqualTo(new[] { false, true, false }));

        // Without an id column the id is the line number (header = line 1).
        Assert.That(result.Table.Ids, Is.EqualTo(new[] { "2", "3", "4" }));
    }

    [Test]
    public void Read_ManyCategories_KeepsMostFrequentAndOther()
    {
        // c: 4×"x", 3×"y", 2×"z", 1×"w"; MaxCategories 3 keeps the two most frequent (x, y) + "(other)".
        string path = Write("t,c\n" + string.Join("\n", "xxxxyyyzzw".Select((ch, i) => $"{i % 2},{ch}")) + "\n");
        var result = TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "t", MaxCategories = 3 });
        Assert.That(result.Schema[0].Categories, Is.EqualTo(new[] { "x", "y", "(other)" }));
        Assert.That(result.Table.Column(0), Is.EqualTo(new[] { 0f, 0, 0, 0, 1, 1, 1, 2, 2, 2 }));
    }

    [Test]
    public void Read_ForcedNumericWithText_RejectsTheRowAndAllowsOverride()
    {
        string path = Write("""
            t,code,v
            0,10,1
            1,abc,2
            """);
        var forced = TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "t", ColumnKinds = ImmutableDictionary<string, FeatureKind>.Empty.Add("code", FeatureKind.Numeric) });
        Assert.That(forced.Table.RowCount, Is.EqualTo(1));
        Assert.That(forced.Rejections.Single(), Is.EqualTo(new TableCsvRejection(3, "code", "abc", "the column is numeric but the value is not a number or percentage")));

        var detected = TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "t" });
        Assert.That(detected.Schema[0].Kind, Is.EqualTo(FeatureKind.Categorical));
        Assert.That(detected.Schema[0].Categories, Is.EqualTo(new[] { "10", "abc" }));
    }

    [Test]
    public void Read_WrongFieldCount_IsRejectedWithLine()
    {
        string path = Write("t,a,b\n0,1,2\n1,3\n");
        var result = TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "t" });
        Assert.That(result.Table.RowCount, Is.EqualTo(1));
        Assert.That(result.Rejections.Single().Line, Is.EqualTo(3));
        Assert.That(result.Rejections.Single().Reason, Is.EqualTo("the row has 2 fields; the header has 3"));
    }

    [Test]
    public void Read_NoTargetColumn_Throws()
    {
        string path = Write("a,b\n1,2\n");
        Assert.That(() => TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "default" }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("no target column 'default'").And.Message.Contains("a, b"));
    }

    [Test]
    public void Read_Gmsc_AllNumericNoRejections()
    {
        string path = Gmsc.FindPath() ?? throw new IgnoreException("Give Me Some Credit (shared/data/real/cs-training.csv) is not present.");
        var result = TableCsvReader.Read(path, new TableCsvOptions { TargetColumn = "SeriousDlqin2yrs", SchemaName = "gmsc" });
        Assert.That(result.Table.RowCount, Is.EqualTo(150_000));
        Assert.That(result.Rejections, Is.Empty);
        Assert.That(result.Schema.Count, Is.EqualTo(10));
        Assert.That(result.Schema.Features.All(f => f.Kind == FeatureKind.Numeric), Is.True);

        // The hand parser and the reader agree on every value (NaN = NA).
        var reference = Gmsc.Load();
        Assert.That(result.Table.Values.ToArray(), Is.EqualTo(reference.Values.ToArray()));
        Assert.That(result.Table.PositiveRate, Is.EqualTo(10026 / 150000.0));
    }

    private string Write(string text)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text);
        return path;
    }
}
