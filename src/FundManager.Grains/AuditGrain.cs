using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Audit;
using Orleans.Concurrency;

namespace FundManager.Grains;

/// <summary>Reads and verifies the audit trail for auditors and administrators.</summary>
[StatelessWorker]
public sealed class AuditGrain(IAuditTrail trail) : Grain, IAuditGrain
{
    async Task<ImmutableList<AuditEvent>> IAuditGrain.Read(Caller caller, long fromSequence, int limit)
    {
        caller.Require(Role.Auditor, Role.Administrator);
        return [.. await trail.ReadAsync(Math.Max(1, fromSequence), limit)];
    }

    async Task<AuditVerification> IAuditGrain.Verify(Caller caller, string? expectedHead)
    {
        caller.Require(Role.Auditor, Role.Administrator);
        return await trail.VerifyAsync(expectedHead);
    }

    /// <summary>
    /// Walks the trail from the start in batches and keeps the newest matches: the trail is read in
    /// chain order, as verification reads it, and nothing is filtered outside the silo.
    /// </summary>
    async Task<ImmutableList<AuditEvent>> IAuditGrain.Search(Caller caller, AuditQuery query)
    {
        caller.Require(Role.Auditor, Role.Administrator);
        var limit = Math.Clamp(query.Limit, 1, 1000);
        var kept = new Queue<AuditEvent>();
        const int Batch = 5_000;
        for (long from = 1; ;)
        {
            var events = await trail.ReadAsync(from, Batch);
            foreach (var e in events)
            {
                if (query.Before is { } before && e.Sequence >= before)
                {
                    return [.. kept.Reverse()];
                }
                if (Matches(e.Record, query))
                {
                    kept.Enqueue(e);
                    if (kept.Count > limit)
                    {
                        kept.Dequeue();
                    }
                }
            }
            if (events.Count < Batch)
            {
                return [.. kept.Reverse()];
            }
            from = events[^1].Sequence + 1;
        }
    }

    private static bool Matches(AuditRecord record, AuditQuery query)
    {
        var day = DateOnly.FromDateTime(record.At.UtcDateTime);
        if ((query.From is { } from && day < from) || (query.To is { } to && day > to))
        {
            return false;
        }
        if (!string.IsNullOrWhiteSpace(query.Actor) && !string.Equals(record.Actor, query.Actor.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!string.IsNullOrWhiteSpace(query.Action) && !record.Action.Contains(query.Action.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return query.Mentions is not { IsEmpty: false } mentions || mentions.All(id => Mentions(record, id));
    }

    // A grain's id names a Guid key without dashes ("project/0c1d..."), arguments and states with them.
    private static bool Mentions(AuditRecord record, string id) =>
        (Guid.TryParse(id, out var guid) ? [guid.ToString("D"), guid.ToString("N")] : new[] { id }).Any(form =>
            record.Target.Contains(form, StringComparison.OrdinalIgnoreCase)
            || record.Arguments.Contains(form, StringComparison.OrdinalIgnoreCase)
            || (record.Before?.Contains(form, StringComparison.OrdinalIgnoreCase) ?? false)
            || (record.After?.Contains(form, StringComparison.OrdinalIgnoreCase) ?? false));
}
