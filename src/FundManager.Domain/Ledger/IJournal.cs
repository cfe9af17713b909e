using FundManager.Domain.Audit;
using FundManager.Domain.Currencies;

namespace FundManager.Domain.Ledger;

/// <summary>What happened when an entry was offered to the journal.</summary>
public enum AppendOutcome
{
    /// <summary>The entry is new and is now in the journal.</summary>
    Appended = 1,
    /// <summary>The same entry was already there under this key; nothing was written again.</summary>
    AlreadyRecorded = 2,
}

/// <summary>Which entries a balance or listing covers. Every filter is optional except the fund.</summary>
public sealed record LedgerQuery(
    string FundId,
    DateOnly? AsOf = null,
    Guid? DonorId = null,
    Guid? ContributionId = null,
    Guid? ProjectId = null,
    IReadOnlyList<EntryKind>? Kinds = null);

/// <summary>Debits and credits of one account for one combination of dimensions.</summary>
public sealed record AccountBalance(
    LedgerAccount Account,
    Guid? DonorId,
    Guid? ContributionId,
    Guid? ProjectId,
    decimal Debits,
    decimal Credits)
{
    public decimal NetDebit => Debits - Credits;
    public decimal NetCredit => Credits - Debits;
}

/// <summary>
/// What one contribution's pool holds according to the journal: cash available for approvals,
/// cash received net of reversals, and the value date of its first receipt.
/// </summary>
public sealed record PoolBalance(Guid ContributionId, Money Available, Money Received, DateOnly? FirstReceived);

/// <summary>
/// The append-only, double-entry money journal. Appending is idempotent by key: the same entry
/// twice is recorded once; a different entry under a used key is refused.
/// </summary>
public interface IJournal
{
    /// <summary>
    /// Appends the entry and answers once it is durable. <paramref name="audit"/>, the record of the
    /// command that posted it, is committed in the same transaction: neither exists without the other.
    /// </summary>
    Task<AppendOutcome> AppendAsync(JournalEntry entry, AuditRecord? audit = null, CancellationToken cancellationToken = default);

    /// <summary>Every contribution's pool in a fund, as the journal's budgetary accounts hold it.</summary>
    Task<IReadOnlyList<PoolBalance>> PoolBalancesAsync(string fundId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AccountBalance>> BalancesAsync(LedgerQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<JournalEntry>> EntriesAsync(LedgerQuery query, CancellationToken cancellationToken = default);

    /// <summary>The last position taken in a stream (its number of entries), 0 for a stream with none.</summary>
    Task<int> StreamLengthAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>
    /// A fund's whole entries (as of the query's date and from <paramref name="from"/>, of its kinds
    /// where given), in the order they were written, as they are read: for reports over the whole
    /// journal, which must not hold it in memory. Donor, contribution and project filters are refused,
    /// since they would split entries.
    /// </summary>
    IAsyncEnumerable<JournalEntry> StreamAsync(LedgerQuery query, DateOnly? from = null, CancellationToken cancellationToken = default);

    /// <summary>The entry recorded under a key, or null.</summary>
    Task<JournalEntry?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default);
}
