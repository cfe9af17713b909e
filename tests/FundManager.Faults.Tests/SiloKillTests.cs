using System.Diagnostics;
using FundManager.Reports;
using FundManager.Testing;
using Xunit.Abstractions;

namespace FundManager.Faults.Tests;

/// <summary>
/// A silo of a two-silo cluster killed with SIGKILL while its Hangfire server is paying a
/// disbursement run (at whatever point it has reached): the surviving silo's server takes the run over within a minute (the sliding
/// invisibility timeout, FundDatabase.JobTakeover), and the run pays each due tranche once.
/// </summary>
public sealed class SiloKillTests(ITestOutputHelper output)
{
    private const int Projects = 16;

    [Fact]
    public async Task a_run_whose_silo_is_killed_while_it_runs_is_taken_over_within_a_minute_and_pays_every_tranche_once()
    {
        await using var system = await ProcessSystem.StartAsync(await TestPostgres.CreateDatabaseAsync("silokill"), silos: 2);
        var fund = new FundScenario(system.Api, "silokill");
        await fund.CreateAsync(pledge: 10_000_000m, cash: 1_000_000m);
        var projects = await fund.ActiveProjectsAsync("SK", Projects);

        var runId = await fund.StartDisbursementRunAsync();
        var jobId = ReportKinds.HangfireJobIdOf(runId)!;
        // As soon as the run is running, kill the silo whose server runs it.
        var watch = Stopwatch.StartNew();
        int killed;
        long paidBeforeKill;
        while (true)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"The run {runId} never started.{Environment.NewLine}{system.Tails()}");
            var (state, server) = await Books.JobAsync(system.Database, jobId);
            Assert.True(state != "Succeeded", $"The run {runId} finished before it could be killed: give it more projects.");
            if (server is not null)
            {
                killed = system.SiloOfServer(server);
                Assert.True(killed >= 0, $"No silo runs the server {server}.");
                await system.KillSiloAsync(killed);
                paidBeforeKill = await Books.PaidByRunAsync(system.Database, runId);
                break;
            }
        }
        var killedAt = Stopwatch.StartNew();
        output.WriteLine($"Killed silo {killed} after the run {runId} had paid {paidBeforeKill} of {Projects} tranches.");

        var finished = await fund.FinishedRunAsync(runId, TimeSpan.FromSeconds(90), $"after silo {killed} was killed{Environment.NewLine}{system.Tails()}");
        output.WriteLine($"The run finished {killedAt.Elapsed.TotalSeconds:F1} s after the kill.");
        Assert.True(killedAt.Elapsed < TimeSpan.FromMinutes(1), $"The run took {killedAt.Elapsed} to finish after its silo was killed; a minute is allowed.");
        Assert.Equal("Succeeded", finished["state"]!.GetValue<string>());
        Assert.Equal(Projects.ToString(System.Globalization.CultureInfo.InvariantCulture), finished["report"]!["summary"]!["paid"]!.GetValue<string>());

        // The status says what happened: processing on the killed silo's server, taken over by the other's.
        var history = finished["history"]!.AsArray().Select(s => (State: s!["state"]!.GetValue<string>(), Server: s["server"]?.GetValue<string>(), Reason: s["reason"]?.GetValue<string>())).ToList();
        var processing = history.Where(s => s.State == "Processing").ToList();
        Assert.True(processing.Count >= 2, $"The history shows no takeover: {finished["history"]}");
        Assert.Equal(killed, system.SiloOfServer(processing[0].Server!));
        Assert.Equal(1 - killed, system.SiloOfServer(processing[^1].Server!));
        Assert.StartsWith("Taken over", processing[^1].Reason, StringComparison.Ordinal);

        // Every due tranche paid exactly once, and the books hold.
        var paid = await Books.DisbursementsAsync(system.Database, fund.Fund);
        Assert.Equal(Projects, paid.Count);
        Assert.Equal(projects.Order(), paid.Select(p => p.Project).Order());
        Assert.All(paid, p => Assert.Equal(1, p.Tranche));
        Assert.Empty(await fund.ReconciliationBreaksAsync());
    }
}
