using System.Collections.Immutable;
using FundManager.Contracts;
using Microsoft.AspNetCore.Authorization;

namespace FundManager.Web.Pages.Public;

/// <summary>The public transparency page, no sign-in: every fund that publishes, with its totals.</summary>
[AllowAnonymous]
public sealed class PublicFundsModel : FundPage
{
    public ImmutableList<PublicFund> Funds { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var transparency = Grains.GetGrain<ITransparencyGrain>(0);
        var ids = await transparency.PublishedFunds();
        Funds = [.. await Task.WhenAll(ids.Select(transparency.Fund))];
    }
}
