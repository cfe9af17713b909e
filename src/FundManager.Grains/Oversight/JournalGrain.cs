using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using Orleans.Concurrency;

namespace FundManager.Grains.Oversight;

/// <summary>Reads the money journal as it was written, for those who check the books.</summary>
[StatelessWorker]
public sealed class JournalGrain(IJournal journal) : Grain, IJournalGrain
{
    async Task<ImmutableList<JournalEntry>> IJournalGrain.Entries(Caller caller, JournalQuery query)
    {
        caller.Require(Role.Auditor, Role.Administrator, Role.FinanceOfficer);
        Fund.RequireValidId(query.FundId);
        var entries = await journal.EntriesAsync(new LedgerQuery(query.FundId, query.To, query.DonorId, ProjectId: query.ProjectId, Kinds: query.Kinds is { IsEmpty: false } kinds ? kinds : null));
        return [.. entries
            .Where(e => query.From is not { } from || e.ValueDate >= from)
            .Where(e => string.IsNullOrWhiteSpace(query.RecordedBy) || string.Equals(e.RecordedBy, query.RecordedBy.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(e => e.ValueDate).ThenByDescending(e => e.RecordedAt)
            .Take(Math.Clamp(query.Limit, 1, 1000))];
    }
}
