using System.Globalization;
using System.Text;
using CsvHelper;
using FundManager.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Public;

/// <summary>
/// The public page's figures as CSV, for those who work with them: one row per total, donor and
/// project, amounts in USD written the invariant way (a dot before the cents) whatever the page's language.
/// </summary>
[AllowAnonymous]
public sealed class PublicFiguresModel : FundPage
{
    [BindProperty(SupportsGet = true)]
    public string FundId { get; set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var fund = await Grains.GetGrain<ITransparencyGrain>(0).Fund(FundId);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "section", "name", "theme", "place", "status", "pledged_usd", "received_usd", "allocated_usd", "disbursed_usd" })
            {
                csv.WriteField(header);
            }
            await csv.NextRecordAsync();
            await RowAsync(csv, "fund", fund.Name, null, null, null, fund.Pledged.Amount, fund.Received.Amount, fund.Allocated.Amount, fund.Disbursed.Amount);
            foreach (var donor in fund.Donors)
            {
                await RowAsync(csv, "donor", donor.Name ?? L["Public.AnonymousDonor"], null, null, null, donor.Pledged.Amount, donor.Received.Amount, null, null);
            }
            foreach (var project in fund.Projects)
            {
                await RowAsync(csv, "project", $"{project.Code} {project.Title}", project.ThematicArea.ToString(), project.Country ?? project.Region, project.Status.ToString(), null, null, project.Allocated.Amount, project.Disbursed.Amount);
            }
        }
        return File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{fund.Id}-figures.csv");
    }

    private static async Task RowAsync(CsvWriter csv, string section, string name, string? theme, string? place, string? status, decimal? pledged, decimal? received, decimal? allocated, decimal? disbursed)
    {
        csv.WriteField(section);
        csv.WriteField(name);
        csv.WriteField(theme);
        csv.WriteField(place);
        csv.WriteField(status);
        foreach (var amount in new[] { pledged, received, allocated, disbursed })
        {
            csv.WriteField(amount?.ToString("0.00", CultureInfo.InvariantCulture));
        }
        await csv.NextRecordAsync();
    }
}
