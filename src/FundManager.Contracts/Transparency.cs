using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;

namespace FundManager.Contracts;

/// <summary>
/// Whether a fund publishes its figures on the public transparency page (off for a new fund). Its
/// own grain, keyed by the fund's id: publishing is a decision about the fund, not about its books.
/// </summary>
[Alias("fm.IFundPublicationGrain")]
public interface IFundPublicationGrain : IGrainWithStringKey
{
    /// <summary>Public knowledge: a published fund's page is there for anyone.</summary>
    [Query]
    Task<bool> IsPublished();

    /// <summary>Publishes the fund or stops publishing it (administrators).</summary>
    Task<bool> SetPublished(Caller caller, bool published);
}

/// <summary>What a donor gave to a published fund; the name is null for a donor that asked not to be named.</summary>
[GenerateSerializer, Immutable, Alias("fm.PublicDonor")]
public sealed record PublicDonor([property: Id(0)] string? Name, [property: Id(1)] Money Pledged, [property: Id(2)] Money Received);

/// <summary>A published fund's project, from approval on: what it is, its money and its results.</summary>
[GenerateSerializer, Immutable, Alias("fm.PublicProject")]
public sealed record PublicProject(
    [property: Id(0)] string Code,
    [property: Id(1)] string Title,
    [property: Id(2)] Domain.Funds.ThematicArea ThematicArea,
    [property: Id(3)] string? Country,
    [property: Id(4)] string? Region,
    [property: Id(5)] Domain.Projects.ProjectStatus Status,
    [property: Id(6)] Money Allocated,
    [property: Id(7)] Money Disbursed,
    [property: Id(8)] ImmutableList<IndicatorFigures> Results);

/// <summary>A published fund's public figures, in USD: totals, donors, projects. Nothing else about the fund leaves the system this way.</summary>
[GenerateSerializer, Immutable, Alias("fm.PublicFund")]
public sealed record PublicFund(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] Money Pledged,
    [property: Id(4)] Money Received,
    [property: Id(5)] Money Allocated,
    [property: Id(6)] Money Disbursed,
    [property: Id(7)] ImmutableList<PublicDonor> Donors,
    [property: Id(8)] ImmutableList<PublicProject> Projects,
    [property: Id(9)] DateOnly AsOf);

/// <summary>
/// The public transparency figures. Anonymous by design: it asks no caller, and answers only for
/// funds that publish, only their public figures (no drafts, no user names, no anonymous donor's name).
/// </summary>
[Alias("fm.ITransparencyGrain")]
public interface ITransparencyGrain : IGrainWithIntegerKey
{
    /// <summary>The ids of the funds that publish.</summary>
    [Query]
    Task<ImmutableList<string>> PublishedFunds();

    /// <summary>A published fund's figures; a fund that does not publish is unknown here.</summary>
    [Query]
    Task<PublicFund> Fund(string fundId);
}
