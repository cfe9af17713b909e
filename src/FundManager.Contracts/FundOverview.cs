using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;

namespace FundManager.Contracts;

/// <summary>What one donor pledged to and paid into a fund, in USD, from the journal.</summary>
[GenerateSerializer, Immutable, Alias("fm.DonorFigures")]
public sealed record DonorFigures(
    [property: Id(0)] Guid DonorId,
    [property: Id(1)] string Name,
    [property: Id(2)] Money Pledged,
    [property: Id(3)] Money Received,
    [property: Id(4)] Money Outstanding,
    [property: Id(5)] bool Anonymous);

/// <summary>Direct costs and PSC disbursed in one month, in USD, from the journal.</summary>
[GenerateSerializer, Immutable, Alias("fm.MonthFigures")]
public sealed record MonthFigures([property: Id(0)] int Year, [property: Id(1)] int Month, [property: Id(2)] Money Disbursed, [property: Id(3)] Money Psc);

/// <summary>The money available for approvals under one earmark, summed over the contributions that carry it.</summary>
[GenerateSerializer, Immutable, Alias("fm.EarmarkPoolFigures")]
public sealed record EarmarkPoolFigures([property: Id(0)] Earmark Earmark, [property: Id(1)] int Contributions, [property: Id(2)] Money Received, [property: Id(3)] Money Available);

/// <summary>One outcome indicator's progress, as the outcome report assesses it.</summary>
[GenerateSerializer, Immutable, Alias("fm.IndicatorFigures")]
public sealed record IndicatorFigures(
    [property: Id(0)] string Code,
    [property: Id(1)] string Title,
    [property: Id(2)] ResultType ResultType,
    [property: Id(3)] IndicatorMeasure Measure,
    [property: Id(4)] decimal Baseline,
    [property: Id(5)] DateOnly? PeriodEnd,
    [property: Id(6)] decimal? Target,
    [property: Id(7)] decimal? Actual,
    [property: Id(8)] decimal? PercentOfTarget,
    [property: Id(9)] ProgressStatus Status)
{
    public static IndicatorFigures Of(IndicatorProgress p) =>
        new(p.IndicatorCode, p.Title, p.ResultType, p.Measure, p.Baseline, p.Period?.End, p.Target, p.Actual, p.PercentOfTarget, p.Status);
}

/// <summary>A project as the overview shows it: what it is, its money and its results.</summary>
[GenerateSerializer, Immutable, Alias("fm.ProjectFigures")]
public sealed record ProjectFigures(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Code,
    [property: Id(2)] string Title,
    [property: Id(3)] ThematicArea ThematicArea,
    [property: Id(4)] string? Country,
    [property: Id(5)] string? Region,
    [property: Id(6)] ProjectStatus Status,
    [property: Id(7)] Money Allocated,
    [property: Id(8)] Money Disbursed,
    [property: Id(9)] ImmutableList<IndicatorFigures> Results);

/// <summary>A fund at a glance for its staff: position, donors, disbursements by month, projects and their results, earmark pools.</summary>
[GenerateSerializer, Immutable, Alias("fm.FundOverview")]
public sealed record FundOverview(
    [property: Id(0)] FundView Fund,
    [property: Id(1)] FundPosition Position,
    [property: Id(2)] ImmutableList<DonorFigures> Donors,
    [property: Id(3)] ImmutableList<MonthFigures> Disbursements,
    [property: Id(4)] ImmutableList<ProjectFigures> Projects,
    [property: Id(5)] ImmutableList<EarmarkPoolFigures> Pools,
    [property: Id(6)] DateOnly AsOf);

/// <summary>A fund's figures for its staff, read from the journal and the grains that own them.</summary>
[Alias("fm.IFundOverviewGrain")]
public interface IFundOverviewGrain : IGrainWithIntegerKey
{
    [Query]
    Task<FundOverview> Overview(Caller caller, string fundId);
}
