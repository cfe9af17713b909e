namespace FundManager.Benchmarks;

/// <summary>Percentiles of the position and statement reads of one probe.</summary>
public sealed record ReadLatencies(TimeSpan PositionP50, TimeSpan PositionP99, TimeSpan StatementP50, TimeSpan StatementP99, int ReadsPerKind, int Failures, string? FirstFailure = null)
{
    public override string ToString() =>
        $"position p50 {LatencySample.Milliseconds(PositionP50)}, p99 {LatencySample.Milliseconds(PositionP99)}; " +
        $"statement p50 {LatencySample.Milliseconds(StatementP50)}, p99 {LatencySample.Milliseconds(StatementP99)} ({ReadsPerKind} reads each, {Failures} failed{(FirstFailure is null ? string.Empty : $"; first: {FirstFailure}")})";
}
