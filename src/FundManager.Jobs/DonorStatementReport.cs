using FundManager.Domain.Currencies;
using FundManager.Domain.Projects;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>
/// A donor's statement of account: its pledges and instalments, its payments with their exchange
/// differences, the projects, tranches and dates its money paid for, and the results those projects
/// reached. Read through the donor's own statement, so a donor sees its own and nobody else's.
/// </summary>
public static class DonorStatementReport
{
    // books is read as the caller (the statement itself, which the donor grain lets only staff and
    // the donor read); fund is read by the silo once the statement was allowed (the donor's
    // instalment schedules and the results of the projects its money paid for).
    public static async Task<ReportContent> BuildAsync(FundBooks books, FundBooks fund, Guid donorId, DateOnly asOf, ReportText t)
    {
        var statement = await books.StatementAsync(donorId, asOf);
        var lines = statement.Contributions.Where(c => c.FundId == books.FundId).ToList();
        var pledges = lines.Select(c => new ReportCell[]
        {
            c.Reference ?? c.ContributionId.ToString(), ReportCell.On(c.PledgeDate), t.Of(c.Earmark.Level), c.Pledged.Currency.Code,
            Formatting.Cell(c.Pledged), Formatting.Cell(c.Paid), Formatting.Cell(c.Outstanding),
            Formatting.Cell(c.PledgedUsd), Formatting.Cell(c.ReceivedUsd), Formatting.Cell(c.OutstandingUsd),
        });
        var payments = lines.SelectMany(c => c.Payments.Where(p => p.ValueDate <= asOf).Select(p => new ReportCell[]
        {
            c.Reference ?? c.ContributionId.ToString(), ReportCell.On(p.ValueDate), p.Amount.Currency.Code, Formatting.Cell(p.Amount), ReportCell.Number(p.Received.Rate, 6),
            Formatting.Cell(p.Received.Usd), Formatting.Cell(p.SettledReceivable), Formatting.Cell(p.ExchangeDifference), p.IsReversed ? t["Yes"] : t["No"],
        }));
        var paidFor = lines.SelectMany(c => c.PaidFor.Select(d => (Contribution: c, Disbursement: d)))
            .OrderBy(x => x.Disbursement.PaidOn).ThenBy(x => x.Disbursement.ProjectCode, StringComparer.Ordinal).ThenBy(x => x.Disbursement.Tranche)
            .ToList();
        var outcomes = new List<ReportCell[]>();
        foreach (var projectId in paidFor.Select(x => x.Disbursement.ProjectId).Distinct())
        {
            var project = await fund.ProjectAsync(projectId);
            foreach (var progress in IndicatorProgress.Assess(project, asOf))
            {
                outcomes.Add([project.Design.Code, $"{progress.IndicatorCode} {progress.Title}", progress.Period?.ToString() ?? "", ReportCell.Number(progress.Baseline),
                    ReportCell.NumberOrEmpty(progress.Target), ReportCell.NumberOrEmpty(progress.Actual), ReportCell.PercentOrEmpty(progress.PercentOfTarget), t.Of(progress.Status)]);
            }
        }
        var disbursed = Money.Sum(paidFor.Select(x => x.Disbursement.Reversal ? -x.Disbursement.Direct : x.Disbursement.Direct), Currency.Usd);
        return new ReportContent(
            t.Format("Statement.Title", statement.DonorName),
            t.Format("Statement.Subtitle", t.Date(asOf)),
            [
                new(t["PledgedUsd"], Formatting.Cell(Money.Sum(lines.Select(c => c.PledgedUsd), Currency.Usd))),
                new(t["ReceivedUsd"], Formatting.Cell(Money.Sum(lines.Select(c => c.ReceivedUsd), Currency.Usd))),
                new(t["OutstandingUsd"], Formatting.Cell(Money.Sum(lines.Select(c => c.OutstandingUsd), Currency.Usd))),
                new(t["DisbursedUsd"], Formatting.Cell(disbursed)),
            ],
            [
                ReportTable.Of(t["PledgesAndInstalments"],
                    [new(t["Reference"]), new(t["PledgeDate"], CellKind.Date), new(t["Earmark"]), new(t["Currency"]), new(t["PledgedOriginal"], CellKind.Money), new(t["PaidOriginal"], CellKind.Money), new(t["OutstandingOriginal"], CellKind.Money),
                     new(t["PledgedUsd"], CellKind.Money), new(t["ReceivedUsd"], CellKind.Money), new(t["OutstandingUsd"], CellKind.Money)],
                    pledges, t["None"]),
                ReportTable.Of(t["Instalments"],
                    [new(t["Reference"]), new(t["Due"], CellKind.Date), new(t["Currency"]), new(t["Amount"], CellKind.Money)],
                    (await fund.ContributionsAsync()).Where(c => c.DonorId == donorId && c.Terms.PledgeDate <= asOf)
                        .SelectMany(c => c.Terms.Schedule.Instalments.Select(i => new ReportCell[] { c.Terms.Reference ?? c.Id.ToString(), ReportCell.On(i.DueDate), i.Amount.Currency.Code, Formatting.Cell(i.Amount) })),
                    t["None"]),
                ReportTable.Of(t["Payments"],
                    [new(t["Reference"]), new(t["ValueDate"], CellKind.Date), new(t["Currency"]), new(t["Amount"], CellKind.Money), new(t["Rate"], CellKind.Number), new(t["Received"], CellKind.Money), new(t["Settled"], CellKind.Money), new(t["ExchangeDifference"], CellKind.Money), new(t["Reversed"])],
                    payments, t["NoPayments"]),
                ReportTable.Of(t["PaidFor"],
                    [new(t["Reference"]), new(t["Project"]), new(t["Title"]), new(t["Tranche"], CellKind.Number), new(t["PaidOn"], CellKind.Date), new(t["DirectCosts"], CellKind.Money), new(t["Psc"], CellKind.Money), new(t["Reversed"])],
                    paidFor.Select(x => new ReportCell[]
                    {
                        x.Contribution.Reference ?? x.Contribution.ContributionId.ToString(), x.Disbursement.ProjectCode, x.Disbursement.ProjectTitle, ReportCell.Count(x.Disbursement.Tranche), ReportCell.On(x.Disbursement.PaidOn),
                        Formatting.Cell(x.Disbursement.Direct), Formatting.Cell(x.Disbursement.Psc), x.Disbursement.Reversal ? t["Yes"] : t["No"],
                    }),
                    t["NothingPaidFor"]),
                ReportTable.Of(t["Outcomes"],
                    [new(t["Project"]), new(t["Indicator"]), new(t["Period"]), new(t["Baseline"], CellKind.Number), new(t["Target"], CellKind.Number), new(t["Actual"], CellKind.Number), new(t["PercentOfTarget"], CellKind.Percent), new(t["Progress"])],
                    outcomes, t["NoOutcomes"]),
            ],
            [])
        {
            Language = t.Language,
        };
    }
}
