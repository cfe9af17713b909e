using FundManager.Contracts;
using FundManager.Dashboards.Security;
using FundManager.Domain.Currencies;

namespace FundManager.Dashboards.Api;

/// <summary>UN operational rates of exchange.</summary>
public static class RateEndpoints
{
    public static void MapRateEndpoints(this IEndpointRouteBuilder app)
    {
        var rates = app.MapGroup("/api/exchange-rates").WithTags("Exchange rates").WithProblems();

        rates.MapPut("/{currency}/{effectiveFrom}", async (string currency, DateOnly effectiveFrom, RateRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).Set(http.Caller(), Currency.Parse(currency), effectiveFrom, request.UnitsPerUsd)))
            .WithSummary("Set the rate (units of the currency per 1 USD) in force from a date until the next rate of the month or the month's end (finance officers).");

        rates.MapGet("/", async (string? currency, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).List(http.Caller(), currency is null ? null : Currency.Parse(currency))))
            .WithSummary("The rates set, optionally for one currency (staff).");
    }
}
