using System.Collections.Immutable;
using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Currencies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Web.Pages.Finance;

/// <summary>The UN operational rates of exchange: the rates set, and setting one (units of the currency per 1 USD).</summary>
public sealed class RatesModel : FundPage
{
    public ImmutableList<ExchangeRate> Rates { get; private set; } = [];

    [BindProperty]
    public string Currency { get; set; } = "EUR";

    [BindProperty]
    public string? EffectiveFrom { get; set; }

    [BindProperty]
    public string? UnitsPerUsd { get; set; }

    public async Task OnGetAsync()
    {
        var today = HttpContext.RequestServices.GetRequiredService<FundCalendar>().Today;
        EffectiveFrom = Figures.Input(new DateOnly(today.Year, today.Month, 1));
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ok = true;
        if (!Figures.TryParseAmount(UnitsPerUsd, out var rate))
        {
            ModelState.AddModelError(nameof(UnitsPerUsd), L["Form.NotANumber", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator]);
            ok = false;
        }
        if (!DateOnly.TryParseExact(EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            ModelState.AddModelError(nameof(EffectiveFrom), L["Form.NotADate"]);
            ok = false;
        }
        if (ok && await AttemptAsync(
            () => Grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).Set(Caller, Domain.Currencies.Currency.Parse(Currency), from, rate),
            nameof(UnitsPerUsd),
            code => code is "unknown-currency" or "usd-rate-fixed" ? nameof(Currency) : code.Contains("date", StringComparison.Ordinal) ? nameof(EffectiveFrom) : null))
        {
            return Redirect("/finance/rates?set=true");
        }
        if (!ok)
        {
            Response.StatusCode = 422;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() =>
        Rates = [.. (await Grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).List(Caller, null))
            .OrderBy(r => r.Currency.Code, StringComparer.Ordinal).ThenByDescending(r => r.EffectiveFrom)];
}
