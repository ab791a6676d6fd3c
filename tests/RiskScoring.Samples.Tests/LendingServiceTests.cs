using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using RiskScoring.Decisions;
using RiskScoring.Models;
using RiskScoring.Samples.LendingService;

namespace RiskScoring.Samples.Tests;

/// <summary>Starts the sample service on Kestrel at 127.0.0.1 on a free port and talks real HTTP to it.</summary>
[NonParallelizable]
public sealed class LendingServiceTests
{
    private const string ValidProfile = """
        {"id":"b1","age":29,"employment":"SelfEmployed","monthsInEmployment":14,"incomeHistory":[2000,2500,1500],
         "monthlyDebtObligations":400,"dependents":2,
         "creditLines":[{"kind":"Revolving","limit":1000,"balance":900,"monthlyInstalment":0}],
         "repayment":{"pastDue30To59":2,"pastDue60To89":0,"pastDue90Plus":0,"monthsSinceLastDelinquency":3,"everDelinquent":true}}
        """;

    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private JsonSerializerOptions _json = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = LendingServiceApp.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:RiskScoring=Error"]);
        await _app.StartAsync();
        var address = new Uri(_app.Urls.Single());
        Assert.That(address.Host, Is.EqualTo("127.0.0.1"));
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        _json = new JsonSerializerOptions();
        LendingServiceApp.Configure(_json);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That((int?)body["status"], Is.EqualTo(400));
        return body;
    }

    [Test]
    public async Task Score_ValidProfile_ReturnsWhatTheLibraryComputes()
    {
        using var response = await PostAsync("/score", ValidProfile);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var profile = JsonSerializer.Deserialize<Profiles.BorrowerProfile>(ValidProfile, _json)!;
        var expected = DemoModel.CreateScorer().Score(profile);
        Assert.Multiple(() =>
        {
            Assert.That((double)body["probabilityOfDefault"]!, Is.EqualTo(expected.ProbabilityOfDefault));
            Assert.That((double)body["score"]!, Is.EqualTo(Math.Round(expected.Score, 1)));
            Assert.That((string?)body["grade"], Is.EqualTo(expected.Grade.Label));
            Assert.That((string?)body["modelVersion"], Is.EqualTo(DemoModel.CreateScorer().ModelVersion));
            Assert.That(body["reasons"]!.AsArray().Select(r => (string?)r!["code"]), Is.EqualTo(expected.ToReasonArray().Select(r => r.Code)));
            Assert.That(expected.ReasonCount, Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task LimitReview_ValidRequest_ReturnsTheDecisionWithFiredRules()
    {
        string request = "{\"profile\":" + ValidProfile + ",\"currentLimit\":1000,\"reviewDate\":\"2026-03-01\",\"lastIncreaseDate\":\"2025-06-30\"}";
        using var response = await PostAsync("/limit-review", request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var decision = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["decision"]!;
        var profile = JsonSerializer.Deserialize<Profiles.BorrowerProfile>(ValidProfile, _json)!;
        var scorer = DemoModel.CreateScorer();
        var expected = new LimitAdjuster(LimitPolicy.Default).Review(new LimitReviewRequest
        {
            Profile = profile,
            Assessment = scorer.Score(profile),
            CurrentLimit = 1000m,
            ReviewDate = new DateOnly(2026, 3, 1),
            LastIncreaseDate = new DateOnly(2025, 6, 30),
            ModelVersion = scorer.ModelVersion,
        });
        Assert.Multiple(() =>
        {
            Assert.That((decimal)decision["newLimit"]!, Is.EqualTo(expected.NewLimit));
            Assert.That((string?)decision["direction"], Is.EqualTo(expected.Direction.ToString()));
            Assert.That((string?)decision["reviewDate"], Is.EqualTo("2026-03-01"));
            Assert.That((string?)decision["policyName"], Is.EqualTo("default"));
            Assert.That(decision["firedRules"]!.AsArray().Select(r => (string?)r!["ruleId"]), Is.EqualTo(expected.FiredRules.Select(r => r.RuleId)));
            Assert.That(expected.FiredRules, Is.Not.Empty);
        });
    }

    [Test]
    public async Task Score_AgeTwelve_ProblemNamesFieldValueAndRule()
    {
        using var response = await PostAsync("/score", ValidProfile.Replace("\"age\":29", "\"age\":12", StringComparison.Ordinal));
        var problem = await ProblemAsync(response);
        var error = problem["errors"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)error["field"], Is.EqualTo("age"));
            Assert.That((string?)error["value"], Is.EqualTo("12"));
            Assert.That((string?)error["rule"], Is.EqualTo("must be between 18 and 120"));
        });
    }

    [Test]
    public async Task Score_NaNIncomeAsString_ProblemNamesTheMonth()
    {
        using var response = await PostAsync("/score", ValidProfile.Replace("[2000,2500,1500]", "[2000,\"NaN\",1500]", StringComparison.Ordinal));
        var error = (await ProblemAsync(response))["errors"]!.AsArray().Single()!;
        Assert.That((string?)error["field"], Is.EqualTo("incomeHistory[1]"));
        Assert.That((string?)error["value"], Is.EqualTo("NaN"));
        Assert.That((string?)error["rule"], Is.EqualTo("must be a finite number (not NaN or Infinity)"));
    }

    [Test]
    public async Task LimitReview_InvalidCreditLine_ProblemPathIncludesProfile()
    {
        string request = "{\"profile\":" + ValidProfile.Replace("\"balance\":900", "\"balance\":-900", StringComparison.Ordinal) + ",\"currentLimit\":1000}";
        using var response = await PostAsync("/limit-review", request);
        var error = (await ProblemAsync(response))["errors"]!.AsArray().Single()!;
        Assert.That((string?)error["field"], Is.EqualTo("profile.creditLines[0].balance"));
        Assert.That((string?)error["value"], Is.EqualTo("-900"));
    }

    [Test]
    public async Task LimitReview_MissingCurrentLimit_ProblemNamesIt()
    {
        using var response = await PostAsync("/limit-review", "{\"profile\":" + ValidProfile + "}");
        var error = (await ProblemAsync(response))["errors"]!.AsArray().Single()!;
        Assert.That((string?)error["field"], Is.EqualTo("currentLimit"));
        Assert.That((string?)error["rule"], Is.EqualTo("is required"));
    }

    [Test]
    public async Task LimitReview_NegativeLimit_ProblemCarriesTheLibraryMessage()
    {
        using var response = await PostAsync("/limit-review", "{\"profile\":" + ValidProfile + ",\"currentLimit\":-5}");
        var problem = await ProblemAsync(response);
        Assert.That((string?)problem["detail"], Does.StartWith("CurrentLimit = -5: must not be negative"));
    }

    [TestCase("{\"age\":", "$.age", TestName = "Score_TruncatedJson_Problem")]
    [TestCase("{\"age\":\"NaN\"}", "$.age", TestName = "Score_NaNStringForInteger_Problem")]
    [TestCase("{\"agee\":30}", "$.agee", TestName = "Score_UnknownProperty_Problem")]
    [TestCase("{\"employment\":\"Astronaut\"}", "$.employment", TestName = "Score_UnknownEnumName_Problem")]
    [TestCase("null", "$", TestName = "Score_NullBody_Problem")]
    [TestCase("", "$", TestName = "Score_MissingBody_Problem")]
    public async Task Score_MalformedBody_ProblemWithJsonPath(string body, string path)
    {
        using var response = await PostAsync("/score", body);
        var problem = await ProblemAsync(response);
        Assert.That((string?)problem["title"], Is.EqualTo("Malformed JSON"));
        Assert.That((string?)problem["errors"]![0]!["field"], Is.EqualTo(path));
    }

    [Test]
    public async Task Score_NoContentType_UnsupportedMediaTypeProblem()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(ValidProfile));
        using var response = await _http.PostAsync("/score", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Score_ThousandConcurrentRequests_AllSucceedAndAgreeWithTheLibrary()
    {
        var scorer = DemoModel.CreateScorer();
        var sw = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 1000).Select(async i =>
        {
            int age = 18 + (i % 60);
            using var response = await PostAsync("/score", ValidProfile.Replace("\"age\":29", "\"age\":" + age, StringComparison.Ordinal));
            string text = await response.Content.ReadAsStringAsync();
            return (i, age, response.StatusCode, text);
        }).ToArray();
        var results = await Task.WhenAll(tasks);
        sw.Stop();
        TestContext.Out.WriteLine($"1000 concurrent POST /score: {sw.Elapsed.TotalMilliseconds:0} ms");
        var baseProfile = JsonSerializer.Deserialize<Profiles.BorrowerProfile>(ValidProfile, _json)!;
        Assert.Multiple(() =>
        {
            Assert.That(results.Where(r => r.StatusCode != HttpStatusCode.OK).Select(r => r.text), Is.Empty);
            foreach (var (_, age, _, text) in results.Where(r => r.i % 97 == 0))
            {
                double expected = scorer.Score(baseProfile with { Age = age }).ProbabilityOfDefault;
                Assert.That((double)JsonNode.Parse(text)!["probabilityOfDefault"]!, Is.EqualTo(expected), "age " + age);
            }

            Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public async Task Model_Get_DescribesTheDemoModel()
    {
        var body = JsonNode.Parse(await _http.GetStringAsync(new Uri("/model", UriKind.Relative)))!;
        Assert.That((string?)body["kind"], Is.EqualTo(DemoModel.LoadPackage().Metadata.Kind.ToString()));
        Assert.That((int?)body["trainingRows"], Is.EqualTo(50_000));
    }
}
