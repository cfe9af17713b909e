using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Web.Pages.Finance;

/// <summary>Recording cash received against a pledge. The form's key makes a second submission of the same form record nothing more.</summary>
public sealed class PaymentModel : FundPage
{
    public Contribution? Contribution { get; private set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? ValueDate { get; set; }

    [BindProperty]
    public string IdempotencyKey { get; set; } = string.Empty;

    public async Task OnGetAsync(Guid contributionId)
    {
        Contribution = await Grains.GetGrain<IContributionGrain>(contributionId).Describe(Caller);
        ValueDate = Figures.Input(HttpContext.RequestServices.GetRequiredService<FundCalendar>().Today);
        IdempotencyKey = Guid.NewGuid().ToString("N");
    }

    public async Task<IActionResult> OnPostAsync(Guid contributionId)
    {
        var pledge = Grains.GetGrain<IContributionGrain>(contributionId);
        Contribution = await pledge.Describe(Caller);
        var ok = true;
        if (!Figures.TryParseAmount(Amount, out var amount))
        {
            ModelState.AddModelError(nameof(Amount), L["Form.NotANumber", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator]);
            ok = false;
        }
        if (!DateOnly.TryParseExact(ValueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var valueDate))
        {
            ModelState.AddModelError(nameof(ValueDate), L["Form.NotADate"]);
            ok = false;
        }
        if (!ok)
        {
            Response.StatusCode = 422;
            return Page();
        }
        var command = new PaymentCommand(IdempotencyKey, Money.Of(amount, Contribution.Currency), valueDate);
        if (await AttemptAsync(() => pledge.RecordPayment(Caller, command), nameof(Amount), code => code.StartsWith("value-date", StringComparison.Ordinal) || code == "date-out-of-range" ? nameof(ValueDate) : null))
        {
            return Redirect($"/finance/payment/{contributionId}?recorded=true");
        }
        return Page();
    }
}
