using System.Collections.Immutable;
using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Reports;
using Hangfire;

namespace FundManager.Jobs;

/// <summary>The schedules this grain keeps, by id.</summary>
[GenerateSerializer, Alias("fm.ReportSchedulesState")]
public sealed class ReportSchedulesState
{
    [Id(0)] public ImmutableSortedDictionary<string, ReportSchedule> Schedules { get; set; } = ImmutableSortedDictionary<string, ReportSchedule>.Empty;
}

/// <summary>
/// The single writer of the report schedules: each is kept here and, unless paused, registered as a
/// Hangfire recurring job that runs <see cref="ScheduledReport"/>. Finance officers and
/// administrators manage them; auditors and programme officers may list them.
/// </summary>
public sealed class ReportSchedulesGrain(
    // The grain storage every grain of the silo uses (StorageNames.Grains).
    [PersistentState("report-schedules", "fundmanager")] IPersistentState<ReportSchedulesState> state,
    IRecurringJobManagerV2 recurring,
    IBackgroundJobClientV2 background,
    TimeProvider clock) : Grain, IReportSchedulesGrain
{
    private static readonly Role[] Managers = [Role.FinanceOfficer, Role.Administrator];

    Task<ImmutableList<ReportSchedule>> IReportSchedulesGrain.List(Caller caller)
    {
        caller.RequireStaff();
        return Task.FromResult(state.State.Schedules.Values.ToImmutableList());
    }

    Task<ReportSchedule> IReportSchedulesGrain.Find(Caller caller, string scheduleId)
    {
        caller.RequireStaff();
        return Task.FromResult(Existing(scheduleId));
    }

    async Task<ReportSchedule> IReportSchedulesGrain.Save(Caller caller, string? scheduleId, ReportScheduleInput input)
    {
        caller.Require(Managers);
        if (!StatementKinds.All.Contains(input.Request.Kind))
        {
            throw RuleViolationException.Invalid("unknown-report", $"There is no report '{input.Request.Kind}' to schedule; the reports are {string.Join(", ", StatementKinds.All)}.");
        }
        if (!ReportLanguage.IsKnown(input.Request.Language))
        {
            throw RuleViolationException.Invalid("unknown-language", $"Reports are written in {string.Join(", ", ReportLanguage.All)}, not '{input.Request.Language}'.");
        }
        if (input.Request.Kind == StatementKinds.DonorStatement && input.Request.DonorId is null)
        {
            throw RuleViolationException.Invalid("donor-required", "A scheduled donor statement needs the donor (donorId).");
        }
        _ = ZoneOf(input.TimeZone);
        // The random end of a version 7 id: short, and unique however fast schedules are made.
        var id = scheduleId ?? $"{input.Request.Kind}-{Guid.CreateVersion7().ToString("N")[20..]}";
        var paused = scheduleId is not null && Existing(scheduleId).Paused;
        var schedule = new ReportSchedule(id, input.Request with { AsOf = null, From = null, To = null }, input.Period, input.Cron, input.TimeZone, paused, caller.UserName, clock.GetUtcNow());
        await StoreAsync(schedule);
        return schedule;
    }

    async Task<ReportSchedule> IReportSchedulesGrain.Pause(Caller caller, string scheduleId, bool paused)
    {
        caller.Require(Managers);
        var schedule = Existing(scheduleId) with { Paused = paused, ChangedBy = caller.UserName, ChangedAt = clock.GetUtcNow() };
        await StoreAsync(schedule);
        return schedule;
    }

    Task<ScheduledRun> IReportSchedulesGrain.RunNow(Caller caller, string scheduleId)
    {
        caller.Require(Managers);
        var schedule = Existing(scheduleId);
        var runDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), ZoneOf(schedule.TimeZone)).DateTime);
        var date = runDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var jobId = background.Enqueue<ScheduledReport>(job => job.RunAsync(scheduleId, date, caller.UserName, null, CancellationToken.None));
        return Task.FromResult(new ScheduledRun(schedule.RunIdFor(runDate), jobId));
    }

    private ReportSchedule Existing(string scheduleId) =>
        state.State.Schedules.GetValueOrDefault(scheduleId)
        ?? throw RuleViolationException.NotFound("unknown-schedule", $"There is no report schedule '{scheduleId}'.");

    // Hangfire first: it refuses a cron expression it cannot read, and then nothing is kept.
    private async Task StoreAsync(ReportSchedule schedule)
    {
        var jobId = ScheduledReport.RecurringJobIdOf(schedule.Id);
        if (schedule.Paused)
        {
            recurring.RemoveIfExists(jobId);
        }
        else
        {
            try
            {
                recurring.AddOrUpdate<ScheduledReport>(jobId, job => job.RunAsync(schedule.Id, null, Caller.Scheduler.UserName, null, CancellationToken.None), schedule.Cron,
                    new RecurringJobOptions { TimeZone = ZoneOf(schedule.TimeZone) });
            }
            catch (ArgumentException)
            {
                throw RuleViolationException.Invalid("invalid-cron", $"'{schedule.Cron}' is not a cron expression (five fields: minute hour day month weekday).");
            }
        }
        state.State.Schedules = state.State.Schedules.SetItem(schedule.Id, schedule);
        await state.WriteStateAsync();
    }

    private static TimeZoneInfo ZoneOf(string timeZone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw RuleViolationException.Invalid("unknown-time-zone", $"'{timeZone}' is not a time zone (use an IANA name such as Europe/Vienna or UTC).");
        }
    }
}
