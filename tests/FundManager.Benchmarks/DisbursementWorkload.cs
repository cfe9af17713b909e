using System.Diagnostics;
using FundManager.Jobs;
using FundManager.Testing;
using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>
/// The disbursement workload: N active projects, each with its first tranche released and due
/// today, paid by the real job as Hangfire would run it, then the same run again, which must pay
/// nothing more. The journal is counted before and after each run; the time of the first run is
/// set beside one SQL statement writing the same entries on the same server.
/// </summary>
public sealed class DisbursementWorkload(HarnessOptions options, NpgsqlDataSource dataSource, JournalCensus journal)
{
    /// <summary>A posting that failed is retried by its grain on a timer; the journal gets this long to catch up.</summary>
    private static readonly TimeSpan JournalCatchUp = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<Check>> RunAsync(SystemUnderTest system, ResultTable table)
    {
        var count = options.Projects;
        Console.WriteLine($"Disbursements: {count:N0} projects");
        var clock = Stopwatch.StartNew();
        var portfolio = await ProjectPortfolio.SetUpAsync(system.SealedClient, count, options.SetUpConcurrency);
        var setUp = clock.Elapsed;
        Console.WriteLine($"  set up through the grains in {setUp.TotalSeconds:F1} s ({count / setUp.TotalSeconds:N0} projects/s, {options.SetUpConcurrency} at once): " +
                          $"drafted by '{ProjectPortfolio.Drafter.UserName}', approved by '{ProjectPortfolio.Reviewer.UserName}', released by '{ProjectPortfolio.Releaser.UserName}'");

        var before = await journal.DisbursementsAsync(BenchmarkFund.FundId);
        var job = system.SiloService<DisbursementRun>();
        var runId = $"bench-disbursements-{Guid.NewGuid():N}";
        clock.Restart();
        var report = await job.RunAsync(runId, portfolio.DueOn);
        var first = clock.Elapsed;
        var afterFirst = await CatchUpAsync(before.Entries + count);
        Console.WriteLine($"  run {runId} in {first.TotalSeconds:F2} s ({count / first.TotalSeconds:N0} tranches/s): report says {Summary(report.Summary, "paid")} paid, {Summary(report.Summary, "held")} held; " +
                          $"journal {before.Entries:N0} → {afterFirst.Entries:N0} disbursement entries for {afterFirst.Projects:N0} projects");

        clock.Restart();
        await job.RunAsync(runId, portfolio.DueOn);
        var second = clock.Elapsed;
        var afterSecond = await journal.DisbursementsAsync(BenchmarkFund.FundId);
        Console.WriteLine($"  same run again in {second.TotalSeconds:F2} s: journal {afterFirst.Entries:N0} → {afterSecond.Entries:N0} disbursement entries");

        var baseline = await new DisbursementBaseline(dataSource).MeasureAsync(count);
        Console.WriteLine($"  baseline: one INSERT … SELECT of {count:N0} entries and {count * 4:N0} lines in {baseline.TotalSeconds:F3} s ({count / baseline.TotalSeconds:N0} entries/s)");

        var paidOnce = afterFirst.Entries == before.Entries + count && afterFirst.Projects == count;
        var nothingMore = afterSecond == afterFirst;
        table.Add($"disbursement run, {count:N0} projects (real job)", $"{ResultTable.PerSecond(count / first.TotalSeconds, "tranches")}, {first.TotalSeconds:F2} s",
            $"1 INSERT … SELECT of {count:N0} entries × 4 lines: {baseline.TotalSeconds:F3} s", first / baseline);
        table.Add("disbursement run again, same run id", $"{second.TotalSeconds:F2} s, {afterSecond.Entries - afterFirst.Entries} more entries",
            $"first run {first.TotalSeconds:F2} s", second / first);
        table.Add("disbursement entries in the journal", $"{afterFirst.Entries - before.Entries:N0} for {afterFirst.Projects:N0} projects after the first run, {afterSecond.Entries - before.Entries:N0} after the second",
            $"{count:N0}, {count:N0}", null);
        table.Add($"disbursement set-up through the grains ({options.SetUpConcurrency} at once, not measured against anything)",
            $"{setUp.TotalSeconds:F1} s, {ResultTable.PerSecond(count / setUp.TotalSeconds, "projects")}", "–", null);
        return
        [
            new Check($"{afterFirst.Entries - before.Entries} of {count} tranches paid by the first run, to {afterFirst.Projects} projects", paidOnce),
            new Check($"{afterSecond.Entries - afterFirst.Entries} paid again by the second run", nothingMore),
        ];
    }

    private static string Summary(IReadOnlyDictionary<string, string> summary, string key) =>
        summary.TryGetValue(key, out var value) ? value : "?";

    /// <summary>Counts until the expected entries are in or the deadline passes; an overshoot is not waited on.</summary>
    private async Task<(long Entries, long Projects)> CatchUpAsync(long expected)
    {
        var latest = await journal.DisbursementsAsync(BenchmarkFund.FundId);
        try
        {
            await Eventually.PollAsync(async () =>
            {
                latest = await journal.DisbursementsAsync(BenchmarkFund.FundId);
                return latest.Entries >= expected ? "in" : null;
            }, JournalCatchUp, $"{expected} disbursement entries in the journal");
        }
        catch (TimeoutException)
        {
            // Reported by the caller with the count reached.
        }
        return latest;
    }
}
