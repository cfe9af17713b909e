using System.Collections.Concurrent;
using FundManager.Domain;
using FundManager.Domain.Audit;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;

namespace FundManager.Grains.Tests;

/// <summary>
/// The journal's contract in memory, for grain tests: idempotent by key, a different entry under
/// a used key refused. It can be told to fail, to see what the grains do when the database is down.
/// </summary>
public sealed class InMemoryJournal(InMemoryAuditTrail audit) : IJournal
{
    private readonly ConcurrentDictionary<string, (JournalEntry Entry, string Fingerprint)> _entries = new();
    private readonly ConcurrentDictionary<StreamPosition, string> _positions = new();
    private int _failuresLeft;
    private Func<JournalEntry, bool> _failing = _ => false;
    private volatile Func<JournalEntry, bool> _refused = _ => false;

    public IReadOnlyCollection<JournalEntry> Entries => _entries.Values.Select(e => e.Entry).ToList();

    /// <summary>The next <paramref name="count"/> appends of entries <paramref name="which"/> picks throw as if the database were unreachable.</summary>
    public void FailNext(int count, Func<JournalEntry, bool> which)
    {
        _failing = which;
        Interlocked.Exchange(ref _failuresLeft, count);
    }

    /// <summary>Entries <paramref name="which"/> picks are refused for good, as PostgreSQL refuses text it cannot store, until <see cref="StopRefusing"/>.</summary>
    public void Refuse(Func<JournalEntry, bool> which) => _refused = which;

    public void StopRefusing() => _refused = _ => false;

    public async Task<AppendOutcome> AppendAsync(JournalEntry entry, AuditRecord? record = null, CancellationToken cancellationToken = default)
    {
        if (_refused(entry))
        {
            throw new RefusedByDatabase($"22021: invalid byte sequence for encoding \"UTF8\": 0x00 (simulated, entry {entry.IdempotencyKey})");
        }
        if (_failing(entry) && Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new TimeoutException("The journal is unreachable (simulated).");
        }
        var fingerprint = entry.Fingerprint();
        if (entry.Position is { } position && !_entries.ContainsKey(entry.IdempotencyKey) && _positions.GetOrAdd(position, entry.IdempotencyKey) != entry.IdempotencyKey)
        {
            throw RuleViolationException.Conflict("concurrent-change", $"Position {position} is taken.");
        }
        var stored = _entries.GetOrAdd(entry.IdempotencyKey, (entry, fingerprint));
        if (!ReferenceEquals(stored.Entry, entry) && stored.Fingerprint != fingerprint)
        {
            throw RuleViolationException.Conflict("idempotency-key-reused", $"The journal already holds a different entry under '{entry.IdempotencyKey}'.");
        }
        if (record is not null)
        {
            // As on PostgreSQL, the command's record goes with its entry.
            await audit.AppendAsync(record, cancellationToken);
        }
        return ReferenceEquals(stored.Entry, entry) ? AppendOutcome.Appended : AppendOutcome.AlreadyRecorded;
    }

    public Task<IReadOnlyList<PoolBalance>> PoolBalancesAsync(string fundId, CancellationToken cancellationToken = default)
    {
        var entries = Matching(new LedgerQuery(fundId)).ToList();
        return Task.FromResult<IReadOnlyList<PoolBalance>>(entries
            .SelectMany(e => e.Lines.Where(l => l.ContributionId is not null && l.Account is LedgerAccount.AvailableForAllocation or LedgerAccount.ReceiptsControl).Select(l => (Entry: e, Line: l)))
            .GroupBy(x => x.Line.ContributionId!.Value)
            .Select(g => new PoolBalance(
                g.Key,
                Money.Usd(-g.Where(x => x.Line.Account == LedgerAccount.AvailableForAllocation).Sum(x => x.Line.SignedUsd)),
                Money.Usd(g.Where(x => x.Line.Account == LedgerAccount.ReceiptsControl).Sum(x => x.Line.SignedUsd)),
                g.Where(x => x.Line.Account == LedgerAccount.ReceiptsControl && x.Line.Side == EntrySide.Debit)
                    .Select(x => (DateOnly?)x.Entry.ValueDate).Min()))
            .ToList());
    }

    public Task<IReadOnlyList<AccountBalance>> BalancesAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountBalance>>(Lines(query)
            .GroupBy(l => (l.Account, l.DonorId, l.ContributionId, l.ProjectId))
            .Select(g => new AccountBalance(g.Key.Account, g.Key.DonorId, g.Key.ContributionId, g.Key.ProjectId,
                g.Where(l => l.Side == EntrySide.Debit).Sum(l => l.Usd.Amount),
                g.Where(l => l.Side == EntrySide.Credit).Sum(l => l.Usd.Amount)))
            .ToList());

    public Task<IReadOnlyList<JournalEntry>> EntriesAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JournalEntry>>(Matching(query)
            .Where(e => (query.Kinds is null || query.Kinds.Contains(e.Kind)) && e.Lines.Any(l => LineMatches(query, l)))
            .ToList());

    public Task<int> StreamLengthAsync(string stream, CancellationToken cancellationToken = default) =>
        Task.FromResult(_positions.Keys.Where(p => p.Stream == stream).Select(p => p.Position).DefaultIfEmpty(0).Max());

    public async IAsyncEnumerable<JournalEntry> StreamAsync(LedgerQuery query, DateOnly? from = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var entry in await EntriesAsync(query, cancellationToken))
        {
            if (from is null || entry.ValueDate >= from)
            {
                yield return entry;
            }
        }
    }

    public Task<JournalEntry?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(_entries.TryGetValue(idempotencyKey, out var e) ? e.Entry : null);

    private IEnumerable<JournalEntry> Matching(LedgerQuery query) =>
        _entries.Values.Select(e => e.Entry).Where(e => e.FundId == query.FundId && (query.AsOf is null || e.ValueDate <= query.AsOf));

    private IEnumerable<JournalLine> Lines(LedgerQuery query) => Matching(query).SelectMany(e => e.Lines).Where(l => LineMatches(query, l));

    private static bool LineMatches(LedgerQuery query, JournalLine line) =>
        (query.DonorId is null || line.DonorId == query.DonorId)
        && (query.ContributionId is null || line.ContributionId == query.ContributionId)
        && (query.ProjectId is null || line.ProjectId == query.ProjectId);
}

/// <summary>What the database driver throws for data the server will never take: not transient.</summary>
public sealed class RefusedByDatabase(string message) : System.Data.Common.DbException(message)
{
    public override bool IsTransient => false;
}
