namespace FundManager.Benchmarks;

/// <summary>One correctness check a workload made; the run fails if any did not pass.</summary>
public sealed record Check(string Summary, bool Passed);
