namespace FundManager.Benchmarks;

/// <summary>The workloads one run of the harness measures; each adds its rows to the same table.</summary>
[Flags]
public enum Workloads
{
    None = 0,
    Intake = 1,
    Disbursements = 2,
    Startup = 4,
    Reports = 8,
    All = Intake | Disbursements | Startup | Reports,
    /// <summary>Long by nature, so not part of <see cref="All"/>.</summary>
    Flatness = 16,
}
