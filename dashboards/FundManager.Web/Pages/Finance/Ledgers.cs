using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Projects;

namespace FundManager.Web.Pages.Finance;

/// <summary>A pledge with the name of the donor who made it, as the finance pages list it.</summary>
public sealed record DonorPledge(DonorView Donor, Contribution Contribution);

/// <summary>What the finance pages read across the installation: every pledge, every project, through the directories' grains.</summary>
public static class Ledgers
{
    public static async Task<ImmutableList<DonorPledge>> PledgesAsync(IGrainFactory grains, Caller caller)
    {
        var donors = await grains.GetGrain<IDonorDirectoryGrain>(IDonorDirectoryGrain.Key).List(caller);
        var pledges = await Task.WhenAll(donors.Select(async d => (await grains.GetGrain<IDonorGrain>(d.Id).Contributions(caller)).Select(c => new DonorPledge(d, c))));
        return [.. pledges.SelectMany(p => p).OrderBy(p => p.Donor.Profile.Name, StringComparer.CurrentCulture).ThenBy(p => p.Contribution.Terms.PledgeDate)];
    }

    public static async Task<ImmutableList<Project>> ProjectsAsync(IGrainFactory grains, Caller caller)
    {
        var funds = await grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(caller);
        var ids = await Task.WhenAll(funds.Select(f => grains.GetGrain<IFundGrain>(f).Projects(caller)));
        var projects = await Task.WhenAll(ids.SelectMany(i => i).Select(id => grains.GetGrain<IProjectGrain>(id).Describe(caller)));
        return [.. projects.OrderBy(p => p.FundId, StringComparer.Ordinal).ThenBy(p => p.Design.Code, StringComparer.Ordinal)];
    }
}
