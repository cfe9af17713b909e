using FundManager.Domain.Geography;

namespace FundManager.Domain.Funds;

/// <summary>How tightly a contribution is tied to a use (IATI EarmarkingCategory codes 1 to 4).</summary>
public enum EarmarkLevel
{
    /// <summary>Any use in the fund.</summary>
    Unearmarked = 1,
    /// <summary>A thematic area or a region.</summary>
    SoftlyEarmarked = 2,
    /// <summary>A country.</summary>
    Earmarked = 3,
    /// <summary>One project.</summary>
    TightlyEarmarked = 4,
}

/// <summary>What an earmark names.</summary>
public enum EarmarkTarget
{
    None = 0,
    ThematicArea = 1,
    Region = 2,
    Country = 3,
    Project = 4,
}

/// <summary>What a project is, as far as earmarks care.</summary>
[GenerateSerializer, Immutable, Alias("fm.EarmarkProfile")]
public sealed record EarmarkProfile(string ProjectCode, ThematicArea ThematicArea, string? Country, string? Region);

/// <summary>A contribution's earmark: a level and, above level 1, the one thing it names.</summary>
[GenerateSerializer, Immutable, Alias("fm.Earmark")]
public sealed record Earmark
{
    private Earmark(EarmarkLevel level, EarmarkTarget target, string? value)
    {
        Level = level;
        Target = target;
        Value = value;
    }

    [Id(0)] public EarmarkLevel Level { get; }
    [Id(1)] public EarmarkTarget Target { get; }
    [Id(2)] public string? Value { get; }

    public static Earmark Unearmarked { get; } = new(EarmarkLevel.Unearmarked, EarmarkTarget.None, null);

    public static Earmark ToTheme(ThematicArea area) =>
        Enum.IsDefined(area)
            ? new(EarmarkLevel.SoftlyEarmarked, EarmarkTarget.ThematicArea, area.ToString())
            : throw RuleViolationException.Invalid("unknown-thematic-area", $"'{area}' is not a thematic area.");

    public static Earmark ToRegion(string regionCode) => new(EarmarkLevel.SoftlyEarmarked, EarmarkTarget.Region, Region.Parse(regionCode));

    public static Earmark ToCountry(string countryCode) => new(EarmarkLevel.Earmarked, EarmarkTarget.Country, Country.Parse(countryCode));

    public static Earmark ToProject(string projectCode)
    {
        if (string.IsNullOrWhiteSpace(projectCode))
        {
            throw RuleViolationException.Invalid("earmark-target-missing", "A tightly earmarked contribution must name the project's code.");
        }
        return new(EarmarkLevel.TightlyEarmarked, EarmarkTarget.Project, projectCode.Trim());
    }

    /// <summary>Builds an earmark from the level and target a caller sent, refusing pairs that make no sense.</summary>
    public static Earmark From(EarmarkLevel level, EarmarkTarget target, string? value) => (level, target) switch
    {
        (EarmarkLevel.Unearmarked, EarmarkTarget.None) => Unearmarked,
        (EarmarkLevel.SoftlyEarmarked, EarmarkTarget.ThematicArea) when Enum.TryParse<ThematicArea>(value, ignoreCase: true, out var area) && Enum.IsDefined(area) => ToTheme(area),
        (EarmarkLevel.SoftlyEarmarked, EarmarkTarget.ThematicArea) => throw RuleViolationException.Invalid("unknown-thematic-area", $"'{value}' is not a thematic area."),
        (EarmarkLevel.SoftlyEarmarked, EarmarkTarget.Region) => ToRegion(value ?? string.Empty),
        (EarmarkLevel.Earmarked, EarmarkTarget.Country) => ToCountry(value ?? string.Empty),
        (EarmarkLevel.TightlyEarmarked, EarmarkTarget.Project) => ToProject(value ?? string.Empty),
        _ => throw RuleViolationException.Invalid(
            "earmark-mismatch",
            $"An earmark of level {(int)level} ({level}) cannot name a {target}: level 1 names nothing, level 2 a thematic area or region, level 3 a country, level 4 a project."),
    };

    /// <summary>Whether money under this earmark may pay for the project.</summary>
    public bool Allows(EarmarkProfile project) => Target switch
    {
        EarmarkTarget.None => true,
        EarmarkTarget.ThematicArea => project.ThematicArea.ToString() == Value,
        EarmarkTarget.Region => project.Region == Value,
        EarmarkTarget.Country => project.Country == Value,
        EarmarkTarget.Project => string.Equals(project.ProjectCode, Value, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public override string ToString() => Target == EarmarkTarget.None ? "unearmarked" : $"{Level}: {Target} {Value}";
}
