using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;

namespace FundManager.Contracts;

/// <summary>The UN operational rates of exchange for every currency (one grain, key <see cref="Key"/>).</summary>
[Alias("fm.IExchangeRatesGrain")]
public interface IExchangeRatesGrain : IGrainWithStringKey
{
    const string Key = "un-operational";

    Task<ExchangeRate> Set(Caller caller, Currency currency, DateOnly effectiveFrom, decimal unitsPerUsd);

    /// <summary>The rate in force on a date, or a missing-rate refusal.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ExchangeRate> InForceOn(Currency currency, DateOnly date);

    [Orleans.Concurrency.ReadOnly]
    [Query]
    Task<ImmutableList<ExchangeRate>> List(Caller caller, Currency? currency);
}
