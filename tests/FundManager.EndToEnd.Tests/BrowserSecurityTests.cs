using System.Net;
using System.Text.Json.Nodes;
using FundManager.Dashboards.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FundManager.EndToEnd.Tests;

/// <summary>What a browser is told and what another site cannot make it do; and what a failure's answer gives away.</summary>
[Collection(SystemCollection.Name)]
public sealed class BrowserSecurityTests(SystemFixture system)
{
    private const string Admin = SystemFixture.AdministratorName;
    private const string Password = "a-long-enough-password";
    private Api Api => system.Api;

    private async Task<string> ProgrammeOfficerAsync()
    {
        var name = $"csrf-{Guid.NewGuid():N}"[..20];
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        (await Api.PostAsync("/api/users", Admin, new { userName = name, displayName = name, roles = new[] { "ProgrammeOfficer" }, donorId = (Guid?)null, password = Password })).Expect(HttpStatusCode.Created);
        return name;
    }

    private async Task<long> AuditEventsAsync() =>
        (await Api.PostAsync("/api/audit/verify", Admin, new { expectedHead = (string?)null })).Expect(HttpStatusCode.OK).Json["events"]!.GetValue<long>();

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData(null, null)]
    public async Task another_site_cannot_make_a_signed_in_browser_start_a_job(string? header, string? value)
    {
        var officer = await ProgrammeOfficerAsync();
        using var browser = await Browser.SignedInAsync(Api.BaseAddress, officer, Password);
        var before = await AuditEventsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/outcome-report");
        if (header is not null)
        {
            request.Headers.Add(header, value);
        }

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cross-site-request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await AuditEventsAsync());
    }

    [Fact]
    public async Task the_sites_own_pages_and_bearer_clients_still_start_jobs()
    {
        var officer = await ProgrammeOfficerAsync();
        using var browser = await Browser.SignedInAsync(Api.BaseAddress, officer, Password);
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/outcome-report");
        sameOrigin.Headers.Add("Origin", Api.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var fetched = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/outcome-report");
        fetched.Headers.Add("Sec-Fetch-Site", "same-origin");

        Assert.Equal(HttpStatusCode.Accepted, (await browser.SendAsync(sameOrigin)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.SendAsync(fetched)).StatusCode);

        await Api.SignInAsync(officer, Password);
        using var bearer = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/outcome-report");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Api.TokenOf(officer));
        bearer.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Accepted, (await Api.SendRawAsync(bearer)).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/health")]
    [InlineData("/api/funds")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/")]
    [InlineData("/hangfire")]
    [InlineData("/orleans/")]
    public async Task every_answer_carries_the_browser_security_headers_and_no_server_name(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);

        using var response = await Api.SendRawAsync(request);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", ScriptSource(policy), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(",", response.Headers.TryGetValues("Server", out var server) ? server : [])}");
    }

    [Fact]
    public async Task the_api_reference_runs_only_the_script_its_policy_names()
    {
        using var response = await Api.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, "/docs/"));
        var page = await response.Content.ReadAsStringAsync();

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-(?<n>[^']+)'").Groups["n"].Value;
        Assert.False(string.IsNullOrEmpty(nonce), policy);
        Assert.Contains($"nonce=\"{nonce}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("fonts.scalar.com", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_problem_names_no_dotnet_type()
    {
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        string[] bodies =
        [
            """{"id": "x", "name": """,
            """{"id": 5, "name": "n", "description": "", "secondApproverAboveUsd": 1}""",
            """{"id": "types-fund", "name": "n", "description": "", "secondApproverAboveUsd": "lots"}""",
            """{"id": "types-fund", "description": ""}""",
            """{"id": "types-fund", "name": "n", "description": "", "secondApproverAboveUsd": 1, "available": 5}""",
            """[1, 2]""",
        ];
        foreach (var body in bodies)
        {
            var problem = (await Api.SendAsync(HttpMethod.Post, "/api/funds", Admin, rawBody: body)).Problem(HttpStatusCode.BadRequest);

            var text = problem.ToJsonString();
            Assert.False(
                text.Contains("FundManager.", StringComparison.Ordinal) || text.Contains("System.", StringComparison.Ordinal) || text.Contains("Request request", StringComparison.Ordinal)
                || text.Contains("Exception", StringComparison.Ordinal) || text.Contains("   at ", StringComparison.Ordinal),
                $"{body} -> {text}");
        }
        var wrongDate = (await Api.GetAsync("/api/funds/gptf/position?asOf=yesterday", Admin)).Problem(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("DateOnly", wrongDate.ToJsonString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, Exception> TransientFailures() => new()
    {
        { "the database refused the connection", new Npgsql.NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111)) },
        { "the database shut down mid-query", new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01") },
        { "the database did not answer in time", new TimeoutException("The operation has timed out.") },
        { "no silo is reachable", new Orleans.Runtime.SiloUnavailableException("No silo.") },
        { "the silo's error could not be read here", new Orleans.Serialization.UnavailableExceptionFallbackException() },
        { "the database failure is wrapped", new InvalidOperationException("Storage failed", new Npgsql.NpgsqlException("Broken pipe")) },
        { "a grain's dependency failed", new Contracts.ServiceFaultException("The command could not be completed; try again.") },
        { "a grain could not activate without its database", new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Npgsql.NpgsqlException.") },
    };

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task a_database_or_cluster_outage_answers_503_with_retry_after(string what, Exception failure)
    {
        var (context, body) = await HandleAsync(failure);

        Assert.True(context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable, $"{what}: {context.Response.StatusCode}");
        Assert.Equal(ProblemResponses.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("urn:fundmanager:problem:unavailable", body["type"]!.GetValue<string>());
        Assert.DoesNotContain("Exception", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task any_other_failure_is_a_plain_500_that_gives_nothing_away()
    {
        var (context, body) = await HandleAsync(new NullReferenceException("Object reference not set in FundManager.Grains.Secret"));

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.Equal("urn:fundmanager:problem:internal", body["type"]!.GetValue<string>());
        Assert.DoesNotContain("FundManager.", body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("NullReference", body.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpContext Context, JsonNode Body)> HandleAsync(Exception failure)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var output = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = output;
        context.Request.Headers.Accept = "application/json";
        var handler = new ProblemResponses(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), NullLogger<ProblemResponses>.Instance);

        Assert.True(await handler.TryHandleAsync(context, failure, CancellationToken.None));

        return (context, JsonNode.Parse(output.ToArray())!);
    }

    private static string ScriptSource(string policy) =>
        policy.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("script-src", StringComparison.Ordinal)) ?? string.Empty;
}
