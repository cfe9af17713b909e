using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;

namespace FundManager.EndToEnd.Tests;

/// <summary>
/// An effect PostgreSQL refuses for good, through HTTP on the real system: it raises an alert that
/// turns /health Degraded, blocks nothing else, and is resolved through the API after a fix.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class UndeliverableEffectTests(SystemFixture system)
{
    private const string Admin = SystemFixture.AdministratorName;
    private const string Password = "a-long-enough-password";
    private const string Finance = "undeliverable-fin";
    private const string Officer = "undeliverable-po";
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Api Api => system.Api;

    [Fact]
    public async Task an_entry_the_database_refuses_is_alerted_blocks_no_payment_and_is_posted_once_retried_after_the_fix()
    {
        var contribution = await PledgeAsync();
        var refusedKey = $"amendment:{contribution:N}:1";
        // What a database that will never take the entry as it is looks like from the silo: a
        // constraint it violates (as text PostgreSQL cannot store once did), not an outage.
        var constraint = $"refuses_{contribution:N}";
        await OwnerAsync($"ALTER TABLE fundmanager.journal_entry ADD CONSTRAINT {constraint} CHECK (idempotency_key <> '{refusedKey}') NOT VALID");
        try
        {
            (await Api.PostAsync($"/api/pledges/{contribution}/amendments", Finance, new
            {
                idempotencyKey = "cut", kind = "Decrease", amount = 1_000m, currency = "USD", effectiveDate = Today, instalments = Array.Empty<object>(), reason = "smaller budget",
            })).Expect(HttpStatusCode.OK);

            (await Api.PostAsync($"/api/pledges/{contribution}/payments", Finance, new { idempotencyKey = "after-refusal", amount = 500m, currency = "USD", valueDate = Today }))
                .Expect(HttpStatusCode.Created);
            var alert = Assert.Single(await OpenAlertsAsync(contribution));
            Assert.Contains(refusedKey, alert["title"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("Degraded", (await Api.GetAsync("/health", asUser: null)).Expect(HttpStatusCode.OK).Text);
            var alertId = alert["id"]!.GetValue<Guid>();

            (await Api.PostAsync($"/api/alerts/{alertId}/retry", Officer)).Expect(HttpStatusCode.Forbidden);
            var stillRefused = (await Api.PostAsync($"/api/alerts/{alertId}/retry", Finance)).Expect(HttpStatusCode.Conflict).Json;
            Assert.Contains(constraint, stillRefused["detail"]!.GetValue<string>(), StringComparison.Ordinal);

            await OwnerAsync($"ALTER TABLE fundmanager.journal_entry DROP CONSTRAINT {constraint}");
            var resolved = (await Api.PostAsync($"/api/alerts/{alertId}/retry", Finance)).Expect(HttpStatusCode.OK).Json;

            Assert.Equal(Finance, resolved["acknowledgedBy"]!.GetValue<string>());
            Assert.Empty(await OpenAlertsAsync(contribution));
            Assert.Equal(1L, await OwnerScalarAsync($"SELECT count(*) FROM fundmanager.journal_entry WHERE idempotency_key = '{refusedKey}'"));
            Assert.Equal(1L, await OwnerScalarAsync($"SELECT count(*) FROM fundmanager.audit_event WHERE action = 'IAlertsGrain.RetryUndelivered' AND actor = '{Finance}' AND outcome = 'done'"));
            if ((await Api.GetAsync("/api/alerts", Finance)).Json.AsArray().Count == 0)
            {
                Assert.Equal("Healthy", (await Api.GetAsync("/health", asUser: null)).Expect(HttpStatusCode.OK).Text);
            }
        }
        finally
        {
            await OwnerAsync($"ALTER TABLE fundmanager.journal_entry DROP CONSTRAINT IF EXISTS {constraint}");
        }
    }

    private async Task<Guid> PledgeAsync()
    {
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        foreach (var (name, role) in new[] { (Finance, "FinanceOfficer"), (Officer, "ProgrammeOfficer") })
        {
            var created = await Api.PostAsync("/api/users", Admin, new { userName = name, displayName = name, roles = new[] { role }, donorId = (Guid?)null, password = Password });
            Assert.True(created.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, created.Text);
            await Api.SignInAsync(name, Password);
        }
        var fund = $"undeliverable-{Guid.NewGuid():N}"[..24];
        (await Api.PostAsync("/api/funds", Admin, new { id = fund, name = fund, description = "", secondApproverAboveUsd = 10_000_000m })).Expect(HttpStatusCode.Created);
        var donor = (await Api.PostAsync("/api/donors", Finance, new { name = $"{fund} donor", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        var monthStart = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (await Api.PostAsync($"/api/donors/{donor}/pledges", Finance, new
        {
            fundId = fund, idempotencyKey = $"{fund}-pledge", amount = 10_000m, currency = "USD", pledgeDate = monthStart,
            earmark = new { level = 1 }, pscRate = (decimal?)null, instalments = new[] { new { dueDate = monthStart, amount = 10_000m } }, reference = (string?)null,
        })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
    }

    private async Task<List<JsonNode>> OpenAlertsAsync(Guid contribution) =>
        [.. (await Api.GetAsync("/api/alerts", Finance)).Expect(HttpStatusCode.OK).Json.AsArray()
            .Where(a => a!["source"]!.GetValue<string>() == "outbox" && a["subject"]!.GetValue<string>().Contains(contribution.ToString("N"), StringComparison.Ordinal))
            .Select(a => a!)];

    private async Task OwnerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> OwnerScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
