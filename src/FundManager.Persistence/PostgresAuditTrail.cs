using FundManager.Domain.Audit;
using Npgsql;

namespace FundManager.Persistence;

/// <summary>
/// The audit trail on PostgreSQL. Records are written through the silo's <see cref="GroupCommit"/>,
/// in the same transactions as the journal entries, chained after the head under a lock.
/// </summary>
public sealed class PostgresAuditTrail(NpgsqlDataSource dataSource, AuditChain chain, GroupCommit commits) : IAuditTrail
{
    private readonly NpgsqlDataSource _dataSource = dataSource;
    private readonly AuditChain _chain = chain;

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
        commits.WriteAsync(new LedgerWrite(null, record), cancellationToken);

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

    private const string Select = "SELECT seq, at, actor, roles, action, target, arguments, before_state, after_state, outcome, previous_hash, hash, command_id FROM fundmanager.audit_event";

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
                    reader.GetString(9),
                    reader.IsDBNull(12) ? null : reader.GetGuid(12)),
                reader.GetString(10),
                reader.GetString(11));
        }
    }
}
