using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RiskScoring.DependencyInjection;
using RiskScoring.Profiles;

namespace RiskScoring.Samples.LendingService;

/// <summary>
/// The sample lending service: <c>POST /score</c> (profile → PD, score, grade, reasons), <c>POST /limit-review</c>
/// (profile, current limit, dates → limit decision with the fired rules) and <c>GET /model</c>. Bad input comes back
/// as RFC 7807 problem details (<c>application/problem+json</c>) naming the field, the value and the rule.
/// Configuration: <c>RiskScoring:ModelPath</c> (default: the embedded demonstration model) and
/// <c>RiskScoring:PolicyPath</c> (default: the shipped limit policy).
/// </summary>
public static class LendingServiceApp
{
    /// <summary>Builds the application (not started): <c>Build(args).Run()</c>, or <c>StartAsync</c> in tests.</summary>
    /// <param name="args">Command-line arguments, for example <c>--urls=http://127.0.0.1:0</c>.</param>
    /// <returns>The application.</returns>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        string? modelPath = builder.Configuration["RiskScoring:ModelPath"];
        string? policyPath = builder.Configuration["RiskScoring:PolicyPath"];
        builder.Services.AddRiskScoring(o =>
        {
            o.ModelPath = string.IsNullOrEmpty(modelPath) ? null : modelPath;
            o.UseDemoModel = string.IsNullOrEmpty(modelPath);
            o.PolicyPath = string.IsNullOrEmpty(policyPath) ? null : policyPath;
        });
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Load the model and the policy now, so a bad path fails the start-up, not the first request.
        _ = app.Services.GetRequiredService<RiskScoringService>();

        app.MapGet("/model", (RiskScoringService service) =>
        {
            var m = service.Scorer.Metadata;
            return Results.Ok(new
            {
                service.ModelVersion,
                Kind = m?.Kind.ToString(),
                Features = service.Scorer.Schema.Count,
                TrainingRows = m?.TrainingRows,
                Policy = service.Adjuster.Policy.Name + " " + service.Adjuster.Policy.Version,
            });
        });

        app.MapPost("/score", async (HttpContext http, RiskScoringService service, IOptions<JsonOptions> json) =>
        {
            var (profile, problem) = await ReadBodyAsync<BorrowerProfile>(http, json.Value.SerializerOptions);
            if (problem is not null)
            {
                return problem;
            }

            try
            {
                var a = service.Score(profile!);
                var reasons = new List<ReasonBody>(a.ReasonCount);
                for (int i = 0; i < a.ReasonCount; i++)
                {
                    var r = a.GetReason(i);
                    reasons.Add(new ReasonBody(r.Code, r.Text, service.Scorer.Schema[r.FeatureIndex].Name, Math.Round(r.PointsLost, 2)));
                }

                return Results.Ok(new ScoreResponse(service.ModelVersion, a.ProbabilityOfDefault, Math.Round(a.Score, 1), a.Grade.Label, a.Grade.Rank, reasons));
            }
            catch (InvalidProfileException ex)
            {
                return InvalidProfile(ex, string.Empty);
            }
        });

        app.MapPost("/limit-review", async (HttpContext http, RiskScoringService service, IOptions<JsonOptions> json) =>
        {
            var (body, problem) = await ReadBodyAsync<LimitReviewBody>(http, json.Value.SerializerOptions);
            if (problem is not null)
            {
                return problem;
            }

            var missing = new List<FieldError>();
            if (body!.Profile is null)
            {
                missing.Add(new FieldError("profile", null, "is required"));
            }

            if (body.CurrentLimit is null)
            {
                missing.Add(new FieldError("currentLimit", null, "is required"));
            }

            if (missing.Count > 0)
            {
                return Problem("Missing fields", "The limit review needs a profile and the current limit.", missing);
            }

            try
            {
                var decision = service.ReviewLimit(body.Profile!, body.CurrentLimit!.Value, body.ReviewDate, body.LastIncreaseDate, body.PreviousUtilisation);
                return Results.Ok(new LimitReviewResponse(decision, decision.ToReport()));
            }
            catch (InvalidProfileException ex)
            {
                return InvalidProfile(ex, "profile.");
            }
            catch (ArgumentException ex)
            {
                return Problem("Invalid limit review", ex.Message, []);
            }
        });

        return app;
    }

    /// <summary>The JSON settings of the service: camelCase, enums as strings, unknown properties refused,
    /// <c>"NaN"</c>/<c>"Infinity"</c> read as numbers so that the profile validator reports them with their field.</summary>
    /// <param name="o">Options to configure.</param>
    public static void Configure(JsonSerializerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        o.Converters.Add(new ExtraValueJsonConverter());
    }

    private static async Task<(T? Value, IResult? Problem)> ReadBodyAsync<T>(HttpContext http, JsonSerializerOptions options)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the request body as JSON with Content-Type: application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, options, http.RequestAborted);
            return value is null
                ? (null, Problem("Malformed JSON", "The request body must be a JSON object, not null.", [new FieldError("$", "null", "must be a JSON object")]))
                : (value, null);
        }
        catch (JsonException ex)
        {
            string line = ex.LineNumber is long l ? string.Create(CultureInfo.InvariantCulture, $" (line {l + 1}, byte {ex.BytePositionInLine})") : string.Empty;
            string rule = ex.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal)
                ? "the request body is empty; send a JSON object"
                : "must be well-formed JSON of the expected type" + line;
            return (null, Problem("Malformed JSON", ex.Message, [new FieldError(ex.Path ?? "$", null, rule)]));
        }
    }

    private static IResult InvalidProfile(InvalidProfileException ex, string prefix) =>
        Problem("Invalid borrower profile", ex.Message, [.. ex.Errors.Select(e => new FieldError(prefix + JsonPath(e.Field), e.Value, e.Rule))]);

    /// <summary>The validator's C# field path (<c>CreditLines[0].Limit</c>) as the JSON path of the request
    /// (<c>creditLines[0].limit</c>).</summary>
    private static string JsonPath(string field) =>
        string.Join('.', field.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));

    private static IResult Problem(string title, string detail, IReadOnlyList<FieldError> errors) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
