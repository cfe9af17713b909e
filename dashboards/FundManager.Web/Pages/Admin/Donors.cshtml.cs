using System.Collections.Immutable;
using FundManager.Contracts;

namespace FundManager.Web.Pages.Admin;

/// <summary>Whether the public pages name each donor or show it as an anonymous donor (administrators and finance officers set it).</summary>
public sealed class DonorsModel : FundPage
{
    public ImmutableList<DonorView> Donors { get; private set; } = [];

    public Guid? RefusedFor { get; private set; }

    public string? Done { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task OnPostAnonymousAsync(Guid donor, bool anonymous)
    {
        var changed = await AttemptAsync(() => Grains.GetGrain<IDonorGrain>(donor).SetAnonymous(Caller, anonymous), "anonymous");
        await LoadAsync();
        if (changed)
        {
            var name = Donors.FirstOrDefault(d => d.Id == donor)?.Profile.Name ?? donor.ToString();
            Done = L[anonymous ? "Admin.Donors.NowAnonymous" : "Admin.Donors.NowNamed", name];
        }
        else
        {
            RefusedFor = donor;
        }
    }

    private async Task LoadAsync() => Donors = await Grains.GetGrain<IDonorDirectoryGrain>(IDonorDirectoryGrain.Key).List(Caller);
}
