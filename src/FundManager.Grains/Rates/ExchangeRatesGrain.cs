using System.Collections.Immutable;
using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains.Rates;

[GenerateSerializer, Alias("fm.ExchangeRatesState")]
public sealed record ExchangeRatesState(
    [property: Id(0)] ImmutableDictionary<string, RateHistory> Currencies,
    [property: Id(1)] Outbox Outbox) : IOutboxState<ExchangeRatesState>
{
    public ExchangeRatesState() : this(ImmutableDictionary<string, RateHistory>.Empty, Outbox.Empty)
    {
    }

    public ExchangeRatesState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

/// <summary>
/// The operational rates of every currency; finance officers keep them, every conversion reads
/// them. A change is saved with its audit record in the same write (the outbox), so a rate is
/// never changed without its record.
/// </summary>
public sealed class ExchangeRatesGrain(
    [PersistentState("exchange-rates", StorageNames.Grains)] IPersistentState<ExchangeRatesState> state,
    OutboxCourier courier,
    ILogger<ExchangeRatesGrain> logger)
    : OutboxGrain<ExchangeRatesState>(state, courier, logger), IExchangeRatesGrain, IAuditable
{
    // Units per USD by currency and effective date, so the trail shows exactly the rate a change
    // added or overwrote, with its value before and after, and nothing else.
    public object? AuditState() => State.Currencies.ToImmutableSortedDictionary(
        c => c.Key,
        c => c.Value.Rates.ToImmutableSortedDictionary(r => r.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r => r.UnitsPerUsd, StringComparer.Ordinal),
        StringComparer.Ordinal);

    async Task<ExchangeRate> IExchangeRatesGrain.Set(Caller caller, Currency currency, DateOnly effectiveFrom, decimal unitsPerUsd)
    {
        caller.Require(Role.FinanceOfficer);
        var rate = new ExchangeRate(currency, effectiveFrom, unitsPerUsd);
        if (currency == Currency.Usd)
        {
            return rate;
        }
        var history = State.Currencies.GetValueOrDefault(currency.Code) ?? RateHistory.Empty(currency);
        await CommitAsync(State with { Currencies = State.Currencies.SetItem(currency.Code, history.With(rate)) });
        return rate;
    }

    Task<ExchangeRate> IExchangeRatesGrain.InForceOn(Currency currency, DateOnly date) =>
        Task.FromResult((State.Currencies.GetValueOrDefault(currency.Code) ?? RateHistory.Empty(currency)).InForceOn(date));

    Task<ImmutableList<ExchangeRate>> IExchangeRatesGrain.List(Caller caller, Currency? currency)
    {
        caller.RequireStaff();
        var histories = currency is null
            ? State.Currencies.Values
            : State.Currencies.TryGetValue(currency.Code, out var one) ? [one] : [];
        return Task.FromResult(histories
            .SelectMany(h => h.Rates)
            .OrderBy(r => r.Currency.Code, StringComparer.Ordinal)
            .ThenBy(r => r.EffectiveFrom)
            .ToImmutableList());
    }
}
