using FundManager.Domain.Audit;
using Npgsql;
using NpgsqlTypes;

namespace FundManager.Persistence;

/// <summary>
/// Appends audit records after the chain's head. A transaction-scoped advisory lock orders the
/// writers, so silos committing at the same time still form one unbroken chain.
/// </summary>
internal static class AuditRows
{
    private const long ChainLock = 7_202_612_302;

    /// <summary>Chains and inserts <paramref name="records"/> inside the caller's transaction; answers their sequence numbers.</summary>
    public static async Task<IReadOnlyList<long>> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditChain chain, IReadOnlyList<AuditRecord> records)
    {
        long sequence = 0;
        var previous = AuditChain.Genesis;
        await using (var head = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(@lock); SELECT seq, hash FROM fundmanager.audit_event ORDER BY seq DESC LIMIT 1", connection, transaction))
        {
            head.Parameters.AddWithValue("lock", ChainLock);
            await using var reader = await head.ExecuteReaderAsync();
            await reader.NextResultAsync();
            if (await reader.ReadAsync())
            {
                sequence = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
        }
        var events = new List<AuditEvent>(records.Count);
        foreach (var written in records)
        {
            // PostgreSQL keeps microseconds: hash exactly what will be read back.
            var at = written.At.ToUniversalTime();
            var e = chain.Append(++sequence, written with { At = at.AddTicks(-(at.Ticks % 10)) }, previous);
            previous = e.Hash;
            events.Add(e);
        }
        await using var insert = new NpgsqlCommand("""
            INSERT INTO fundmanager.audit_event (seq, at, actor, roles, action, target, arguments, before_state, after_state, outcome, previous_hash, hash)
            SELECT * FROM unnest(@seq, @at, @actor, @roles, @action, @target, @arguments, @before, @after, @outcome, @previous, @hash)
            """, connection, transaction);
        var p = insert.Parameters;
        p.Add(ArrayParameter.Of("seq", NpgsqlDbType.Bigint, events.Select(e => e.Sequence)));
        p.Add(ArrayParameter.Of("at", NpgsqlDbType.TimestampTz, events.Select(e => e.Record.At)));
        p.Add(ArrayParameter.Of("actor", NpgsqlDbType.Text, events.Select(e => e.Record.Actor)));
        p.Add(ArrayParameter.Of("roles", NpgsqlDbType.Text, events.Select(e => e.Record.Roles)));
        p.Add(ArrayParameter.Of("action", NpgsqlDbType.Text, events.Select(e => e.Record.Action)));
        p.Add(ArrayParameter.Of("target", NpgsqlDbType.Text, events.Select(e => e.Record.Target)));
        p.Add(ArrayParameter.Of("arguments", NpgsqlDbType.Text, events.Select(e => e.Record.Arguments)));
        p.Add(ArrayParameter.Of("before", NpgsqlDbType.Text, events.Select(e => e.Record.Before)));
        p.Add(ArrayParameter.Of("after", NpgsqlDbType.Text, events.Select(e => e.Record.After)));
        p.Add(ArrayParameter.Of("outcome", NpgsqlDbType.Text, events.Select(e => e.Record.Outcome)));
        p.Add(ArrayParameter.Of("previous", NpgsqlDbType.Text, events.Select(e => e.PreviousHash)));
        p.Add(ArrayParameter.Of("hash", NpgsqlDbType.Text, events.Select(e => e.Hash)));
        await insert.ExecuteNonQueryAsync();
        return [.. events.Select(e => e.Sequence)];
    }
}
