using FundManager.Domain.Funds;
using FundManager.Domain.Geography;
using FundManager.Domain.Iati;
using FundManager.Domain.Projects;

namespace FundManager.Domain.Tests;

/// <summary>The system's code lists speak IATI: regions, sectors and the codes of the life cycle and results.</summary>
public sealed class IatiCodeListTests
{
    [Fact]
    public void a_pledge_may_be_earmarked_to_western_africa_regional()
    {
        var earmark = Earmark.From(EarmarkLevel.SoftlyEarmarked, EarmarkTarget.Region, "1030");

        Assert.Equal("1030", earmark.Value);
        Assert.Equal("Western Africa, regional", Region.NameOf("1030"));
        Assert.True(earmark.Allows(new EarmarkProfile("WA-1", ThematicArea.VictimProtection, null, "1030")));
    }

    [Theory]
    [InlineData("1027", "Eastern Africa, regional")]
    [InlineData("1031", "Caribbean, regional")]
    [InlineData("1035", "Polynesia, regional")]
    [InlineData("88", "States Ex-Yugoslavia unspecified")]
    [InlineData("298", "Africa, regional")]
    public void every_dac_region_is_known_by_its_name(string code, string name)
    {
        Assert.Equal(code, Region.Parse(code));
        Assert.Equal(name, Region.NameOf(code));
    }

    [Theory]
    [InlineData("380")] // West Indies, withdrawn in favour of 1031 Caribbean
    [InlineData("1036")]
    [InlineData("NG")]
    public void a_withdrawn_or_unknown_region_is_refused(string code)
    {
        var refused = Assert.Throws<RuleViolationException>(() => Region.Parse(code));
        Assert.Equal("unknown-region", refused.Code);
    }

    [Fact]
    public void a_project_names_a_dac_purpose_code_in_use_and_never_a_withdrawn_one()
    {
        Assert.Equal("15180", DacSector.Parse(" 15180 "));
        Assert.Equal("Legal and judicial development", DacSector.NameOf("15130"));
        Assert.Equal("invalid-sector", Assert.Throws<RuleViolationException>(() => DacSector.Parse("15140")).Code);
        Assert.Equal("invalid-sector", Assert.Throws<RuleViolationException>(() => DacSector.Parse("99999")).Code);
    }

    [Fact]
    public void only_approved_projects_have_an_iati_activity_status()
    {
        Assert.Equal(
            [null, null, null, "1", null, null, "2", "6", "3", "4"],
            Enum.GetValues<ProjectStatus>().Select(IatiCodes.ActivityStatus));
    }

    [Fact]
    public void the_transaction_types_published_are_the_five_iati_codes_the_fund_has()
    {
        Assert.Equal(["1", "11", "2", "3", "4"], IatiCodes.InUse["TransactionType"].Order(StringComparer.Ordinal));
        Assert.Equal(["1", "2", "3", "4"], IatiCodes.InUse["EarmarkingCategory"].Order(StringComparer.Ordinal));
        Assert.Equal(["1", "2", "3"], IatiCodes.InUse["ResultType"].Order(StringComparer.Ordinal));
        Assert.Equal(["1", "2"], IatiCodes.InUse["IndicatorMeasure"].Order(StringComparer.Ordinal));
    }
}
