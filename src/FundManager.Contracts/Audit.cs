using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Audit;

namespace FundManager.Contracts;

/// <summary>Marks a grain method that only reads: the audit trail records commands, not questions.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class QueryAttribute : Attribute
{
}

/// <summary>The audit trail, for auditors and administrators.</summary>
[Alias("fm.IAuditGrain")]
public interface IAuditGrain : IGrainWithIntegerKey
{
    [Query]
    Task<ImmutableList<AuditEvent>> Read(Caller caller, long fromSequence, int limit);

    /// <summary>Checks the whole hash chain; give the head hash noted at an earlier verification to catch removals at the end.</summary>
    [Query]
    Task<AuditVerification> Verify(Caller caller, string? expectedHead);
}
