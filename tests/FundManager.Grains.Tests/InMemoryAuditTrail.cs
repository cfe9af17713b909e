using System.Collections.Concurrent;
using FundManager.Domain.Audit;

namespace FundManager.Grains.Tests;

/// <summary>The audit trail's contract in memory: one chain, appended in order.</summary>
public sealed class InMemoryAuditTrail : IAuditTrail
{
    private readonly AuditChain _chain = new(new byte[32]);
    private readonly ConcurrentQueue<AuditEvent> _events = new();
    private readonly Lock _gate = new();

    public IReadOnlyCollection<AuditEvent> Events => [.. _events];

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (record.CommandId is { } command && _events.Any(e => e.Record.CommandId == command))
            {
                // One record per command, as on PostgreSQL.
                return Task.CompletedTask;
            }
            var last = _events.LastOrDefault();
            _events.Enqueue(_chain.Append((last?.Sequence ?? 0) + 1, record, last?.Hash ?? AuditChain.Genesis));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEvent>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditEvent>>(_events.Where(e => e.Sequence >= fromSequence).Take(limit).ToList());

    public Task<AuditVerification> VerifyAsync(string? expectedHead, CancellationToken cancellationToken = default) =>
        Task.FromResult(_chain.Verify(_events, expectedHead));
}
