using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FundManager.Testing;

namespace FundManager.EndToEnd.Tests;

/// <summary>
/// Function-level and object-level authorization, tried from outside: every operation the OpenAPI
/// document describes (read at test time, so a new endpoint cannot escape the table) is sent by
/// every role and anonymously, and compared with one table of who may do what. Allowed means the
/// answer is neither 401 nor 403 (a 409 for a project in the wrong state still got past the role
/// check); refused means 401 for anonymous and 403 for a wrong role, each with a problem body.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AuthorizationTests(SystemFixture system)
{
    private const string Password = "a-long-enough-password";
    private const string Admin = SystemFixture.AdministratorName;
    private Api Api => system.Api;

    /// <summary>Who sends a request: anonymous, or one user of one role.</summary>
    [Flags]
    public enum Who
    {
        Nobody = 0,
        Anonymous = 1,
        Administrator = 2,
        ProgrammeOfficer = 4,
        FinanceOfficer = 8,
        Auditor = 16,
        Donor = 32,
        Staff = Administrator | ProgrammeOfficer | FinanceOfficer | Auditor,
        SignedIn = Staff | Donor,
        Anyone = SignedIn | Anonymous,
    }

    private static readonly Who[] Principals = [Who.Anonymous, Who.Administrator, Who.ProgrammeOfficer, Who.FinanceOfficer, Who.Auditor, Who.Donor];

    /// <summary>
    /// One try of an operation: the operation as the OpenAPI document names it, who may do it, and
    /// the request (path and body made for the one who sends it, from the world the test set up).
    /// </summary>
    private sealed record Grant(string Operation, Who Allowed, Func<World, Who, string> Path, Func<World, Who, Task<object?>>? Body = null)
    {
        /// <summary>Signs in anew for this one request (signing out ends the sign-in it is sent with).</summary>
        public bool OwnSignIn { get; init; }

        /// <summary>An accepted job run: wait for its report, so it does not run into the tests after this one.</summary>
        public string? RunsJob { get; init; }
    }

    private static Grant Get(string template, Who allowed, Func<World, string> path) => new($"GET {template}", allowed, (w, _) => path(w));

    private static Grant Send(string method, string template, Who allowed, Func<World, string> path, Func<World, Who, object?>? body = null) =>
        new($"{method} {template}", allowed, (w, _) => path(w), body is null ? null : (w, who) => Task.FromResult(body(w, who)));

    private static readonly object NoReason = new { reason = (string?)null };

    /// <summary>
    /// What each role may do, one row per operation (or per value of a path parameter that decides
    /// the rule: a project's step, a job's kind). Objects are the acting donor's own here; other
    /// donors' objects are the next test's.
    /// </summary>
    private static readonly Grant[] Table =
    [
        // Signing in is for anyone; what a token then allows is the rest of the table.
        new("POST /api/auth/token", Who.Anyone, (_, _) => "/api/auth/token", (w, _) => Task.FromResult<object?>(new { userName = w.SignInUser, password = Password })),
        new("POST /api/auth/refresh", Who.Anyone, (_, _) => "/api/auth/refresh", async (w, _) => new { refreshToken = (await w.Api.SignInWithRefreshAsync(w.SignInUser, Password)).RefreshToken }),
        new("POST /api/auth/logout", Who.SignedIn, (_, _) => "/api/auth/logout") { OwnSignIn = true },
        Get("/api/me", Who.SignedIn, _ => "/api/me"),

        Send("POST", "/api/donors", Who.Administrator | Who.FinanceOfficer, _ => "/api/donors", (_, who) => new { name = $"Authz donor by {who}", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }),
        Get("/api/donors", Who.Staff, _ => "/api/donors"),
        Get("/api/donors/{donorId}", Who.Staff | Who.Donor, w => $"/api/donors/{w.Donor}"),
        Send("PUT", "/api/donors/{donorId}/anonymous", Who.Administrator | Who.FinanceOfficer, w => $"/api/donors/{w.Donor}/anonymous", (_, _) => new { anonymous = false }),
        Send("POST", "/api/donors/{donorId}/pledges", Who.FinanceOfficer | Who.Donor, w => $"/api/donors/{w.Donor}/pledges", (w, who) => w.PledgeBody($"authz-pledge-{who}")),
        Get("/api/donors/{donorId}/pledges", Who.Staff | Who.Donor, w => $"/api/donors/{w.Donor}/pledges"),
        Get("/api/donors/{donorId}/statement", Who.Staff | Who.Donor, w => $"/api/donors/{w.Donor}/statement?fundId={w.Fund}"),
        Get("/api/pledges/{contributionId}", Who.Staff | Who.Donor, w => $"/api/pledges/{w.Pledge}"),
        Send("POST", "/api/pledges/{contributionId}/payments", Who.FinanceOfficer, w => $"/api/pledges/{w.Pledge}/payments", (_, who) => new { idempotencyKey = $"authz-pay-{who}", amount = 10m, currency = "USD", valueDate = "2026-01-20" }),
        Send("POST", "/api/pledges/{contributionId}/payments/{paymentKey}/reversal", Who.FinanceOfficer, w => $"/api/pledges/{w.Pledge}/payments/authz-pay-0/reversal", (_, _) => new { reason = "recorded twice" }),
        Send("POST", "/api/pledges/{contributionId}/amendments", Who.FinanceOfficer, w => $"/api/pledges/{w.Pledge}/amendments", (_, who) => new
        {
            idempotencyKey = $"authz-amend-{who}", kind = "Increase", amount = 5m, currency = "USD", effectiveDate = "2026-01-20",
            instalments = new[] { new { dueDate = "2026-02-10", amount = 5m } }, reason = "more",
        }),
        Get("/api/pledges/{contributionId}/paid-for", Who.Staff | Who.Donor, w => $"/api/pledges/{w.Pledge}/paid-for"),

        Send("POST", "/api/funds", Who.Administrator, w => "/api/funds", (w, _) => new { id = w.Fund, name = "Authorization fund", description = "", secondApproverAboveUsd = 1m }),
        // Donors see which funds exist, to pledge to them; nothing else about them.
        Get("/api/funds", Who.SignedIn, _ => "/api/funds"),
        Get("/api/funds/{fundId}", Who.Staff, w => $"/api/funds/{w.Fund}"),
        Send("PUT", "/api/funds/{fundId}/second-approver-threshold", Who.Administrator, w => $"/api/funds/{w.Fund}/second-approver-threshold", (_, _) => new { amountUsd = 1m }),
        Send("PUT", "/api/funds/{fundId}/published", Who.Administrator, w => $"/api/funds/{w.Fund}/published", (_, _) => new { published = false }),
        Get("/api/funds/{fundId}/position", Who.Staff, w => $"/api/funds/{w.Fund}/position"),
        Get("/api/funds/{fundId}/pools", Who.Staff, w => $"/api/funds/{w.Fund}/pools"),
        Get("/api/funds/{fundId}/books", Who.Staff, w => $"/api/funds/{w.Fund}/books"),
        Send("POST", "/api/funds/{fundId}/revaluations", Who.FinanceOfficer, w => $"/api/funds/{w.Fund}/revaluations", (_, _) => new { monthEnd = "2026-01-31" }),
        Send("POST", "/api/funds/{fundId}/reconciliation", Who.FinanceOfficer | Who.Auditor, w => $"/api/funds/{w.Fund}/reconciliation"),

        Send("POST", "/api/users", Who.Administrator, _ => "/api/users", (w, who) => new { userName = $"{w.Prefix}-new-{(int)who}", displayName = "New", roles = new[] { "Auditor" }, donorId = (Guid?)null, password = Password }),
        Get("/api/users", Who.Administrator | Who.Auditor, _ => "/api/users"),
        Get("/api/users/{userName}", Who.Administrator | Who.Auditor, w => $"/api/users/{w.Target}"),
        Send("PUT", "/api/users/{userName}/password", Who.Administrator, w => $"/api/users/{w.Target}/password", (_, _) => new { password = "a-reset-long-password" }),
        Send("PUT", "/api/users/{userName}/disabled", Who.Administrator, w => $"/api/users/{w.Target}/disabled", (_, _) => new { disabled = false }),

        Get("/api/alerts", Who.Staff, _ => "/api/alerts"),
        Send("POST", "/api/alerts/{alertId}/acknowledge", Who.FinanceOfficer | Who.Administrator, _ => $"/api/alerts/{Guid.NewGuid()}/acknowledge"),
        Send("POST", "/api/alerts/{alertId}/retry", Who.FinanceOfficer | Who.Administrator, _ => $"/api/alerts/{Guid.NewGuid()}/retry"),
        Send("POST", "/api/alerts/{alertId}/set-aside", Who.FinanceOfficer | Who.Administrator, _ => $"/api/alerts/{Guid.NewGuid()}/set-aside", (_, _) => new { reason = "repaired by hand" }),
        Get("/api/audit", Who.Administrator | Who.Auditor, _ => "/api/audit?limit=1"),
        Send("POST", "/api/audit/verify", Who.Administrator | Who.Auditor, _ => "/api/audit/verify", (_, _) => new { expectedHead = (string?)null }),

        Send("POST", "/api/funds/{fundId}/projects", Who.ProgrammeOfficer, w => $"/api/funds/{w.Fund}/projects", (w, _) => FundStoryTests.ProjectBody($"{w.Code}-N")),
        Get("/api/funds/{fundId}/projects", Who.Staff, w => $"/api/funds/{w.Fund}/projects"),
        Get("/api/projects/{projectId}", Who.Staff, w => $"/api/projects/{w.Drafted}"),
        Send("PUT", "/api/projects/{projectId}", Who.ProgrammeOfficer, w => $"/api/projects/{w.Drafted}", (w, _) => FundStoryTests.ProjectBody($"{w.Code}-A")),
        // The steps are one operation; who may take each differs. The submitted project was drafted by another officer, so the four-eyes rules let the acting one review it.
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer, w => $"/api/projects/{w.Drafted}/submit", (_, _) => NoReason),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer, w => $"/api/projects/{w.Submitted}/start-review", (_, _) => NoReason),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer, w => $"/api/projects/{w.Submitted}/approve", (_, _) => new { reason = "sound" }),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer, w => $"/api/projects/{w.Submitted}/return", (_, _) => new { reason = "needs work" }),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer, w => $"/api/projects/{w.Submitted}/reject", (_, _) => new { reason = "out of scope" }),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer, w => $"/api/projects/{w.Submitted}/activate", (_, _) => NoReason),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer | Who.FinanceOfficer, w => $"/api/projects/{w.Submitted}/suspend", (_, _) => new { reason = "audit finding" }),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer | Who.FinanceOfficer, w => $"/api/projects/{w.Submitted}/resume", (_, _) => NoReason),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer, w => $"/api/projects/{w.Submitted}/complete", (_, _) => NoReason),
        Send("POST", "/api/projects/{projectId}/{step}", Who.ProgrammeOfficer | Who.FinanceOfficer, w => $"/api/projects/{w.Submitted}/close", (_, _) => NoReason),
        Send("POST", "/api/projects/{projectId}/tranches/{tranche}/release", Who.FinanceOfficer, w => $"/api/projects/{w.Submitted}/tranches/1/release"),
        Send("POST", "/api/projects/{projectId}/tranches/{tranche}/financial-report/accept", Who.FinanceOfficer, w => $"/api/projects/{w.Submitted}/tranches/1/financial-report/accept"),
        Send("POST", "/api/projects/{projectId}/tranches/{tranche}/payments/{attempt}/reversal", Who.FinanceOfficer, w => $"/api/projects/{w.Submitted}/tranches/1/payments/0/reversal", (_, _) => new { reason = "paid to the wrong account" }),
        Get("/api/projects/{projectId}/budget", Who.Staff, w => $"/api/projects/{w.Submitted}/budget"),
        Get("/api/projects/{projectId}/funding", Who.Staff, w => $"/api/projects/{w.Submitted}/funding"),
        Send("POST", "/api/projects/{projectId}/indicators/{code}/actuals", Who.ProgrammeOfficer, w => $"/api/projects/{w.Submitted}/indicators/IND-1/actuals",
            (_, _) => new { periodStart = "2026-01-01", periodEnd = "2026-03-31", value = 1m, note = (string?)null }),

        // A currency no other test uses, so no other test's conversions change.
        Send("PUT", "/api/exchange-rates/{currency}/{effectiveFrom}", Who.FinanceOfficer, _ => "/api/exchange-rates/MNT/2020-01-01", (_, _) => new { unitsPerUsd = 3400m }),
        Get("/api/exchange-rates", Who.Staff, _ => "/api/exchange-rates?currency=MNT"),

        Send("POST", "/api/jobs/{kind}", Who.FinanceOfficer, _ => "/api/jobs/disbursement-run") with { RunsJob = "disbursement-run" },
        Send("POST", "/api/jobs/{kind}", Who.FinanceOfficer | Who.ProgrammeOfficer, _ => "/api/jobs/outcome-report") with { RunsJob = "outcome-report" },
        Send("POST", "/api/jobs/{kind}", Who.FinanceOfficer, _ => "/api/jobs/revaluation") with { RunsJob = "revaluation" },
        Send("POST", "/api/jobs/{kind}", Who.FinanceOfficer | Who.Auditor, _ => "/api/jobs/reconciliation") with { RunsJob = "reconciliation" },
        Get("/api/jobs/{kind}/{runId}", Who.Staff, _ => "/api/jobs/outcome-report/no-such-run"),
        // A donor lists and reads its own statements (an unknown id is not found, whoever asks); the next test tries others'.
        Get("/api/reports", Who.SignedIn, _ => "/api/reports?limit=1"),
        Get("/api/reports/{reportId}", Who.SignedIn, _ => $"/api/reports/{Guid.NewGuid()}"),
        Get("/api/reports/{reportId}/{format}", Who.SignedIn, _ => $"/api/reports/{Guid.NewGuid()}/csv"),
        Get("/api/funds/{fundId}/statements/{kind}", Who.Staff, w => $"/api/funds/{w.Fund}/statements/contributions-by-donor"),
        Get("/api/funds/{fundId}/statements/{kind}", Who.Staff | Who.Donor, w => $"/api/funds/{w.Fund}/statements/donor-statement?donorId={w.Donor}"),
        Get("/api/funds/{fundId}/statements/journal.csv", Who.Staff, w => $"/api/funds/{w.Fund}/statements/journal.csv"),
        Get("/api/report-schedules", Who.Staff, _ => "/api/report-schedules"),
        Get("/api/report-schedules/{scheduleId}", Who.Staff, _ => "/api/report-schedules/no-such-schedule"),
        Get("/api/report-schedules/{scheduleId}/runs/{runId}", Who.Staff, _ => "/api/report-schedules/no-such-schedule/runs/no-such-run"),
        Send("POST", "/api/report-schedules", Who.FinanceOfficer | Who.Administrator, _ => "/api/report-schedules", (w, _) => new { kind = "contributions-by-donor", fundId = w.Fund, period = "ToDate", cron = "0 3 1 1 *" }),
        Send("PUT", "/api/report-schedules/{scheduleId}", Who.FinanceOfficer | Who.Administrator, _ => "/api/report-schedules/no-such-schedule", (w, _) => new { kind = "contributions-by-donor", fundId = w.Fund, period = "ToDate", cron = "0 3 1 1 *" }),
        Send("POST", "/api/report-schedules/{scheduleId}/pause", Who.FinanceOfficer | Who.Administrator, _ => "/api/report-schedules/no-such-schedule/pause"),
        Send("POST", "/api/report-schedules/{scheduleId}/resume", Who.FinanceOfficer | Who.Administrator, _ => "/api/report-schedules/no-such-schedule/resume"),
        Send("POST", "/api/report-schedules/{scheduleId}/run", Who.FinanceOfficer | Who.Administrator, _ => "/api/report-schedules/no-such-schedule/run"),

        // IATI is open data the fund publishes: anonymous by design.
        Get("/iati/activities.xml", Who.Anyone, w => $"/iati/activities.xml?fund={w.Fund}"),
        Get("/iati/organisation.xml", Who.Anyone, w => $"/iati/organisation.xml?fund={w.Fund}"),

        // The Orleans dashboard, which lists its own operations in the document: administrators only.
        // Its root redirects to the page (and a redirect drops the bearer token); the page is what is asked for.
        Get("/orleans", Who.Administrator, _ => "/orleans/"),
        Get("/orleans/ClusterStats", Who.Administrator, _ => "/orleans/ClusterStats"),
        Get("/orleans/DashboardCounters", Who.Administrator, _ => "/orleans/DashboardCounters"),
        Get("/orleans/GrainState", Who.Administrator, _ => "/orleans/GrainState"),
        Get("/orleans/GrainStats/{grainName}", Who.Administrator, _ => "/orleans/GrainStats/FundManager.Grains.Funds.FundGrain"),
        Get("/orleans/GrainTypes", Who.Administrator, _ => "/orleans/GrainTypes"),
        Get("/orleans/HistoricalStats/{path}", Who.Administrator, _ => "/orleans/HistoricalStats/none"),
        Get("/orleans/LifecycleStages", Who.Administrator, _ => "/orleans/LifecycleStages"),
        Get("/orleans/Reminders", Who.Administrator, _ => "/orleans/Reminders"),
        Get("/orleans/Reminders/{page}", Who.Administrator, _ => "/orleans/Reminders/1"),
        Get("/orleans/SiloCounters/{address}", Who.Administrator, _ => "/orleans/SiloCounters/none"),
        Get("/orleans/SiloMetadata/{address}", Who.Administrator, _ => "/orleans/SiloMetadata/none"),
        Get("/orleans/SiloProperties/{address}", Who.Administrator, _ => "/orleans/SiloProperties/none"),
        Get("/orleans/SiloStats/{address}", Who.Administrator, _ => "/orleans/SiloStats/none"),
        Get("/orleans/TopGrainMethods", Who.Administrator, _ => "/orleans/TopGrainMethods"),
        // Switched off (it would show every grain call as it happens), for administrators too.
        Get("/orleans/Trace", Who.Nobody, _ => "/orleans/Trace"),
        Get("/orleans/favicon.ico", Who.Administrator, _ => "/orleans/favicon.ico"),
        Get("/orleans/fonts/{path}", Who.Administrator, _ => "/orleans/fonts/none"),
        Get("/orleans/img/{path}", Who.Administrator, _ => "/orleans/img/none"),
        Get("/orleans/index.css", Who.Administrator, _ => "/orleans/index.css"),
        Get("/orleans/index.html", Who.Administrator, _ => "/orleans/index.html"),
        Get("/orleans/index.min.js", Who.Administrator, _ => "/orleans/index.min.js"),
        Get("/orleans/version", Who.Administrator, _ => "/orleans/version"),
    ];

    [Fact]
    public async Task every_operation_of_the_openapi_document_has_a_row_in_the_authorization_table()
    {
        var operations = await OperationsAsync();
        var rows = Table.Select(g => g.Operation).ToHashSet(StringComparer.Ordinal);

        Assert.True(operations.Count > 40, $"the document lists only {operations.Count} operations");
        var unruled = operations.Where(o => !rows.Contains(o)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unruled.Count == 0, $"no row says who may call: {string.Join(", ", unruled)}");
        // A row for an operation that no longer exists is a rule nobody checks.
        var stale = rows.Where(r => !operations.Contains(r)).Order(StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, $"rows for operations the document does not list: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task every_role_and_anonymous_are_allowed_and_refused_exactly_what_the_table_says()
    {
        var world = await WorldAsync();
        var operations = await OperationsAsync();
        var failures = new List<string>();
        var tries = 0;

        foreach (var grant in Table.Where(g => operations.Contains(g.Operation)))
        {
            foreach (var who in Principals)
            {
                var allowed = grant.Allowed.HasFlag(who);
                var (status, mediaType, text) = await SendAsync(world, grant, who);
                tries++;
                var what = $"{grant.Operation} ({grant.Path(world, who)}) as {who}";
                if (allowed && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{what}: allowed by the table, refused with {(int)status}: {Shorten(text)}");
                }
                else if (!allowed)
                {
                    var expected = who == Who.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                    if (status != expected || mediaType != "application/problem+json")
                    {
                        failures.Add($"{what}: refused by the table, expected a {(int)expected} problem, got {(int)status} {mediaType}: {Shorten(text)}");
                    }
                }
                if (allowed && grant.RunsJob is { } kind && status == HttpStatusCode.Accepted)
                {
                    await WaitForRunAsync(world, kind, JsonNode.Parse(text)!["runId"]!.GetValue<string>());
                }
            }
        }

        Assert.True(tries >= Principals.Length * 40, $"only {tries} requests were tried");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tries} role-by-operation tries broke the table:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task a_donor_can_neither_read_nor_change_another_donors_objects_by_id()
    {
        var world = await WorldAsync();
        var theirs = world.OtherPledge;
        var report = await AnyReportAsync(world);
        var before = await DonorStateAsync(world, world.OtherDonor);

        (string Method, string Path, object? Body)[] attempts =
        [
            ("GET", $"/api/donors/{world.OtherDonor}", null),
            ("GET", $"/api/donors/{world.OtherDonor}/pledges", null),
            ("GET", $"/api/donors/{world.OtherDonor}/statement", null),
            ("GET", $"/api/donors/{world.OtherDonor}/statement?fundId={world.Fund}", null),
            ("GET", $"/api/pledges/{theirs}", null),
            ("GET", $"/api/pledges/{theirs}/paid-for", null),
            ("POST", $"/api/donors/{world.OtherDonor}/pledges", world.PledgeBody("authz-cross-pledge")),
            ("POST", $"/api/pledges/{theirs}/payments", new { idempotencyKey = "authz-cross-pay", amount = 10m, currency = "USD", valueDate = "2026-01-20" }),
            ("POST", $"/api/pledges/{theirs}/payments/authz-pay-0/reversal", new { reason = "not mine" }),
            ("POST", $"/api/pledges/{theirs}/amendments", new
            {
                idempotencyKey = "authz-cross-amend", kind = "CancelUnpaidRest", amount = (decimal?)null, currency = (string?)null, effectiveDate = "2026-01-20",
                instalments = (object?)null, reason = "cancel theirs",
            }),
            ("GET", $"/api/reports/{report}", null),
            ("GET", $"/api/reports/{report}/csv", null),
            ("GET", $"/api/reports/{report}/html", null),
            ("GET", $"/api/funds/{world.Fund}/statements/donor-statement?donorId={world.OtherDonor}", null),
            ("GET", $"/api/users/{world.OtherDonorUser}", null),
        ];
        var failures = new List<string>();
        foreach (var (method, path, body) in attempts)
        {
            var reply = await Api.SendAsync(new HttpMethod(method), path, world.DonorUser, body);
            if (reply.Status != HttpStatusCode.Forbidden || reply.MediaType != "application/problem+json")
            {
                failures.Add($"{method} {path}: expected a 403 problem, got {(int)reply.Status}: {Shorten(reply.Text)}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {attempts.Length} cross-donor attempts were not refused:\n{string.Join("\n", failures)}");
        Assert.Equal(before, await DonorStateAsync(world, world.OtherDonor));
        // The list of reports is the donor's own: nothing staff made, nothing about another donor.
        Assert.Empty((await Api.GetAsync("/api/reports", world.DonorUser)).Expect(HttpStatusCode.OK).Json.AsArray());
        // The refusals are about whose the objects are: their own donor reads them.
        (await Api.GetAsync($"/api/pledges/{theirs}", world.OtherDonorUser)).Expect(HttpStatusCode.OK);
        (await Api.GetAsync($"/api/donors/{world.OtherDonor}/statement", world.OtherDonorUser)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task fields_a_caller_may_not_set_are_refused_and_change_nothing()
    {
        var world = await WorldAsync();
        JsonObject PledgeWith(string field, JsonNode? value)
        {
            var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(world.PledgeBody($"authz-mass-{field}"), Reply.JsonOptions))!.AsObject();
            body[field] = value;
            return body;
        }
        var project = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(FundStoryTests.ProjectBody($"{world.Code}-A"), Reply.JsonOptions))!.AsObject();
        project["status"] = "Approved";
        project["approvals"] = new JsonArray(new JsonObject { ["by"] = "someone" });
        var ownDonorBefore = await DonorStateAsync(world, world.Donor);
        var otherDonorBefore = await DonorStateAsync(world, world.OtherDonor);
        var drafted = (await Api.GetAsync($"/api/projects/{world.Drafted}", world.Finance)).Expect(HttpStatusCode.OK).Json["status"]!.GetValue<string>();

        (string Name, HttpMethod Method, string Path, string User, JsonNode Body, HttpStatusCode Status, string Says)[] cases =
        [
            ("a donor's own PSC rate", HttpMethod.Post, $"/api/donors/{world.Donor}/pledges", world.DonorUser, PledgeWith("pscRate", 0m), HttpStatusCode.Forbidden, "terms-set-by-finance"),
            ("a donor's own refund of unspent money", HttpMethod.Post, $"/api/donors/{world.Donor}/pledges", world.DonorUser, PledgeWith("refundUnspent", true), HttpStatusCode.Forbidden, "terms-set-by-finance"),
            ("another donor's id in a donor's pledge", HttpMethod.Post, $"/api/donors/{world.Donor}/pledges", world.DonorUser, PledgeWith("donorId", world.OtherDonor.ToString()), HttpStatusCode.BadRequest, "donorId"),
            ("the terms object of a pledge", HttpMethod.Post, $"/api/donors/{world.Donor}/pledges", world.DonorUser, PledgeWith("terms", new JsonObject { ["psc"] = 0m }), HttpStatusCode.BadRequest, "terms"),
            ("a pledge's status", HttpMethod.Post, $"/api/donors/{world.Donor}/pledges", world.DonorUser, PledgeWith("status", "Paid"), HttpStatusCode.BadRequest, "status"),
            ("who recorded a payment", HttpMethod.Post, $"/api/pledges/{world.Pledge}/payments", world.Finance,
                JsonNode.Parse("""{"idempotencyKey":"authz-mass-pay","amount":1,"currency":"USD","valueDate":"2026-01-20","recordedBy":"someone-else"}""")!, HttpStatusCode.BadRequest, "recordedBy"),
            ("the roles of one's own account", HttpMethod.Put, $"/api/users/{world.DonorUser}/password", world.DonorUser,
                new JsonObject { ["password"] = "a-new-long-password", ["currentPassword"] = Password, ["roles"] = new JsonArray("Administrator") }, HttpStatusCode.BadRequest, "roles"),
            ("the donor of one's own account", HttpMethod.Put, $"/api/users/{world.DonorUser}/password", world.DonorUser,
                new JsonObject { ["password"] = "a-new-long-password", ["currentPassword"] = Password, ["donorId"] = world.OtherDonor.ToString() }, HttpStatusCode.BadRequest, "donorId"),
            ("a project's status and approvals", HttpMethod.Put, $"/api/projects/{world.Drafted}", world.Officer, project, HttpStatusCode.BadRequest, "status"),
            ("an id chosen for a new donor", HttpMethod.Post, "/api/donors", world.Finance,
                JsonNode.Parse($$"""{"name":"Mass donor","type":"Foundation","country":null,"iatiIdentifier":null,"id":"{{world.OtherDonor}}"}""")!, HttpStatusCode.BadRequest, "id"),
        ];
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var reply = await Api.SendAsync(c.Method, c.Path, c.User, rawBody: c.Body.ToJsonString());
            var said = reply.MediaType == "application/problem+json" ? $"{reply.Json["detail"]} {reply.Json["code"]}" : reply.Text;
            if (reply.Status != c.Status || reply.MediaType != "application/problem+json" || !said.Contains(c.Says, StringComparison.Ordinal))
            {
                failures.Add($"{c.Name}: expected a {(int)c.Status} problem about '{c.Says}', got {(int)reply.Status}: {Shorten(reply.Text)}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} attempts to set what the caller may not were not refused:\n{string.Join("\n", failures)}");
        Assert.Equal(ownDonorBefore, await DonorStateAsync(world, world.Donor));
        Assert.Equal(otherDonorBefore, await DonorStateAsync(world, world.OtherDonor));
        var me = (await Api.GetAsync("/api/me", world.DonorUser)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(["Donor"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(world.Donor, me["donorId"]!.GetValue<Guid>());
        Assert.Equal(drafted, (await Api.GetAsync($"/api/projects/{world.Drafted}", world.Finance)).Expect(HttpStatusCode.OK).Json["status"]!.GetValue<string>());
        await Api.SignInAsync(world.DonorUser, Password);
    }

    /// <summary>The objects the table acts on, and one user per role; every name is new, so the tests do not meet.</summary>
    private sealed record World(Api Api, string Prefix, string Fund, Guid Donor, Guid OtherDonor, Guid Pledge, Guid OtherPledge, Guid Drafted, Guid Submitted, IReadOnlyDictionary<Who, string> Users)
    {
        public string Code => Prefix.ToUpperInvariant();
        public string SignInUser => $"{Prefix}-signin";
        public string Target => $"{Prefix}-target";
        public string DonorUser => Users[Who.Donor];
        public string OtherDonorUser => $"{Prefix}-donor2";
        public string Finance => Users[Who.FinanceOfficer];
        public string Officer => Users[Who.ProgrammeOfficer];

        public object PledgeBody(string key) => new
        {
            fundId = Fund, idempotencyKey = key, amount = 500m, currency = "USD", pledgeDate = "2026-01-10",
            earmark = new { level = 1 }, pscRate = (decimal?)null, instalments = new[] { new { dueDate = "2026-01-10", amount = 500m } }, reference = (string?)null,
        };
    }

    private async Task<World> WorldAsync()
    {
        var prefix = $"az{Guid.NewGuid():N}"[..10];
        var fund = $"{prefix}-fund";
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        // Two approvals for anything above a dollar: the acting officer's approval is a first one, and no money moves.
        (await Api.PostAsync("/api/funds", Admin, new { id = fund, name = "Authorization fund", description = "", secondApproverAboveUsd = 1m })).Expect(HttpStatusCode.Created);
        var recorder = await UserAsync($"{prefix}-recorder", "FinanceOfficer", null);
        var donor = await RegisterDonorAsync(recorder, "Authz donor");
        var otherDonor = await RegisterDonorAsync(recorder, "Authz other donor");
        var users = new Dictionary<Who, string>
        {
            [Who.Administrator] = await UserAsync($"{prefix}-admin", "Administrator", null),
            [Who.ProgrammeOfficer] = await UserAsync($"{prefix}-po", "ProgrammeOfficer", null),
            [Who.FinanceOfficer] = await UserAsync($"{prefix}-fin", "FinanceOfficer", null),
            [Who.Auditor] = await UserAsync($"{prefix}-aud", "Auditor", null),
            [Who.Donor] = await UserAsync($"{prefix}-donor", "Donor", donor),
        };
        await UserAsync($"{prefix}-donor2", "Donor", otherDonor);
        await UserAsync($"{prefix}-signin", "Auditor", null);
        await UserAsync($"{prefix}-target", "Auditor", null);
        var drafter = await UserAsync($"{prefix}-drafter", "ProgrammeOfficer", null);
        var world = new World(Api, prefix, fund, donor, otherDonor, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, users);

        async Task<Guid> PledgeAndPayAsync(Guid donorId, string key)
        {
            var pledge = (await Api.PostAsync($"/api/donors/{donorId}/pledges", recorder, world.PledgeBody(key))).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
            (await Api.PostAsync($"/api/pledges/{pledge}/payments", recorder, new { idempotencyKey = "authz-pay-0", amount = 100m, currency = "USD", valueDate = "2026-01-15" })).Expect(HttpStatusCode.Created);
            return pledge;
        }
        var pledgeId = await PledgeAndPayAsync(donor, $"{prefix}-own");
        var otherPledge = await PledgeAndPayAsync(otherDonor, $"{prefix}-theirs");
        var drafted = (await Api.PostAsync($"/api/funds/{fund}/projects", drafter, FundStoryTests.ProjectBody($"{world.Code}-A"))).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        var submitted = (await Api.PostAsync($"/api/funds/{fund}/projects", drafter, FundStoryTests.ProjectBody($"{world.Code}-B"))).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync($"/api/projects/{submitted}/submit", drafter, NoReason)).Expect(HttpStatusCode.OK);
        return world with { Pledge = pledgeId, OtherPledge = otherPledge, Drafted = drafted, Submitted = submitted };
    }

    private async Task<string> UserAsync(string name, string role, Guid? donorId)
    {
        (await Api.PostAsync("/api/users", Admin, new { userName = name, displayName = name, roles = new[] { role }, donorId, password = Password })).Expect(HttpStatusCode.Created);
        await Api.SignInAsync(name, Password);
        return name;
    }

    private async Task<Guid> RegisterDonorAsync(string finance, string name) =>
        (await Api.PostAsync("/api/donors", finance, new { name, type = "Government", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();

    private async Task<(HttpStatusCode Status, string? MediaType, string Text)> SendAsync(World world, Grant grant, Who who)
    {
        using var request = new HttpRequestMessage(new HttpMethod(grant.Operation[..grant.Operation.IndexOf(' ', StringComparison.Ordinal)]), grant.Path(world, who));
        if (who != Who.Anonymous)
        {
            var user = world.Users[who];
            var token = grant.OwnSignIn ? (await world.Api.SignInWithRefreshAsync(user, Password)).AccessToken : Api.TokenOf(user);
            if (grant.OwnSignIn)
            {
                // Signing in again made that the client's token; the user's usual sign-in carries on.
                await Api.SignInAsync(user, Password);
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (grant.Body is not null)
        {
            request.Content = JsonContent.Create(await grant.Body(world, who));
        }
        using var response = await Api.SendRawAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private async Task WaitForRunAsync(World world, string kind, string runId) =>
        await Eventually.PollAsync(async () =>
            (await Api.GetAsync($"/api/jobs/{kind}/{runId}", world.Finance)).Expect(HttpStatusCode.OK).Json["report"] as JsonObject,
            TimeSpan.FromMinutes(2), $"the {kind} run {runId} to write its report");

    private async Task<Guid> AnyReportAsync(World world)
    {
        var runId = (await Api.PostAsync("/api/jobs/outcome-report", world.Finance)).Expect(HttpStatusCode.Accepted).Json["runId"]!.GetValue<string>();
        await WaitForRunAsync(world, "outcome-report", runId);
        return (await Api.GetAsync("/api/reports?limit=1", world.Finance)).Expect(HttpStatusCode.OK).Json[0]!["id"]!.GetValue<Guid>();
    }

    // A donor's record and pledges with their payments, as finance sees them.
    private async Task<string> DonorStateAsync(World world, Guid donorId) =>
        (await Api.GetAsync($"/api/donors/{donorId}", world.Finance)).Expect(HttpStatusCode.OK).Text
        + (await Api.GetAsync($"/api/donors/{donorId}/pledges", world.Finance)).Expect(HttpStatusCode.OK).Text;

    /// <summary>"METHOD /path/{param}" for every operation of the OpenAPI document.</summary>
    private async Task<HashSet<string>> OperationsAsync()
    {
        var document = (await Api.GetAsync("/openapi/v1.json", asUser: null)).Expect(HttpStatusCode.OK).Json;
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var normalised = path.Length > 1 ? path.TrimEnd('/') : path;
            foreach (var (method, _) in item!.AsObject())
            {
                if (method is "get" or "put" or "post" or "delete" or "patch" or "head" or "options" or "trace")
                {
                    operations.Add($"{method.ToUpperInvariant()} {normalised}");
                }
            }
        }
        return operations;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
