using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FundManager.EndToEnd.Tests;

/// <summary>
/// A catalogue of text that cannot be stored or makes no sense, sent to every write endpoint: each
/// is refused at the edge with a 400 problem that names the field, and nothing changes (the fund's
/// position, the donor's pledges and the length of the audit trail are the same before and after:
/// the grains were never asked, so not even a refusal was audited).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class BadInputCatalogueTests(SystemFixture system)
{
    private const string Admin = SystemFixture.AdministratorName;
    private const string Finance = "cat-fin";
    private const string Officer = "cat-po";
    private const string Fund = "cat-fund";
    private static readonly string Nul = "\0";
    private static readonly string Megabyte = new('x', 1_000_000);
    private Api Api => system.Api;

    private sealed record Case(string Name, HttpMethod Method, string Path, string User, string Body, string Says);

    [Fact]
    public async Task text_that_cannot_be_stored_or_makes_no_sense_is_refused_at_the_edge_and_changes_nothing()
    {
        var (donorId, pledgeId, projectId) = await WorldAsync();
        var payment = new { idempotencyKey = "cat-pay-2", amount = 10m, currency = "USD", valueDate = "2026-01-15" };
        var pledge = new
        {
            fundId = Fund, idempotencyKey = "cat-pledge-2", amount = 100m, currency = "USD", pledgeDate = "2026-01-10",
            earmark = new { level = 1 }, pscRate = (decimal?)null, instalments = new[] { new { dueDate = "2026-01-10", amount = 100m } }, reference = "ref",
        };
        var donor = new { name = "Catalogue donor", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null };
        var user = new { userName = "cat-new-user", displayName = "New", roles = new[] { "Auditor" }, donorId = (Guid?)null, password = "a-long-enough-password" };
        var fund = new { id = "cat-fund-2", name = "Second", description = "", secondApproverAboveUsd = 1m };
        var project = FundStoryTests.ProjectBody("CAT-2");
        var amendment = new { idempotencyKey = "cat-amend", kind = "Increase", amount = 5m, currency = "USD", effectiveDate = "2026-01-20", instalments = new[] { new { dueDate = "2026-02-10", amount = 5m } }, reason = "more" };
        var actual = new { periodStart = "2025-09-01", periodEnd = "2025-11-30", value = 1m, note = "ok" };
        var payments = $"/api/pledges/{pledgeId}/payments";
        var pledges = $"/api/donors/{donorId}/pledges";

        Case[] catalogue =
        [
            new("a NUL in a payment's idempotency key", HttpMethod.Post, payments, Finance, With(payment, "idempotencyKey", $"k{Nul}1"), "idempotencyKey"),
            new("an escape in a payment's idempotency key", HttpMethod.Post, payments, Finance, With(payment, "idempotencyKey", "k\u001b[31m"), "idempotencyKey"),
            new("a line break in a payment's idempotency key", HttpMethod.Post, payments, Finance, With(payment, "idempotencyKey", "k\n2"), "idempotencyKey"),
            new("a payment key one over the limit", HttpMethod.Post, payments, Finance, With(payment, "idempotencyKey", new string('k', 101)), "idempotencyKey"),
            new("a NUL in a payment's currency", HttpMethod.Post, payments, Finance, With(payment, "currency", $"US{Nul}"), "currency"),
            new("a duplicate amount in a payment", HttpMethod.Post, payments, Finance, """{"idempotencyKey":"cat-dup","amount":1,"amount":1000000,"currency":"USD","valueDate":"2026-01-15"}""", "amount"),
            new("a duplicate key in a payment", HttpMethod.Post, payments, Finance, """{"idempotencyKey":"cat-dup","idempotencyKey":"other","amount":1,"currency":"USD","valueDate":"2026-01-15"}""", "idempotencyKey"),
            new("a NUL in a pledge's idempotency key", HttpMethod.Post, pledges, Finance, With(pledge, "idempotencyKey", Nul), "idempotencyKey"),
            new("a bell in a pledge's reference", HttpMethod.Post, pledges, Finance, With(pledge, "reference", "agreement\a"), "reference"),
            new("a megabyte pledge reference", HttpMethod.Post, pledges, Finance, With(pledge, "reference", Megabyte), "reference"),
            new("half a surrogate pair in a pledge's reference", HttpMethod.Post, pledges, Finance, Json(pledge).Replace("\"reference\":\"ref\"", "\"reference\":\"ref\\ud800\"", StringComparison.Ordinal), "reference"),
            new("an empty fund id in a pledge", HttpMethod.Post, pledges, Finance, With(pledge, "fundId", ""), "fundId"),
            new("a fund id that climbs out of its folder", HttpMethod.Post, pledges, Finance, With(pledge, "fundId", "../cat-fund"), "fundId"),
            new("a NUL in an earmark's value", HttpMethod.Post, pledges, Finance, With(pledge, "earmark", new JsonObject { ["level"] = 3, ["target"] = "Country", ["value"] = $"N{Nul}" }), "earmark.value"),
            new("a NUL in a donor's name", HttpMethod.Post, "/api/donors", Finance, With(donor, "name", $"Norway{Nul}"), "name"),
            new("a megabyte donor name", HttpMethod.Post, "/api/donors", Finance, With(donor, "name", Megabyte), "name"),
            new("a tab in a donor's country", HttpMethod.Post, "/api/donors", Finance, With(donor, "country", "N\tO"), "country"),
            new("a NUL in a project's title", HttpMethod.Post, $"/api/funds/{Fund}/projects", Officer, With(project, "title", $"Title{Nul}"), "title"),
            new("a project title one over the limit", HttpMethod.Post, $"/api/funds/{Fund}/projects", Officer, With(project, "title", new string('t', 201)), "title"),
            new("a project description one over the limit", HttpMethod.Post, $"/api/funds/{Fund}/projects", Officer, With(project, "description", new string('d', 4001)), "description"),
            new("a NUL in a project description", HttpMethod.Post, $"/api/funds/{Fund}/projects", Officer, With(project, "description", $"line one\nline two{Nul}"), "description"),
            new("a NUL in a partner's name", HttpMethod.Post, $"/api/funds/{Fund}/projects", Officer, With(project, "implementingPartners[0].name", $"P{Nul}"), "implementingPartners[0].name"),
            new("a NUL in an indicator's title", HttpMethod.Post, $"/api/funds/{Fund}/projects", Officer, With(project, "indicators[0].title", $"T{Nul}"), "indicators[0].title"),
            new("a NUL in a disaggregation", HttpMethod.Post, $"/api/funds/{Fund}/projects", Officer, With(project, "indicators[0].disaggregations[0]", $"sex{Nul}"), "indicators[0].disaggregations[0]"),
            new("a NUL in a revised project's title", HttpMethod.Put, $"/api/projects/{projectId}", Officer, With(FundStoryTests.ProjectBody("CAT-1"), "title", $"T{Nul}"), "title"),
            new("an escape in a fund id in the path", HttpMethod.Post, $"/api/funds/cat%1Bfund/projects", Officer, Json(project), "fundId"),
            new("a one-letter fund id in the path", HttpMethod.Post, "/api/funds/x/revaluations", Finance, """{"monthEnd":"2026-01-31"}""", "fundId"),
            new("a slash in a fund id in the path", HttpMethod.Post, "/api/funds/a%2Fb/reconciliation", Finance, "", "fundId"),
            new("an empty fund id", HttpMethod.Post, "/api/funds", Admin, With(fund, "id", ""), "id"),
            new("a fund id of '/'", HttpMethod.Post, "/api/funds", Admin, With(fund, "id", "/"), "id"),
            new("a fund id of '..'", HttpMethod.Post, "/api/funds", Admin, With(fund, "id", ".."), "id"),
            new("a NUL in a fund id", HttpMethod.Post, "/api/funds", Admin, With(fund, "id", $"cat{Nul}"), "id"),
            new("a NUL in a fund's name", HttpMethod.Post, "/api/funds", Admin, With(fund, "name", $"F{Nul}"), "name"),
            new("a duplicate id in a new fund", HttpMethod.Post, "/api/funds", Admin, """{"id":"cat-a","id":"cat-b","name":"F","description":"","secondApproverAboveUsd":1}""", "id"),
            new("a NUL in a user name", HttpMethod.Post, "/api/users", Admin, With(user, "userName", $"eve{Nul}"), "userName"),
            new("a megabyte user name", HttpMethod.Post, "/api/users", Admin, With(user, "userName", Megabyte), "userName"),
            new("a user name with a space", HttpMethod.Post, "/api/users", Admin, With(user, "userName", "eve smith"), "userName"),
            new("a NUL in a display name", HttpMethod.Post, "/api/users", Admin, With(user, "displayName", $"Eve{Nul}"), "displayName"),
            new("a password one over the limit", HttpMethod.Post, "/api/users", Admin, With(user, "password", new string('p', 201)), "password"),
            new("a bell in a user name in the path", HttpMethod.Put, "/api/users/cat%07po/disabled", Admin, """{"disabled":true}""", "userName"),
            new("a NUL in a reversal's reason", HttpMethod.Post, $"/api/pledges/{pledgeId}/payments/cat-pay-1/reversal", Finance, """{"reason":"typo\u0000"}""", "reason"),
            new("a reversal reason one over the limit", HttpMethod.Post, $"/api/pledges/{pledgeId}/payments/cat-pay-1/reversal", Finance, JsonSerializer.Serialize(new { reason = new string('r', 4001) }), "reason"),
            new("a bell in the payment key of a reversal", HttpMethod.Post, $"/api/pledges/{pledgeId}/payments/cat%07pay/reversal", Finance, """{"reason":"typo"}""", "paymentKey"),
            new("a NUL in an amendment's reason", HttpMethod.Post, $"/api/pledges/{pledgeId}/amendments", Finance, With(amendment, "reason", $"more{Nul}"), "reason"),
            new("a NUL in an amendment's idempotency key", HttpMethod.Post, $"/api/pledges/{pledgeId}/amendments", Finance, With(amendment, "idempotencyKey", $"a{Nul}"), "idempotencyKey"),
            new("a NUL in the reason a project is returned", HttpMethod.Post, $"/api/projects/{projectId}/return", Officer, """{"reason":"incomplete\u0000"}""", "reason"),
            new("a NUL in an actual's note", HttpMethod.Post, $"/api/projects/{projectId}/indicators/IND-1/actuals", Officer, With(actual, "note", $"n{Nul}"), "note"),
            new("an escape in an indicator code in the path", HttpMethod.Post, $"/api/projects/{projectId}/indicators/IND%1B/actuals", Officer, Json(actual), "code"),
            new("a bell in a currency in the path", HttpMethod.Put, "/api/exchange-rates/EU%07/2026-01-01", Finance, """{"unitsPerUsd":0.9}""", "currency"),
            new("a revaluation in the middle of a month", HttpMethod.Post, $"/api/funds/{Fund}/revaluations", Finance, """{"monthEnd":"2026-12-15"}""", "not-a-month-end"),
            new("a revaluation at a month end of year one", HttpMethod.Post, $"/api/funds/{Fund}/revaluations", Finance, """{"monthEnd":"0001-01-31"}""", "monthEnd"),
            new("an escape in a job kind", HttpMethod.Post, "/api/jobs/outcome%1Breport", Finance, "", "kind"),
            new("a NUL in a sign-in's user name", HttpMethod.Post, "/api/auth/token", Admin, JsonSerializer.Serialize(new { userName = $"root{Nul}", password = "x" }), "userName"),
            new("a megabyte sign-in user name", HttpMethod.Post, "/api/auth/token", Admin, JsonSerializer.Serialize(new { userName = Megabyte, password = "x" }), "userName"),
            new("a refresh token one over the limit", HttpMethod.Post, "/api/auth/refresh", Admin, JsonSerializer.Serialize(new { refreshToken = new string('t', 4001) }), "refreshToken"),
            new("a NUL in an expected audit head", HttpMethod.Post, "/api/audit/verify", Admin, """{"expectedHead":"ab\u0000"}""", "expectedHead"),
        ];

        var failures = new List<string>();
        foreach (var c in catalogue)
        {
            var before = await StateAsync(donorId);
            var reply = await Api.SendAsync(c.Method, c.Path, c.User, rawBody: c.Body.Length == 0 ? null : c.Body);
            var after = await StateAsync(donorId);
            var said = reply.MediaType == "application/problem+json" ? $"{reply.Json["detail"]} {reply.Json["code"]} {reply.Json["errors"]?.ToJsonString()}" : reply.Text;
            if (reply.Status != HttpStatusCode.BadRequest || reply.MediaType != "application/problem+json")
            {
                failures.Add($"{c.Name}: expected a 400 problem, got {(int)reply.Status} {Shorten(reply.Text)}");
            }
            else if (!said.Contains(c.Says, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{c.Name}: the problem does not name '{c.Says}': {Shorten(said)}");
            }
            if (before != after)
            {
                failures.Add($"{c.Name}: something changed: {before} -> {after}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {catalogue.Length} bad inputs were not refused cleanly:\n{string.Join("\n", failures)}");
    }

    [Theory]
    [InlineData("/api/funds/cat%00fund/position")]
    [InlineData("/api/users/cat%00po")]
    [InlineData("/api/jobs/outcome%00report")]
    public async Task a_nul_in_a_path_is_refused_by_the_server_before_any_endpoint_runs(string path)
    {
        await WorldAsync();
        var before = (await Api.PostAsync("/api/audit/verify", Admin, new { expectedHead = (string?)null })).Json["events"]!.GetValue<long>();

        (await Api.SendAsync(HttpMethod.Post, path, Finance)).Expect(HttpStatusCode.BadRequest);

        Assert.Equal(before, (await Api.PostAsync("/api/audit/verify", Admin, new { expectedHead = (string?)null })).Json["events"]!.GetValue<long>());
    }

    [Fact]
    public async Task text_at_its_limit_with_the_whitespace_prose_allows_is_accepted()
    {
        var (donorId, pledgeId, _) = await WorldAsync();

        (await Api.PostAsync($"/api/pledges/{pledgeId}/payments", Finance, new { idempotencyKey = new string('k', 100), amount = 1m, currency = "USD", valueDate = "2026-01-15" }))
            .Expect(HttpStatusCode.Created);
        (await Api.PostAsync("/api/donors", Finance, new { name = $"Ünïcode dönor 🇳🇴 {new string('n', 180)}", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created);
        var project = JsonNode.Parse(Json(FundStoryTests.ProjectBody("CAT-LIMIT")))!;
        project["description"] = "First line.\r\n\tSecond line, indented." + new string('d', 3900);
        (await Api.SendAsync(HttpMethod.Post, $"/api/funds/{Fund}/projects", Officer, rawBody: project.ToJsonString())).Expect(HttpStatusCode.Created);
        Assert.NotEmpty((await Api.GetAsync($"/api/donors/{donorId}/pledges", Finance)).Expect(HttpStatusCode.OK).Json.AsArray());
    }

    // The fund's position, the donor's pledges with their payments, and how many events the audit trail holds.
    private async Task<string> StateAsync(Guid donorId)
    {
        var position = (await Api.GetAsync($"/api/funds/{Fund}/position", Finance)).Expect(HttpStatusCode.OK).Text;
        var pledges = (await Api.GetAsync($"/api/donors/{donorId}/pledges", Finance)).Expect(HttpStatusCode.OK).Text;
        var events = (await Api.PostAsync("/api/audit/verify", Admin, new { expectedHead = (string?)null })).Expect(HttpStatusCode.OK).Json["events"]!.GetValue<long>();
        return $"position {position.GetHashCode(StringComparison.Ordinal)}, pledges {pledges.GetHashCode(StringComparison.Ordinal)}, {events} audit events";
    }

    private async Task<(Guid DonorId, Guid PledgeId, Guid ProjectId)> WorldAsync()
    {
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        foreach (var (name, role) in new[] { (Finance, "FinanceOfficer"), (Officer, "ProgrammeOfficer") })
        {
            var created = await Api.PostAsync("/api/users", Admin, new { userName = name, displayName = name, roles = new[] { role }, donorId = (Guid?)null, password = "a-long-enough-password" });
            Assert.True(created.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, created.Text);
            await Api.SignInAsync(name, "a-long-enough-password");
        }
        var fund = await Api.PostAsync("/api/funds", Admin, new { id = Fund, name = "Catalogue fund", description = "", secondApproverAboveUsd = 1_000_000m });
        Assert.True(fund.Status is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict, fund.Text);
        var donorId = (await Api.PostAsync("/api/donors", Finance, new { name = "Catalogue donor", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        var pledgeId = (await Api.PostAsync($"/api/donors/{donorId}/pledges", Finance, new
        {
            fundId = Fund, idempotencyKey = $"cat-pledge-{donorId:N}", amount = 1_000m, currency = "USD", pledgeDate = "2026-01-10",
            earmark = new { level = 1 }, pscRate = (decimal?)null, instalments = new[] { new { dueDate = "2026-01-10", amount = 1_000m } }, reference = "agreement",
        })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync($"/api/pledges/{pledgeId}/payments", Finance, new { idempotencyKey = "cat-pay-1", amount = 100m, currency = "USD", valueDate = "2026-01-15" }))
            .Expect(HttpStatusCode.Created);
        var code = $"CAT-{Guid.NewGuid():N}"[..12];
        var projectId = (await Api.PostAsync($"/api/funds/{Fund}/projects", Officer, FundStoryTests.ProjectBody(code))).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        return (donorId, pledgeId, projectId);
    }

    private static string Json(object body) => JsonSerializer.Serialize(body, Reply.JsonOptions);

    /// <summary>The body with one field, at a path like "indicators[0].title", set to the value.</summary>
    private static string With(object body, string path, JsonNode? value)
    {
        var root = JsonNode.Parse(Json(body))!;
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            if (part.StartsWith('['))
            {
                var index = int.Parse(part.Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture);
                if (last)
                {
                    node.AsArray()[index] = value;
                }
                else
                {
                    node = node.AsArray()[index]!;
                }
            }
            else if (last)
            {
                node.AsObject()[part] = value;
            }
            else
            {
                node = node.AsObject()[part]!;
            }
        }
        return root.ToJsonString();
    }

    private static string With(object body, string path, string value) => With(body, path, JsonValue.Create(value));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
