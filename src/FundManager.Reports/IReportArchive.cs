using System.Collections.Immutable;

namespace FundManager.Reports;

/// <summary>A stored report as it is listed.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReportInfo")]
public sealed record ReportInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? FundId,
    [property: Id(3)] string Title,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] string? RunId,
    [property: Id(7)] ImmutableList<string> Formats,
    [property: Id(8)] ImmutableDictionary<string, string> Summary);

/// <summary>One rendering of a stored report.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReportFile")]
public sealed record ReportFile([property: Id(0)] string FileName, [property: Id(1)] string ContentType, [property: Id(2)] byte[] Content);

/// <summary>Kinds of stored report; the scheduled job that writes one has the same id.</summary>
public static class ReportKinds
{
    public const string DisbursementRun = "disbursement-run";
    public const string OutcomeReport = "outcome-report";
    public const string Revaluation = "revaluation";
    public const string Reconciliation = "reconciliation";

    /// <summary>The kinds a person can run on demand.</summary>
    public static IReadOnlyList<string> Runnable { get; } = [DisbursementRun, OutcomeReport, Revaluation, Reconciliation];

    /// <summary>A run is named after its Hangfire job, so Hangfire's retries of one job are one run.</summary>
    public static string RunIdOf(string hangfireJobId) => $"job-{hangfireJobId}";

    public static string? HangfireJobIdOf(string runId) => runId.StartsWith("job-", StringComparison.Ordinal) ? runId["job-".Length..] : null;
}

/// <summary>Keys of a report's summary that the archive filters on.</summary>
public static class ReportSummaryKeys
{
    /// <summary>The donor a statement is about: a donor lists and downloads only the reports that name it.</summary>
    public const string DonorId = "donorId";
}

/// <summary>Keeps reports, in every format, to be listed and downloaded later.</summary>
public interface IReportArchive
{
    /// <summary>Stores a report; a report of the same kind and run is stored once: saved again, the first is kept and answered.</summary>
    Task<ReportInfo> SaveAsync(string kind, string? fundId, string? runId, string createdBy, ReportContent content, IReadOnlyDictionary<string, string> summary, CancellationToken cancellationToken = default);

    /// <summary>Stored reports, newest first, of a kind, fund or donor where one is given.</summary>
    Task<IReadOnlyList<ReportInfo>> ListAsync(string? kind, int limit, CancellationToken cancellationToken = default, string? fundId = null, Guid? donorId = null);

    Task<ReportInfo?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ReportInfo?> FindRunAsync(string kind, string runId, CancellationToken cancellationToken = default);

    Task<ReportFile?> FileAsync(Guid id, string format, CancellationToken cancellationToken = default);
}
