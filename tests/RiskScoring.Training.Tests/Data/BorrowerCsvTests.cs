using System.Text;
using RiskScoring.Features;
using RiskScoring.Profiles;
using RiskScoring.Training.Data;
using C = RiskScoring.Training.Data.BorrowerCsvColumns;
using F = RiskScoring.Features.BorrowerFeatures;

namespace RiskScoring.Training.Tests.Data;

public sealed class BorrowerCsvTests
{
    private const string Header = "id,kind,age,employment_type,months_in_employment,income_m1,income_m2,income_m3,monthly_debt_obligations,dependents,credit_lines,past_due_30_59,defaulted";

    private static (List<BorrowerRecord> Rows, LoadReport Report) Read(string text, LoadOptions? options = null)
    {
        var report = new LoadReport("test.csv");
        var rows = BorrowerCsv.Read(new StringReader(text), report, options).ToList();
        return (rows, report);
    }

    [Test]
    public void Read_ValidRow_MapsEveryColumn()
    {
        var (rows, report) = Read(Header + "\n" + "b1,Individual,29,SelfEmployed,14,2000,2500,1500,400,2,R:1000:900;I:5000:250,2,1\n");

        Assert.That(report.RowsRead, Is.EqualTo(1));
        Assert.That(report.RowsAccepted, Is.EqualTo(1));
        var p = rows[0].Profile;
        Assert.That(p.Id, Is.EqualTo("b1"));
        Assert.That(p.Age, Is.EqualTo(29));
        Assert.That(p.Employment, Is.EqualTo(EmploymentType.SelfEmployed));
        Assert.That(p.IncomeHistory, Is.EqualTo(new[] { 2000.0, 2500, 1500 }));
        Assert.That(p.CreditLines, Is.EqualTo(new[] { CreditLine.Revolving(1000, 900), CreditLine.Instalment(5000, 250) }));
        Assert.That(p.Repayment.PastDue30To59, Is.EqualTo(2));
        Assert.That(rows[0].Defaulted, Is.True);
        Assert.That(rows[0].Line, Is.EqualTo(2));
    }

    [Test]
    public void Read_AbsentOptionalColumns_AreReportedAndUnknown()
    {
        var (rows, report) = Read("id,age\nb1,40\n");
        Assert.That(rows[0].Profile.MonthlyDebtObligations, Is.Null);
        Assert.That(report.AbsentColumns, Does.Contain(C.MonthlyDebtObligations).And.Contain(C.IncomePrefix + "1…N"));
    }

    [Test]
    public void Read_MissingIdHeaderColumn_ThrowsNamingTheColumn()
    {
        Assert.That(() => Read("age,kind\n40,Individual\n"),
            Throws.TypeOf<DataLoadException>().With.Message.Contains("column 'id'").And.Message.Contains("line 1"));
    }

    [Test]
    public void Read_UnknownHeaderColumn_ThrowsSuggestingThePrefix()
    {
        Assert.That(() => Read("id,agee\nb1,40\n"),
            Throws.TypeOf<DataLoadException>().With.Message.Contains("'agee'").And.Message.Contains("x_"));
    }

    [Test]
    public void Read_IncomeColumnsWithAGap_Throws()
    {
        Assert.That(() => Read("id,income_m1,income_m3\nb1,1,2\n"),
            Throws.TypeOf<DataLoadException>().With.Message.Contains("income_m2 is missing"));
    }

    [Test]
    public void Read_EmptyFile_Throws()
    {
        Assert.That(() => Read(string.Empty), Throws.TypeOf<DataLoadException>().With.Message.Contains("empty"));
    }

    [Test]
    public void Read_HeaderOnly_ReadsNoRows()
    {
        var (rows, report) = Read(Header + "\n");
        Assert.That(rows, Is.Empty);
        Assert.That(report.RowsRead, Is.Zero);
    }

    [Test]
    public void Read_WrongType_RejectsRowWithLineColumnAndValueAndKeepsGoing()
    {
        var (rows, report) = Read("id,age\nb1,40\nb2,forty\nb3,50\n");

        Assert.That(rows.Select(r => r.Profile.Id), Is.EqualTo(new[] { "b1", "b3" }));
        Assert.That(report.RowsRead, Is.EqualTo(3));
        Assert.That(report.RowsRejected, Is.EqualTo(1));
        Assert.That(report.Rejections.Single(), Is.EqualTo(new LoadRejection(3, C.Age, "forty", "is not a whole number")));
    }

    [Test]
    public void Read_StrictMode_ThrowsAtFirstBadRowWithLineColumnValue()
    {
        var strict = new LoadOptions { InvalidRows = InvalidRowHandling.Throw };
        var ex = Assert.Throws<DataLoadException>(() => Read("id,age\nb1,40\nb2,forty\nb3,x\n", strict));
        Assert.That(ex!.Rejection.Line, Is.EqualTo(3));
        Assert.That(ex.Message, Does.Contain("line 3").And.Contain("'age'").And.Contain("'forty'"));
    }

    [Test]
    public void Read_Utf8ByteOrderMarkFile_ReadsIdColumn()
    {
        string path = Path.Combine(Path.GetTempPath(), "riskscoring-bom-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("id,age\nb1,40\n")]);
            var report = new LoadReport(path);
            var rows = BorrowerCsv.ReadFile(path, report).ToList();
            Assert.That(rows.Single().Profile.Age, Is.EqualTo(40));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Read_ByteOrderMarkCharacterInText_IsIgnored()
    {
        var (rows, _) = Read("\uFEFFid,age\nb1,40\n");
        Assert.That(rows.Single().Profile.Id, Is.EqualTo("b1"));
    }

    [Test]
    public void Read_QuotedDelimitersAndQuotes_AreOneCell()
    {
        var (rows, report) = Read("id,x_note,credit_lines\n\"b,1\",\"says \"\"hi\"\", twice\",\"R:1000:900;I:5000:250\"\n");
        Assert.That(report.RowsRejected, Is.Zero);
        Assert.That(rows[0].Profile.Id, Is.EqualTo("b,1"));
        Assert.That(rows[0].Profile.Extra["note"], Is.EqualTo(ExtraValue.Categorical("says \"hi\", twice")));
        Assert.That(rows[0].Profile.CreditLines, Has.Length.EqualTo(2));
    }

    [Test]
    public void Read_TrailingBlankLines_AreNotRows()
    {
        var (rows, report) = Read("id,age\nb1,40\nb2,41\n\n\n\r\n");
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(report.RowsRead, Is.EqualTo(2));
        Assert.That(report.Rejections, Is.Empty);
    }

    [Test]
    public void Read_CrLfLineEnds_GiveTheSameRowsAndLines()
    {
        var (rows, report) = Read("id,age\r\nb1,40\r\nb2,zz\r\nb3,41\r\n");
        Assert.That(rows.Select(r => r.Profile.Age), Is.EqualTo(new int?[] { 40, 41 }));
        Assert.That(rows[1].Line, Is.EqualTo(4));
        Assert.That(report.Rejections.Single().Line, Is.EqualTo(3));
    }

    [Test]
    public void Read_TooManyAndTooFewFields_AreRejectedWithCounts()
    {
        var (rows, report) = Read("id,age,dependents\nb1,40,1\nb2,41\nb3,42,1,9\nb4,43,0\n");
        Assert.That(rows.Select(r => r.Profile.Id), Is.EqualTo(new[] { "b1", "b4" }));
        Assert.That(report.Rejections.Select(r => (r.Line, r.Reason)), Is.EqualTo(new[]
        {
            (3L, "has 2 fields; the header has 3"),
            (4L, "has 4 fields; the header has 3"),
        }));
    }

    [Test]
    public void Read_InvalidEnum_IsRejectedListingTheNames()
    {
        var (_, report) = Read("id,employment_type,kind\nb1,Pirate,Individual\nb2,3,Individual\nb3,Gig,Company\n");
        Assert.That(report.RowsAccepted, Is.Zero);
        Assert.That(report.Rejections.Select(r => (r.Line, r.Column, r.Value)), Is.EqualTo(new[]
        {
            (2L, C.EmploymentType, "Pirate"),
            (3L, C.EmploymentType, "3"), // numbers are refused: a shifted column must not pass as an enum
            (4L, C.Kind, "Company"),
        }));
        Assert.That(report.Rejections[0].Reason, Does.Contain("SalariedPermanent"));
    }

    [Test]
    public void Read_NegativeIncome_IsRejectedAtItsIncomeColumn()
    {
        // income_m1 empty (shorter history), so IncomeHistory[1] is income_m3.
        var (_, report) = Read("id,income_m1,income_m2,income_m3\nb1,,2000,-5\n");
        Assert.That(report.Rejections.Single(), Is.EqualTo(new LoadRejection(2, "income_m3", "-5", "must not be negative")));
    }

    [Test]
    public void Read_LeadingEmptyIncomeCells_GiveAShorterHistory_AndAGapIsRejected()
    {
        var (rows, report) = Read("id,income_m1,income_m2,income_m3\nb1,,NA,2000\nb2,1000,,2000\n");
        Assert.That(rows.Single().Profile.IncomeHistory, Is.EqualTo(new[] { 2000.0 }));
        Assert.That(report.Rejections.Single().Column, Is.EqualTo("income_m2"));
        Assert.That(report.Rejections.Single().Reason, Does.Contain("only the oldest (leading) income cells may be empty"));
    }

    [TestCase("")]
    [TestCase("NA")]
    [TestCase("n/a")]
    [TestCase("null")]
    [TestCase(" NULL ")]
    public void Read_MissingTokens_AreUnknown(string token)
    {
        var (rows, _) = Read($"id,age,ever_delinquent,x_segment\nb1,{token},{token},{token}\n");
        Assert.That(rows[0].Profile.Age, Is.Null);
        Assert.That(rows[0].Profile.Repayment.EverDelinquent, Is.Null);
        Assert.That(rows[0].Profile.Extra, Is.Empty);
    }

    [Test]
    public void Read_ProfileRuleBroken_IsRejectedWithTheCsvColumn()
    {
        // Age 15 breaks the 18–120 rule; an individual with business revenue breaks the Business rule (mapped to kind).
        var (_, report) = Read("id,age,kind,business_revenue\nb1,15,Individual,\nb2,30,Individual,1000\n");
        Assert.That(report.Rejections.Select(r => (r.Line, r.Column, r.Reason)), Is.EqualTo(new[]
        {
            (2L, C.Age, "must be between 18 and 120"),
            (3L, C.Kind, "must be null for an individual borrower"),
        }));
    }

    [Test]
    public void Read_RequireLabel_RejectsRowsWithoutDefaulted()
    {
        var (rows, report) = Read("id,defaulted\nb1,1\nb2,\nb3,0\n", new LoadOptions { RequireLabel = true });
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(report.Rejections.Single().Line, Is.EqualTo(3));
    }

    [Test]
    public void Read_LimitColumns_ParseDecimalAndDate()
    {
        var (rows, report) = Read("id,current_limit,last_increase_date\nb1,1500.50,2024-03-31\nb2,1000,31/03/2024\n");
        Assert.That(rows.Single().CurrentLimit, Is.EqualTo(1500.50m));
        Assert.That(rows.Single().LastIncreaseDate, Is.EqualTo(new DateOnly(2024, 3, 31)));
        Assert.That(report.Rejections.Single().Reason, Does.Contain("yyyy-MM-dd"));
    }

    [Test]
    public void Read_MalformedQuoting_IsRejectedNotSwallowed()
    {
        var (rows, report) = Read("id,age\nb1,40\n\"b2,41\nb3,42\n");
        Assert.That(report.RowsRead, Is.EqualTo(report.RowsAccepted + report.RowsRejected));
        Assert.That(report.RowsRejected, Is.GreaterThanOrEqualTo(1));
        Assert.That(rows.Select(r => r.Profile.Id), Does.Contain("b1"));
    }

    [Test]
    public void WriteThenRead_SyntheticRecords_RoundTripExactly()
    {
        var records = SyntheticPopulation.Generate(300, 3);
        string first = SyntheticPopulationTests.Write(records);
        var (rows, report) = Read(first);
        Assert.That(report.RowsAccepted, Is.EqualTo(300));
        Assert.That(SyntheticPopulationTests.Write(rows), Is.EqualTo(first));
    }

    [Test]
    public void Write_ExtraAttributeNotDeclared_Throws()
    {
        var record = new BorrowerRecord(new BorrowerProfile { Id = "b1", Extra = TestExtras("segment", ExtraValue.Categorical("A")) });
        Assert.That(() => BorrowerCsv.Write(new StringWriter(), [record]),
            Throws.ArgumentException.With.Message.Contains("'segment'"));
        var text = new StringWriter();
        BorrowerCsv.Write(text, [record], new BorrowerCsvWriteOptions { ExtraColumns = ["segment"], IncomeMonths = 0 });
        Assert.That(text.ToString(), Does.StartWith("id,kind,age,employment_type,months_in_employment,monthly_debt_obligations").And.Contain(",x_segment,defaulted\n"));
    }

    [Test]
    public void LoadTable_ExtraColumns_AreNumericOrCategoricalByContent()
    {
        var loaded = BorrowerCsv.LoadTable(new StringReader("id,x_score,x_segment,defaulted\nb1,1.5,B,1\nb2,NA,7,0\nb3,2,A,0\n"), "t");
        var schema = loaded.Table.Schema;
        Assert.That(schema.Count, Is.EqualTo(F.StandardCount + 2));
        Assert.That(schema[schema.IndexOf("score")].Kind, Is.EqualTo(FeatureKind.Numeric));
        var segment = schema[schema.IndexOf("segment")];

        // "7" parsed as a number but the column has text, so it is a category; categories sorted ordinally: 7, A, B.
        Assert.That(segment.Categories, Is.EqualTo(new[] { "7", "A", "B" }));
        Assert.That(loaded.Table.Column(schema.IndexOf("segment")), Is.EqualTo(new[] { 2f, 0f, 1f }));
        Assert.That(loaded.Table.Column(schema.IndexOf("score"))[1], Is.NaN);
        Assert.That(loaded.Table.PositiveRate, Is.EqualTo(1.0 / 3).Within(1e-12));
    }

    [Test]
    public void LoadReport_ToText_ListsCountsAndReasons()
    {
        var (_, report) = Read("id,age\nb1,x\nb2,y\nb3,40\n");
        string text = report.ToText();
        Assert.That(text, Does.Contain("3 rows read, 1 accepted, 2 rejected"));
        Assert.That(text, Does.Contain("rejected        2  age: is not a whole number"));
    }

    private static System.Collections.Immutable.ImmutableDictionary<string, ExtraValue> TestExtras(string name, ExtraValue value) =>
        System.Collections.Immutable.ImmutableDictionary<string, ExtraValue>.Empty.WithComparers(StringComparer.Ordinal).Add(name, value);
}
