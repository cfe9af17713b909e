using System.Collections.Immutable;
using FundManager.Domain.Audit;
using FundManager.Domain.Ledger;

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
/// never takes effect without it.
/// </remarks>
[GenerateSerializer, Immutable, Alias("fm.Outbox")]
public sealed record Outbox(
    [property: Id(0)] ImmutableList<JournalEntry> Entries,
    [property: Id(1)] ImmutableList<OutboxMessage> Messages,
    [property: Id(2)] AuditRecord? Audit = null)
{
    public static Outbox Empty { get; } = new([], []);

    public bool IsEmpty => Entries.IsEmpty && Messages.IsEmpty && Audit is null;

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
/// Delivers an outbox: the command's audit record with its first journal entry (or alone), then
/// the entries, so no grain ever acts on money the books do not show, then the messages.
/// </summary>
public sealed class OutboxCourier(IJournal journal, IAuditTrail trail, IGrainFactory grains)
{
    public async Task DeliverAsync(Outbox outbox, CancellationToken cancellationToken = default)
    {
        var audit = outbox.Audit;
        if (audit is not null && outbox.Entries.IsEmpty)
        {
            await trail.AppendAsync(audit, cancellationToken);
        }
        for (var i = 0; i < outbox.Entries.Count; i++)
        {
            await journal.AppendAsync(outbox.Entries[i], i == 0 ? audit : null, cancellationToken);
        }
        foreach (var message in outbox.Messages)
        {
            await message.DeliverAsync(grains);
        }
    }
}
