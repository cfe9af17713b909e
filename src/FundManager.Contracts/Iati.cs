using System.Collections.Immutable;
using FundManager.Reports.Iati;

namespace FundManager.Contracts;

/// <summary>
/// What a fund publishes as IATI open data. Anonymous by design: it asks no caller, because anyone
/// may read what it answers, and it answers only what a fund publishes (funds' names, projects from
/// approval on, their money and results; never drafts, user names or officers' notes).
/// </summary>
[Alias("fm.IIatiPublicationGrain")]
public interface IIatiPublicationGrain : IGrainWithIntegerKey
{
    /// <summary>Every fund's id.</summary>
    [Query]
    Task<ImmutableList<string>> Funds();

    /// <summary>The fund as an organisation file describes it, or unknown-fund.</summary>
    [Query]
    Task<IatiFund> Fund(string fundId);

    /// <summary>The ids of the fund's projects, published or not (see <see cref="Activity"/>).</summary>
    [Query]
    Task<ImmutableList<Guid>> Projects(string fundId);

    /// <summary>The project as an IATI activity, or null while it is not published (before approval, or rejected).</summary>
    [Query]
    Task<IatiActivity?> Activity(Guid projectId);
}
