using System.Globalization;

namespace FundManager.Domain.Currencies;

/// <summary>
/// An exact amount in one currency. Arithmetic refuses to mix currencies; amounts are kept to the
/// currency's minor units, and anything finer must be rounded explicitly with <see cref="Round"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.Money")]
public readonly record struct Money
{
    private Money(decimal amount, Currency currency)
    {
        Amount = amount;
        Currency = currency;
    }

    [Id(0)] public decimal Amount { get; }
    [Id(1)] public Currency Currency { get; }

    public bool IsZero => Amount == 0m;
    public bool IsPositive => Amount > 0m;
    public bool IsNegative => Amount < 0m;

    /// <summary>An amount that must already be exact to the currency's minor units.</summary>
    public static Money Of(decimal amount, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (decimal.Round(amount, currency.MinorUnits) != amount)
        {
            throw RuleViolationException.Invalid(
                "amount-too-precise",
                $"{amount.ToString(CultureInfo.InvariantCulture)} has more decimals than {currency.Code} allows ({currency.MinorUnits}).");
        }
        return new Money(amount, currency);
    }

    public static Money Of(decimal amount, string currencyCode) => Of(amount, Currency.Parse(currencyCode));

    public static Money Usd(decimal amount) => Of(amount, Currency.Usd);

    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>Rounds half away from zero to the currency's minor units: the one rounding rule of the books.</summary>
    public static Money Round(decimal amount, Currency currency) =>
        new(decimal.Round(amount, currency.MinorUnits, MidpointRounding.AwayFromZero), currency);

    /// <summary>A positive amount, for inputs where zero or negative means the caller made a mistake.</summary>
    public static Money Positive(decimal amount, Currency currency, string what)
    {
        if (amount <= 0m)
        {
            throw RuleViolationException.Invalid("amount-not-positive", $"{what} must be greater than zero.");
        }
        return Of(amount, currency);
    }

    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, SameCurrency(left, right));
    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, SameCurrency(left, right));
    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    public static bool operator <(Money left, Money right) => Compare(left, right) < 0;
    public static bool operator >(Money left, Money right) => Compare(left, right) > 0;
    public static bool operator <=(Money left, Money right) => Compare(left, right) <= 0;
    public static bool operator >=(Money left, Money right) => Compare(left, right) >= 0;

    public static Money Min(Money left, Money right) => left <= right ? left : right;

    public static Money Max(Money left, Money right) => left >= right ? left : right;

    public static Money Sum(IEnumerable<Money> amounts, Currency currency)
    {
        var total = Zero(currency);
        foreach (var amount in amounts)
        {
            total += amount;
        }
        return total;
    }

    /// <summary>Multiplies by a rate and rounds the result to minor units (used for PSC).</summary>
    public Money MultiplyAndRound(decimal factor) => Round(Amount * factor, Currency);

    public override string ToString() =>
        $"{Currency.Code} {Amount.ToString("N" + Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)}";

    private static int Compare(Money left, Money right)
    {
        SameCurrency(left, right);
        return left.Amount.CompareTo(right.Amount);
    }

    private static Currency SameCurrency(Money left, Money right)
    {
        if (!ReferenceEquals(left.Currency, right.Currency) && left.Currency?.Code != right.Currency?.Code)
        {
            throw new InvalidOperationException($"Cannot combine {left.Currency?.Code} and {right.Currency?.Code}: convert first.");
        }
        return left.Currency ?? right.Currency!;
    }
}
