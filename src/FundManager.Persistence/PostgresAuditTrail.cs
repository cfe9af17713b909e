using FundManager.Domain.Audit;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FundManager.Persistence;

/// <summary>
/// The audit trail on PostgreSQL. Records are batched by a <see cref="BatchingWriter{TItem, TResult}"/>;
/// each batch takes a transaction-scoped advisory lock, reads the chain's head and appends after it,
/// so silos writing at the same time still form one unbroken chain.
/// </summary>
public sealed class PostgresAuditTrail : IAuditTrail, IAsyncDisposable
{
    private const long ChainLock = 7_202_612_302;

    private readonly NpgsqlDataSource _dataSource;
    private readonly AuditChain _chain;
    private readonly BatchingWriter<AuditRecord, long> _writer;

    public PostgresAuditTrail(NpgsqlDataSource dataSource, AuditChain chain, ILogger<PostgresAuditTrail> logger)
    {
        _dataSource = dataSource;
        _chain = chain;
        _writer = new BatchingWriter<AuditRecord, long>(WriteAsync, maxBatch: 200, logger);
    }

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default) => _writer.WriteAsync(record, cancellationToken);

    public async Task<IReadOnlyList<AuditEvent>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"{Select} WHERE seq >= @from ORDER BY seq LIMIT @limit");
        command.Parameters.AddWithValue("from", fromSequence);
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 10_000));
        var events = new List<AuditEvent>();
        await foreach (var e in ReadEvents(command, cancellationToken))
        {
            events.Add(e);
        }
        return events;
    }

    public async Task<AuditVerification> VerifyAsync(string? expectedHead, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"{Select} ORDER BY seq");
        var events = new List<AuditEvent>();
        await foreach (var e in ReadEvents(command, cancellationToken))
        {
            events.Add(e);
        }
        return _chain.Verify(events, expectedHead);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private const string Select = "SELECT seq, at, actor, roles, action, target, arguments, before_state, after_state, outcome, previous_hash, hash FROM fundmanager.audit_event";

    private static async IAsyncEnumerable<AuditEvent> ReadEvents(NpgsqlCommand command, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditEvent(
                reader.GetInt64(0),
                new AuditRecord(
                    reader.GetFieldValue<DateTimeOffset>(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetString(9)),
                reader.GetString(10),
                reader.GetString(11));
        }
    }

    /// <summary>Appends after the chain's head under a lock, and answers with each record's sequence number.</summary>
    private async Task<IReadOnlyList<long>> WriteAsync(IReadOnlyList<AuditRecord> records)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            take.Parameters.AddWithValue("lock", ChainLock);
            await take.ExecuteNonQueryAsync();
        }
        long sequence = 0;
        var previous = AuditChain.Genesis;
        await using (var head = new NpgsqlCommand("SELECT seq, hash FROM fundmanager.audit_event ORDER BY seq DESC LIMIT 1", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                sequence = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
        }
        await using var insert = new NpgsqlBatch(connection, transaction);
        var sequences = new List<long>(records.Count);
        foreach (var written in records)
        {
            // PostgreSQL keeps microseconds: hash exactly what will be read back.
            var at = written.At.ToUniversalTime();
            var record = written with { At = at.AddTicks(-(at.Ticks % 10)) };
            var e = _chain.Append(++sequence, record, previous);
            previous = e.Hash;
            sequences.Add(e.Sequence);
            var command = new NpgsqlBatchCommand("""
                INSERT INTO fundmanager.audit_event (seq, at, actor, roles, action, target, arguments, before_state, after_state, outcome, previous_hash, hash)
                VALUES (@seq, @at, @actor, @roles, @action, @target, @arguments, @before, @after, @outcome, @previous, @hash)
                """);
            command.Parameters.AddWithValue("seq", e.Sequence);
            command.Parameters.AddWithValue("at", record.At.ToUniversalTime());
            command.Parameters.AddWithValue("actor", record.Actor);
            command.Parameters.AddWithValue("roles", record.Roles);
            command.Parameters.AddWithValue("action", record.Action);
            command.Parameters.AddWithValue("target", record.Target);
            command.Parameters.AddWithValue("arguments", record.Arguments);
            command.Parameters.Add(new NpgsqlParameter<string?>("before", NpgsqlDbType.Text) { TypedValue = record.Before });
            command.Parameters.Add(new NpgsqlParameter<string?>("after", NpgsqlDbType.Text) { TypedValue = record.After });
            command.Parameters.AddWithValue("outcome", record.Outcome);
            command.Parameters.AddWithValue("previous", e.PreviousHash);
            command.Parameters.AddWithValue("hash", e.Hash);
            insert.BatchCommands.Add(command);
        }
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return sequences;
    }
}
