using System.Collections.Frozen;

namespace FundManager.Domain.Currencies;

/// <summary>
/// An ISO 4217 currency and the number of decimal places its amounts are kept to.
/// Only currencies in the table exist; <see cref="Parse"/> refuses anything else.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.Currency")]
public sealed record Currency
{
    private Currency(string code, int minorUnits)
    {
        Code = code;
        MinorUnits = minorUnits;
    }

    /// <summary>Three-letter ISO 4217 code, upper case.</summary>
    [Id(0)] public string Code { get; }

    /// <summary>Decimal places of the currency's minor unit (JPY 0, USD 2, KWD 3).</summary>
    [Id(1)] public int MinorUnits { get; }

    /// <summary>The fund's book currency.</summary>
    public static Currency Usd { get; } = new("USD", 2);

    public static IReadOnlyCollection<Currency> All => Table.Values;

    public static Currency Parse(string? code)
    {
        if (TryParse(code, out var currency))
        {
            return currency;
        }
        throw RuleViolationException.Invalid("unknown-currency", $"'{code}' is not an ISO 4217 currency code this fund accepts.");
    }

    public static bool TryParse(string? code, out Currency currency)
    {
        if (code is not null && Table.TryGetValue(code.Trim().ToUpperInvariant(), out var found))
        {
            currency = found;
            return true;
        }
        currency = Usd;
        return false;
    }

    public override string ToString() => Code;

    // Active ISO 4217 codes with their minor units. Fund and metal codes (XAU, CHE, ...) are left
    // out on purpose: nobody pays a pledge in them.
    private static readonly FrozenDictionary<string, Currency> Table = Build(
        (0, "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"),
        (3, "BHD IQD JOD KWD LYD OMR TND"),
        (2, "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD "
          + "CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD "
          + "GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD "
          + "MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP "
          + "PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
          + "TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ZAR ZMW ZWG"));

    private static FrozenDictionary<string, Currency> Build(params (int MinorUnits, string Codes)[] groups) =>
        groups
            .SelectMany(g => g.Codes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(code => (code, g.MinorUnits)))
            .ToFrozenDictionary(x => x.code, x => x.code == "USD" ? Usd : new Currency(x.code, x.MinorUnits), StringComparer.Ordinal);
}
