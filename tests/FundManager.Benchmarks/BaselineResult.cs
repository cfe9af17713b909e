namespace FundManager.Benchmarks;

/// <summary>How fast the bare server took rows of a journal line's shape one way.</summary>
public sealed record BaselineResult(string Name, long Rows, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
