using FundManager.Contracts;
using FundManager.Dashboards.Security;
using FundManager.Reports;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundManager.Dashboards.Api;

/// <summary>Running the scheduled jobs on demand, and the reports they keep.</summary>
public static class ReportEndpoints
{
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/jobs").WithTags("Scheduled jobs").WithProblems().RequireAuthorization();

        runs.MapPost("/{kind}", async Task<Accepted<RunStarted>> (string kind, HttpContext http, IGrainFactory grains) =>
        {
            var runId = await grains.GetGrain<IScheduledJobsGrain>(0).RunNow(http.Caller(), kind);
            return TypedResults.Accepted($"/api/jobs/{kind}/{runId}", new RunStarted(runId, kind));
        })
        .WithSummary("Run a scheduled job now: disbursement-run (finance officers), outcome-report (programme and finance officers), revaluation of last month-end (finance officers), reconciliation (finance officers and auditors). Answers with the run id to find its report.");

        runs.MapGet("/{kind}/{runId}", async Task<Results<Ok<RunStatus>, ProblemHttpResult>> (string kind, string runId, HttpContext http, IGrainFactory grains, JobStorage storage) =>
        {
            var caller = http.Caller();
            caller.RequireStaff();
            if (!ReportKinds.Runnable.Contains(kind))
            {
                return UnknownJob(kind);
            }
            var report = await grains.GetGrain<IReportsGrain>(0).FindRun(caller, kind, runId);
            return TypedResults.Ok(RunStatus.Of(runId, report, storage, ReportKinds.HangfireJobIdOf(runId)));
        }).WithSummary("Where a run is (Hangfire's state), what happened to it on the way (which server ran it, and which took it over when one stopped), and, once it has finished, its report.");

        var reports = app.MapGroup("/api/reports").WithTags("Reports").WithProblems().RequireAuthorization();

        reports.MapGet("/", async (string? kind, string? fundId, Guid? donorId, int? limit, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportsGrain>(0).List(http.Caller(), kind, limit ?? 50, fundId, donorId)))
            .WithSummary("Stored reports, newest first, filtered by kind, fund or donor: staff see every report, a donor only the statements about itself.");

        reports.MapGet("/{reportId:guid}", async (Guid reportId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportsGrain>(0).Describe(http.Caller(), reportId)))
            .WithSummary("One stored report (staff; a donor its own statements).");

        reports.MapGet("/{reportId:guid}/{format}", async (Guid reportId, string format, HttpContext http, IGrainFactory grains) =>
        {
            var file = await grains.GetGrain<IReportsGrain>(0).Download(http.Caller(), reportId, format);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }).WithSummary("Download a stored report as html, csv, xlsx or pdf (staff; a donor its own statements).");

        var statements = app.MapGroup("/api/funds/{fundId}/statements").WithTags("Reports").WithProblems().RequireAuthorization();

        statements.MapGet("/{kind}", async Task<Results<FileContentHttpResult, Ok<ReportContent>, ProblemHttpResult>> (
            string fundId, string kind, string? format, DateOnly? from, DateOnly? to, DateOnly? asOf, Guid? donorId, Guid? projectId, string? language, HttpContext http, IGrainFactory grains) =>
        {
            var wanted = format ?? "json";
            if (wanted != "json" && !ReportFormats.ContentTypes.ContainsKey(wanted))
            {
                return TypedResults.Problem(ProblemResponses.Problem(StatusCodes.Status400BadRequest, "Bad request", $"Reports come as json, {string.Join(", ", ReportFormats.All)}, not '{wanted}'.", "unknown-format"));
            }
            var request = new ReportRequest(kind, fundId, from, to, asOf, donorId, projectId, language ?? ReportLanguage.English);
            var content = await grains.GetGrain<IStatementsGrain>(0).Build(http.Caller(), request);
            if (wanted == "json")
            {
                return TypedResults.Ok(content);
            }
            return TypedResults.File(ReportFormats.Render(content, wanted), ReportFormats.ContentTypes[wanted], $"{kind}-{fundId}.{wanted}");
        }).WithSummary("Make a financial statement now, as json, html, csv, xlsx or pdf, in English (en) or French (fr): contributions-by-donor, balance-sheet, receivables and budget-against-actual (asOf, projectId), sources-and-uses and commission-report (from, to) for staff; donor-statement (donorId, asOf) for staff and the donor itself.");

        statements.MapGet("/journal.csv", async (string fundId, DateOnly? from, DateOnly? to, string? language, HttpContext http, IGrainFactory grains) =>
        {
            var reports = grains.GetGrain<IStatementsGrain>(0);
            var caller = http.Caller();
            caller.RequireStaff();
            var columns = await reports.JournalColumns(language ?? ReportLanguage.English);
            http.Response.ContentType = ReportFormats.ContentTypes[ReportFormats.Csv];
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"journal-{fundId}.csv\"";
            // Rows go out as the journal reads them: a fund of millions of lines is never held here or in the silo.
            await using var csv = new CsvReport(http.Response.Body);
            csv.Table(ReportLanguage.Label(language ?? ReportLanguage.English, "Journal.Title", fundId), columns);
            var written = 0;
            await foreach (var row in reports.JournalRows(caller, fundId, from, to).WithCancellation(http.RequestAborted))
            {
                csv.Row(row);
                if (++written % 1000 == 0)
                {
                    await csv.FlushAsync();
                }
            }
            await csv.FlushAsync();
        }).WithSummary("Every line of the fund's journal with value dates in the period (from, to), as CSV streamed as it is read (staff).")
        .Produces(StatusCodes.Status200OK, contentType: "text/csv");

        // Managing schedules changes what the system does on its own: finance officers and administrators (checked again in the grain).
        var schedules = app.MapGroup("/api/report-schedules").WithTags("Reports").WithProblems().RequireAuthorization();
        const string Managers = "Finance officers and administrators";

        schedules.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportSchedulesGrain>(0).List(http.Caller())))
            .WithSummary("The report schedules (staff).");

        schedules.MapGet("/{scheduleId}", async (string scheduleId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportSchedulesGrain>(0).Find(http.Caller(), scheduleId)))
            .WithSummary("One report schedule (staff).");

        schedules.MapPost("/", async Task<Created<ReportSchedule>> (ReportScheduleRequest body, HttpContext http, IGrainFactory grains) =>
        {
            var schedule = await grains.GetGrain<IReportSchedulesGrain>(0).Save(http.Caller(), null, body.Input());
            return TypedResults.Created($"/api/report-schedules/{schedule.Id}", schedule);
        }).WithSummary($"Schedule a report as a recurring job: kind, fund, donor or project, language, period, cron and time zone ({Managers}).");

        schedules.MapPut("/{scheduleId}", async (string scheduleId, ReportScheduleRequest body, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportSchedulesGrain>(0).Save(http.Caller(), scheduleId, body.Input())))
            .WithSummary($"Change a report schedule; a paused one stays paused ({Managers}).");

        schedules.MapPost("/{scheduleId}/pause", async (string scheduleId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportSchedulesGrain>(0).Pause(http.Caller(), scheduleId, true)))
            .WithSummary($"Pause a report schedule: its recurring job stops until resumed ({Managers}).");

        schedules.MapPost("/{scheduleId}/resume", async (string scheduleId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportSchedulesGrain>(0).Pause(http.Caller(), scheduleId, false)))
            .WithSummary($"Resume a paused report schedule ({Managers}).");

        schedules.MapPost("/{scheduleId}/run", async Task<Accepted<ScheduledRun>> (string scheduleId, HttpContext http, IGrainFactory grains) =>
        {
            var run = await grains.GetGrain<IReportSchedulesGrain>(0).RunNow(http.Caller(), scheduleId);
            return TypedResults.Accepted($"/api/report-schedules/{scheduleId}/runs/{Uri.EscapeDataString(run.RunId)}?jobId={run.JobId}", run);
        }).WithSummary($"Run a report schedule now for its current period; the report is stored as made by the caller, once per period ({Managers}).");

        schedules.MapGet("/{scheduleId}/runs/{runId}", async (string scheduleId, string runId, string? jobId, HttpContext http, IGrainFactory grains, JobStorage storage) =>
        {
            var schedule = await grains.GetGrain<IReportSchedulesGrain>(0).Find(http.Caller(), scheduleId);
            var report = await grains.GetGrain<IReportsGrain>(0).FindRun(http.Caller(), schedule.Request.Kind, runId);
            return TypedResults.Ok(RunStatus.Of(runId, report, storage, jobId));
        }).WithSummary("Where a schedule's run is (Hangfire's state, given the job id) and the report it stored, once it has finished (staff).");

    }

    private static ProblemHttpResult UnknownJob(string kind) =>
        TypedResults.Problem(ProblemResponses.Problem(StatusCodes.Status404NotFound, "Not found", $"There is no job '{kind}'; the jobs are {string.Join(", ", ReportKinds.Runnable)}.", "unknown-job"));
}

public sealed record RunStarted(string RunId, string Kind);

public sealed record RunStatus(string RunId, string State, ReportInfo? Report, IReadOnlyList<RunStep> History)
{
    /// <summary>A run as Hangfire holds its job (state and history; "Unknown" without a job), with the report it stored, if any yet.</summary>
    public static RunStatus Of(string runId, ReportInfo? report, JobStorage storage, string? jobId) =>
        jobId is not null && storage.GetMonitoringApi().JobDetails(jobId) is { } details
            ? new(runId, details.History.FirstOrDefault()?.StateName ?? "Unknown", report, RunStep.Of(details.History))
            : new(runId, "Unknown", report, []);
}

/// <summary>A report schedule as asked for over HTTP.</summary>
public sealed record ReportScheduleRequest(
    string Kind,
    string FundId,
    ReportPeriod Period,
    string Cron,
    Guid? DonorId = null,
    Guid? ProjectId = null,
    string? Language = null,
    string? TimeZone = null)
{
    public ReportScheduleInput Input() =>
        new(new ReportRequest(Kind, FundId, DonorId: DonorId, ProjectId: ProjectId, Language: Language ?? ReportLanguage.English), Period, Cron, TimeZone ?? "UTC");
}

/// <summary>One state a run went through, oldest first: where it ran, and why it moved on.</summary>
public sealed record RunStep(string State, DateTime At, string? Server, string? Reason)
{
    /// <summary>
    /// Hangfire's history of a job (newest first) as the run's steps. A run that was processing on
    /// one server and is then processing on another was taken over: its first server stopped
    /// before finishing it, and the step says so.
    /// </summary>
    public static IReadOnlyList<RunStep> Of(IEnumerable<Hangfire.Storage.Monitoring.StateHistoryDto> history)
    {
        var steps = new List<RunStep>();
        foreach (var state in history.Reverse())
        {
            var server = state.Data is { } data && data.TryGetValue("ServerId", out var id) ? id : null;
            var reason = state.Reason;
            if (state.StateName == Hangfire.States.ProcessingState.StateName && steps.LastOrDefault() is { } before && before.State == Hangfire.States.ProcessingState.StateName)
            {
                reason = before.Server == server
                    ? "Started again by the same server."
                    : $"Taken over: {before.Server} stopped before finishing the run, and {server} ran it again.";
            }
            steps.Add(new RunStep(state.StateName, state.CreatedAt, server, reason));
        }
        return steps;
    }
}
