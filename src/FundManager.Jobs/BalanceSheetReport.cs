using FundManager.Domain.Ledger;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>
/// The fund's balance sheet as of a date, from the journal: its cash (net of PSC charged) and the
/// pledges receivable; what the fund owes to them (contributions, exchange differences, less what
/// was spent); and how the cash stands between approved projects, refunds and new approvals.
/// </summary>
public static class BalanceSheetReport
{
    public static async Task<ReportContent> BuildAsync(FundBooks books, DateOnly asOf, ReportText t)
    {
        var position = await books.PositionAsync(asOf);
        var balances = await books.BalancesAsync(asOf);
        var assets = position.Cash + position.Outstanding;
        var contributions = FundBooks.NetCredit(balances, LedgerAccount.ContributionRevenue);
        var exchange = FundBooks.NetCredit(balances, LedgerAccount.ExchangeDifference) + FundBooks.NetCredit(balances, LedgerAccount.UnrealisedExchangeDifference);
        var netAssets = contributions + exchange - position.Disbursed - position.PscCharged;
        if (netAssets != assets)
        {
            throw new InvalidOperationException($"The balance sheet of fund {books.FundId} does not balance: assets {assets}, net assets {netAssets}.");
        }
        var committed = position.Allocated - position.Disbursed - position.PscCharged;
        return new ReportContent(
            t["Balance.Title"],
            t.Format("Balance.Subtitle", books.FundId, t.Date(asOf)),
            [new(t["Cash"], Formatting.Cell(position.Cash)), new(t["PledgesReceivable"], Formatting.Cell(position.Outstanding)), new(t["TotalAssets"], Formatting.Cell(assets))],
            [
                ReportTable.Of(t["Assets"], [new(t["Line"]), new(t["AmountUsdShort"], CellKind.Money)],
                [
                    [t["Cash"], Formatting.Cell(position.Cash)],
                    [t["PledgesReceivable"], Formatting.Cell(position.Outstanding)],
                    [t["TotalAssets"], Formatting.Cell(assets)],
                ]),
                ReportTable.Of(t["Position"], [new(t["Line"]), new(t["AmountUsdShort"], CellKind.Money)],
                [
                    [t["Contributions"], Formatting.Cell(contributions)],
                    [t["ExchangeDifference"], Formatting.Cell(exchange)],
                    [t["DisbursedUsd"], Formatting.Cell(-position.Disbursed)],
                    [t["PscCharged"], Formatting.Cell(-position.PscCharged)],
                    [t["TotalAssets"], Formatting.Cell(netAssets)],
                ]),
                ReportTable.Of(t["Commitments"], [new(t["Line"]), new(t["AmountUsdShort"], CellKind.Money)],
                [
                    [t["AllocatedUnspent"], Formatting.Cell(committed)],
                    [t["Refundable"], Formatting.Cell(position.RefundableToDonors)],
                    [t["AvailableForApprovals"], Formatting.Cell(position.Available)],
                    [t["Cash"], Formatting.Cell(committed + position.RefundableToDonors + position.Available)],
                ]),
            ],
            [])
        {
            Language = t.Language,
        };
    }
}
