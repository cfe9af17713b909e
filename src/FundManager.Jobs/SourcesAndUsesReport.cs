using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>
/// The fund's statement of sources and uses of cash for a period: the opening cash, contributions
/// received by donor, disbursements by thematic area and region, PSC charged, refunds, and the
/// closing cash, each the movement of journal balances between the day before the period and its
/// last day. Exchange differences are shown beside it: they change what pledges are worth, not the cash.
/// </summary>
public static class SourcesAndUsesReport
{
    public static async Task<ReportContent> BuildAsync(FundBooks books, DateOnly from, DateOnly to, ReportText t)
    {
        if (to < from)
        {
            throw Domain.RuleViolationException.Invalid("period-backwards", $"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
        }
        var before = from.AddDays(-1);
        var opening = await books.PositionAsync(before);
        var closing = await books.PositionAsync(to);
        var start = await books.BalancesAsync(before);
        var end = await books.BalancesAsync(to);
        // The period's movement of one account, per dimension.
        IEnumerable<(Guid? Donor, Guid? Project, decimal NetDebit)> Movement(LedgerAccount account) =>
            end.Where(b => b.Account == account).Select(b => (b.DonorId, b.ProjectId, b.NetDebit))
                .Concat(start.Where(b => b.Account == account).Select(b => (b.DonorId, b.ProjectId, -b.NetDebit)));
        Money Total(LedgerAccount account) => Money.Usd(Movement(account).Sum(m => m.NetDebit));

        var sources = new List<ReportCell[]>();
        foreach (var donor in Movement(LedgerAccount.ReceiptsControl).GroupBy(m => m.Donor).Where(g => g.Sum(m => m.NetDebit) != 0m))
        {
            var name = donor.Key is { } id ? await books.DonorNameAsync(id) : t["Unspecified"];
            sources.Add([t.Format("ContributionsReceivedFrom", name), Formatting.Cell(Money.Usd(donor.Sum(m => m.NetDebit)))]);
        }
        sources = [.. sources.OrderBy(r => r[0].Text, StringComparer.Ordinal)];
        var received = Total(LedgerAccount.ReceiptsControl);

        var projects = (await books.ProjectsAsync()).ToDictionary(p => p.Id);
        string Region(Guid? projectId) => projectId is { } id && projects.TryGetValue(id, out var p)
            ? p.Design.Region is { } region ? Domain.Geography.Region.NameOf(region) : p.Design.Country ?? t["Unspecified"]
            : t["Unspecified"];
        string Theme(Guid? projectId) => projectId is { } id && projects.TryGetValue(id, out var p) ? t.Of(p.Design.ThematicArea) : t["Unspecified"];
        var disbursed = Movement(LedgerAccount.DirectExpenditure)
            .GroupBy(m => (Theme: Theme(m.Project), Region: Region(m.Project)))
            .Select(g => (g.Key.Theme, g.Key.Region, Amount: Money.Usd(g.Sum(m => m.NetDebit))))
            .Where(g => !g.Amount.IsZero)
            .OrderBy(g => g.Theme, StringComparer.Ordinal).ThenBy(g => g.Region, StringComparer.Ordinal)
            .ToList();
        var psc = Total(LedgerAccount.PscExpenditure);
        var refunds = Money.Zero(Currency.Usd); // no refund is paid out of the fund yet: refundable money is set aside, not paid
        var uses = disbursed.Select(d => new ReportCell[] { t.Format("DisbursementsTo", d.Theme, d.Region), Formatting.Cell(d.Amount) })
            .Append([t["PscCharged"], Formatting.Cell(psc)])
            .Append([t["RefundsPaid"], Formatting.Cell(refunds)])
            .ToList();
        var totalUses = Money.Sum(disbursed.Select(d => d.Amount), Currency.Usd) + psc + refunds;

        var statement = new List<ReportCell[]> { new ReportCell[] { t["OpeningCash"], Formatting.Cell(opening.Cash) } };
        statement.AddRange(sources);
        statement.Add([t["TotalSources"], Formatting.Cell(received)]);
        statement.AddRange(uses.Select(u => new ReportCell[] { u[0], Formatting.Cell(-Money.Usd(u[1].Value!.Value)) }));
        statement.Add([t["TotalUses"], Formatting.Cell(-totalUses)]);
        statement.Add([t["ClosingCash"], Formatting.Cell(closing.Cash)]);
        // The statement is the books' own arithmetic: opening + sources - uses is the closing cash the journal holds.
        if (opening.Cash + received - totalUses != closing.Cash)
        {
            throw new InvalidOperationException($"Sources and uses of fund {books.FundId} do not add up: {opening.Cash} + {received} - {totalUses} is not {closing.Cash}.");
        }

        return new ReportContent(
            t["SourcesUses.Title"],
            t.Format("SourcesUses.Subtitle", books.FundId, t.Date(from), t.Date(to)),
            [
                new(t["OpeningCash"], Formatting.Cell(opening.Cash)),
                new(t["TotalSources"], Formatting.Cell(received)),
                new(t["TotalUses"], Formatting.Cell(totalUses)),
                new(t["ClosingCash"], Formatting.Cell(closing.Cash)),
            ],
            [
                ReportTable.Of(t["SourcesUses.Title"], [new(t["Line"]), new(t["AmountUsdShort"], CellKind.Money)], statement),
                ReportTable.Of(t["ExchangeDifference"], [new(t["Line"]), new(t["AmountUsdShort"], CellKind.Money)],
                [
                    [t["RealisedExchange"], Formatting.Cell(-Total(LedgerAccount.ExchangeDifference))],
                    [t["UnrealisedExchange"], Formatting.Cell(-Total(LedgerAccount.UnrealisedExchangeDifference))],
                ]),
                ReportTable.Of(t["DisbursementsByTheme"], [new(t["Theme"]), new(t["Place"]), new(t["AmountUsdShort"], CellKind.Money)],
                    disbursed.Select(d => new ReportCell[] { d.Theme, d.Region, Formatting.Cell(d.Amount) }), t["None"]),
            ],
            [new ReportChart(t["DisbursementsByTheme"], "USD", [.. disbursed.GroupBy(d => d.Theme).Select(g => new ReportBar(g.Key, g.Sum(d => d.Amount.Amount)))])])
        {
            Language = t.Language,
        };
    }
}
