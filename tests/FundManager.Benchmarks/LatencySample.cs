using System.Diagnostics;

namespace FundManager.Benchmarks;

/// <summary>Latencies of many calls, safe to add to from many callers at once; percentiles by nearest rank.</summary>
public sealed class LatencySample(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;

    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    /// <summary>Records a call's duration; past the capacity it is dropped, so memory stays bounded.</summary>
    public void Add(long stopwatchTicks)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _ticks.Length)
        {
            _ticks[i] = stopwatchTicks;
        }
    }

    public TimeSpan Percentile(double p)
    {
        var count = Count;
        if (count == 0)
        {
            return TimeSpan.Zero;
        }
        var sorted = _ticks[..count];
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100d * count) - 1;
        return TimeSpan.FromSeconds(sorted[Math.Clamp(rank, 0, count - 1)] / (double)Stopwatch.Frequency);
    }

    public static string Milliseconds(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";
}
