using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains;

/// <summary>Grain state that carries the effects still to deliver.</summary>
public interface IOutboxState<TSelf>
{
    Outbox Outbox { get; }

    TSelf WithOutbox(Outbox outbox);
}

/// <summary>
/// Base for grains that post to the journal or notify other grains: a decision and its effects are
/// written in one state write, then the effects are delivered. Once the write succeeds the command
/// has happened; if delivery fails (the database is down), the grain stays active and keeps
/// retrying on a timer, and also delivers before its next command and on its next activation.
/// Delivery is idempotent on both ends, so delivering twice changes nothing; that is why a
/// delivered outbox is only emptied in memory, and written empty with the grain's next change.
/// An effect refused for good is held under an alert (written at once, so it is not delivered
/// again) and the others go on; a finance officer or administrator retries or sets it aside.
/// </summary>
public abstract class OutboxGrain<TState>(IPersistentState<TState> state, OutboxCourier courier, ILogger logger) : Grain, IHeldEffectsGrain
    where TState : class, IOutboxState<TState>
{
    private const int LongestReason = 1000;

    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(20);
    private IGrainTimer? _retry;

    protected TState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await TryFlushAsync(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// Saves the new state with its effects, then tries to deliver them. The first write of a
    /// command carries the command's audit record in the outbox; an intent written on the way to
    /// a decision (<paramref name="audited"/> false) leaves it to the write that records the decision.
    /// </summary>
    protected async Task CommitAsync(TState next, bool audited = true)
    {
        next = Kept(next);
        if (!audited)
        {
            await state.CommitAsync(next, this);
            await DeliverPendingAsync();
            return;
        }
        var previous = state.State;
        // The record compares the state the command started from with the one about to be written.
        state.State = next;
        try
        {
            await CommandAudit.WriteStateAsync(async audit =>
            {
                state.State = previous;
                await state.CommitAsync(audit is null ? next : next.WithOutbox(next.Outbox with { Audit = audit }), this);
                return true;
            });
        }
        catch
        {
            // Nothing was written (a failed write has already put the previous state back).
            if (ReferenceEquals(state.State, next))
            {
                state.State = previous;
            }
            throw;
        }
        await DeliverPendingAsync();
    }

    /// <summary>
    /// What of <paramref name="next"/> goes to storage. A grain that holds part of its state as a
    /// projection of the journal takes that part into memory here and stores the rest.
    /// </summary>
    protected virtual TState Kept(TState next) => next;

    /// <summary>Tries to deliver what is queued; a failure leaves it queued for the retry timer.</summary>
    protected Task DeliverPendingAsync() => TryFlushAsync(CancellationToken.None);

    /// <summary>Delivers what the outbox holds, or throws (keeping it, with the retry timer armed).</summary>
    protected async Task FlushAsync(CancellationToken cancellationToken)
    {
        var outbox = state.State.Outbox;
        if (outbox.IsEmpty)
        {
            return;
        }
        var delivery = await courier.DeliverAsync(outbox, this.GetGrainId(), cancellationToken);
        if (!delivery.Held.IsEmpty)
        {
            // Written now: a held effect must not be delivered (and alerted) again after a restart.
            await state.CommitAsync(state.State.WithOutbox(delivery.Held.Aggregate(state.State.Outbox, (o, h) => o.Holding(h))), this);
        }
        if (delivery.Fault is { } fault)
        {
            logger.LogWarning(fault, "Could not deliver the outbox of {Grain}; retrying every {Interval}", this.GetGrainId(), RetryEvery);
            // KeepAlive: the grain must not go idle and deactivate with effects still undelivered.
            _retry ??= this.RegisterGrainTimer(TryFlushAsync, new GrainTimerCreationOptions(RetryEvery, RetryEvery) { KeepAlive = true });
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault);
        }
        // Delivered. Storage still lists it until the grain's next write: that saves a commit per
        // command, and delivering it again after a restart is harmless (both ends are idempotent).
        state.State = state.State.WithOutbox(state.State.Outbox.Delivered());
        _retry?.Dispose();
        _retry = null;
    }

    async Task IHeldEffectsGrain.Retry(Caller caller, Guid alertId)
    {
        caller.Require(Role.FinanceOfficer, Role.Administrator);
        if (Held(alertId) is not { } held)
        {
            return;
        }
        try
        {
            await courier.RedeliverAsync(held);
        }
        catch (Exception e) when (OutboxCourier.IsRefusal(e))
        {
            throw RuleViolationException.Conflict("still-undeliverable", $"It is still refused: {e.Message.ReplaceLineEndings(" ")}");
        }
        await ReleaseAsync(held);
    }

    async Task IHeldEffectsGrain.SetAside(Caller caller, Guid alertId, string reason)
    {
        caller.Require(Role.FinanceOfficer, Role.Administrator);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > LongestReason)
        {
            throw RuleViolationException.Invalid("invalid-reason", $"Setting an effect aside needs a reason of 1 to {LongestReason} characters.");
        }
        if (Held(alertId) is not { } held)
        {
            return;
        }
        if (held.Entry is not null && held.Audit is not null)
        {
            // The entry is given up, not the record of the command that decided it.
            try
            {
                await courier.RedeliverAsync(held with { Entry = null });
            }
            catch (Exception e) when (OutboxCourier.IsRefusal(e))
            {
                logger.LogError(e, "The audit record that travelled with the entry set aside from {Grain} was refused too; it is given up with it", this.GetGrainId());
            }
        }
        await ReleaseAsync(held);
    }

    private HeldEffect? Held(Guid alertId) => state.State.Outbox.HeldEffects.FirstOrDefault(h => h.AlertId == alertId);

    private Task ReleaseAsync(HeldEffect held) =>
        state.CommitAsync(state.State.WithOutbox(state.State.Outbox with { Held = state.State.Outbox.HeldEffects.Remove(held) }), this);

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Delivering the outbox of {Grain} failed; it stays queued", this.GetGrainId());
        }
    }
}
