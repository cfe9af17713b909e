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
/// or runs on two servers at once pays nothing twice.
/// </summary>
public sealed class DisbursementRun(IGrainFactory grains, IReportArchive archive, TimeProvider clock, ILogger<DisbursementRun> logger)
{
    public const string RecurringJobId = ReportKinds.DisbursementRun;

    /// <summary>The entry point Hangfire calls; the run is named after the Hangfire job, so a retry is the same run.</summary>
    [AutomaticRetry(Attempts = 5)]
    public Task RunScheduledAsync(PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(JobRuns.RunIdFor(context), clock.Today(), cancellationToken);

    public async Task<ReportInfo> RunAsync(string runId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var scheduler = Caller.Scheduler;
        var outcomes = ImmutableList.CreateBuilder<TrancheOutcome>();
        foreach (var fundId in await grains.AllFundsAsync())
        {
            foreach (var projectId in await grains.GetGrain<IFundGrain>(fundId).Projects(scheduler))
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes.AddRange(await grains.GetGrain<IProjectGrain>(projectId).DisburseDueTranches(scheduler, runId, asOf));
            }
        }
        var all = outcomes.ToImmutable();
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
