using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using FundManager.EndToEnd.Tests;
using FundManager.Testing;
using Npgsql;

namespace FundManager.Faults.Tests;

/// <summary>
/// PostgreSQL killed with SIGKILL under a stream of payments, then started again: on a server of
/// this test's own, so no other test loses its database.
/// </summary>
public sealed class DatabaseKillTests
{
    private const string Admin = "root";
    private const string AdminPassword = "root-password-kill";
    private const string Finance = "kill-fin";
    private const string Password = "kill-password-2026";
    private const int Callers = 8;

    [Fact]
    public async Task payments_survive_a_killed_database_callers_are_told_to_retry_and_nothing_is_lost_or_doubled()
    {
        await using var postgres = await PrivatePostgres.StartAsync("fm_kill");
        var connectionString = postgres.ConnectionString;
        var settings = InProcessSystem.Settings(connectionString, Admin, AdminPassword);
        settings["FundManager:SignIn:AttemptsPerClientPerMinute"] = "100000";
        var (silo, siloDatabase) = await InProcessSystem.StartSiloAsync(settings);
        var (dashboards, dashboardsDatabase) = await InProcessSystem.StartDashboardsAsync(settings);
        using var api = new Api(new Uri(dashboards.Urls.First()));
        try
        {
            await Eventually.PollAsync(async () => await api.HealthyAsync() ? "ready" : null, TimeSpan.FromMinutes(2), "GET /health to answer 200");
            var contribution = await PledgeAsync(api);

            var acknowledged = new ConcurrentDictionary<string, bool>();
            var answers = new ConcurrentDictionary<HttpStatusCode, int>();
            var killedAt = -1;
            var deadline = Stopwatch.StartNew();
            async Task PayAsync(int caller)
            {
                for (var n = 0; acknowledged.Count - Math.Max(killedAt, 0) < 200 || killedAt < 0; n++)
                {
                    var key = $"k{caller}-{n}";
                    // The same key until it is acknowledged: a retry records the payment once.
                    while (true)
                    {
                        Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "payments did not resume after the database came back");
                        var reply = await api.PostAsync($"/api/pledges/{contribution}/payments", Finance,
                            new { idempotencyKey = key, amount = 1m, currency = "USD", valueDate = Today });
                        answers.AddOrUpdate(reply.Status, 1, (_, c) => c + 1);
                        if (reply.Status == HttpStatusCode.Created)
                        {
                            acknowledged[key] = true;
                            break;
                        }
                        // Told to retry, never a bare failure.
                        Assert.True(reply.Status == HttpStatusCode.ServiceUnavailable, $"{(int)reply.Status}: {reply.Text}");
                        await Task.Delay(TimeSpan.FromMilliseconds(50));
                    }
                }
            }
            var paying = Task.WhenAll(Enumerable.Range(0, Callers).Select(PayAsync));
            await Eventually.PollAsync(() => Task.FromResult(acknowledged.Count >= 100 ? "some paid" : null), TimeSpan.FromMinutes(1), "the first payments");

            await postgres.KillAsync();
            await Eventually.PollAsync(() => Task.FromResult(answers.ContainsKey(HttpStatusCode.ServiceUnavailable) ? "refused" : null), TimeSpan.FromMinutes(1), "a 503 while the database is down");
            killedAt = acknowledged.Count;
            await postgres.StartAgainAsync();
            await paying;

            await using var database = NpgsqlDataSource.Create(connectionString);
            await using var count = database.CreateCommand("""
                SELECT count(*), count(DISTINCT idempotency_key) FROM fundmanager.journal_entry WHERE kind = 2 AND idempotency_key LIKE 'payment:%:k%'
                """);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(acknowledged.Count, reader.GetInt64(0));
            Assert.Equal(acknowledged.Count, reader.GetInt64(1));
            var reconciliation = (await api.PostAsync("/api/funds/kill/reconciliation", Finance)).Expect(HttpStatusCode.OK).Json;
            Assert.Empty(reconciliation["breaks"]!.AsArray());
        }
        finally
        {
            await dashboards.StopAsync();
            await dashboards.DisposeAsync();
            await silo.StopAsync();
            silo.Dispose();
            await dashboardsDatabase.DisposeAsync();
            await siloDatabase.DisposeAsync();
        }
    }

    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<Guid> PledgeAsync(Api api)
    {
        await api.SignInAsync(Admin, AdminPassword);
        (await api.PostAsync("/api/users", Admin, new { userName = Finance, displayName = Finance, roles = new[] { "FinanceOfficer" }, donorId = (Guid?)null, password = Password }))
            .Expect(HttpStatusCode.Created);
        await api.SignInAsync(Finance, Password);
        (await api.PostAsync("/api/funds", Admin, new { id = "kill", name = "kill", description = "", secondApproverAboveUsd = 10_000_000m })).Expect(HttpStatusCode.Created);
        var donor = (await api.PostAsync("/api/donors", Finance, new { name = "kill donor", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        var monthStart = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (await api.PostAsync($"/api/donors/{donor}/pledges", Finance, new
        {
            fundId = "kill", idempotencyKey = "kill-pledge", amount = 1_000_000m, currency = "USD", pledgeDate = monthStart,
            earmark = new { level = 1 }, pscRate = (decimal?)null, instalments = new[] { new { dueDate = monthStart, amount = 1_000_000m } }, reference = (string?)null,
        })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
    }
}
