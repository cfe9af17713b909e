using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Reports;

namespace FundManager.Contracts;

/// <summary>The stored reports, for the people entitled to read them: staff every report, a donor its own statements.</summary>
[Alias("fm.IReportsGrain")]
public interface IReportsGrain : IGrainWithIntegerKey
{
    /// <summary>Stored reports, newest first, of a kind, fund or donor where one is given.</summary>
    [Query]
    Task<ImmutableList<ReportInfo>> List(Caller caller, string? kind, int limit, string? fundId = null, Guid? donorId = null);

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

    /// <summary>The recurring jobs as the scheduler holds them: schedule, time zone, last and next run (administrators and auditors).</summary>
    [Query]
    Task<ImmutableList<JobSchedule>> Schedules(Caller caller);
}

/// <summary>
/// Makes the financial statements (contributions by donor, sources and uses, balance sheet, budget
/// against actual, donor statements, receivables, the report to the Commission) from the books, on
/// behalf of a caller: staff read every statement, a donor only its own.
/// </summary>
[Alias("fm.IStatementsGrain")]
public interface IStatementsGrain : IGrainWithIntegerKey
{
    [Query]
    Task<ReportContent> Build(Caller caller, ReportRequest request);

    /// <summary>The columns of the journal listing in a language.</summary>
    [Query]
    Task<ImmutableList<ReportColumn>> JournalColumns(string language);

    /// <summary>Every line of a fund's journal with value dates in the period, one row per line, streamed as the journal reads them (staff).</summary>
    [Query]
    IAsyncEnumerable<ImmutableList<ReportCell>> JournalRows(Caller caller, string fundId, DateOnly? from, DateOnly? to);
}

/// <summary>Which period or date a scheduled report covers, from the day it runs.</summary>
public enum ReportPeriod
{
    /// <summary>As of the day it runs; a period report covers the year to that day.</summary>
    ToDate = 0,
    PreviousMonth = 1,
    PreviousQuarter = 2,
    PreviousYear = 3,
}

/// <summary>
/// A report made on a schedule: what (the request's kind, fund, donor, project and language), for
/// which period, when (a cron expression in a time zone), and whether it is paused.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.ReportSchedule")]
public sealed record ReportSchedule(
    [property: Id(0)] string Id,
    [property: Id(1)] ReportRequest Request,
    [property: Id(2)] ReportPeriod Period,
    [property: Id(3)] string Cron,
    [property: Id(4)] string TimeZone,
    [property: Id(5)] bool Paused,
    [property: Id(6)] string ChangedBy,
    [property: Id(7)] DateTimeOffset ChangedAt)
{
    /// <summary>The request for a run on <paramref name="runDate"/>: its period or as-of date filled in.</summary>
    public ReportRequest For(DateOnly runDate)
    {
        var month = new DateOnly(runDate.Year, runDate.Month, 1);
        var quarter = new DateOnly(runDate.Year, (((runDate.Month - 1) / 3) * 3) + 1, 1);
        var (from, to) = Period switch
        {
            ReportPeriod.PreviousMonth => (month.AddMonths(-1), month.AddDays(-1)),
            ReportPeriod.PreviousQuarter => (quarter.AddMonths(-3), quarter.AddDays(-1)),
            ReportPeriod.PreviousYear => (new DateOnly(runDate.Year - 1, 1, 1), new DateOnly(runDate.Year - 1, 12, 31)),
            _ => (new DateOnly(runDate.Year, 1, 1), runDate),
        };
        return StatementKinds.IsForPeriod(Request.Kind)
            ? Request with { From = from, To = to, AsOf = null }
            : Request with { From = null, To = null, AsOf = to };
    }

    /// <summary>
    /// A run is named by its schedule and the report it makes, so a run retried (or run again for
    /// the same period) is the same run and stores one document.
    /// </summary>
    public string RunIdFor(DateOnly runDate)
    {
        var request = For(runDate);
        var dates = request.AsOf is { } asOf ? Iso(asOf) : $"{Iso(request.From!.Value)}_{Iso(request.To!.Value)}";
        // What the report is about (kind, fund, donor, project, language) in a few characters, so a changed schedule makes a new document.
        var about = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.Name)))[..8];
        return $"{Id}:{dates}:{about}";
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A run of a schedule that was asked for: the run id its report carries, and the Hangfire job that makes it.</summary>
[GenerateSerializer, Immutable, Alias("fm.ScheduledRun")]
public sealed record ScheduledRun([property: Id(0)] string RunId, [property: Id(1)] string JobId);

/// <summary>What a person asks for when creating or changing a schedule.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReportScheduleInput")]
public sealed record ReportScheduleInput(
    [property: Id(0)] ReportRequest Request,
    [property: Id(1)] ReportPeriod Period,
    [property: Id(2)] string Cron,
    [property: Id(3)] string TimeZone);

/// <summary>The report schedules: listed, created, changed, paused and run now by finance officers and administrators.</summary>
[Alias("fm.IReportSchedulesGrain")]
public interface IReportSchedulesGrain : IGrainWithIntegerKey
{
    [Query]
    Task<ImmutableList<ReportSchedule>> List(Caller caller);

    [Query]
    Task<ReportSchedule> Find(Caller caller, string scheduleId);

    /// <summary>Creates the schedule, or changes it if <paramref name="scheduleId"/> names one.</summary>
    Task<ReportSchedule> Save(Caller caller, string? scheduleId, ReportScheduleInput input);

    Task<ReportSchedule> Pause(Caller caller, string scheduleId, bool paused);

    /// <summary>Queues a run now, on behalf of the caller (who is recorded as its maker); answers with the run id its report will carry and the Hangfire job.</summary>
    Task<ScheduledRun> RunNow(Caller caller, string scheduleId);
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
