using System.Collections.Concurrent;
using FundManager.Reports;

namespace FundManager.Grains.Tests;

/// <summary>The alert board in memory, for grain tests.</summary>
public sealed class InMemoryAlertBoard(TimeProvider clock) : IAlertBoard
{
    private readonly ConcurrentDictionary<Guid, Alert> _alerts = new();

    public Task<Alert> RaiseAsync(string source, string subject, string title, string detail, Guid? reportId, CancellationToken cancellationToken = default)
    {
        var alert = new Alert(Guid.CreateVersion7(), clock.GetUtcNow(), source, subject, title, detail, reportId, null, null);
        _alerts[alert.Id] = alert;
        return Task.FromResult(alert);
    }

    public Task<IReadOnlyList<Alert>> ListAsync(bool openOnly, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Alert>>([.. _alerts.Values.Where(a => !openOnly || a.AcknowledgedAt is null).OrderByDescending(a => a.RaisedAt).Take(limit)]);

    public Task<Alert?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(_alerts.GetValueOrDefault(id));

    public Task<Alert?> AcknowledgeAsync(Guid id, string by, CancellationToken cancellationToken = default) =>
        Task.FromResult<Alert?>(_alerts.TryGetValue(id, out var alert)
            ? _alerts[id] = alert with { AcknowledgedAt = alert.AcknowledgedAt ?? clock.GetUtcNow(), AcknowledgedBy = alert.AcknowledgedBy ?? by }
            : null);
}
