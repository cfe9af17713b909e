using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Contributions;
using FundManager.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Web.Pages.Donor;

/// <summary>
/// A donor's home: its pledges with each instalment's standing, its payments, its statement, and
/// what its money paid for. The donor's grain decides who may read it: the donor itself or staff.
/// </summary>
public sealed class IndexModel : FundPage
{
    public Guid? DonorId { get; private set; }

    public DonorView? Donor { get; private set; }

    public DonorStatement? Statement { get; private set; }

    public ImmutableList<Contribution> Contributions { get; private set; } = [];

    /// <summary>For staff who are not a donor: the donors to choose from.</summary>
    public ImmutableList<DonorView> Donors { get; private set; } = [];

    public DateOnly Today { get; private set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Pledged { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? donorId)
    {
        var caller = Caller;
        DonorId = donorId ?? caller.DonorId;
        if (DonorId is not { } id)
        {
            Donors = await Grains.GetGrain<IDonorDirectoryGrain>(IDonorDirectoryGrain.Key).List(caller);
            return Page();
        }
        var donor = Grains.GetGrain<IDonorGrain>(id);
        Donor = await donor.Describe(caller);
        Statement = await donor.Statement(caller, null, null);
        Contributions = await donor.Contributions(caller);
        Today = HttpContext.RequestServices.GetRequiredService<FundCalendar>().Today;
        return Page();
    }

    /// <summary>The donor statement of the reports, in the reader's language and any format every report has.</summary>
    public async Task<IActionResult> OnGetStatementAsync(Guid donorId, string format, string? fund)
    {
        if (!ReportFormats.ContentTypes.ContainsKey(format))
        {
            throw RuleViolationException.NotFound("unknown-format", string.Format(System.Globalization.CultureInfo.CurrentCulture, L["Donor.UnknownFormat"], format, string.Join(", ", ReportFormats.ContentTypes.Keys)));
        }
        var fundId = fund ?? (await Grains.GetGrain<IDonorGrain>(donorId).Contributions(Caller)).Select(c => c.FundId).FirstOrDefault()
            ?? throw RuleViolationException.NotFound("no-statement", L["Donor.NoPledges"]);
        var language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == ReportLanguage.French ? ReportLanguage.French : ReportLanguage.English;
        var content = await Grains.GetGrain<IStatementsGrain>(0).Build(Caller, new ReportRequest(StatementKinds.DonorStatement, fundId, DonorId: donorId, Language: language));
        return File(ReportFormats.Render(content, format), ReportFormats.ContentTypes[format], $"statement-{fundId}.{format}");
    }

    public Contribution? ContributionOf(Guid id) => Contributions.FirstOrDefault(c => c.Id == id);

    /// <summary>Where the donor's money went, per project, in USD (reversed payments taken back).</summary>
    public ReportChart? WhereTheMoneyWent()
    {
        var bars = (Statement?.Contributions ?? [])
            .SelectMany(c => c.PaidFor)
            .GroupBy(d => d.ProjectCode, StringComparer.Ordinal)
            .Select(g => new ReportBar(g.Key, g.Sum(d => (d.Reversal ? -1m : 1m) * (d.Direct.Amount + d.Psc.Amount))))
            .Where(b => b.Value != 0m)
            .OrderByDescending(b => b.Value)
            .ToImmutableList();
        return bars.IsEmpty ? null : new ReportChart(L["Donor.ChartTitle"], "USD", bars);
    }
}
