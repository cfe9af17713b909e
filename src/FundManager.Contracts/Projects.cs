using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Projects;

namespace FundManager.Contracts;

/// <summary>A life-cycle step an officer asks for.</summary>
public enum ProjectStep
{
    Submit = 1,
    StartReview = 2,
    Approve = 3,
    Reject = 4,
    ReturnForRevision = 5,
    Activate = 6,
    Suspend = 7,
    Resume = 8,
    Complete = 9,
    Close = 10,
}

[GenerateSerializer, Immutable, Alias("fm.ActualCommand")]
public sealed record ActualCommand(
    [property: Id(0)] string IndicatorCode,
    [property: Id(1)] ReportingPeriod Period,
    [property: Id(2)] decimal Value,
    [property: Id(3)] string? Note);

/// <summary>What one disbursement run did with one due tranche.</summary>
[GenerateSerializer, Immutable, Alias("fm.TrancheOutcome")]
public sealed record TrancheOutcome(
    [property: Id(0)] string FundId,
    [property: Id(1)] Guid ProjectId,
    [property: Id(2)] string ProjectCode,
    [property: Id(3)] string ImplementingPartner,
    [property: Id(4)] int Tranche,
    [property: Id(5)] DateOnly DueDate,
    [property: Id(6)] Money Amount,
    [property: Id(7)] bool Paid,
    [property: Id(8)] Money Psc,
    [property: Id(9)] ImmutableList<string> HeldBecause);

/// <summary>A technical-assistance project: the single writer of its life cycle, allocation and disbursements.</summary>
[Alias("fm.IProjectGrain")]
public interface IProjectGrain : IGrainWithGuidKey
{
    Task<Project> Draft(Caller caller, string fundId, ProjectDesign design);

    Task<Project> Revise(Caller caller, ProjectDesign design);

    Task<Project> Advance(Caller caller, ProjectStep step, string? reason);

    Task<Project> ReleaseTranche(Caller caller, int tranche);

    Task<Project> AcceptFinancialReport(Caller caller, int tranche);

    /// <summary>Takes back a tranche payment (named by tranche and attempt) with a reversal entry; asking twice reverses once.</summary>
    Task<Project> ReverseDisbursement(Caller caller, int tranche, int attempt, string reason);

    Task<Project> RecordActual(Caller caller, ActualCommand command);

    [Query, Orleans.Concurrency.AlwaysInterleave]
    Task<Project> Describe(Caller caller);

    /// <summary>Budget against actual as of a date (today when null), from the journal.</summary>
    [Query]
    Task<BudgetAgainstActual> BudgetAgainstActual(Caller caller, DateOnly? asOf);

    /// <summary>
    /// What approving the project would draw now, from which contributions, by the fund's own
    /// allocation rule, without allocating anything; the allocation itself once it has one (staff).
    /// Refused with insufficient-funds when the money under matching earmarks does not cover it.
    /// </summary>
    [Query, Orleans.Concurrency.AlwaysInterleave]
    Task<Domain.Funds.Allocation> PreviewAllocation(Caller caller);

    /// <summary>Every disbursed dollar traced back to the contributions (and donors) that paid it.</summary>
    [Query]
    Task<ImmutableList<FundingTrace>> FundingTrace(Caller caller);

    /// <summary>
    /// Pays every tranche due by <paramref name="asOf"/> whose conditions hold and records why the
    /// others are held. A tranche is paid once, whatever the number of runs.
    /// </summary>
    Task<ImmutableList<TrancheOutcome>> DisburseDueTranches(Caller caller, string runId, DateOnly asOf);
}

/// <summary>A budget line against what was spent on it (direct costs are paid by tranche, so per line only the budget is known).</summary>
[GenerateSerializer, Immutable, Alias("fm.BudgetComparisonLine")]
public sealed record BudgetComparisonLine([property: Id(0)] string Line, [property: Id(1)] Money Budget, [property: Id(2)] Money Actual, [property: Id(3)] Money Remaining);

/// <summary>A tranche as planned and as paid by a date.</summary>
[GenerateSerializer, Immutable, Alias("fm.TrancheComparison")]
public sealed record TrancheComparison([property: Id(0)] int Tranche, [property: Id(1)] DateOnly DueDate, [property: Id(2)] Money Planned, [property: Id(3)] Money Paid, [property: Id(4)] DateOnly? PaidOn);

/// <summary>A project's budget against actual as of a date, from the journal: direct costs, PSC as its own line, and the tranches.</summary>
[GenerateSerializer, Immutable, Alias("fm.BudgetAgainstActual")]
public sealed record BudgetAgainstActual(
    [property: Id(0)] Guid ProjectId,
    [property: Id(1)] string Code,
    [property: Id(2)] DateOnly AsOf,
    [property: Id(3)] ImmutableList<BudgetLine> BudgetLines,
    [property: Id(4)] ImmutableList<BudgetComparisonLine> Summary,
    [property: Id(5)] ImmutableList<TrancheComparison> Tranches);

/// <summary>Where the money of one disbursement came from.</summary>
[GenerateSerializer, Immutable, Alias("fm.FundingTrace")]
public sealed record FundingTrace(
    [property: Id(0)] int Tranche,
    [property: Id(1)] int Attempt,
    [property: Id(2)] DateOnly PaidOn,
    [property: Id(3)] bool Reversed,
    [property: Id(4)] Guid ContributionId,
    [property: Id(5)] Guid DonorId,
    [property: Id(6)] string DonorName,
    [property: Id(7)] Money Direct,
    [property: Id(8)] Money Psc);
