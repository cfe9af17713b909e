using System.Diagnostics;
using FundManager.Jobs;
using FundManager.Persistence;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FundManager.Silo;

/// <summary>Registers the periodic jobs with the schedules from configuration, once the silo is up.</summary>
public sealed class RecurringJobs(IRecurringJobManager jobs, IOptions<JobSettings> settings, ILogger<RecurringJobs> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A silo killed while it held a recurring job's lock (scheduling or triggering it) leaves
        // the lock behind until it expires; a silo started again meanwhile waits for that instead
        // of failing to start. Each attempt waits for the lock itself, so the loop needs no pause.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                Register();
                return Task.CompletedTask;
            }
            catch (PostgreSqlDistributedLockException e) when (waited.Elapsed < FundDatabase.StaleLockExpiry * 2)
            {
                logger.LogWarning(e, "A recurring job is locked, perhaps by a process that died holding it; trying again until the lock expires ({Expiry})", FundDatabase.StaleLockExpiry);
            }
        }
    }

    private void Register()
    {
        var s = settings.Value;
        var options = new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone) };
        jobs.AddOrUpdate<DisbursementRun>(DisbursementRun.RecurringJobId, job => job.RunScheduledAsync(null, CancellationToken.None), s.DisbursementCron, options);
        jobs.AddOrUpdate<OutcomeReport>(OutcomeReport.RecurringJobId, job => job.RunScheduledAsync(null, CancellationToken.None), s.OutcomeReportCron, options);
        jobs.AddOrUpdate<MonthEndRevaluation>(MonthEndRevaluation.RecurringJobId, job => job.RunScheduledAsync(null, CancellationToken.None), s.RevaluationCron, options);
        jobs.AddOrUpdate<BooksReconciliation>(BooksReconciliation.RecurringJobId, job => job.RunScheduledAsync(null, CancellationToken.None), s.ReconciliationCron, options);
        logger.LogInformation(
            "Scheduled the disbursement run ({Disbursement}), outcome report ({Outcome}), revaluation ({Revaluation}) and reconciliation ({Reconciliation}), {TimeZone}",
            s.DisbursementCron, s.OutcomeReportCron, s.RevaluationCron, s.ReconciliationCron, s.TimeZone);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
