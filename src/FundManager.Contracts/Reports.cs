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

/// <summary>
/// Alerts raised by the reconciliation and by effects a grain could not deliver, for staff to see,
/// acknowledge and resolve.
/// </summary>
[Alias("fm.IAlertsGrain")]
public interface IAlertsGrain : IGrainWithIntegerKey
{
    /// <summary>The source of alerts about an effect a grain's outbox could not deliver and has set aside.</summary>
    const string UndeliverableSource = "outbox";

    [Query]
    Task<ImmutableList<Alert>> List(Caller caller, bool openOnly);

    Task<Alert> Acknowledge(Caller caller, Guid alertId);

    /// <summary>Delivers the effect an undeliverable alert is about again (after a fix); the alert is acknowledged once it is delivered.</summary>
    Task<Alert> RetryUndelivered(Caller caller, Guid alertId);

    /// <summary>Gives up the effect an undeliverable alert is about, for the reason given; the alert is acknowledged.</summary>
    Task<Alert> SetAsideUndelivered(Caller caller, Guid alertId, string reason);

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
}
