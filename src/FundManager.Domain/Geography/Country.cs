using System.Collections.Frozen;

namespace FundManager.Domain.Geography;

/// <summary>Recipient countries as ISO 3166-1 alpha-2 codes (the IATI Country codelist uses the same codes).</summary>
public static class Country
{
    private static readonly FrozenSet<string> Codes = (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
        + "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR "
        + "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP "
        + "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT "
        + "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
        + "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG "
        + "UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW")
        .Split(' ')
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Returns the upper-case code, or refuses a code that is not a country.</summary>
    public static string Parse(string code)
    {
        var normalised = code?.Trim().ToUpperInvariant() ?? string.Empty;
        if (!Codes.Contains(normalised))
        {
            throw RuleViolationException.Invalid("unknown-country", $"'{code}' is not an ISO 3166-1 alpha-2 country code.");
        }
        return normalised;
    }
}

/// <summary>Recipient regions as OECD DAC region codes (IATI Region vocabulary 1).</summary>
public static class Region
{
    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["89"] = "Europe, regional",
        ["189"] = "North of Sahara, regional",
        ["289"] = "South of Sahara, regional",
        ["298"] = "Africa, regional",
        ["389"] = "North and Central America, regional",
        ["489"] = "South America, regional",
        ["498"] = "America, regional",
        ["589"] = "Middle East, regional",
        ["619"] = "Central Asia, regional",
        ["679"] = "South Asia, regional",
        ["689"] = "South and Central Asia, regional",
        ["789"] = "Far East Asia, regional",
        ["798"] = "Asia, regional",
        ["889"] = "Oceania, regional",
        ["998"] = "Developing countries, unspecified",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Parse(string code)
    {
        var normalised = code?.Trim() ?? string.Empty;
        if (!Names.ContainsKey(normalised))
        {
            throw RuleViolationException.Invalid("unknown-region", $"'{code}' is not an OECD DAC region code (for example 298 for Africa, regional).");
        }
        return normalised;
    }

    public static string NameOf(string code) => Names.TryGetValue(code, out var name) ? name : code;
}
