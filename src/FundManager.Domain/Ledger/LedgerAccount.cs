namespace FundManager.Domain.Ledger;

/// <summary>
/// The fund's chart of accounts, in USD. The first group is the financial ledger; the second is
/// the budgetary (memo) ledger that tracks what cash is free for new approvals. Every entry
/// balances as a whole, and the posting rules keep each group balanced on its own too.
/// </summary>
public enum LedgerAccount
{
    /// <summary>Cash held by the fund (debit balance).</summary>
    Cash = 1000,
    /// <summary>Pledges not yet paid, at their booked USD value (debit balance).</summary>
    PledgesReceivable = 1100,
    /// <summary>Voluntary contributions pledged (credit balance).</summary>
    ContributionRevenue = 4000,
    /// <summary>Programme support cost earned by the organisation (credit balance).</summary>
    PscIncome = 4100,
    /// <summary>Realised exchange gains (credit) and losses (debit): a payment settling a pledge at another rate than it was carried at.</summary>
    ExchangeDifference = 4900,
    /// <summary>Unrealised exchange gains and losses: month-end revaluation of open foreign-currency pledges.</summary>
    UnrealisedExchangeDifference = 4910,
    /// <summary>Direct costs paid to implementing partners (debit balance).</summary>
    DirectExpenditure = 5000,
    /// <summary>PSC charged on direct costs (debit balance).</summary>
    PscExpenditure = 5100,

    /// <summary>Budgetary control: cash received, at each payment's rate (debit balance).</summary>
    ReceiptsControl = 9000,
    /// <summary>Budgetary: received and not allocated, per contribution (credit balance).</summary>
    AvailableForAllocation = 9100,
    /// <summary>Budgetary: held by approved projects, direct costs plus PSC (credit balance).</summary>
    Allocated = 9200,
    /// <summary>Budgetary: unspent money of closed projects that their agreements say goes back to the donor (credit balance).</summary>
    RefundableToDonors = 9300,
}

public enum EntrySide
{
    Debit = 1,
    Credit = 2,
}

/// <summary>The money event an entry records.</summary>
public enum EntryKind
{
    Pledge = 1,
    Payment = 2,
    Allocation = 3,
    Disbursement = 4,
    AllocationRelease = 5,
    Reversal = 6,
    PledgeAmendment = 7,
    Revaluation = 8,
}

public static class LedgerAccounts
{
    /// <summary>The accounts of the budgetary ledger; the others form the financial ledger.</summary>
    public static bool IsBudgetary(this LedgerAccount account) =>
        account is LedgerAccount.ReceiptsControl or LedgerAccount.AvailableForAllocation or LedgerAccount.Allocated or LedgerAccount.RefundableToDonors;
}
