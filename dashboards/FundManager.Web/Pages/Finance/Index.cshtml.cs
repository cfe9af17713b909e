using System.Collections.Immutable;

namespace FundManager.Web.Pages.Finance;

/// <summary>The finance officer's desk: the pledges still to be paid, and the way to every finance task.</summary>
public sealed class IndexModel : FundPage
{
    public ImmutableList<DonorPledge> Pledges { get; private set; } = [];

    public async Task OnGetAsync() => Pledges = await Ledgers.PledgesAsync(Grains, Caller);
}
