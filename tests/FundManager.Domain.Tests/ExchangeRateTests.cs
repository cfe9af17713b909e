using FundManager.Domain.Currencies;

namespace FundManager.Domain.Tests;

public sealed class ExchangeRateTests
{
    private static readonly Currency Eur = Currency.Parse("EUR");

    [Fact]
    public void a_rate_is_units_of_currency_per_dollar_rounded_once_to_cents()
    {
        var rate = new ExchangeRate(Eur, new DateOnly(2026, 3, 1), 0.92m);

        var usd = rate.ToUsd(Money.Of(1_000_000m, Eur));

        Assert.Equal(1_086_956.52m, usd.Usd.Amount);
        Assert.Equal(0.92m, usd.Rate);
        Assert.Equal(new DateOnly(2026, 3, 1), usd.RateDate);
        Assert.Equal(Money.Of(1_000_000m, Eur), usd.Original);
    }

    [Fact]
    public void a_date_converts_at_the_latest_rate_set_on_or_before_it_in_the_same_month()
    {
        var history = RateHistory.Empty(Eur)
            .With(new ExchangeRate(Eur, new DateOnly(2026, 3, 1), 0.92m))
            .With(new ExchangeRate(Eur, new DateOnly(2026, 3, 16), 0.95m));

        Assert.Equal(0.92m, history.InForceOn(new DateOnly(2026, 3, 15)).UnitsPerUsd);
        Assert.Equal(0.95m, history.InForceOn(new DateOnly(2026, 3, 16)).UnitsPerUsd);
        Assert.Equal(0.95m, history.InForceOn(new DateOnly(2026, 3, 31)).UnitsPerUsd);
    }

    [Fact]
    public void a_month_without_a_rate_is_an_error_and_never_one()
    {
        var history = RateHistory.Empty(Eur).With(new ExchangeRate(Eur, new DateOnly(2026, 3, 1), 0.92m));

        var refused = Assert.Throws<RuleViolationException>(() => history.InForceOn(new DateOnly(2026, 4, 2)));

        Assert.Equal("missing-rate", refused.Code);
    }

    [Fact]
    public void a_date_before_the_month_first_rate_has_no_rate()
    {
        var history = RateHistory.Empty(Eur).With(new ExchangeRate(Eur, new DateOnly(2026, 3, 10), 0.92m));

        Assert.Throws<RuleViolationException>(() => history.InForceOn(new DateOnly(2026, 3, 9)));
    }

    [Fact]
    public void setting_a_rate_again_for_the_same_date_corrects_it()
    {
        var history = RateHistory.Empty(Eur)
            .With(new ExchangeRate(Eur, new DateOnly(2026, 3, 1), 0.92m))
            .With(new ExchangeRate(Eur, new DateOnly(2026, 3, 1), 0.93m));

        Assert.Single(history.Rates);
        Assert.Equal(0.93m, history.InForceOn(new DateOnly(2026, 3, 2)).UnitsPerUsd);
    }

    [Fact]
    public void dollars_convert_at_one_without_a_rate()
    {
        var usd = RateHistory.Empty(Currency.Usd).InForceOn(new DateOnly(2026, 3, 2));

        Assert.Equal(1m, usd.UnitsPerUsd);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void a_rate_must_be_positive(int rate)
    {
        Assert.Throws<RuleViolationException>(() => new ExchangeRate(Eur, new DateOnly(2026, 3, 1), rate));
    }
}
