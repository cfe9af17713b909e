using FundManager.Domain.Audit;
using FundManager.Domain.Ledger;

namespace FundManager.Grains;

/// <summary>
/// The audit record of the command a grain is running, open while <see cref="AuditFilter"/> runs
/// it. The first durable write the command makes takes the record with it, so a change and its
/// audit record are durable together: a journal entry carries it into the same commit
/// (<see cref="JournalPosting.PostAsync"/>), a grain state write into the same row (its outbox,
/// <see cref="OutboxGrain{TState}"/>). A command that writes nothing is recorded by the filter once
/// it returns.
/// </summary>
public sealed class CommandAudit
{
    private static readonly AsyncLocal<CommandAudit?> Running = new();
    private readonly AuditRecord _started;
    private readonly Func<AuditRecord, AuditRecord> _withStateChange;
    private int _state;

    private CommandAudit(AuditRecord started, Func<AuditRecord, AuditRecord> withStateChange) =>
        (_started, _withStateChange) = (started, withStateChange);

    private const int Open = 0, Posted = 1, Closed = 2;

    /// <summary>The key under which a running command's record travels, in Orleans' request context, with the grain-to-grain calls it makes.</summary>
    public const string TravellingKey = "fm.command";

    /// <summary>
    /// The record a grain-to-grain call made by <paramref name="command"/> carries into its first
    /// durable write on <paramref name="callee"/>: the same command, under a command id derived from
    /// its own and the callee's, so the change made there is recorded with it, once however often
    /// it is delivered, beside the command's own record on the grain it was sent to.
    /// </summary>
    public static AuditRecord ForCallee(AuditRecord command, GrainId callee)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{command.CommandId:N}/{callee}"));
        return command with { CommandId = new Guid(hash.AsSpan(0, 16)) };
    }

    /// <summary>The record of the command running here, as it started, while it is still to be written; null outside a command.</summary>
    public static AuditRecord? Current => Running.Value is { _state: Open } audit ? audit._started : null;

    /// <summary>
    /// Closes the record for the filter to write; false when it went to the database with a
    /// journal entry. After this, no entry takes it (an outbox retried later posts without it).
    /// </summary>
    public bool TryClose() => Interlocked.CompareExchange(ref _state, Closed, Open) == Open;

    /// <summary>
    /// Opens the record of a command for the code it runs; disposing the scope closes it.
    /// <paramref name="withStateChange"/> completes the record with what the grain's state now
    /// differs in from when the command started.
    /// </summary>
    public static Scope Begin(AuditRecord started, Func<AuditRecord, AuditRecord> withStateChange)
    {
        var audit = new CommandAudit(started, withStateChange);
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
    internal static Task<T> PostAsync<T>(JournalEntry entry, Func<AuditRecord?, Task<T>> post) =>
        WriteAsync(audit => audit._started with { After = EntrySummary.Of(entry), Outcome = "done" }, post);

    /// <summary>
    /// Runs <paramref name="write"/>, a grain state write, with the running command's record
    /// completed by the state's change (the grain's state already set to what is written), or null
    /// as for <see cref="PostAsync{T}"/>.
    /// </summary>
    internal static Task<T> WriteStateAsync<T>(Func<AuditRecord?, Task<T>> write) =>
        WriteAsync(audit => audit._withStateChange(audit._started) with { Outcome = "done" }, write);

    private static async Task<T> WriteAsync<T>(Func<CommandAudit, AuditRecord> record, Func<AuditRecord?, Task<T>> write)
    {
        var audit = Running.Value;
        var claimed = audit is not null && Interlocked.CompareExchange(ref audit._state, Posted, Open) == Open;
        try
        {
            return await write(claimed ? record(audit!) : null);
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
