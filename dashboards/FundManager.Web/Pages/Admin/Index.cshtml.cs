using FundManager.Contracts;

namespace FundManager.Web.Pages.Admin;

/// <summary>The administrator's start: users, funds, donors' naming, schedules, and the operations dashboards.</summary>
public sealed class AdministrationModel : FundPage
{
    /// <summary>Only administrators get the page: the users' directory refuses anyone else, in its own words.</summary>
    public async Task OnGetAsync() => await Grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).List(Caller);
}
