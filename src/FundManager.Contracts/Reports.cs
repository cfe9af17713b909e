using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Reports;

namespace FundManager.Contracts;

/// <summary>The stored reports, for the people entitled to read them.</summary>
[Alias("fm.IReportsGrain")]
public interface IReportsGrain : IGrainWithIntegerKey
{
    [Query]
    Task<ImmutableList<ReportInfo>> List(Caller caller, string? kind, int limit);

    [Query]
    Task<ReportInfo> Describe(Caller caller, Guid reportId);

    /// <summary>The report a run of a job wrote, or null while it has not finished.</summary>
    [Query]
    Task<ReportInfo?> FindRun(Caller caller, string kind, string runId);

    [Query]
    Task<ReportFile> Download(Caller caller, Guid reportId, string format);
}

/// <summary>Alerts raised by the reconciliation, for staff to see and acknowledge.</summary>
[Alias("fm.IAlertsGrain")]
public interface IAlertsGrain : IGrainWithIntegerKey
{
    [Query]
    Task<ImmutableList<Alert>> List(Caller caller, bool openOnly);

    Task<Alert> Acknowledge(Caller caller, Guid alertId);

    /// <summary>
    /// How many alerts are open (counted up to <see cref="OpenCountLimit"/>), read from the database
    /// by the silo: what the public health check shows, so it asks no caller and tells nothing more.
    /// </summary>
    [Query, Orleans.Concurrency.AlwaysInterleave]
    Task<int> OpenCount();

    const int OpenCountLimit = 200;
}

/// <summary>Runs a scheduled job now, on behalf of a person, so that who started a run is on record.</summary>
[Alias("fm.IScheduledJobsGrain")]
public interface IScheduledJobsGrain : IGrainWithIntegerKey
{
    /// <summary>Queues the job and answers with the run id its report will carry.</summary>
    Task<string> RunNow(Caller caller, string kind);

    /// <summary>The recurring jobs as the scheduler holds them: schedule, time zone, last and next run (administrators and auditors).</summary>
    [Query]
    Task<ImmutableList<JobSchedule>> Schedules(Caller caller);
}

/// <summary>One recurring job as the scheduler holds it.</summary>
[GenerateSerializer, Immutable, Alias("fm.JobSchedule")]
public sealed record JobSchedule(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Cron,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] DateTimeOffset? LastRun,
    [property: Id(4)] DateTimeOffset? NextRun,
    [property: Id(5)] string? LastState);
