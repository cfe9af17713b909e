namespace FundManager.Benchmarks;

/// <summary>What one intake run achieved: payments acknowledged, journal lines written, latencies.</summary>
public sealed record IntakeResult(
    string Channel,
    int Concurrency,
    int Attempted,
    IReadOnlyList<PaymentSlot> Acknowledged,
    int Failed,
    string? FirstFailure,
    TimeSpan Elapsed,
    long JournalLines,
    long GroupCommits,
    TimeSpan P50,
    TimeSpan P99)
{
    public string Name => $"intake via {Channel}, {Concurrency} callers";

    /// <summary>How many payments shared one of the silo's journal commits, on average.</summary>
    public double PaymentsPerCommit => Acknowledged.Count / (double)Math.Max(GroupCommits, 1);

    public double PaymentsPerSecond => Acknowledged.Count / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double LinesPerSecond => JournalLines / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
