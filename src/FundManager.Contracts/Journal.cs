using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Ledger;

namespace FundManager.Contracts;

/// <summary>
/// Which journal entries of a fund to show, every filter but the fund optional: value dates from
/// and to, who recorded them, the donor and project their lines name, and the kinds of entry.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.JournalQuery")]
public sealed record JournalQuery(
    [property: Id(0)] string FundId,
    [property: Id(1)] DateOnly? From = null,
    [property: Id(2)] DateOnly? To = null,
    [property: Id(3)] string? RecordedBy = null,
    [property: Id(4)] Guid? DonorId = null,
    [property: Id(5)] Guid? ProjectId = null,
    [property: Id(6)] ImmutableList<EntryKind>? Kinds = null,
    [property: Id(7)] int Limit = 200);

/// <summary>The money journal as it is written, for auditors, administrators and finance officers.</summary>
[Alias("fm.IJournalGrain")]
public interface IJournalGrain : IGrainWithIntegerKey
{
    /// <summary>The latest entries (at most <see cref="JournalQuery.Limit"/>) that match the query, newest value date first.</summary>
    [Query]
    Task<ImmutableList<JournalEntry>> Entries(Caller caller, JournalQuery query);
}
