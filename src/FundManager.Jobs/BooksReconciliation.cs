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
        var content = new ReportContent(
            breaks.Count == 0 ? "Reconciliation: the books add up" : $"Reconciliation: {breaks.Count} break(s)",
            "Every entry balances in USD and per currency; the grains' positions equal the journal's; no cash or earmark is negative; no project is disbursed beyond its allocation.",
            [new ReportFigure("Funds", Formatting.Count(results.Count)), new ReportFigure("Journal entries", Formatting.Count(results.Sum(r => r.Entries))), new ReportFigure("Breaks", Formatting.Count(breaks.Count))],
            [
                ReportTable.Of("Funds",
                    [new("Fund"), new("Entries", CellKind.Number), new("Contributions", CellKind.Number), new("Projects", CellKind.Number), new("Received (USD)", CellKind.Money), new("Available (USD)", CellKind.Money), new("Breaks", CellKind.Number)],
                    results.Select(r => new[] { r.FundId, Formatting.Count(r.Entries), Formatting.Count(r.Contributions), Formatting.Count(r.Projects), Formatting.Amount(r.Position.Received), Formatting.Amount(r.Position.Available), Formatting.Count(r.Breaks.Count) })),
                ReportTable.Of("Breaks",
                    [new("Fund"), new("Check"), new("Subject"), new("Detail")],
                    breaks.Select(b => new[] { b.FundId, b.Break.Check, b.Break.Subject, b.Break.Detail }),
                    "None: the books add up."),
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
