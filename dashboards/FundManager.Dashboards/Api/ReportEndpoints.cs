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
        var runs = app.MapGroup("/api/jobs").WithTags("Scheduled jobs").WithProblems();

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
            string? state = null;
            IReadOnlyList<RunStep> history = [];
            if (ReportKinds.HangfireJobIdOf(runId) is { } jobId && storage.GetMonitoringApi().JobDetails(jobId) is { } details)
            {
                state = details.History.FirstOrDefault()?.StateName;
                history = RunStep.Of(details.History);
            }
            var report = await grains.GetGrain<IReportsGrain>(0).FindRun(caller, kind, runId);
            return TypedResults.Ok(new RunStatus(runId, state ?? "Unknown", report, history));
        }).WithSummary("Where a run is (Hangfire's state), what happened to it on the way (which server ran it, and which took it over when one stopped), and, once it has finished, its report.");

        var reports = app.MapGroup("/api/reports").WithTags("Reports").WithProblems();

        reports.MapGet("/", async (string? kind, int? limit, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportsGrain>(0).List(http.Caller(), kind, limit ?? 50)))
            .WithSummary("Stored reports, newest first (staff).");

        reports.MapGet("/{reportId:guid}", async (Guid reportId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IReportsGrain>(0).Describe(http.Caller(), reportId)))
            .WithSummary("One stored report (staff).");

        reports.MapGet("/{reportId:guid}/{format}", async (Guid reportId, string format, HttpContext http, IGrainFactory grains) =>
        {
            var file = await grains.GetGrain<IReportsGrain>(0).Download(http.Caller(), reportId, format);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }).WithSummary("Download a stored report as csv or html (staff).");
    }

    private static ProblemHttpResult UnknownJob(string kind) =>
        TypedResults.Problem(ProblemResponses.Problem(StatusCodes.Status404NotFound, "Not found", $"There is no job '{kind}'; the jobs are {string.Join(", ", ReportKinds.Runnable)}.", "unknown-job"));
}

public sealed record RunStarted(string RunId, string Kind);

public sealed record RunStatus(string RunId, string State, ReportInfo? Report, IReadOnlyList<RunStep> History);

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
