using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FundManager.Domain.Audit;

/// <summary>
/// A command as the audit trail keeps it: who asked for what, on what, and what came of it.
/// <see cref="CommandId"/> names the command: the trail keeps one record per command, so a record
/// delivered twice (an outbox after a restart) is written once.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Roles,
    [property: Id(3)] string Action,
    [property: Id(4)] string Target,
    [property: Id(5)] string Arguments,
    [property: Id(6)] string? Before,
    [property: Id(7)] string? After,
    [property: Id(8)] string Outcome,
    [property: Id(9)] Guid? CommandId = null);

/// <summary>An audit record in the chain: its place and the hashes that bind it to the one before.</summary>
[GenerateSerializer, Immutable, Alias("fm.AuditEvent")]
public sealed record AuditEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] AuditRecord Record,
    [property: Id(2)] string PreviousHash,
    [property: Id(3)] string Hash);

/// <summary>The outcome of verifying the whole chain.</summary>
[GenerateSerializer, Immutable, Alias("fm.AuditVerification")]
public sealed record AuditVerification(
    [property: Id(0)] bool Intact,
    [property: Id(1)] long Events,
    [property: Id(2)] string HeadHash,
    [property: Id(3)] ImmutableList<string> Problems);

/// <summary>
/// The audit trail's hash chain. Each event's hash is an HMAC-SHA256, under a key the database
/// never sees, of the previous hash and the event's fields; so editing, removing or inserting an
/// event anywhere but the very end breaks the chain, and nobody with only database access can
/// rebuild it. Truncating the end is caught by comparing with a head hash noted earlier.
/// </summary>
public sealed class AuditChain(byte[] key)
{
    public const string Genesis = "genesis";

    public string HashOf(long sequence, AuditRecord record, string previousHash)
    {
        var text = string.Join('\u001f',
            sequence.ToString(CultureInfo.InvariantCulture),
            record.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            record.Actor,
            record.Roles,
            record.Action,
            record.Target,
            record.Arguments,
            record.Before ?? "\u0000",
            record.After ?? "\u0000",
            record.Outcome,
            previousHash);
        // Records written before commands had ids keep the hash they were written with.
        if (record.CommandId is { } commandId)
        {
            text += "\u001f" + commandId.ToString("N");
        }
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    public AuditEvent Append(long sequence, AuditRecord record, string previousHash) =>
        new(sequence, record, previousHash, HashOf(sequence, record, previousHash));

    /// <summary>Walks the events in order and names every place the chain does not hold.</summary>
    public AuditVerification Verify(IEnumerable<AuditEvent> events, string? expectedHead = null)
    {
        var problems = ImmutableList.CreateBuilder<string>();
        var previous = Genesis;
        long expected = 1, count = 0;
        foreach (var e in events)
        {
            count++;
            if (e.Sequence != expected)
            {
                problems.Add(e.Sequence > expected
                    ? $"events {expected} to {e.Sequence - 1} are missing"
                    : $"event {e.Sequence} appears out of order");
            }
            if (e.PreviousHash != previous)
            {
                problems.Add($"event {e.Sequence} does not follow the event before it");
            }
            if (HashOf(e.Sequence, e.Record, e.PreviousHash) != e.Hash)
            {
                problems.Add($"event {e.Sequence} was changed after it was written");
            }
            previous = e.Hash;
            expected = e.Sequence + 1;
        }
        if (expectedHead is not null && expectedHead != previous)
        {
            problems.Add("the chain does not end where it ended when its head was noted: events were removed or added at the end");
        }
        return new AuditVerification(problems.Count == 0, count, previous, problems.ToImmutable());
    }
}

/// <summary>Where audit events are kept: append-only, in chain order.</summary>
public interface IAuditTrail
{
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEvent>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken = default);

    Task<AuditVerification> VerifyAsync(string? expectedHead, CancellationToken cancellationToken = default);
}
