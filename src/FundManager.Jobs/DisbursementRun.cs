using FundManager.Domain;
using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Reports;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace FundManager.Jobs;

/// <summary>
/// The periodic disbursement run: asks every active or suspended project of every fund to pay its
/// due tranches, then writes the run's report. Exactly-once payment is the projects' business (each
/// project grain is the single writer of its tranches), so a run that is repeated, crashes half-way
/// or runs on two servers at once pays nothing twice. Projects are paid in parallel, a bounded
/// number at a time, so their postings share the journal's commits.
/// </summary>
public sealed class DisbursementRun(IGrainFactory grains, IReportArchive archive, FundCalendar calendar, ILogger<DisbursementRun> logger)
{
    public const string RecurringJobId = ReportKinds.DisbursementRun;

    /// <summary>How many projects are asked at once: enough to fill the journal's group commits, few enough not to flood the silo.</summary>
    public const int ProjectsAtOnce = 64;

    /// <summary>The entry point Hangfire calls; the run is named after the Hangfire job, so a retry is the same run.</summary>
    [AutomaticRetry(Attempts = 5)]
    public Task RunScheduledAsync(PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(JobRuns.RunIdFor(context), calendar.Today, cancellationToken);

    public async Task<ReportInfo> RunAsync(string runId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var scheduler = Caller.Scheduler;
        var projects = new List<Guid>();
        foreach (var fundId in await grains.AllFundsAsync())
        {
            projects.AddRange(await grains.GetGrain<IFundGrain>(fundId).Projects(scheduler));
        }
        var outcomes = new ImmutableList<TrancheOutcome>[projects.Count];
        await Parallel.ForAsync(0, projects.Count, new ParallelOptions { MaxDegreeOfParallelism = ProjectsAtOnce, CancellationToken = cancellationToken }, async (i, _) =>
            outcomes[i] = await grains.GetGrain<IProjectGrain>(projects[i]).DisburseDueTranches(scheduler, runId, asOf));
        // The report lists projects in the order the funds list them, however the calls interleaved.
        var all = outcomes.SelectMany(o => o).ToImmutableList();
        var paid = all.Where(o => o.Paid).ToList();
        logger.LogInformation("Disbursement run {RunId} as of {AsOf}: {Paid} tranches paid, {Held} held", runId, asOf, paid.Count, all.Count - paid.Count);
        var summary = new Dictionary<string, string>
        {
            ["asOf"] = Formatting.Date(asOf),
            ["paid"] = Formatting.Count(paid.Count),
            ["held"] = Formatting.Count(all.Count - paid.Count),
            ["disbursedUsd"] = Formatting.Plain(Money.Sum(paid.Select(o => o.Amount), Currency.Usd)),
            ["pscUsd"] = Formatting.Plain(Money.Sum(paid.Select(o => o.Psc), Currency.Usd)),
        };
        return await archive.SaveAsync(ReportKinds.DisbursementRun, null, runId, scheduler.UserName, DisbursementReport.Build(runId, asOf, all), summary, cancellationToken);
    }
}
