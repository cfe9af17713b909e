using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Funds;
using FundManager.Reports;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Overview;

/// <summary>A fund at a glance for its staff: position, donors, disbursements by month, results against targets, earmark pools.</summary>
public sealed class FundOverviewModel : FundPage
{
    [BindProperty(SupportsGet = true)]
    public string? Fund { get; set; }

    public ImmutableList<string> Funds { get; private set; } = [];

    public FundOverview? Overview { get; private set; }

    public async Task OnGetAsync()
    {
        Funds = [.. (await Grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(Caller)).Order(StringComparer.Ordinal)];
        Fund = Fund is { } chosen && Funds.Contains(chosen) ? chosen : Funds.FirstOrDefault();
        if (Fund is not null)
        {
            Overview = await Grains.GetGrain<IFundOverviewGrain>(0).Overview(Caller, Fund);
        }
    }

    public ReportChart DonorChart(FundOverview o) => new(
        L["Overview.Donors.Chart"], "USD",
        [.. o.Donors.Select(d => new ReportBar(d.Name, d.Received.Amount, d.Pledged.Amount))]);

    public ReportChart DisbursementChart(FundOverview o) => new(
        L["Overview.Disbursements.Chart"], "USD",
        [.. o.Disbursements.Select(m => new ReportBar(Month(m), m.Disbursed.Amount))], ChartKind.Columns);

    public ReportChart PoolChart(FundOverview o) => new(
        L["Overview.Pools.Chart"], "USD",
        [.. o.Pools.Select(p => new ReportBar(Earmark(p.Earmark), p.Available.Amount))]);

    public ReportChart ProjectChart(FundOverview o) => new(
        L["Overview.Projects.Chart"], "USD",
        [.. o.Projects.Where(p => !p.Allocated.IsZero).Select(p => new ReportBar(p.Code, p.Disbursed.Amount, p.Allocated.Amount))]);

    public static string Month(MonthFigures m) => new DateOnly(m.Year, m.Month, 1).ToString("MMM yyyy", System.Globalization.CultureInfo.CurrentCulture);

    public string Earmark(Earmark earmark) => earmark.Target == EarmarkTarget.None
        ? L["Overview.Earmark.None"]
        : $"{L["Overview.Earmark." + earmark.Target]}: {(earmark.Target == EarmarkTarget.ThematicArea && Enum.TryParse<ThematicArea>(earmark.Value, out var area) ? L["Overview.Theme." + area] : earmark.Value)}";
}
