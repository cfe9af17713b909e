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
/// written in one state write, then the effects are delivered. If delivery fails (the database is
/// down), the grain keeps them and retries on a timer, on its next command and on its next
/// activation. If the write itself fails, the decision is forgotten in memory too and the grain
/// deactivates, so the next call starts from what storage really holds.
/// </summary>
public abstract class OutboxGrain<TState>(IPersistentState<TState> state, OutboxCourier courier, ILogger logger) : Grain
    where TState : class, IOutboxState<TState>
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(20);
    private IGrainTimer? _retry;

    protected TState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await TryFlushAsync(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>Saves the new state with its effects, then delivers them.</summary>
    protected async Task CommitAsync(TState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            this.DeactivateOnIdle();
            throw;
        }
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Delivers what the outbox holds; on failure keeps it, arms the retry timer and rethrows.</summary>
    protected async Task FlushAsync(CancellationToken cancellationToken)
    {
        var outbox = state.State.Outbox;
        if (outbox.IsEmpty)
        {
            return;
        }
        try
        {
            await courier.DeliverAsync(outbox, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not deliver the outbox of {Grain}; retrying every {Interval}", this.GetGrainId(), RetryEvery);
            _retry ??= this.RegisterGrainTimer(TryFlushAsync, RetryEvery, RetryEvery);
            throw;
        }
        var delivered = state.State;
        state.State = state.State.WithOutbox(Outbox.Empty);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Delivered but not recorded as delivered: delivering again later is harmless.
            state.State = delivered;
            throw;
        }
        _retry?.Dispose();
        _retry = null;
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Delivering the outbox of {Grain} failed again", this.GetGrainId());
        }
    }
}
