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
/// down), the grain keeps them and retries on a timer and on its next activation.
/// </summary>
public abstract class OutboxGrain<TState>(IPersistentState<TState> state, OutboxCourier courier, ILogger logger) : Grain
    where TState : class, IOutboxState<TState>
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(20);
    private IGrainTimer? _retry;

    protected TState State => state.State;

    protected bool RecordExists => state.RecordExists;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await TryFlushAsync(cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>Saves the new state with its effects, then delivers them.</summary>
    protected async Task CommitAsync(TState next)
    {
        state.State = next;
        await state.WriteStateAsync();
        await FlushAsync(CancellationToken.None);
    }

    protected async Task FlushAsync(CancellationToken cancellationToken)
    {
        var outbox = state.State.Outbox;
        if (outbox.IsEmpty)
        {
            return;
        }
        await courier.DeliverAsync(outbox, cancellationToken);
        state.State = state.State.WithOutbox(Outbox.Empty);
        await state.WriteStateAsync();
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
            logger.LogError(e, "Could not deliver the outbox of {Grain}; retrying every {Interval}", this.GetGrainId(), RetryEvery);
            _retry ??= this.RegisterGrainTimer(TryFlushAsync, RetryEvery, RetryEvery);
        }
    }
}
