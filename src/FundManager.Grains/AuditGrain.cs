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
}
