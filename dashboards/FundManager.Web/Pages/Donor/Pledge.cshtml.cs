using System.Collections.Immutable;
using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Web.Pages.Donor;

/// <summary>One row of the instalment schedule as typed.</summary>
public sealed class InstalmentRow
{
    public string? DueDate { get; set; }

    public string? Amount { get; set; }
}

/// <summary>
/// Pledging a contribution with its instalment schedule. The page only reads what was typed; the
/// donor's grain checks the pledge (the schedule adds up, dates in order, a known fund and
/// currency) and its words come back next to the field they concern.
/// </summary>
public sealed class PledgeModel : FundPage
{
    public const int Rows = 6;

    public DonorView? Donor { get; private set; }

    public ImmutableList<string> Funds { get; private set; } = [];

    [BindProperty]
    public string? FundId { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string Currency { get; set; } = "USD";

    [BindProperty]
    public string? PledgeDate { get; set; }

    [BindProperty]
    public EarmarkTarget EarmarkTarget { get; set; } = EarmarkTarget.None;

    [BindProperty]
    public string? EarmarkValue { get; set; }

    [BindProperty]
    public string? Reference { get; set; }

    [BindProperty]
    public string IdempotencyKey { get; set; } = string.Empty;

    [BindProperty]
    public List<InstalmentRow> Instalments { get; set; } = [];

    /// <summary>The instalments typed so far against the pledge, as the page shows them without script.</summary>
    public string? SumAgainstPledge { get; private set; }

    public async Task OnGetAsync(Guid donorId)
    {
        await LoadAsync(donorId);
        PledgeDate = Figures.Input(Today);
        IdempotencyKey = Guid.NewGuid().ToString("N");
        FundId = Funds.FirstOrDefault();
    }

    public async Task<IActionResult> OnPostAsync(Guid donorId)
    {
        await LoadAsync(donorId);
        var command = Read();
        if (command is null)
        {
            return Page();
        }
        Contribution? pledged = null;
        if (await AttemptAsync(async () => pledged = await Grains.GetGrain<IDonorGrain>(donorId).Pledge(Caller, command), fieldOf: FieldOf))
        {
            return Redirect($"/donor/{donorId}?pledged={pledged!.Id}");
        }
        return Page();
    }

    private DateOnly Today => HttpContext.RequestServices.GetRequiredService<FundCalendar>().Today;

    private async Task LoadAsync(Guid donorId)
    {
        Donor = await Grains.GetGrain<IDonorGrain>(donorId).Describe(Caller);
        Funds = await Grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(Caller);
        while (Instalments.Count < Rows)
        {
            Instalments.Add(new InstalmentRow());
        }
    }

    /// <summary>The pledge as typed, or null with the fields that could not be read marked.</summary>
    private PledgeCommand? Read()
    {
        var ok = true;
        if (!Figures.TryParseAmount(Amount, out var amount))
        {
            ModelState.AddModelError(nameof(Amount), NotANumber());
            ok = false;
        }
        if (!DateOnly.TryParseExact(PledgeDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var pledgeDate))
        {
            ModelState.AddModelError(nameof(PledgeDate), L["Form.NotADate"]);
            ok = false;
        }
        var instalments = ImmutableList.CreateBuilder<InstalmentInput>();
        var sum = 0m;
        for (var i = 0; i < Instalments.Count; i++)
        {
            var row = Instalments[i];
            if (string.IsNullOrWhiteSpace(row.DueDate) && string.IsNullOrWhiteSpace(row.Amount))
            {
                continue;
            }
            if (!DateOnly.TryParseExact(row.DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
            {
                ModelState.AddModelError($"Instalments[{i}].DueDate", L["Form.NotADate"]);
                ok = false;
                continue;
            }
            if (!Figures.TryParseAmount(row.Amount, out var part))
            {
                ModelState.AddModelError($"Instalments[{i}].Amount", NotANumber());
                ok = false;
                continue;
            }
            sum += part;
            instalments.Add(new InstalmentInput(due, part));
        }
        SumAgainstPledge = L["Pledge.SumAgainst", Figures.Number(sum), ok ? Figures.Number(amount) : "?"];
        if (!ok)
        {
            Response.StatusCode = 422;
            return null;
        }
        try
        {
            var currency = Domain.Currencies.Currency.Parse(Currency);
            var earmark = EarmarkTarget switch
            {
                EarmarkTarget.None => Earmark.Unearmarked,
                EarmarkTarget.ThematicArea => Earmark.From(EarmarkLevel.SoftlyEarmarked, EarmarkTarget, EarmarkValue),
                EarmarkTarget.Region => Earmark.ToRegion(EarmarkValue ?? string.Empty),
                EarmarkTarget.Country => Earmark.ToCountry(EarmarkValue ?? string.Empty),
                _ => Earmark.ToProject(EarmarkValue ?? string.Empty),
            };
            return new PledgeCommand(FundId ?? string.Empty, IdempotencyKey, Money.Of(amount, currency), pledgeDate, earmark, PscRate.Standard,
                instalments.ToImmutable(), string.IsNullOrWhiteSpace(Reference) ? null : Reference.Trim());
        }
        catch (RuleViolationException rule)
        {
            ModelState.AddModelError(FieldOf(rule.Code) ?? nameof(EarmarkValue), rule.Message);
            Response.StatusCode = 422;
            return null;
        }
    }

    private string NotANumber() => L["Form.NotANumber", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator];

    private static string? FieldOf(string code) => code switch
    {
        "amount-not-positive" or "amount-too-small" => nameof(Amount),
        "unknown-currency" or "currency-mismatch" => nameof(Currency),
        "unknown-fund" => nameof(FundId),
        "schedule-empty" or "schedule-too-long" or "schedule-does-not-add-up" or "instalment-before-pledge" or "instalments-out-of-order" => nameof(Instalments),
        "unknown-thematic-area" or "unknown-country" or "unknown-region" or "earmark-mismatch" or "earmark-target-missing" or "invalid-project-code" => nameof(EarmarkValue),
        "date-out-of-range" => nameof(PledgeDate),
        _ => null,
    };
}
