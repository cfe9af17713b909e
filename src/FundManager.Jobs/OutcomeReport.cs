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

    /// <summary>The report's content from assessed indicators, in the language asked for.</summary>
    public static ReportContent Build(DateOnly asOf, IReadOnlyList<Row> rows, string language = ReportLanguage.English)
    {
        var t = new ReportText(language);
        string Place(Project p) => p.Design.Country is { } country ? country : p.Design.Region is { } region ? Region.NameOf(region) : t["Unspecified"];
        int Count(IEnumerable<Row> group, ProgressStatus status) => group.Count(r => r.Progress.Status == status);

        ReportTable Summary(string title, string dimension, Func<Row, IEnumerable<string>> keys) => ReportTable.Of(
            title,
            [new(dimension), new(t["Projects"], CellKind.Number), new(t["Indicators"], CellKind.Number), new(t.Of(ProgressStatus.OnTrack), CellKind.Number), new(t.Of(ProgressStatus.OffTrack), CellKind.Number), new(t.Of(ProgressStatus.Overdue), CellKind.Number)],
            rows.SelectMany(r => keys(r).Select(k => (Key: k, Row: r)))
                .GroupBy(x => x.Key)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ReportCell[]
                {
                    g.Key,
                    ReportCell.Count(g.Select(x => x.Row.Project.Id).Distinct().Count()),
                    ReportCell.Count(g.Count()),
                    ReportCell.Count(Count(g.Select(x => x.Row), ProgressStatus.OnTrack)),
                    ReportCell.Count(Count(g.Select(x => x.Row), ProgressStatus.OffTrack)),
                    ReportCell.Count(Count(g.Select(x => x.Row), ProgressStatus.Overdue)),
                }));

        var offTrack = rows.Where(r => r.Progress.Status == ProgressStatus.OffTrack).ToList();
        var overdue = rows.Where(r => r.Progress.Status == ProgressStatus.Overdue).ToList();
        return new ReportContent(
            t["Outcome.Title"],
            t.Format("Outcome.Subtitle", t.Date(asOf), IndicatorProgress.OnTrackPercent, IndicatorProgress.ReportingGraceDays),
            [
                new(t["Projects"], ReportCell.Count(rows.Select(r => r.Project.Id).Distinct().Count())),
                new(t["Indicators"], ReportCell.Count(rows.Count)),
                new(t.Of(ProgressStatus.OnTrack), ReportCell.Count(Count(rows, ProgressStatus.OnTrack))),
                new(t.Of(ProgressStatus.OffTrack), ReportCell.Count(offTrack.Count)),
                new(t["ResultsOverdue"], ReportCell.Count(overdue.Count)),
            ],
            [
                ReportTable.Of(
                    t["ProgressByIndicator"],
                    [new(t["Fund"]), new(t["Project"]), new(t["Status"]), new(t["Theme"]), new(t["Place"]), new(t["Indicator"]), new(t["ResultType"]), new(t["Period"]), new(t["Baseline"], CellKind.Number), new(t["Target"], CellKind.Number), new(t["Actual"], CellKind.Number), new(t["PercentOfTarget"], CellKind.Percent), new(t["Progress"])],
                    rows.OrderBy(r => r.FundId, StringComparer.Ordinal).ThenBy(r => r.Project.Design.Code, StringComparer.Ordinal).ThenBy(r => r.Progress.IndicatorCode, StringComparer.Ordinal).Select(r => new ReportCell[]
                    {
                        r.FundId, r.Project.Design.Code, t.Of(r.Project.Status), t.Of(r.Project.Design.ThematicArea), Place(r.Project),
                        $"{r.Progress.IndicatorCode} {r.Progress.Title}", t.Of(r.Progress.ResultType), r.Progress.Period?.ToString() ?? "",
                        ReportCell.Number(r.Progress.Baseline), ReportCell.NumberOrEmpty(r.Progress.Target), ReportCell.NumberOrEmpty(r.Progress.Actual), ReportCell.PercentOrEmpty(r.Progress.PercentOfTarget), t.Of(r.Progress.Status),
                    }),
                    t["NoIndicators"]),
                Summary(t["ByTheme"], t["Theme"], r => [t.Of(r.Project.Design.ThematicArea)]),
                Summary(t["ByPlace"], t["Place"], r => [Place(r.Project)]),
                Summary(t["ByDonor"], t["Donor"], r => r.Donors.IsEmpty ? [t["NoAllocation"]] : r.Donors),
                ReportTable.Of(
                    t["OffTrackProjects"],
                    [new(t["Fund"]), new(t["Project"]), new(t["Title"]), new(t["IndicatorsOffTrack"])],
                    offTrack.GroupBy(r => r.Project.Id).Select(g => new ReportCell[]
                    {
                        g.First().FundId, g.First().Project.Design.Code, g.First().Project.Design.Title, string.Join(", ", g.Select(r => r.Progress.IndicatorCode)),
                    }),
                    t["NoneOffTrack"]),
                ReportTable.Of(
                    t["ResultsOverdue"],
                    [new(t["Fund"]), new(t["Project"]), new(t["Indicator"]), new(t["PeriodEnded"], CellKind.Date)],
                    overdue.Select(r => new ReportCell[] { r.FundId, r.Project.Design.Code, r.Progress.IndicatorCode, ReportCell.OnOrEmpty(r.Progress.Period?.End) }),
                    t["NoneOverdue"]),
            ],
            [new ReportChart(
                t["ActualAgainstTarget"],
                "",
                [.. rows.Where(r => r.Progress.Actual is not null).Select(r => new ReportBar($"{r.Project.Design.Code} {r.Progress.IndicatorCode}", r.Progress.Actual!.Value, r.Progress.Target))])])
        {
            Language = t.Language,
        };
    }

    /// <summary>One indicator of one project, with the donors whose money the project holds.</summary>
    public sealed record Row(string FundId, Project Project, ImmutableList<string> Donors, IndicatorProgress Progress);
}
