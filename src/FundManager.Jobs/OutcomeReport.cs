using FundManager.Domain;
using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Geography;
using FundManager.Domain.Projects;
using FundManager.Reports;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace FundManager.Jobs;

/// <summary>
/// The periodic outcome report: progress against targets per project, theme, region and donor,
/// the projects off track, and the results reports that are overdue.
/// </summary>
public sealed class OutcomeReport(IGrainFactory grains, IReportArchive archive, FundCalendar calendar, ILogger<OutcomeReport> logger)
{
    public const string RecurringJobId = ReportKinds.OutcomeReport;

    private static readonly ProjectStatus[] Reported = [ProjectStatus.Active, ProjectStatus.Suspended, ProjectStatus.Completed, ProjectStatus.Closed];

    [AutomaticRetry(Attempts = 3)]
    public Task RunScheduledAsync(PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(JobRuns.RunIdFor(context), calendar.Today, cancellationToken);

    public async Task<ReportInfo> RunAsync(string runId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var scheduler = Caller.Scheduler;
        var rows = new List<Row>();
        var donorNames = new Dictionary<Guid, string>();
        foreach (var fundId in await grains.AllFundsAsync())
        {
            foreach (var projectId in await grains.GetGrain<IFundGrain>(fundId).Projects(scheduler))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var project = await grains.GetGrain<IProjectGrain>(projectId).Describe(scheduler);
                if (!Reported.Contains(project.Status))
                {
                    continue;
                }
                var donors = ImmutableList.CreateBuilder<string>();
                foreach (var donorId in project.Allocation?.Sources.Select(s => s.DonorId).Distinct() ?? [])
                {
                    if (!donorNames.TryGetValue(donorId, out var name))
                    {
                        name = (await grains.GetGrain<IDonorGrain>(donorId).Describe(scheduler)).Profile.Name;
                        donorNames[donorId] = name;
                    }
                    donors.Add(name);
                }
                rows.AddRange(IndicatorProgress.Assess(project, asOf).Select(p => new Row(fundId, project, donors.ToImmutable(), p)));
            }
        }
        logger.LogInformation("Outcome report {RunId} as of {AsOf}: {Indicators} indicators", runId, asOf, rows.Count);
        var summary = new Dictionary<string, string>
        {
            ["asOf"] = Formatting.Date(asOf),
            ["indicators"] = Formatting.Count(rows.Count),
            ["onTrack"] = Formatting.Count(rows.Count(r => r.Progress.Status == ProgressStatus.OnTrack)),
            ["offTrack"] = Formatting.Count(rows.Count(r => r.Progress.Status == ProgressStatus.OffTrack)),
            ["overdue"] = Formatting.Count(rows.Count(r => r.Progress.Status == ProgressStatus.Overdue)),
        };
        return await archive.SaveAsync(ReportKinds.OutcomeReport, null, runId, scheduler.UserName, Build(asOf, rows), summary, cancellationToken);
    }

    private static ReportContent Build(DateOnly asOf, List<Row> rows)
    {
        static string Place(Project p) => p.Design.Country ?? (p.Design.Region is { } region ? Region.NameOf(region) : "unspecified");
        static string Value(decimal? v) => v is { } value ? Formatting.Number(value) : "";

        ReportTable Summary(string title, string dimension, Func<Row, IEnumerable<string>> keys) => ReportTable.Of(
            title,
            [new(dimension), new("Projects", CellKind.Number), new("Indicators", CellKind.Number), new("On track", CellKind.Number), new("Off track", CellKind.Number), new("Overdue", CellKind.Number)],
            rows.SelectMany(r => keys(r).Select(k => (Key: k, Row: r)))
                .GroupBy(x => x.Key)
                .OrderBy(g => g.Key)
                .Select(g => new[]
                {
                    g.Key,
                    Formatting.Count(g.Select(x => x.Row.Project.Id).Distinct().Count()),
                    Formatting.Count(g.Count()),
                    Formatting.Count(g.Count(x => x.Row.Progress.Status == ProgressStatus.OnTrack)),
                    Formatting.Count(g.Count(x => x.Row.Progress.Status == ProgressStatus.OffTrack)),
                    Formatting.Count(g.Count(x => x.Row.Progress.Status == ProgressStatus.Overdue)),
                }));

        var offTrack = rows.Where(r => r.Progress.Status == ProgressStatus.OffTrack).ToList();
        var overdue = rows.Where(r => r.Progress.Status == ProgressStatus.Overdue).ToList();
        return new ReportContent(
            "Outcome report: progress against targets",
            $"Results as of {Formatting.Date(asOf)}; on track means at least {Formatting.Number(IndicatorProgress.OnTrackPercent)}% of the way from baseline to target; results are overdue {IndicatorProgress.ReportingGraceDays} days after a period ends.",
            [
                new("Projects", Formatting.Count(rows.Select(r => r.Project.Id).Distinct().Count())),
                new("Indicators", Formatting.Count(rows.Count)),
                new("On track", Formatting.Count(rows.Count(r => r.Progress.Status == ProgressStatus.OnTrack))),
                new("Off track", Formatting.Count(offTrack.Count)),
                new("Results reports overdue", Formatting.Count(overdue.Count)),
            ],
            [
                ReportTable.Of(
                    "Progress by project and indicator",
                    [new("Fund"), new("Project"), new("Status"), new("Theme"), new("Country or region"), new("Indicator"), new("Result type"), new("Period"), new("Baseline", CellKind.Number), new("Target", CellKind.Number), new("Actual", CellKind.Number), new("% of target", CellKind.Number), new("Progress")],
                    rows.OrderBy(r => r.FundId).ThenBy(r => r.Project.Design.Code).ThenBy(r => r.Progress.IndicatorCode).Select(r => new[]
                    {
                        r.FundId, r.Project.Design.Code, r.Project.Status.ToString(), r.Project.Design.ThematicArea.ToString(), Place(r.Project),
                        $"{r.Progress.IndicatorCode} {r.Progress.Title}", r.Progress.ResultType.ToString(), r.Progress.Period?.ToString() ?? "",
                        Formatting.Number(r.Progress.Baseline), Value(r.Progress.Target), Value(r.Progress.Actual), Value(r.Progress.PercentOfTarget), r.Progress.Status.ToString(),
                    }),
                    "No active, suspended, completed or closed project has indicators yet."),
                Summary("By thematic area", "Thematic area", r => [r.Project.Design.ThematicArea.ToString()]),
                Summary("By country or region", "Country or region", r => [Place(r.Project)]),
                Summary("By donor", "Donor", r => r.Donors.IsEmpty ? ["(no allocation)"] : r.Donors),
                ReportTable.Of(
                    "Projects off track",
                    [new("Fund"), new("Project"), new("Title"), new("Indicators off track")],
                    offTrack.GroupBy(r => r.Project.Id).Select(g => new[]
                    {
                        g.First().FundId, g.First().Project.Design.Code, g.First().Project.Design.Title, string.Join(", ", g.Select(r => r.Progress.IndicatorCode)),
                    }),
                    "No project is off track."),
                ReportTable.Of(
                    "Results reports overdue",
                    [new("Fund"), new("Project"), new("Indicator"), new("Period ended")],
                    overdue.Select(r => new[] { r.FundId, r.Project.Design.Code, r.Progress.IndicatorCode, r.Progress.Period is { } p ? Formatting.Date(p.End) : "" }),
                    "No results report is overdue."),
            ],
            [new ReportChart(
                "Actual against target (target marked in red)",
                "",
                [.. rows.Where(r => r.Progress.Actual is not null).Select(r => new ReportBar($"{r.Project.Design.Code} {r.Progress.IndicatorCode}", r.Progress.Actual!.Value, r.Progress.Target))])]);
    }

    private sealed record Row(string FundId, Project Project, ImmutableList<string> Donors, IndicatorProgress Progress);
}
