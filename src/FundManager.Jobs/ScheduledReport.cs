using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Reports;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace FundManager.Jobs;

/// <summary>
/// One run of a report schedule: makes the report for the period the schedule says, from the day
/// the run was asked for, and stores it once under a run id named by the schedule and the period.
/// A retry, or a second run for the same period, finds the stored document and stores nothing.
/// </summary>
public sealed class ScheduledReport(IGrainFactory grains, IReportArchive archive, ILogger<ScheduledReport> logger)
{
    public static string RecurringJobIdOf(string scheduleId) => $"report-schedule:{scheduleId}";

    /// <param name="scheduleId">The schedule to run.</param>
    /// <param name="runDate">The day the run counts from (yyyy-MM-dd); a recurring run counts from the day Hangfire created it, in the schedule's time zone.</param>
    /// <param name="requestedBy">Who made it: the person who pressed "run now", or the scheduler.</param>
    /// <param name="context">Hangfire's, filled in when it runs the job.</param>
    /// <param name="cancellationToken">Hangfire's, cancelled at shutdown.</param>
    [AutomaticRetry(Attempts = 3)]
    public async Task<ReportInfo> RunAsync(string scheduleId, string? runDate, string requestedBy, PerformContext? context, CancellationToken cancellationToken)
    {
        var schedule = await grains.GetGrain<IReportSchedulesGrain>(0).Find(Caller.Scheduler, scheduleId);
        var date = runDate is not null
            ? DateOnly.ParseExact(runDate, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context?.BackgroundJob?.CreatedAt is { } created ? new DateTimeOffset(created, TimeSpan.Zero) : DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone)).DateTime);
        return await RunForAsync(schedule, date, requestedBy, cancellationToken);
    }

    public async Task<ReportInfo> RunForAsync(ReportSchedule schedule, DateOnly runDate, string requestedBy, CancellationToken cancellationToken = default)
    {
        var request = schedule.For(runDate);
        var runId = schedule.RunIdFor(runDate);
        if (await archive.FindRunAsync(request.Kind, runId, cancellationToken) is { } stored)
        {
            logger.LogInformation("Report schedule {Schedule}: {RunId} is already stored as {Report}", schedule.Id, runId, stored.Id);
            return stored;
        }
        var content = await grains.GetGrain<IStatementsGrain>(0).Build(Caller.Scheduler, request);
        var summary = new Dictionary<string, string> { ["schedule"] = schedule.Id, ["language"] = request.Language };
        if (request.From is { } from)
        {
            summary["from"] = Formatting.Date(from);
        }
        if (request.To is { } to)
        {
            summary["to"] = Formatting.Date(to);
        }
        if (request.AsOf is { } asOf)
        {
            summary["asOf"] = Formatting.Date(asOf);
        }
        if (request.DonorId is { } donor)
        {
            summary[ReportSummaryKeys.DonorId] = donor.ToString();
        }
        var saved = await archive.SaveAsync(request.Kind, request.FundId, runId, requestedBy, content, summary, cancellationToken);
        logger.LogInformation("Report schedule {Schedule}: stored {RunId} as {Report}, made by {By}", schedule.Id, runId, saved.Id, saved.CreatedBy);
        return saved;
    }
}
