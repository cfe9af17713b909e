using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;
using Orleans.Concurrency;

namespace FundManager.Grains.Oversight;

/// <summary>
/// The public figures of the funds that publish. It reads as the system (there is no person behind
/// a public page) and decides here, not in any page, what leaves: totals, donors by name unless they
/// asked to stay anonymous, and projects from approval on with their results.
/// </summary>
[StatelessWorker]
public sealed class TransparencyGrain(IGrainFactory grains, IJournal journal, FundCalendar calendar) : Grain, ITransparencyGrain
{
    private static readonly Caller Reader = Caller.Scheduler;

    /// <summary>A project is public from approval on; drafts, projects under review and rejected ones are the fund's internal work.</summary>
    private static bool IsPublic(ProjectStatus status) =>
        status is ProjectStatus.Approved or ProjectStatus.Active or ProjectStatus.Suspended or ProjectStatus.Completed or ProjectStatus.Closed;

    async Task<ImmutableList<string>> ITransparencyGrain.PublishedFunds()
    {
        var funds = await grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(Reader);
        var published = await Task.WhenAll(funds.Select(f => grains.GetGrain<IFundPublicationGrain>(f).IsPublished()));
        return [.. funds.Where((_, i) => published[i]).Order(StringComparer.Ordinal)];
    }

    async Task<PublicFund> ITransparencyGrain.Fund(string fundId)
    {
        Fund.RequireValidId(fundId);
        if (!await grains.GetGrain<IFundPublicationGrain>(fundId).IsPublished())
        {
            // The same answer as for a fund that does not exist: an unpublished fund is not announced.
            throw RuleViolationException.NotFound("unknown-fund", $"There is no published fund '{fundId}'.");
        }
        var fund = grains.GetGrain<IFundGrain>(fundId);
        var today = calendar.Today;
        var view = fund.Describe(Reader);
        var position = fund.Position(Reader, null);
        var donors = FundFigures.DonorsAsync(grains, journal, fundId, Reader);
        var projects = FundFigures.ProjectsAsync(grains, fundId, Reader, today);
        var totals = await position;
        return new PublicFund(
            fundId,
            (await view).Name,
            (await view).Description,
            totals.Pledged,
            totals.Received,
            totals.Allocated,
            totals.Disbursed,
            [.. (await donors).Select(d => new PublicDonor(d.Anonymous ? null : d.Name, d.Pledged, d.Received))],
            [.. (await projects).Where(p => IsPublic(p.Project.Status)).Select(p => p.Figures).Select(p => new PublicProject(
                p.Code, p.Title, p.ThematicArea, p.Country, p.Region, p.Status, p.Allocated, p.Disbursed, p.Results))],
            today);
    }
}
