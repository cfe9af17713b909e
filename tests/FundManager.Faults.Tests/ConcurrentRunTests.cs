using System.Diagnostics;
using FundManager.Reports;
using FundManager.Testing;
using Xunit.Abstractions;

namespace FundManager.Faults.Tests;

/// <summary>
/// The same disbursement run on two servers at once: Hangfire delivers a job at least once, so the
/// run that one silo is paying is delivered again to the other (its queue entry written again, as
/// a redelivery would), while the first is paused mid-run and then carries on. Beside them a
/// second run is started. Nothing is paid twice.
/// </summary>
public sealed class ConcurrentRunTests(ITestOutputHelper output)
{
    private const int Projects = 16;

    [Fact]
    public async Task the_same_run_on_two_servers_at_once_and_a_second_run_beside_them_pay_each_tranche_once()
    {
        await using var system = await ProcessSystem.StartAsync(await TestPostgres.CreateDatabaseAsync("tworuns"), silos: 2);
        var fund = new FundScenario(system.Api, "tworuns");
        await fund.CreateAsync(pledge: 10_000_000m, cash: 1_000_000m);
        var projects = await fund.ActiveProjectsAsync("TR", Projects);

        var runId = await fund.StartDisbursementRunAsync();
        var jobId = ReportKinds.HangfireJobIdOf(runId)!;
        var watch = Stopwatch.StartNew();
        string? first;
        while (true)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"The run {runId} never started.{Environment.NewLine}{system.Tails()}");
            (_, first) = await Books.JobAsync(system.Database, jobId);
            if (first is not null)
            {
                break;
            }
        }
        var paused = system.SiloOfServer(first);
        var other = 1 - paused;
        system.Silo(paused).Freeze();
        try
        {
            await using (var redeliver = system.Database.CreateCommand("INSERT INTO hangfire.jobqueue (jobid, queue) VALUES (@job, 'default')"))
            {
                redeliver.Parameters.AddWithValue("job", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
                await redeliver.ExecuteNonQueryAsync();
            }
            await Eventually.PollAsync(async () =>
            {
                var (_, server) = await Books.JobAsync(system.Database, jobId);
                return server is not null && system.SiloOfServer(server) == other ? server : null;
            }, TimeSpan.FromMinutes(1), $"silo {other} to take the run {runId} delivered again");
        }
        finally
        {
            system.Silo(paused).Thaw();
        }
        output.WriteLine($"The run {runId} was paused on silo {paused} and delivered again to silo {other}; {await Books.PaidByRunAsync(system.Database, runId)} tranches paid so far.");
        var second = await fund.StartDisbursementRunAsync();

        await fund.FinishedRunAsync(runId, TimeSpan.FromMinutes(2), $"on silo {other}{Environment.NewLine}{system.Tails()}");
        await fund.FinishedRunAsync(second, TimeSpan.FromMinutes(2), $"beside it{Environment.NewLine}{system.Tails()}");
        var status = await fund.RunStatusAsync(runId);
        var servers = status["history"]!.AsArray().Where(s => s!["state"]!.GetValue<string>() == "Processing").Select(s => system.SiloOfServer(s!["server"]!.GetValue<string>())).ToList();
        Assert.Contains(paused, servers);
        Assert.Contains(other, servers);

        var paid = await Books.DisbursementsAsync(system.Database, fund.Fund);
        Assert.Equal(projects.Order(), paid.Select(p => p.Project).Order());
        Assert.All(paid, p => Assert.Equal(1, p.Tranche));
        Assert.Empty(await fund.ReconciliationBreaksAsync());
    }
}
