namespace FundManager.Domain.Currencies;

/// <summary>
/// A UN operational rate: units of <see cref="Currency"/> per one US dollar, in force from
/// <see cref="EffectiveFrom"/> until the next rate of the same month or the month's end.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.ExchangeRate")]
public sealed record ExchangeRate
{
    public ExchangeRate(Currency currency, DateOnly effectiveFrom, decimal unitsPerUsd)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (unitsPerUsd <= 0m)
        {
            throw RuleViolationException.Invalid("rate-not-positive", $"The rate for {currency.Code} must be greater than zero.");
        }
        if (currency == Currency.Usd && unitsPerUsd != 1m)
        {
            throw RuleViolationException.Invalid("usd-rate-fixed", "USD is the book currency; its rate is always 1.");
        }
        BusinessDates.EnsureInRange(effectiveFrom, "The rate's effective date");
        Currency = currency;
        EffectiveFrom = effectiveFrom;
        UnitsPerUsd = unitsPerUsd;
    }

    [Id(0)] public Currency Currency { get; }
    [Id(1)] public DateOnly EffectiveFrom { get; }
    [Id(2)] public decimal UnitsPerUsd { get; }

    /// <summary>Converts to USD, rounding once, half away from zero, to cents.</summary>
    public UsdValue ToUsd(Money original)
    {
        if (original.Currency != Currency)
        {
            throw new InvalidOperationException($"A {Currency.Code} rate cannot convert {original.Currency.Code}.");
        }
        return new UsdValue(original, UnitsPerUsd, EffectiveFrom, Money.Round(original.Amount / UnitsPerUsd, Currency.Usd));
    }

    /// <summary>The identity rate used for amounts already in USD.</summary>
    public static ExchangeRate UsdOn(DateOnly date) => new(Currency.Usd, date, 1m);
}

/// <summary>A converted amount that remembers how it was converted.</summary>
[GenerateSerializer, Immutable, Alias("fm.UsdValue")]
public sealed record UsdValue(
    [property: Id(0)] Money Original,
    [property: Id(1)] decimal Rate,
    [property: Id(2)] DateOnly RateDate,
    [property: Id(3)] Money Usd);

/// <summary>
/// The rates of one currency over time. A date converts at the latest rate set on or before it
/// within the same calendar month: operational rates are monthly, so last month's rate is never
/// carried into a month nobody set a rate for. A missing rate is an error, never 1.0.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.RateHistory")]
public sealed record RateHistory([property: Id(0)] Currency Currency, [property: Id(1)] System.Collections.Immutable.ImmutableList<ExchangeRate> Rates)
{
    public static RateHistory Empty(Currency currency) => new(currency, []);

    /// <summary>Adds a rate, replacing one set for the same effective date (a correction).</summary>
    public RateHistory With(ExchangeRate rate)
    {
        if (rate.Currency != Currency)
        {
            throw new InvalidOperationException($"A {rate.Currency.Code} rate does not belong in the {Currency.Code} history.");
        }
        var kept = Rates.RemoveAll(r => r.EffectiveFrom == rate.EffectiveFrom).Add(rate);
        return this with { Rates = kept.Sort((a, b) => a.EffectiveFrom.CompareTo(b.EffectiveFrom)) };
    }

    public ExchangeRate InForceOn(DateOnly date)
    {
        if (Currency == Currency.Usd)
        {
            return ExchangeRate.UsdOn(date);
        }
        ExchangeRate? found = null;
        foreach (var rate in Rates)
        {
            if (rate.EffectiveFrom > date)
            {
                break;
            }
            if (rate.EffectiveFrom.Year == date.Year && rate.EffectiveFrom.Month == date.Month)
            {
                found = rate;
            }
        }
        return found ?? throw RuleViolationException.Invalid(
            "missing-rate",
            $"No {Currency.Code} operational rate is set for {date:yyyy-MM} on or before {date:yyyy-MM-dd}; a finance officer must set it first.");
    }
}
