using System.Collections.Concurrent;
using System.Collections.Immutable;
using FundManager.Reports;

namespace FundManager.Grains.Tests;

public sealed class InMemoryReportArchive(TimeProvider clock) : IReportArchive
{
    private readonly ConcurrentDictionary<Guid, (ReportInfo Info, ReportContent Content)> _reports = new();

    public Task<ReportInfo> SaveAsync(string kind, string? fundId, string? runId, string createdBy, ReportContent content, IReadOnlyDictionary<string, string> summary, CancellationToken cancellationToken = default)
    {
        var existing = _reports.Values.FirstOrDefault(r => runId is not null && r.Info.Kind == kind && r.Info.RunId == runId).Info;
        if (existing is not null)
        {
            return Task.FromResult(existing);
        }
        var info = new ReportInfo(Guid.NewGuid(), kind, fundId, content.Title, clock.GetUtcNow(), createdBy, runId,
            [.. ReportFormats.All], summary.ToImmutableDictionary());
        _reports[info.Id] = (info, content);
        return Task.FromResult(info);
    }

    public Task<IReadOnlyList<ReportInfo>> ListAsync(string? kind, int limit, CancellationToken cancellationToken = default, string? fundId = null, Guid? donorId = null) =>
        Task.FromResult<IReadOnlyList<ReportInfo>>(_reports.Values.Select(r => r.Info)
            .Where(r => (kind is null || r.Kind == kind) && (fundId is null || r.FundId == fundId) && (donorId is null || r.Summary.GetValueOrDefault(ReportSummaryKeys.DonorId) == donorId.ToString())).OrderByDescending(r => r.CreatedAt).Take(limit).ToList());

    public Task<ReportInfo?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_reports.TryGetValue(id, out var r) ? r.Info : null);

    public Task<ReportInfo?> FindRunAsync(string kind, string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_reports.Values.Select(r => r.Info).FirstOrDefault(r => r.Kind == kind && r.RunId == runId));

    public Task<ReportFile?> FileAsync(Guid id, string format, CancellationToken cancellationToken = default) =>
        Task.FromResult(_reports.TryGetValue(id, out var r) ? new ReportFile($"{r.Info.Kind}.{format}", ReportFormats.ContentTypes[format], ReportFormats.Render(r.Content, format)) : null);
}
