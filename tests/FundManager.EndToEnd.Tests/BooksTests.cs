using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FundManager.Testing;
using Npgsql;

namespace FundManager.EndToEnd.Tests;

/// <summary>The books' guarantees through HTTP on real PostgreSQL: idempotency under concurrency, reconciliation and alerts, the audit trail.</summary>
[Collection(SystemCollection.Name)]
public sealed class BooksTests(SystemFixture system)
{
    private const string Admin = SystemFixture.AdministratorName;
    private const string Password = "a-long-enough-password";
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static readonly DateOnly MonthStart = new(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1);

    private Api Api => system.Api;

    private async Task PeopleAsync()
    {
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        foreach (var (name, role) in new[] { ("books-fin1", "FinanceOfficer"), ("books-fin2", "FinanceOfficer"), ("books-po1", "ProgrammeOfficer"), ("books-po2", "ProgrammeOfficer"), ("books-auditor", "Auditor") })
        {
            var created = await Api.PostAsync("/api/users", Admin, new { userName = name, displayName = name, roles = new[] { role }, donorId = (Guid?)null, password = Password });
            Assert.True(created.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, created.Text);
            await Api.SignInAsync(name, Password);
        }
    }

    private async Task<(string Fund, Guid Contribution)> FundedAsync(string fund, decimal usd)
    {
        (await Api.PostAsync("/api/funds", Admin, new { id = fund, name = fund, description = "", secondApproverAboveUsd = 10_000_000m })).Expect(HttpStatusCode.Created);
        var donor = (await Api.PostAsync("/api/donors", "books-fin1", new { name = $"{fund} donor", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        var contribution = (await Api.PostAsync($"/api/donors/{donor}/pledges", "books-fin1", new
        {
            fundId = fund, idempotencyKey = $"{fund}-pledge", amount = usd, currency = "USD", pledgeDate = Iso(MonthStart),
            earmark = new { level = 1 }, pscRate = (decimal?)null, instalments = new[] { new { dueDate = Iso(MonthStart), amount = usd } }, reference = (string?)null,
        })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync($"/api/pledges/{contribution}/payments", "books-fin1", new { idempotencyKey = "cash", amount = usd, currency = "USD", valueDate = Today }))
            .Expect(HttpStatusCode.Created);
        return (fund, contribution);
    }

    [Fact]
    public async Task the_same_payment_posted_many_times_at_once_is_recorded_once()
    {
        await PeopleAsync();
        (await Api.PostAsync("/api/funds", Admin, new { id = "books-burst", name = "Burst", description = "", secondApproverAboveUsd = 1m })).Expect(HttpStatusCode.Created);
        var donor = (await Api.PostAsync("/api/donors", "books-fin1", new { name = "Burst donor", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null })).Json["id"]!.GetValue<Guid>();
        var contribution = (await Api.PostAsync($"/api/donors/{donor}/pledges", "books-fin1", new
        {
            fundId = "books-burst", idempotencyKey = "burst", amount = 1_000m, currency = "USD", pledgeDate = Iso(MonthStart),
            earmark = new { level = 1 }, pscRate = (decimal?)null, instalments = new[] { new { dueDate = Iso(MonthStart), amount = 1_000m } }, reference = (string?)null,
        })).Json["id"]!.GetValue<Guid>();

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Api.PostAsync($"/api/pledges/{contribution}/payments", "books-fin1", new { idempotencyKey = "wire-77", amount = 400m, currency = "USD", valueDate = Today })));

        Assert.All(replies, r => r.Expect(HttpStatusCode.Created));
        Assert.Single((await Api.GetAsync($"/api/pledges/{contribution}", "books-fin1")).Json["payments"]!.AsArray());
        Assert.Equal(400m, (await Api.GetAsync("/api/funds/books-burst/position", "books-fin1")).Amount("received.amount"));
        await using var connection = new NpgsqlConnection(system.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM fundmanager.journal_entry WHERE idempotency_key = @key", connection);
        count.Parameters.AddWithValue("key", $"payment:{contribution:N}:wire-77");
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task parallel_approvals_over_http_never_allocate_more_than_was_received()
    {
        await PeopleAsync();
        var (fund, _) = await FundedAsync("books-race", 400_000m);
        var projects = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var id = (await Api.PostAsync($"/api/funds/{fund}/projects", "books-po1", FundStoryTests.ProjectBody($"RACE-{i}", 50_000m, 50_000m))).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
            (await Api.PostAsync($"/api/projects/{id}/submit", "books-po1", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
            (await Api.PostAsync($"/api/projects/{id}/start-review", "books-po2", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
            projects.Add(id);
        }

        var replies = await Task.WhenAll(projects.Select(id => Api.PostAsync($"/api/projects/{id}/approve", "books-po2", new { reason = "race" })));

        // Each holds 113,000: three fit in 400,000, a fourth does not.
        Assert.Equal(3, replies.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => r.Problem(HttpStatusCode.Conflict, "insufficient-funds"));
        var position = (await Api.GetAsync($"/api/funds/{fund}/position", "books-fin1")).Expect(HttpStatusCode.OK);
        Assert.Equal(339_000m, position.Amount("allocated.amount"));
        Assert.Equal(61_000m, position.Amount("available.amount"));
    }

    [Fact]
    public async Task reconciliation_raises_a_visible_alert_when_money_reaches_the_journal_around_the_grains()
    {
        await PeopleAsync();
        var (fund, contribution) = await FundedAsync("books-tamper", 10_000m);
        var clean = (await Api.PostAsync($"/api/funds/{fund}/reconciliation", "books-auditor")).Expect(HttpStatusCode.OK).Json;
        Assert.Empty(clean["breaks"]!.AsArray());

        await using (var connection = new NpgsqlConnection(system.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forge = new NpgsqlCommand("""
                SELECT * FROM fundmanager.append_journal_entry('forged-cash', 'x', @fund, 2::smallint, current_date, now(), 'mallory', 'forged',
                    NULL, ARRAY[9000, 9100]::smallint[], ARRAY['D', 'C'], ARRAY[5000, 5000]::numeric[], ARRAY[NULL, NULL]::numeric[],
                    ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::numeric[], ARRAY[NULL, NULL]::date[], ARRAY[NULL, NULL]::uuid[],
                    ARRAY[@contribution, @contribution]::uuid[], ARRAY[NULL, NULL]::uuid[], ARRAY[NULL, NULL]::integer[])
                """, connection);
            forge.Parameters.AddWithValue("fund", fund);
            forge.Parameters.AddWithValue("contribution", contribution);
            await forge.ExecuteNonQueryAsync();
        }

        var run = (await Api.PostAsync("/api/jobs/reconciliation", "books-auditor")).Expect(HttpStatusCode.Accepted).Json["runId"]!.GetValue<string>();
        var report = await Eventually.PollAsync(async () =>
            (await Api.GetAsync($"/api/jobs/reconciliation/{run}", "books-auditor")).Json["report"] as JsonObject, TimeSpan.FromMinutes(2), "the reconciliation report");
        Assert.NotEqual("0", report["summary"]!["breaks"]!.GetValue<string>());
        // The alerts name the stored report, so they are raised just after it: wait for them.
        var alerts = await Eventually.PollAsync(async () =>
        {
            var open = (await Api.GetAsync("/api/alerts", "books-fin2")).Expect(HttpStatusCode.OK).Json.AsArray();
            return open.Any(a => a!["subject"]!.GetValue<string>().StartsWith(fund, StringComparison.Ordinal)
                && a["title"]!.GetValue<string>().StartsWith("contributions-agree", StringComparison.Ordinal)) ? open : null;
        }, TimeSpan.FromMinutes(1), "the reconciliation's alert for the forged entry");
        var health = await Api.GetAsync("/health", asUser: null);
        Assert.Equal("Degraded", health.Expect(HttpStatusCode.OK).Text);

        foreach (var open in alerts)
        {
            (await Api.PostAsync($"/api/alerts/{open!["id"]!.GetValue<Guid>()}/acknowledge", "books-fin2")).Expect(HttpStatusCode.OK);
        }
        Assert.Empty((await Api.GetAsync("/api/alerts", "books-fin2")).Json.AsArray());
    }

    [Fact]
    public async Task an_auditor_reads_and_verifies_the_audit_trail_of_every_command()
    {
        await PeopleAsync();
        await FundedAsync("books-audit", 1_000m);

        var events = (await Api.GetAsync("/api/audit?limit=1000", "books-auditor")).Expect(HttpStatusCode.OK).Json.AsArray();
        var verification = (await Api.PostAsync("/api/audit/verify", "books-auditor", new { expectedHead = (string?)null })).Expect(HttpStatusCode.OK).Json;

        Assert.Contains(events, e => e!["record"]!["action"]!.GetValue<string>() == "IContributionGrain.RecordPayment" && e["record"]!["actor"]!.GetValue<string>() == "books-fin1");
        Assert.Contains(events, e => e!["record"]!["action"]!.GetValue<string>() == "IFundGrain.Create" && e["record"]!["target"]!.GetValue<string>().Contains("books-audit", StringComparison.Ordinal));
        Assert.True(verification["intact"]!.GetValue<bool>(), verification.ToJsonString());
        (await Api.GetAsync("/api/audit", "books-fin1")).Problem(HttpStatusCode.Forbidden, "role-required");
    }

    [Fact]
    public async Task a_payment_recorded_by_mistake_is_reversed_and_the_position_follows()
    {
        await PeopleAsync();
        var (fund, contribution) = await FundedAsync("books-reverse", 2_000m);

        (await Api.PostAsync($"/api/pledges/{contribution}/payments/cash/reversal", "books-fin2", new { reason = "belongs to another donor" })).Expect(HttpStatusCode.OK);

        var position = (await Api.GetAsync($"/api/funds/{fund}/position", "books-fin1")).Json;
        Assert.Equal(0m, position["received"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(2_000m, position["outstanding"]!["amount"]!.GetValue<decimal>());
        Assert.Empty((await Api.PostAsync($"/api/funds/{fund}/reconciliation", "books-auditor")).Json["breaks"]!.AsArray());
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
