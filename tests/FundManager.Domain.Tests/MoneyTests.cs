using FundManager.Domain.Currencies;

namespace FundManager.Domain.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("JPY", "1234.5", "1235")]
    [InlineData("JPY", "-1234.5", "-1235")]
    [InlineData("USD", "10.005", "10.01")]
    [InlineData("USD", "10.0049", "10.00")]
    [InlineData("KWD", "1.0005", "1.001")]
    [InlineData("KWD", "1.00049", "1.000")]
    public void rounding_follows_the_currency_minor_units_half_away_from_zero(string code, string raw, string expected)
    {
        var rounded = Money.Round(decimal.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), Currency.Parse(code));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rounded.Amount);
    }

    [Theory]
    [InlineData("JPY", "100.5")]
    [InlineData("USD", "1.001")]
    [InlineData("KWD", "1.0001")]
    public void an_amount_finer_than_the_minor_unit_is_refused(string code, string raw)
    {
        var refused = Assert.Throws<RuleViolationException>(() => Money.Of(decimal.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), code));

        Assert.Equal("amount-too-precise", refused.Code);
    }

    [Fact]
    public void two_currencies_never_add()
    {
        Assert.Throws<InvalidOperationException>(() => Money.Of(1m, "EUR") + Money.Usd(1m));
        Assert.Throws<InvalidOperationException>(() => Money.Of(1m, "EUR") < Money.Usd(2m));
    }

    [Fact]
    public void an_unknown_currency_is_refused_with_its_code()
    {
        var refused = Assert.Throws<RuleViolationException>(() => Currency.Parse("XYZ"));

        Assert.Equal("unknown-currency", refused.Code);
        Assert.Contains("XYZ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void currency_codes_are_case_insensitive_and_carry_their_minor_units()
    {
        Assert.Equal(0, Currency.Parse("jpy").MinorUnits);
        Assert.Equal(3, Currency.Parse("Kwd").MinorUnits);
        Assert.Equal(2, Currency.Parse("EUR").MinorUnits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void a_positive_amount_refuses_zero_and_negatives(int amount)
    {
        var refused = Assert.Throws<RuleViolationException>(() => Money.Positive(amount, Currency.Usd, "The payment"));

        Assert.Equal("amount-not-positive", refused.Code);
    }
}
