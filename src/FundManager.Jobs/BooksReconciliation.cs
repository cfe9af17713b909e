using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Reports;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace FundManager.Jobs;

/// <summary>
/// The reconciliation: proves every fund's books (see <see cref="Domain.Ledger.Reconciliation"/>),
/// writes a report, and raises an alert for every break.
/// </summary>
public sealed class BooksReconciliation(IGrainFactory grains, IReportArchive archive, IAlertBoard alerts, ILogger<BooksReconciliation> logger)
{
    public const string RecurringJobId = ReportKinds.Reconciliation;

    [AutomaticRetry(Attempts = 3)]
    public Task RunScheduledAsync(PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(JobRuns.RunIdFor(context), cancellationToken);

    public async Task<ReportInfo> RunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var scheduler = Caller.Scheduler;
        var results = new List<ReconciliationResult>();
        foreach (var fundId in await grains.AllFundsAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await grains.GetGrain<IFundMaintenanceGrain>(0).Reconcile(scheduler, fundId));
        }
        var breaks = results.SelectMany(r => r.Breaks.Select(b => (r.FundId, Break: b))).ToList();
        var t = new ReportText(ReportLanguage.English);
        var content = new ReportContent(
            breaks.Count == 0 ? t["Reconciliation.Balanced"] : t.Format("Reconciliation.Breaks", breaks.Count),
            t["Reconciliation.Subtitle"],
            [new ReportFigure(t["Funds"], ReportCell.Count(results.Count)), new ReportFigure(t["JournalEntries"], ReportCell.Count(results.Sum(r => r.Entries))), new ReportFigure(t["Breaks"], ReportCell.Count(breaks.Count))],
            [
                ReportTable.Of(t["Funds"],
                    [new(t["Fund"]), new(t["Entries"], CellKind.Number), new(t["Contributions"], CellKind.Number), new(t["Projects"], CellKind.Number), new(t["ReceivedUsd"], CellKind.Money), new(t["AvailableUsd"], CellKind.Money), new(t["Breaks"], CellKind.Number)],
                    results.Select(r => new ReportCell[] { r.FundId, ReportCell.Count(r.Entries), ReportCell.Count(r.Contributions), ReportCell.Count(r.Projects), Formatting.Cell(r.Position.Received), Formatting.Cell(r.Position.Available), ReportCell.Count(r.Breaks.Count) })),
                ReportTable.Of(t["Breaks"],
                    [new(t["Fund"]), new(t["Check"]), new(t["Subject"]), new(t["Detail"])],
                    breaks.Select(b => new ReportCell[] { b.FundId, b.Break.Check, b.Break.Subject, b.Break.Detail }),
                    t["NoBreaks"]),
            ],
            []);
        var report = await archive.SaveAsync(ReportKinds.Reconciliation, null, runId, scheduler.UserName, content,
            new Dictionary<string, string> { ["funds"] = Formatting.Count(results.Count), ["breaks"] = Formatting.Count(breaks.Count) }, cancellationToken);
        foreach (var (fundId, found) in breaks)
        {
            logger.LogError("Reconciliation break in fund {Fund}: {Check} {Subject}: {Detail}", fundId, found.Check, found.Subject, found.Detail);
            await alerts.RaiseAsync("reconciliation", $"{fundId}/{found.Subject}", $"{found.Check} in fund {fundId}", found.Detail, report.Id, cancellationToken);
        }
        return report;
    }
}
