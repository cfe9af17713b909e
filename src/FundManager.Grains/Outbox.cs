using System.Collections.Immutable;
using FundManager.Domain.Ledger;

namespace FundManager.Grains;

/// <summary>
/// Effects a grain has decided on but not yet carried out: journal entries to post and messages
/// to other grains. They are saved with the grain's state in the same write as the decision, then
/// delivered; delivery is idempotent on both ends, so a crash between the two is repaired by
/// delivering again (on the next call or the next activation) and never by deciding again.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.Outbox")]
public sealed record Outbox(
    [property: Id(0)] ImmutableList<JournalEntry> Entries,
    [property: Id(1)] ImmutableList<OutboxMessage> Messages)
{
    public static Outbox Empty { get; } = new([], []);

    public bool IsEmpty => Entries.IsEmpty && Messages.IsEmpty;

    public Outbox Post(JournalEntry entry) => this with { Entries = Entries.Add(entry) };

    public Outbox Send(OutboxMessage message) => this with { Messages = Messages.Add(message) };
}

/// <summary>A message to another grain that is safe to deliver more than once.</summary>
[GenerateSerializer, Alias("fm.OutboxMessage")]
public abstract record OutboxMessage
{
    public abstract Task DeliverAsync(IGrainFactory grains);
}

/// <summary>Delivers an outbox: journal entries first, so no grain ever acts on money the books do not show.</summary>
public sealed class OutboxCourier(IJournal journal, IGrainFactory grains)
{
    public async Task DeliverAsync(Outbox outbox, CancellationToken cancellationToken = default)
    {
        foreach (var entry in outbox.Entries)
        {
            await journal.PostAsync(entry, cancellationToken);
        }
        foreach (var message in outbox.Messages)
        {
            await message.DeliverAsync(grains);
        }
    }
}
