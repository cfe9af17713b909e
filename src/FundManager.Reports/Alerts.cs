namespace FundManager.Reports;

/// <summary>Something people must look at, such as a break found by the reconciliation.</summary>
[GenerateSerializer, Immutable, Alias("fm.Alert")]
public sealed record Alert(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset RaisedAt,
    [property: Id(2)] string Source,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Title,
    [property: Id(5)] string Detail,
    [property: Id(6)] Guid? ReportId,
    [property: Id(7)] DateTimeOffset? AcknowledgedAt,
    [property: Id(8)] string? AcknowledgedBy);

/// <summary>Where alerts are raised, listed and acknowledged.</summary>
public interface IAlertBoard
{
    Task<Alert> RaiseAsync(string source, string subject, string title, string detail, Guid? reportId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Alert>> ListAsync(bool openOnly, int limit, CancellationToken cancellationToken = default);

    Task<Alert?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    Task<Alert?> AcknowledgeAsync(Guid id, string by, CancellationToken cancellationToken = default);
}
