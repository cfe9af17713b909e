using FundManager.Domain.Audit;
using FundManager.Domain.Ledger;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FundManager.Persistence;

/// <summary>
/// The one durable write path for money and its audit trail. Journal entries and audit records
/// from every grain of this silo queue here and are committed together, many per transaction:
/// one round trip and one flush serve every command in flight (group commit). A command's entry
/// and its audit record always share a commit, so neither exists without the other.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>How many writes one commit takes at most.</summary>
    public const int DefaultMaxBatch = 500;

    private readonly NpgsqlDataSource _dataSource;
    private readonly AuditChain _chain;
    private readonly BatchingWriter<LedgerWrite, LedgerWriteResult> _writer;

    public GroupCommit(NpgsqlDataSource dataSource, AuditChain chain, ILogger<GroupCommit> logger)
        : this(dataSource, chain, logger, DefaultMaxBatch)
    {
    }

    /// <summary>A group commit taking at most <paramref name="maxBatch"/> writes per transaction (1 turns batching off, for comparison).</summary>
    public GroupCommit(NpgsqlDataSource dataSource, AuditChain chain, ILogger<GroupCommit> logger, int maxBatch)
    {
        _dataSource = dataSource;
        _chain = chain;
        _writer = new BatchingWriter<LedgerWrite, LedgerWriteResult>(CommitAsync, maxBatch, logger);
    }

    /// <summary>How many transactions have been committed; lets benchmarks and tests see batching at work.</summary>
    public long Commits => _writer.Commits;

    /// <summary>Queues a write and answers once the transaction holding it is durable.</summary>
    public Task<LedgerWriteResult> WriteAsync(LedgerWrite write, CancellationToken cancellationToken = default) =>
        _writer.WriteAsync(write, cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task<IReadOnlyList<LedgerWriteResult>> CommitAsync(IReadOnlyList<LedgerWrite> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var appended = await JournalRows.AppendAsync(connection, transaction, batch);
        // An entry refused because its key holds another event posted nothing: its command's record
        // is not written here, and the command, refused, is recorded as such by whoever ran it.
        var audited = Enumerable.Range(0, batch.Count)
            .Where(i => batch[i].Audit is not null && !(appended[i] is { Appended: false } stored && stored.Fingerprint != batch[i].Fingerprint))
            .ToList();
        var sequences = audited.Count == 0 ? [] : await AuditRows.AppendAsync(connection, transaction, _chain, [.. audited.Select(i => batch[i].Audit!)]);
        await transaction.CommitAsync();

        var results = new LedgerWriteResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var n = audited.IndexOf(i);
            results[i] = new LedgerWriteResult(appended[i], n < 0 ? null : sequences[n]);
        }
        return results;
    }
}

/// <summary>One write for the group commit: a journal entry, an audit record, or both (the entry with the record of the command that posted it).</summary>
public sealed record LedgerWrite(JournalEntry? Entry, AuditRecord? Audit)
{
    public string? Fingerprint { get; } = Entry?.Fingerprint();
}

/// <summary>What the database answered for one write.</summary>
public sealed record LedgerWriteResult(StoredEntry? Entry, long? AuditSequence);

/// <summary>Whether an entry was appended now, and the fingerprint of what the journal holds under its key.</summary>
public sealed record StoredEntry(bool Appended, string Fingerprint);
