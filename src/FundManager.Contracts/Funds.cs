using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Audit;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;

namespace FundManager.Contracts;

[GenerateSerializer, Immutable, Alias("fm.FundView")]
public sealed record FundView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] Money SecondApproverAbove,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] int Projects,
    [property: Id(7)] int Contributions);

/// <summary>A trust fund: the single writer of its pools of available money and its allocations.</summary>
[Alias("fm.IFundGrain")]
public interface IFundGrain : IGrainWithStringKey
{
    /// <summary>Creates the fund; creating it again with the same name changes nothing.</summary>
    Task<FundView> Create(Caller caller, string name, string description, Money secondApproverAbove);

    [Query]
    Task<FundView> Describe(Caller caller);

    Task<FundView> SetSecondApproverThreshold(Caller caller, Money threshold);

    /// <summary>The fund's position derived from the journal, optionally as of a past date; read beside commands, never queued behind them.</summary>
    [Query, Orleans.Concurrency.AlwaysInterleave]
    Task<FundPosition> Position(Caller caller, DateOnly? asOf);

    /// <summary>The fund's books as its grain holds them (pools, allocations, projects), for reconciliation and audit.</summary>
    [Query]
    Task<Fund> Books(Caller caller);

    /// <summary>The pools of available money per contribution, as the fund grain holds them.</summary>
    [Query]
    Task<ImmutableList<FundingPool>> Pools(Caller caller);

    [Query]
    Task<ImmutableList<Guid>> Projects(Caller caller);

    [Query]
    Task<ImmutableList<Guid>> Contributions(Caller caller);
}

/// <summary>What the fund's contributions and projects tell it; grain-to-grain only.</summary>
[Alias("fm.IFundBooksGrain")]
public interface IFundBooksGrain : IGrainWithStringKey, IInternalGrain
{
    Task<bool> Exists();

    Task RegisterContribution(Guid contributionId, Guid donorId, Earmark earmark, PscRate psc, DateOnly pledgeDate, bool refundUnspent);

    /// <summary>
    /// Posts the reversal of a payment (with the audit record of the command that asked for it), or
    /// refuses when approvals already hold its cash. The fund posts it itself, so no approval can
    /// draw on that cash between the check and the entry.
    /// </summary>
    Task<AppendOutcome> ReversePayment(Guid contributionId, JournalEntry reversal, AuditRecord? audit);

    Task RegisterProject(Guid projectId, string code);

    Task<Money> SecondApproverAbove();

    /// <summary>What an approval would draw now (the project's allocation if it has one), or insufficient-funds.</summary>
    Task<Allocation> PlanAllocation(Guid projectId, EarmarkProfile profile, Money directCosts);

    /// <summary>Allocates a project's direct costs and PSC, or throws insufficient-funds; idempotent per project.</summary>
    Task<Allocation> Allocate(Guid projectId, string projectCode, EarmarkProfile profile, Money directCosts, Money? atMost, string approvedBy, DateOnly valueDate);

    /// <summary>Takes back what a closed project did not spend; idempotent per project.</summary>
    Task ReleaseAllocation(Guid projectId, string projectCode, ImmutableList<SourceDraw> released, string closedBy, DateOnly valueDate);
}

/// <summary>Every fund on this installation (one grain, key <see cref="Key"/>).</summary>
[Alias("fm.IFundDirectoryGrain")]
public interface IFundDirectoryGrain : IGrainWithStringKey
{
    const string Key = "all";

    [Query]
    Task<ImmutableList<string>> List(Caller caller);
}

/// <summary>How a new fund enters the directory; grain-to-grain only.</summary>
[Alias("fm.IFundDirectoryRegistrar")]
public interface IFundDirectoryRegistrar : IGrainWithStringKey, IInternalGrain
{
    Task Register(string fundId);
}

/// <summary>What the month-end revaluation did with one contribution.</summary>
[GenerateSerializer, Immutable, Alias("fm.RevaluationOutcome")]
public sealed record RevaluationOutcome(
    [property: Id(0)] Guid ContributionId,
    [property: Id(1)] Guid DonorId,
    [property: Id(2)] Money Outstanding,
    [property: Id(3)] decimal? Rate,
    [property: Id(4)] Money Difference,
    [property: Id(5)] string? Problem);

/// <summary>A reconciliation of one fund: the breaks found (none when the books add up) and the position it checked.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReconciliationResult")]
public sealed record ReconciliationResult(
    [property: Id(0)] string FundId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] ImmutableList<ReconciliationBreak> Breaks,
    [property: Id(3)] int Entries,
    [property: Id(4)] int Contributions,
    [property: Id(5)] int Projects,
    [property: Id(6)] FundPosition Position);

/// <summary>
/// Work over a whole fund that no single grain owns: revaluing its open pledges and reconciling its
/// books. A stateless worker, so it never blocks the fund grain and nothing calls back into it.
/// </summary>
[Alias("fm.IFundMaintenanceGrain")]
public interface IFundMaintenanceGrain : IGrainWithIntegerKey
{
    Task<ImmutableList<RevaluationOutcome>> RevalueOpenPledges(Caller caller, string fundId, DateOnly monthEnd);

    [Query]
    Task<ReconciliationResult> Reconcile(Caller caller, string fundId);
}
