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

    /// <summary>The newest events (at most <see cref="AuditQuery.Limit"/>) that match every filter given, newest first.</summary>
    [Query]
    Task<ImmutableList<AuditEvent>> Search(Caller caller, AuditQuery query);
}

/// <summary>
/// Which audit events to show. Every filter is optional. <see cref="Mentions"/> finds a fund,
/// donor or project by its id wherever the event names it: the grain it was sent to, its
/// arguments or what it changed. <see cref="Action"/> is a command's kind ("IProjectGrain.Advance")
/// or part of it ("Advance"). <see cref="Before"/> pages back: only events older than that sequence.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] DateOnly? From = null,
    [property: Id(1)] DateOnly? To = null,
    [property: Id(2)] string? Actor = null,
    [property: Id(3)] ImmutableList<string>? Mentions = null,
    [property: Id(4)] string? Action = null,
    [property: Id(5)] long? Before = null,
    [property: Id(6)] int Limit = 100);
