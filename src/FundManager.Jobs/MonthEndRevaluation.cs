using FundManager.Domain;
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
        var t = new ReportText(ReportLanguage.English);
        var rows = new List<ReportCell[]>();
        var revalued = 0;
        var total = Money.Zero(Currency.Usd);
        foreach (var fundId in await grains.AllFundsAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var outcome in await grains.GetGrain<IFundMaintenanceGrain>(0).RevalueOpenPledges(scheduler, fundId, monthEnd))
            {
                total += outcome.Difference;
                revalued += outcome.Problem is null ? 1 : 0;
                rows.Add([fundId, outcome.ContributionId.ToString(), Formatting.Cell(outcome.Outstanding), outcome.Outstanding.Currency.Code,
                    ReportCell.NumberOrEmpty(outcome.Rate, 6), Formatting.Cell(outcome.Difference), outcome.Problem ?? ""]);
            }
        }
        logger.LogInformation("Revaluation {RunId} at {MonthEnd}: {Count} pledges, net difference {Total}", runId, monthEnd, rows.Count, total);
        var content = new ReportContent(
            t.Format("Revaluation.Title", t.Date(monthEnd)),
            t["Revaluation.Subtitle"],
            [new ReportFigure(t["PledgesRevalued"], ReportCell.Count(revalued)), new ReportFigure(t["NetDifferenceUsd"], Formatting.Cell(total))],
            [ReportTable.Of(t["Pledges"],
                [new(t["Fund"]), new(t["Contribution"]), new(t["Outstanding"], CellKind.Money), new(t["Currency"]), new(t["Rate"], CellKind.Number), new(t["DifferenceUsd"], CellKind.Money), new(t["Problem"])],
                rows, t["NoOpenPledge"])],
            []);
        var summary = new Dictionary<string, string> { ["monthEnd"] = Formatting.Date(monthEnd), ["pledges"] = Formatting.Count(rows.Count), ["differenceUsd"] = Formatting.Plain(total) };
        return await archive.SaveAsync(ReportKinds.Revaluation, null, runId, scheduler.UserName, content, summary, cancellationToken);
    }
}
