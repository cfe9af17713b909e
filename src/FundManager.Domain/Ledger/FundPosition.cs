using FundManager.Domain.Currencies;

namespace FundManager.Domain.Ledger;

/// <summary>
/// A fund's position in USD, derived from journal balances. The identities between the figures
/// (available = received - allocated - refundable, cash = received - disbursed - PSC charged) hold by
/// construction of the posting rules; <see cref="Breaks"/> lists any that do not. Cash is the fund's
/// own: PSC charged is the organisation's income, transferred out of the fund when it is charged.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.FundPosition")]
public sealed record FundPosition(
    [property: Id(0)] string FundId,
    [property: Id(1)] DateOnly? AsOf,
    [property: Id(2)] Money Pledged,
    [property: Id(3)] Money Received,
    [property: Id(4)] Money Outstanding,
    [property: Id(5)] Money Allocated,
    [property: Id(6)] Money Disbursed,
    [property: Id(7)] Money PscCharged,
    [property: Id(8)] Money Available,
    [property: Id(9)] Money Cash,
    [property: Id(10)] Money ExchangeGainOrLoss,
    [property: Id(11)] Money RefundableToDonors)
{
    public static FundPosition From(string fundId, DateOnly? asOf, IEnumerable<AccountBalance> balances)
    {
        var byAccount = balances
            .GroupBy(b => b.Account)
            .ToDictionary(g => g.Key, g => (Debits: g.Sum(b => b.Debits), Credits: g.Sum(b => b.Credits)));
        Money NetDebit(LedgerAccount account) =>
            Money.Usd(byAccount.TryGetValue(account, out var t) ? t.Debits - t.Credits : 0m);
        Money NetCredit(LedgerAccount account) => -NetDebit(account);
        var pscCharged = NetDebit(LedgerAccount.PscExpenditure);

        return new FundPosition(
            fundId,
            asOf,
            Pledged: NetCredit(LedgerAccount.ContributionRevenue) + NetCredit(LedgerAccount.UnrealisedExchangeDifference),
            Received: NetDebit(LedgerAccount.ReceiptsControl),
            Outstanding: NetDebit(LedgerAccount.PledgesReceivable),
            Allocated: NetCredit(LedgerAccount.Allocated),
            Disbursed: NetDebit(LedgerAccount.DirectExpenditure),
            PscCharged: pscCharged,
            Available: NetCredit(LedgerAccount.AvailableForAllocation),
            // The cash account holds the money received less direct costs paid; the PSC charged on
            // those costs has left the fund as the organisation's income (DOMAIN.md: the fund's position).
            Cash: NetDebit(LedgerAccount.Cash) - pscCharged,
            ExchangeGainOrLoss: NetCredit(LedgerAccount.ExchangeDifference) + NetCredit(LedgerAccount.UnrealisedExchangeDifference),
            RefundableToDonors: NetCredit(LedgerAccount.RefundableToDonors));
    }

    /// <summary>The identities that must hold; an empty list means the books add up.</summary>
    public IReadOnlyList<string> Breaks()
    {
        var breaks = new List<string>();
        if (Available != Received - Allocated - RefundableToDonors)
        {
            breaks.Add($"available {Available} is not received {Received} minus allocated {Allocated} minus refundable {RefundableToDonors}");
        }
        if (Cash != Received - Disbursed - PscCharged)
        {
            breaks.Add($"cash {Cash} is not received {Received} minus disbursed {Disbursed} minus PSC charged {PscCharged}");
        }
        if (Disbursed + PscCharged > Allocated)
        {
            breaks.Add($"disbursed {Disbursed} plus PSC {PscCharged} exceeds allocated {Allocated}");
        }
        if (Available.IsNegative)
        {
            breaks.Add($"available {Available} is negative");
        }
        return breaks;
    }
}
