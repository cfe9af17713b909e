using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Reports;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Finance;

/// <summary>The stored reports, newest first, each downloadable in every format it was kept in.</summary>
public sealed class ReportsModel : FundPage
{
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public ImmutableList<ReportInfo> Reports { get; private set; } = [];

    public ReportInfo? Report { get; private set; }

    public async Task OnGetAsync(Guid? reportId)
    {
        var reports = Grains.GetGrain<IReportsGrain>(0);
        if (reportId is { } id)
        {
            Report = await reports.Describe(Caller, id);
            return;
        }
        Reports = await reports.List(Caller, string.IsNullOrWhiteSpace(Kind) ? null : Kind, 100);
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid reportId, string format)
    {
        var file = await Grains.GetGrain<IReportsGrain>(0).Download(Caller, reportId, format);
        return File(file.Content, file.ContentType, file.FileName);
    }
}
