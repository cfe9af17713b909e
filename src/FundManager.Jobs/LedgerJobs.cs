using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Reports;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace FundManager.Jobs;

/// <summary>
/// Month-end revaluation of open foreign-currency pledges: run on the first of each month for the
/// month that has just ended, or on demand. Each pledge is revalued once per month.
/// </summary>
public sealed class MonthEndRevaluation(IGrainFactory grains, IReportArchive archive, TimeProvider clock, ILogger<MonthEndRevaluation> logger)
{
    public const string RecurringJobId = ReportKinds.Revaluation;

    [AutomaticRetry(Attempts = 3)]
    public Task RunScheduledAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return RunAsync(RunIds.For(context), new DateOnly(today.Year, today.Month, 1).AddDays(-1), cancellationToken);
    }

    public async Task<ReportInfo> RunAsync(string runId, DateOnly monthEnd, CancellationToken cancellationToken = default)
    {
        var scheduler = Caller.Scheduler;
        var rows = new List<string[]>();
        var total = Money.Zero(Currency.Usd);
        foreach (var fundId in await grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(scheduler))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var outcome in await grains.GetGrain<IFundMaintenanceGrain>(0).RevalueOpenPledges(scheduler, fundId, monthEnd))
            {
                total += outcome.Difference;
                rows.Add([fundId, outcome.ContributionId.ToString(), Formatting.Amount(outcome.Outstanding), outcome.Outstanding.Currency.Code,
                    outcome.Rate?.ToString(CultureInfo.InvariantCulture) ?? "", Formatting.Amount(outcome.Difference), outcome.Problem ?? ""]);
            }
        }
        logger.LogInformation("Revaluation {RunId} at {MonthEnd}: {Count} pledges, net difference {Total}", runId, monthEnd, rows.Count, total);
        var content = new ReportContent(
            $"Month-end revaluation at {Formatting.Date(monthEnd)}",
            "Open foreign-currency pledges revalued at the month-end operational rate; differences are unrealised exchange gains (+) or losses (-).",
            [new ReportFigure("Pledges revalued", Formatting.Count(rows.Count(r => r[6].Length == 0))), new ReportFigure("Net difference (USD)", Formatting.Amount(total))],
            [ReportTable.Of("Pledges",
                [new("Fund"), new("Contribution"), new("Outstanding", CellKind.Money), new("Currency"), new("Rate", CellKind.Number), new("Difference (USD)", CellKind.Money), new("Problem")],
                rows, "No open foreign-currency pledge.")],
            []);
        var summary = new Dictionary<string, string> { ["monthEnd"] = Formatting.Date(monthEnd), ["pledges"] = Formatting.Count(rows.Count), ["differenceUsd"] = Formatting.Plain(total) };
        return await archive.SaveAsync(ReportKinds.Revaluation, null, runId, scheduler.UserName, content, summary, cancellationToken);
    }
}

/// <summary>
/// The reconciliation: proves every fund's books (see <see cref="Domain.Ledger.Reconciliation"/>),
/// writes a report, and raises an alert for every break.
/// </summary>
public sealed class BooksReconciliation(IGrainFactory grains, IReportArchive archive, IAlertBoard alerts, ILogger<BooksReconciliation> logger)
{
    public const string RecurringJobId = ReportKinds.Reconciliation;

    [AutomaticRetry(Attempts = 3)]
    public Task RunScheduledAsync(PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(RunIds.For(context), cancellationToken);

    public async Task<ReportInfo> RunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var scheduler = Caller.Scheduler;
        var results = new List<ReconciliationResult>();
        foreach (var fundId in await grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(scheduler))
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
