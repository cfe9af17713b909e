using System.Collections.Concurrent;
using System.Diagnostics;

namespace FundManager.Benchmarks;

/// <summary>
/// A fixed number of payments pushed through one channel by a fixed number of callers, each
/// taking the next payment as soon as its last one was answered (a closed loop, so latency and
/// throughput are the system's and not a queue of ours). The journal is counted before and after.
/// </summary>
public sealed class IntakeWorkload(JournalCensus journal, Func<long> groupCommits, TimeSpan deadline)
{
    public async Task<IntakeResult> RunAsync(IPaymentChannel channel, IReadOnlyList<PaymentSlot> slots, int concurrency)
    {
        var acknowledged = new bool[slots.Count];
        var failures = new ConcurrentQueue<string>();
        var latencies = new LatencySample(slots.Count);
        var linesBefore = await journal.LinesAsync();
        var commitsBefore = groupCommits();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < slots.Count && clock.Elapsed < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await channel.PayAsync(slots[i]);
                    acknowledged[i] = true;
                    latencies.Add(Stopwatch.GetTimestamp() - started);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A refused or failed payment is a finding, not a reason to stop the others.
                    failures.Enqueue($"{e.GetType().Name}: {e.Message}");
                }
            }
        })));
        var elapsed = clock.Elapsed;
        var commits = groupCommits() - commitsBefore;
        var lines = await journal.LinesAsync() - linesBefore;
        var done = slots.Where((_, i) => acknowledged[i]).ToList();
        return new IntakeResult(channel.Name, concurrency, done.Count + failures.Count, done, failures.Count, failures.TryPeek(out var first) ? first : null,
            elapsed, lines, commits, latencies.Percentile(50), latencies.Percentile(99));
    }
}
