using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Reports;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Finance;

/// <summary>
/// Starting a disbursement run and following it: the run is queued on the silos' job servers and
/// the page looks again every few seconds (a plain refresh, no script) until the run's report is
/// there. Earlier runs are listed with their reports.
/// </summary>
public sealed class RunsModel : FundPage
{
    [BindProperty(SupportsGet = true)]
    public string? RunId { get; set; }

    public ReportInfo? Report { get; private set; }

    public ImmutableList<ReportInfo> Earlier { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var reports = Grains.GetGrain<IReportsGrain>(0);
        if (RunId is { Length: > 0 } run)
        {
            Report = await reports.FindRun(Caller, ReportKinds.DisbursementRun, run);
        }
        Earlier = await reports.List(Caller, ReportKinds.DisbursementRun, 20);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var run = await Grains.GetGrain<IScheduledJobsGrain>(0).RunNow(Caller, ReportKinds.DisbursementRun);
        return Redirect($"/finance/runs?runId={Uri.EscapeDataString(run)}");
    }
}
