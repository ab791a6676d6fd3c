using System.IO.Compression;
using RiskScoring.Features;
using RiskScoring.Models;
using RiskScoring.Training.Modeling;

namespace RiskScoring.Training.Tests.Modeling;

public sealed class ModelPackageTests
{
    private static readonly Lazy<(TrainedModel Model, byte[] Bytes)> Trained = new(() =>
    {
        var trained = new ModelTrainer(new ModelTrainerTests.FixedTime(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)))
            .Train(Synthetic.Create(1500, 3), new ModelTrainingOptions { Gbdt = new GbdtOptions { NumberOfTrees = 15, MinimumExampleCountPerLeaf = 30 } })
            .WithEvaluation(new Dictionary<string, double> { ["holdout_auc"] = 0.75 });
        using var stream = new MemoryStream();
        trained.Save(stream);
        return (trained, stream.ToArray());
    });

    [Test]
    public void Save_SameSeedAndCreationTime_GivesIdenticalBytes()
    {
        // ML.NET stamps its inner zip with the wall clock; Save restamps it with the package's creation time.
        var again = new ModelTrainer(new ModelTrainerTests.FixedTime(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)))
            .Train(Synthetic.Create(1500, 3), new ModelTrainingOptions { Gbdt = new GbdtOptions { NumberOfTrees = 15, MinimumExampleCountPerLeaf = 30 } })
            .WithEvaluation(new Dictionary<string, double> { ["holdout_auc"] = 0.75 });
        using var stream = new MemoryStream();
        again.Save(stream);

        Assert.That(stream.ToArray(), Is.EqualTo(Trained.Value.Bytes));
    }

    [Test]
    public void Load_SavedPackage_RoundTripsModelAndMetadata()
    {
        var (trained, bytes) = Trained.Value;
        var package = ModelPackage.Load(new MemoryStream(bytes), Synthetic.Schema);
        Assert.That(package.Model.ToJson(), Is.EqualTo(trained.Compiled.ToJson()));
        Assert.That(package.Metadata, Is.EqualTo(trained.Metadata).Using<ModelMetadata>((a, b) => a.ToJson() == b.ToJson()));
        Assert.That(package.Metadata.Evaluation["holdout_auc"], Is.EqualTo(0.75));
        Assert.That(package.Metadata.Evaluation.ContainsKey("oof_auc"), Is.True);
        Assert.That(package.ManifestSha256, Has.Length.EqualTo(64));
        var table = Synthetic.Create(50, 99);
        for (int r = 0; r < table.RowCount; r++)
        {
            Assert.That(package.Model.PredictProbability(table.Row(r)), Is.EqualTo(trained.Compiled.PredictProbability(table.Row(r))));
        }
    }

    [Test]
    public void TrainedModelLoad_File_GivesWorkingMlNetBaseline()
    {
        var (trained, bytes) = Trained.Value;
        string path = Path.Combine(Path.GetTempPath(), $"riskscoring-{Guid.NewGuid():N}.rsmodel");
        try
        {
            File.WriteAllBytes(path, bytes);
            var loaded = TrainedModel.Load(path);
            using var before = trained.CreateBaseline();
            using var after = loaded.CreateBaseline();
            var table = Synthetic.Create(20, 5);
            for (int r = 0; r < table.RowCount; r++)
            {
                Assert.That(after.Score(table.Row(r)), Is.EqualTo(before.Score(table.Row(r))));
                Assert.That(loaded.Compiled.Score(table.Row(r)), Is.EqualTo(after.Score(table.Row(r))).Within(1e-5));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Save_Twice_ProducesSameCompiledEntries()
    {
        var (trained, bytes) = Trained.Value;
        using var again = new MemoryStream();
        trained.Save(again);
        Assert.That(Entry(again.ToArray(), ModelPackage.ModelEntry), Is.EqualTo(Entry(bytes, ModelPackage.ModelEntry)));
        Assert.That(Entry(again.ToArray(), ModelPackage.MetadataEntry), Is.EqualTo(Entry(bytes, ModelPackage.MetadataEntry)));
    }

    [Test]
    public void Load_AlteredEntry_IsRefusedNamingEntryAndHashes()
    {
        var bytes = Rewrite(Trained.Value.Bytes, ModelPackage.ModelEntry, d => d.Replace("\"bias\": ", "\"bias\": 1", StringComparison.Ordinal));
        Assert.That(() => ModelPackage.Load(new MemoryStream(bytes)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("entry 'model.json' has SHA-256").And.Message.Contains("but the manifest expects"));
    }

    [Test]
    public void Load_Truncated_IsRefused()
    {
        var bytes = Trained.Value.Bytes;
        Assert.That(() => ModelPackage.Load(new MemoryStream(bytes[..(bytes.Length / 2)])),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("not a readable zip archive"));
    }

    [Test]
    public void Load_ExtraEntry_IsRefused()
    {
        using var stream = new MemoryStream();
        stream.Write(Trained.Value.Bytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("extra.txt").Open());
            w.Write("hello");
        }

        Assert.That(() => ModelPackage.Load(new MemoryStream(stream.ToArray())),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("'extra.txt' is not listed in the manifest"));
    }

    [Test]
    public void Load_MissingEntry_IsRefused()
    {
        using var stream = new MemoryStream();
        stream.Write(Trained.Value.Bytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(ModelPackage.MlNetEntry)!.Delete();
        }

        Assert.That(() => ModelPackage.Load(new MemoryStream(stream.ToArray())),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("'mlnet.zip' is listed in the manifest but missing"));
    }

    [Test]
    public void Load_UnexpectedSchema_IsRefusedWithBothHashes()
    {
        var other = new FeatureSchema("synthetic", 2, Synthetic.Schema.Features);
        Assert.That(() => ModelPackage.Load(new MemoryStream(Trained.Value.Bytes), other),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(other.Hash).And.Message.Contains(Synthetic.Schema.Hash));
    }

    private static byte[] Entry(byte[] package, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var s = zip.GetEntry(name)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static byte[] Rewrite(byte[] package, string name, Func<string, string> change)
    {
        string text = System.Text.Encoding.UTF8.GetString(Entry(package, name));
        string changed = change(text);
        Assert.That(changed, Is.Not.EqualTo(text), "the test must actually alter the entry");
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)!.Delete();
            using var w = new StreamWriter(zip.CreateEntry(name).Open());
            w.Write(changed);
        }

        return stream.ToArray();
    }
}
