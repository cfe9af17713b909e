using FundManager.Domain;
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
public sealed class MonthEndRevaluation(IGrainFactory grains, IReportArchive archive, FundCalendar calendar, ILogger<MonthEndRevaluation> logger)
{
    public const string RecurringJobId = ReportKinds.Revaluation;

    [AutomaticRetry(Attempts = 3)]
    public Task RunScheduledAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var today = calendar.Today;
        return RunAsync(JobRuns.RunIdFor(context), new DateOnly(today.Year, today.Month, 1).AddDays(-1), cancellationToken);
    }

    public async Task<ReportInfo> RunAsync(string runId, DateOnly monthEnd, CancellationToken cancellationToken = default)
    {
        var scheduler = Caller.Scheduler;
        var rows = new List<string[]>();
        var total = Money.Zero(Currency.Usd);
        foreach (var fundId in await grains.AllFundsAsync())
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
