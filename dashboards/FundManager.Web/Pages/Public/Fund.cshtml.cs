using FundManager.Contracts;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;
using FundManager.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Public;

/// <summary>
/// One published fund for anyone: totals, contributions by donor, projects by theme, country and
/// status with their results. Every figure comes from the transparency grain, which answers only
/// what the fund publishes; nothing here filters a staff view.
/// </summary>
[AllowAnonymous]
public sealed class PublicFundModel : FundPage
{
    [BindProperty(SupportsGet = true)]
    public string FundId { get; set; } = string.Empty;

    public PublicFund Fund { get; private set; } = null!;

    public async Task OnGetAsync() => Fund = await Grains.GetGrain<ITransparencyGrain>(0).Fund(FundId);

    public string DonorName(PublicDonor donor) => donor.Name ?? L["Public.AnonymousDonor"];

    public string Place(PublicProject project) => project.Country ?? project.Region ?? L["Public.NoPlace"];

    /// <summary>The projects counted and summed by one of their traits (theme, country or status).</summary>
    public IReadOnlyList<(string Label, int Count, Domain.Currencies.Money Allocated, Domain.Currencies.Money Disbursed)> By(Func<PublicProject, string> trait) =>
        [.. Fund.Projects.GroupBy(trait).OrderBy(g => g.Key, StringComparer.CurrentCulture).Select(g => (
            g.Key,
            g.Count(),
            Domain.Currencies.Money.Sum(g.Select(p => p.Allocated), Domain.Currencies.Currency.Usd),
            Domain.Currencies.Money.Sum(g.Select(p => p.Disbursed), Domain.Currencies.Currency.Usd)))];

    public string Theme(ThematicArea area) => L["Overview.Theme." + area];

    public string Status(ProjectStatus status) => L["Overview.Status." + status];

    public ReportChart DonorChart() => new(L["Public.Donors.Chart"], "USD", [.. Fund.Donors.Select(d => new ReportBar(DonorName(d), d.Received.Amount, d.Pledged.Amount))]);

    public ReportChart ThemeChart() => new(L["Public.Themes.Chart"], "USD", [.. By(p => Theme(p.ThematicArea)).Select(t => new ReportBar(t.Label, t.Disbursed.Amount, t.Allocated.Amount))]);
}
