namespace FundManager.Domain.Contributions;

/// <summary>Kinds of donor (a subset of IATI OrganisationType).</summary>
public enum DonorType
{
    Government = 10,
    Multilateral = 40,
    InternationalNgo = 21,
    NationalNgo = 22,
    Foundation = 60,
    PrivateSector = 70,
}

/// <summary>A government, organisation, foundation or company that contributes to the fund.</summary>
[GenerateSerializer, Immutable, Alias("fm.DonorProfile")]
public sealed record DonorProfile
{
    public DonorProfile(string name, DonorType type, string? country, string? iatiIdentifier)
    {
        Name = string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200
            ? throw RuleViolationException.Invalid("invalid-donor-name", "A donor's name is 1 to 200 characters.")
            : name.Trim();
        Type = Enum.IsDefined(type) ? type : throw RuleViolationException.Invalid("unknown-donor-type", $"'{type}' is not a donor type.");
        Country = string.IsNullOrWhiteSpace(country) ? null : Geography.Country.Parse(country);
        IatiIdentifier = string.IsNullOrWhiteSpace(iatiIdentifier) ? null : iatiIdentifier.Trim();
    }

    [Id(0)] public string Name { get; }
    [Id(1)] public DonorType Type { get; }
    [Id(2)] public string? Country { get; }
    [Id(3)] public string? IatiIdentifier { get; }
}
