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

    Task<Project> RecordActual(Caller caller, ActualCommand command);

    Task<Project> Describe(Caller caller);

    /// <summary>
    /// Pays every tranche due by <paramref name="asOf"/> whose conditions hold and records why the
    /// others are held. A tranche is paid once, whatever the number of runs.
    /// </summary>
    Task<ImmutableList<TrancheOutcome>> DisburseDueTranches(Caller caller, string runId, DateOnly asOf);
}
