using System.Collections.Immutable;
using System.Data.Common;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Audit;
using FundManager.Domain.Ledger;
using FundManager.Reports;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains;

/// <summary>
/// Effects a grain has decided on but not yet carried out: journal entries to post and messages
/// to other grains. They are saved with the grain's state in the same write as the decision, then
/// delivered; delivery is idempotent on both ends, so a crash between the two is repaired by
/// delivering again (on the next call or the next activation) and never by deciding again.
/// </summary>
/// <remarks>
/// <see cref="Audit"/> is the record of the command that made the change, written in the same
/// state write and delivered to the audit trail with the first entry (or alone), so the command
/// never takes effect without it. <see cref="Held"/> are effects that were refused for good (the
/// database or the receiving grain will never take them as they are): set aside, each under an open
/// alert, so they block nothing else, until someone retries them after a fix or gives them up.
/// </remarks>
[GenerateSerializer, Immutable, Alias("fm.Outbox")]
public sealed record Outbox(
    [property: Id(0)] ImmutableList<JournalEntry> Entries,
    [property: Id(1)] ImmutableList<OutboxMessage> Messages,
    [property: Id(2)] AuditRecord? Audit = null,
    [property: Id(3)] ImmutableList<HeldEffect>? Held = null)
{
    public static Outbox Empty { get; } = new([], []);

    /// <summary>Nothing left to deliver (held effects wait for a person, not for delivery).</summary>
    public bool IsEmpty => Entries.IsEmpty && Messages.IsEmpty && Audit is null;

    public ImmutableList<HeldEffect> HeldEffects => Held ?? [];

    /// <summary>Nothing left to deliver; what is held stays held.</summary>
    public Outbox Delivered() => Empty with { Held = Held };

    /// <summary>Without the effect now held: it is not delivered again until someone resolves its alert.</summary>
    public Outbox Holding(HeldEffect held) => this with
    {
        Entries = held.Entry is { } entry ? Entries.RemoveAll(e => e.IdempotencyKey == entry.IdempotencyKey) : Entries,
        Messages = held.Message is { } message ? Messages.Remove(message) : Messages,
        Audit = held.Audit is not null ? null : Audit,
        Held = HeldEffects.Add(held),
    };

    public Outbox Post(JournalEntry entry) => this with { Entries = Entries.Add(entry) };

    public Outbox Send(OutboxMessage message) => this with { Messages = Messages.Add(message) };
}

/// <summary>A message to another grain that is safe to deliver more than once.</summary>
[GenerateSerializer, Alias("fm.OutboxMessage")]
public abstract record OutboxMessage
{
    public abstract Task DeliverAsync(IGrainFactory grains);
}

/// <summary>
/// One effect an outbox could not deliver and will not retry by itself: a journal entry (with the
/// command's audit record if it travelled with it), a message, or an audit record alone.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.HeldEffect")]
public sealed record HeldEffect(
    [property: Id(0)] Guid AlertId,
    [property: Id(1)] JournalEntry? Entry,
    [property: Id(2)] OutboxMessage? Message,
    [property: Id(3)] AuditRecord? Audit,
    [property: Id(4)] string Refusal,
    [property: Id(5)] DateTimeOffset HeldSince);

/// <summary>What delivering an outbox did: the effects it had to hold, and the fault that stopped it, if one did.</summary>
public sealed record Delivery(ImmutableList<HeldEffect> Held, Exception? Fault);

/// <summary>
/// Delivers an outbox: the command's audit record with its first journal entry (or alone), then
/// the entries, so no grain ever acts on money the books do not show, then the messages. An effect
/// refused for good (a rule the receiver enforces, or data the database will never take) is held
/// under a new alert and the rest go on; a fault that may pass (the database down) stops delivery,
/// to be tried again.
/// </summary>
public sealed class OutboxCourier(IJournal journal, IAuditTrail trail, IGrainFactory grains, IAlertBoard alerts, TimeProvider clock, ILogger<OutboxCourier> logger)
{
    public async Task<Delivery> DeliverAsync(Outbox outbox, GrainId holder, CancellationToken cancellationToken = default)
    {
        var audit = outbox.Audit;
        var effects = new List<(JournalEntry? Entry, OutboxMessage? Message, AuditRecord? Audit)>();
        if (audit is not null && outbox.Entries.IsEmpty)
        {
            effects.Add((null, null, audit));
        }
        effects.AddRange(outbox.Entries.Select((entry, i) => ((JournalEntry?)entry, (OutboxMessage?)null, i == 0 ? audit : null)));
        effects.AddRange(outbox.Messages.Select(message => ((JournalEntry?)null, (OutboxMessage?)message, (AuditRecord?)null)));
        var held = ImmutableList<HeldEffect>.Empty;
        foreach (var (entry, message, record) in effects)
        {
            try
            {
                await DeliverOneAsync(entry, message, record, cancellationToken);
            }
            catch (Exception e) when (IsRefusal(e))
            {
                try
                {
                    // The command stays on record even while its entry waits for a person.
                    var keep = entry is not null && record is not null && await RecordedAloneAsync(record, cancellationToken) ? null : record;
                    held = held.Add(await HoldAsync(holder, entry, message, keep, e, cancellationToken));
                }
                catch (Exception raising) when (raising is not OperationCanceledException)
                {
                    return new Delivery(held, raising);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new Delivery(held, e);
            }
        }
        return new Delivery(held, null);
    }

    /// <summary>Delivers a held effect again; throws as delivery does if it is still refused.</summary>
    public Task RedeliverAsync(HeldEffect held, CancellationToken cancellationToken = default) =>
        DeliverOneAsync(held.Entry, held.Message, held.Audit, cancellationToken);

    /// <summary>
    /// Refused for good: by a rule (the journal holds another entry under its key, the receiver
    /// refuses it), or by the database for what it is (text it cannot store, a constraint), as
    /// opposed to a connection lost or a server shutting down, which may pass.
    /// </summary>
    public static bool IsRefusal(Exception e) => e switch
    {
        RuleViolationException => true,
        DbException database => !database.IsTransient,
        AggregateException { InnerExceptions.Count: > 0 } all => all.InnerExceptions.All(IsRefusal),
        _ => e.InnerException is { } inner && IsRefusal(inner),
    };

    private async Task<bool> RecordedAloneAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await trail.AppendAsync(record, cancellationToken);
            return true;
        }
        catch (Exception e) when (IsRefusal(e))
        {
            return false;
        }
    }

    private async Task DeliverOneAsync(JournalEntry? entry, OutboxMessage? message, AuditRecord? audit, CancellationToken cancellationToken)
    {
        if (entry is not null)
        {
            await journal.AppendAsync(entry, audit, cancellationToken);
        }
        else if (message is not null)
        {
            await message.DeliverAsync(grains);
        }
        else if (audit is not null)
        {
            await trail.AppendAsync(audit, cancellationToken);
        }
    }

    private async Task<HeldEffect> HoldAsync(GrainId holder, JournalEntry? entry, OutboxMessage? message, AuditRecord? audit, Exception refusal, CancellationToken cancellationToken)
    {
        var what = entry is not null ? $"journal entry {entry.IdempotencyKey}" : message is not null ? $"message {message.GetType().Name}" : $"audit record of {audit?.Action}";
        var reason = Refusal(refusal);
        logger.LogError(refusal, "{Holder} could not deliver its {What}; it is held until someone resolves the alert", holder, what);
        var alert = await alerts.RaiseAsync(
            IAlertsGrain.UndeliverableSource,
            holder.ToString(),
            $"Undeliverable {what}",
            $"{holder} could not deliver its {what}: {reason} The other effects go on. Retry it after a fix (POST /api/alerts/{{id}}/retry) or set it aside with a reason (POST /api/alerts/{{id}}/set-aside).",
            null,
            cancellationToken);
        return new HeldEffect(alert.Id, entry, message, audit, reason, clock.GetUtcNow());
    }

    private static string Refusal(Exception e)
    {
        var message = (e is RuleViolationException or DbException ? e : e.InnerException ?? e).Message.ReplaceLineEndings(" ");
        return message.Length > 500 ? message[..500] : message;
    }
}
