using System.Collections.Frozen;

namespace FundManager.Domain.Geography;

/// <summary>
/// Recipient regions as OECD DAC region codes, the IATI Region codelist (vocabulary 1) in full:
/// the continental and sub-continental "regional" codes an earmark or a project may name.
/// Withdrawn codes (380 West Indies, now 1031 Caribbean) are refused.
/// </summary>
public static class Region
{
    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["88"] = "States Ex-Yugoslavia unspecified",
        ["89"] = "Europe, regional",
        ["189"] = "North of Sahara, regional",
        ["289"] = "South of Sahara, regional",
        ["298"] = "Africa, regional",
        ["389"] = "Caribbean & Central America, regional",
        ["489"] = "South America, regional",
        ["498"] = "America, regional",
        ["589"] = "Middle East, regional",
        ["619"] = "Central Asia, regional",
        ["679"] = "South Asia, regional",
        ["689"] = "South & Central Asia, regional",
        ["789"] = "Far East Asia, regional",
        ["798"] = "Asia, regional",
        ["889"] = "Oceania, regional",
        ["998"] = "Developing countries, unspecified",
        ["1027"] = "Eastern Africa, regional",
        ["1028"] = "Middle Africa, regional",
        ["1029"] = "Southern Africa, regional",
        ["1030"] = "Western Africa, regional",
        ["1031"] = "Caribbean, regional",
        ["1032"] = "Central America, regional",
        ["1033"] = "Melanesia, regional",
        ["1034"] = "Micronesia, regional",
        ["1035"] = "Polynesia, regional",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code a region may have.</summary>
    public static IReadOnlyCollection<string> Codes => Names.Keys;

    /// <summary>Returns the code, or refuses one that is not a region.</summary>
    public static string Parse(string code)
    {
        var normalised = code?.Trim() ?? string.Empty;
        if (!Names.ContainsKey(normalised))
        {
            throw RuleViolationException.Invalid("unknown-region", $"'{code}' is not an OECD DAC region code (for example 298 for Africa, regional, or 1030 for Western Africa, regional).");
        }
        return normalised;
    }

    /// <summary>The region's English name (as the DAC writes it), or the code itself if it is not one.</summary>
    public static string NameOf(string code) => Names.TryGetValue(code, out var name) ? name : code;
}
