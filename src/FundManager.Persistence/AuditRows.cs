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

    /// <summary>
    /// Chains and inserts <paramref name="records"/> inside the caller's transaction, leaving out a
    /// command already recorded; answers each record's sequence number (the earlier one's for a repeat).
    /// </summary>
    public static async Task<IReadOnlyList<long>> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditChain chain, IReadOnlyList<AuditRecord> records)
    {
        long sequence = 0;
        var previous = AuditChain.Genesis;
        var recorded = new Dictionary<Guid, long>();
        await using (var head = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(@lock);
            SELECT seq, hash FROM fundmanager.audit_event ORDER BY seq DESC LIMIT 1;
            SELECT command_id, seq FROM fundmanager.audit_event WHERE command_id = ANY (@commands);
            """, connection, transaction))
        {
            head.Parameters.AddWithValue("lock", ChainLock);
            head.Parameters.Add(ArrayParameter.Of("commands", NpgsqlDbType.Uuid, records.Select(r => r.CommandId).OfType<Guid>().Distinct()));
            await using var reader = await head.ExecuteReaderAsync();
            await reader.NextResultAsync();
            if (await reader.ReadAsync())
            {
                sequence = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                recorded[reader.GetGuid(0)] = reader.GetInt64(1);
            }
        }
        var sequences = new List<long>(records.Count);
        var events = new List<AuditEvent>(records.Count);
        foreach (var written in records)
        {
            if (written.CommandId is { } command && recorded.TryGetValue(command, out var earlier))
            {
                sequences.Add(earlier);
                continue;
            }
            // PostgreSQL keeps microseconds: hash exactly what will be read back.
            var at = written.At.ToUniversalTime();
            var e = chain.Append(++sequence, written with { At = at.AddTicks(-(at.Ticks % 10)) }, previous);
            previous = e.Hash;
            events.Add(e);
            sequences.Add(e.Sequence);
            if (written.CommandId is { } first)
            {
                recorded[first] = e.Sequence;
            }
        }
        if (events.Count == 0)
        {
            return sequences;
        }
        await using var insert = new NpgsqlCommand("""
            INSERT INTO fundmanager.audit_event (seq, at, actor, roles, action, target, arguments, before_state, after_state, outcome, previous_hash, hash, command_id)
            SELECT * FROM unnest(@seq, @at, @actor, @roles, @action, @target, @arguments, @before, @after, @outcome, @previous, @hash, @command)
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
        p.Add(ArrayParameter.Of("command", NpgsqlDbType.Uuid, events.Select(e => e.Record.CommandId)));
        await insert.ExecuteNonQueryAsync();
        return sequences;
    }
}
