using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;

namespace FundManager.Web.Pages.Audit;

/// <summary>What the oversight filters offer to choose from: the funds, donors, projects and users, as the caller may see them.</summary>
public sealed record Choices(ImmutableList<string> Funds, ImmutableList<DonorView> Donors, ImmutableList<(Guid Id, string Code)> Projects, ImmutableList<string> Users)
{
    public static async Task<Choices> LoadAsync(IGrainFactory grains, Caller caller, bool withUsers)
    {
        var funds = (await grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(caller)).Order(StringComparer.Ordinal).ToImmutableList();
        var donors = grains.GetGrain<IDonorDirectoryGrain>(IDonorDirectoryGrain.Key).List(caller);
        var users = withUsers ? grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).List(caller) : Task.FromResult(ImmutableList<UserView>.Empty);
        var projectIds = (await Task.WhenAll(funds.Select(f => grains.GetGrain<IFundGrain>(f).Projects(caller)))).SelectMany(p => p).ToList();
        var projects = await Task.WhenAll(projectIds.Select(id => grains.GetGrain<IProjectGrain>(id).Describe(caller)));
        return new Choices(
            funds,
            [.. (await donors).OrderBy(d => d.Profile.Name, StringComparer.CurrentCulture)],
            [.. projects.Select(p => (p.Id, p.Design.Code)).OrderBy(p => p.Code, StringComparer.Ordinal)],
            [.. (await users).Select(u => u.UserName).Append(Caller.Scheduler.UserName).Order(StringComparer.Ordinal)]);
    }
}
