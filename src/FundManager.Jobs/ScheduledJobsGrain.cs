using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Reports;
using Hangfire;
using Hangfire.Storage;
using Orleans.Concurrency;

namespace FundManager.Jobs;

/// <summary>Starts the recurring jobs out of schedule; the roles each job needs are checked here.</summary>
[StatelessWorker]
public sealed class ScheduledJobsGrain(IRecurringJobManagerV2 jobs, JobStorage storage) : Grain, IScheduledJobsGrain
{
    private static readonly Dictionary<string, Role[]> WhoMayRun = new(StringComparer.Ordinal)
    {
        [ReportKinds.DisbursementRun] = [Role.FinanceOfficer],
        [ReportKinds.OutcomeReport] = [Role.FinanceOfficer, Role.ProgrammeOfficer],
        [ReportKinds.Revaluation] = [Role.FinanceOfficer],
        [ReportKinds.Reconciliation] = [Role.FinanceOfficer, Role.Auditor],
    };

    Task<string> IScheduledJobsGrain.RunNow(Caller caller, string kind)
    {
        if (!WhoMayRun.TryGetValue(kind, out var roles))
        {
            throw RuleViolationException.NotFound("unknown-job", $"There is no job '{kind}'; the jobs are {string.Join(", ", WhoMayRun.Keys)}.");
        }
        caller.Require(roles);
        var jobId = jobs.TriggerJob(kind)
            ?? throw RuleViolationException.Conflict("job-not-scheduled", $"The {kind} job is not registered yet; try again once the silo has started.");
        return Task.FromResult(ReportKinds.RunIdOf(jobId));
    }

    Task<ImmutableList<JobSchedule>> IScheduledJobsGrain.Schedules(Caller caller)
    {
        caller.Require(Role.Administrator, Role.Auditor);
        using var connection = storage.GetConnection();
        return Task.FromResult(connection.GetRecurringJobs()
            .OrderBy(j => j.Id, StringComparer.Ordinal)
            .Select(j => new JobSchedule(
                j.Id,
                j.Cron,
                j.TimeZoneId ?? "UTC",
                j.LastExecution is { } last ? new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)) : null,
                j.NextExecution is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null,
                j.LastJobState))
            .ToImmutableList());
    }
}
