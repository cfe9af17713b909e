using FundManager.Domain.Audit;
using FundManager.Domain.Ledger;

namespace FundManager.Grains;

/// <summary>
/// The audit record of the command a grain is running, open while <see cref="AuditFilter"/> runs
/// it. The first journal entry the command posts takes the record with it into the same commit
/// (<see cref="JournalPosting.PostAsync"/>), so a money event and its audit record are durable
/// together; a command that posts nothing is recorded by the filter once it returns.
/// </summary>
public sealed class CommandAudit
{
    private static readonly AsyncLocal<CommandAudit?> Running = new();
    private readonly AuditRecord _started;
    private int _state;

    private CommandAudit(AuditRecord started) => _started = started;

    private const int Open = 0, Posted = 1, Closed = 2;

    /// <summary>
    /// Closes the record for the filter to write; false when it went to the database with a
    /// journal entry. After this, no entry takes it (an outbox retried later posts without it).
    /// </summary>
    public bool TryClose() => Interlocked.CompareExchange(ref _state, Closed, Open) == Open;

    /// <summary>Opens the record of a command for the code it runs; disposing the scope closes it.</summary>
    public static Scope Begin(AuditRecord started)
    {
        var audit = new CommandAudit(started);
        var outer = Running.Value;
        Running.Value = audit;
        return new Scope(audit, outer);
    }

    /// <summary>
    /// Runs <paramref name="post"/>, which commits <paramref name="entry"/> with the record it is
    /// given: the running command's, unless there is none or an earlier entry took it. If posting
    /// fails or is refused, nothing was written and the record goes back to the filter, which
    /// writes it with the failure.
    /// </summary>
    internal static async Task<T> PostAsync<T>(JournalEntry entry, Func<AuditRecord?, Task<T>> post)
    {
        var audit = Running.Value;
        var claimed = audit is not null && Interlocked.CompareExchange(ref audit._state, Posted, Open) == Open;
        try
        {
            return await post(claimed ? audit!._started with { After = EntrySummary.Of(entry), Outcome = "done" } : null);
        }
        catch
        {
            if (claimed)
            {
                Volatile.Write(ref audit!._state, Open);
            }
            throw;
        }
    }

    public readonly struct Scope(CommandAudit audit, CommandAudit? outer) : IDisposable
    {
        public CommandAudit Audit => audit;

        public void Dispose() => Running.Value = outer;
    }
}

/// <summary>Posts journal entries with the audit record of the command that posts them.</summary>
public static class JournalPosting
{
    /// <summary>Appends <paramref name="entry"/>, durable when this returns, with the running command's audit record if it has not been written yet.</summary>
    public static Task<AppendOutcome> PostAsync(this IJournal journal, JournalEntry entry, CancellationToken cancellationToken = default) =>
        CommandAudit.PostAsync(entry, audit => journal.AppendAsync(entry, audit, cancellationToken));
}
