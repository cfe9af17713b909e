using FundManager.Jobs;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FundManager.Silo;

/// <summary>Registers the periodic jobs with the schedules from configuration, once the silo is up.</summary>
public sealed class RecurringJobs(IRecurringJobManager jobs, IOptions<JobSettings> settings, ILogger<RecurringJobs> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
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
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
