using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FundManager.Persistence;

/// <summary>
/// Gathers what many callers want written and hands it, in order, to one writer that commits a
/// batch at a time, so concurrent writes share commits. If a batch fails, its items are written one
/// by one, so a bad item fails alone and the others still get their answer.
/// </summary>
/// <typeparam name="TItem">What a caller writes.</typeparam>
/// <typeparam name="TResult">What the store answers for one item.</typeparam>
public sealed class BatchingWriter<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _writeBatch;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Answer)> _queue =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <param name="writeBatch">Writes the items in one transaction and answers for each, in order; throws if the transaction fails.</param>
    /// <param name="maxBatch">The most items one transaction takes (1 turns batching off).</param>
    /// <param name="logger">Where failed batches are reported.</param>
    public BatchingWriter(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> writeBatch, int maxBatch, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _writeBatch = writeBatch;
        _maxBatch = maxBatch;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>How many batches have been committed; lets benchmarks and tests see batching at work.</summary>
    public long Commits { get; private set; }

    public Task<TResult> WriteAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var answer = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, answer)))
        {
            throw new ObjectDisposedException(nameof(BatchingWriter<TItem, TResult>));
        }
        // A caller that stops waiting does not stop the write: it may still be committed.
        return answer.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Answer)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                await CommitAsync(batch);
            }
            catch (Exception batchFailure) when (batch.Count > 1)
            {
                _logger.LogWarning(batchFailure, "A batch of {Count} writes failed; writing them one by one", batch.Count);
                foreach (var single in batch)
                {
                    try
                    {
                        await CommitAsync([single]);
                    }
                    catch (Exception e)
                    {
                        single.Answer.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                batch[0].Answer.TrySetException(e);
            }
        }
    }

    private async Task CommitAsync(IReadOnlyList<(TItem Item, TaskCompletionSource<TResult> Answer)> batch)
    {
        var results = await _writeBatch([.. batch.Select(b => b.Item)]);
        Commits++;
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Answer.TrySetResult(results[i]);
        }
    }
}
