using System.Collections.Immutable;
using FundManager.Contracts;

namespace FundManager.Web.Pages.Admin;

/// <summary>
/// The recurring jobs as the scheduler holds them, read-only. Report schedules that administrators
/// edit are not part of the system yet; until they are, schedules are set in configuration.
/// </summary>
public sealed class SchedulesModel : FundPage
{
    public ImmutableList<JobSchedule> Schedules { get; private set; } = [];

    public async Task OnGetAsync() => Schedules = await Grains.GetGrain<IScheduledJobsGrain>(0).Schedules(Caller);
}
