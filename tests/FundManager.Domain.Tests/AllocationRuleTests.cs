using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;

namespace FundManager.Domain.Tests;

public sealed class AllocationRuleTests
{
    private static readonly EarmarkProfile Nigeria = new("PRJ-1", ThematicArea.VictimProtection, "NG", "289");

    private static FundingPool Pool(Earmark earmark, decimal available, int receivedDay = 1, decimal psc = 0.13m) =>
        new(Guid.NewGuid(), Guid.NewGuid(), earmark, new PscRate(psc), new DateOnly(2026, 1, receivedDay), Money.Usd(available));

    [Fact]
    public void the_tightest_matching_earmark_is_spent_first_then_looser_then_unearmarked()
    {
        var free = Pool(Earmark.Unearmarked, 1_000_000m);
        var theme = Pool(Earmark.ToTheme(ThematicArea.VictimProtection), 11_300m);
        var country = Pool(Earmark.ToCountry("NG"), 22_600m);
        var project = Pool(Earmark.ToProject("PRJ-1"), 5_650m);

        var allocation = AllocationRule.Plan([free, theme, country, project], Nigeria, Money.Usd(50_000m));

        Assert.Equal([project.ContributionId, country.ContributionId, theme.ContributionId, free.ContributionId], allocation.Sources.Select(s => s.ContributionId));
        Assert.Equal([5_000m, 20_000m, 10_000m, 15_000m], allocation.Sources.Select(s => s.Direct.Amount));
        Assert.Equal(50_000m, allocation.Direct.Amount);
        Assert.Equal(6_500m, allocation.Psc.Amount);
    }

    [Fact]
    public void money_earmarked_for_something_else_is_never_used()
    {
        var otherCountry = Pool(Earmark.ToCountry("GH"), 1_000_000m);
        var otherTheme = Pool(Earmark.ToTheme(ThematicArea.AntiMoneyLaundering), 1_000_000m);
        var otherProject = Pool(Earmark.ToProject("PRJ-2"), 1_000_000m);

        var refused = Assert.Throws<RuleViolationException>(() => AllocationRule.Plan([otherCountry, otherTheme, otherProject], Nigeria, Money.Usd(1m)));

        Assert.Equal("insufficient-funds", refused.Code);
    }

    [Fact]
    public void within_one_level_the_oldest_money_goes_first()
    {
        var newer = Pool(Earmark.Unearmarked, 113_000m, receivedDay: 20);
        var older = Pool(Earmark.Unearmarked, 113_000m, receivedDay: 2);

        var allocation = AllocationRule.Plan([newer, older], Nigeria, Money.Usd(50_000m));

        Assert.Equal(older.ContributionId, Assert.Single(allocation.Sources).ContributionId);
    }

    [Fact]
    public void each_source_charges_the_psc_of_its_own_agreement()
    {
        var sevenPercent = Pool(Earmark.ToCountry("NG"), 10_700m, psc: 0.07m);
        var standard = Pool(Earmark.Unearmarked, 100_000m);

        var allocation = AllocationRule.Plan([sevenPercent, standard], Nigeria, Money.Usd(20_000m));

        Assert.Equal(700m, allocation.Sources[0].PscAmount.Amount);
        Assert.Equal(1_300m, allocation.Sources[1].PscAmount.Amount);
    }

    [Fact]
    public void an_approval_the_matching_money_cannot_cover_with_its_psc_allocates_nothing()
    {
        var pool = Pool(Earmark.Unearmarked, 112_999.99m);

        var refused = Assert.Throws<RuleViolationException>(() => AllocationRule.Plan([pool], Nigeria, Money.Usd(100_000m)));

        Assert.Equal(RuleKind.Conflict, refused.Kind);
    }

    [Theory]
    [InlineData("113.00", "0.13", "100.00")]
    [InlineData("112.99", "0.13", "99.99")]
    [InlineData("0.01", "0.13", "0.01")]
    [InlineData("1000.00", "0", "1000.00")]
    [InlineData("10.70", "0.07", "10.00")]
    public void a_pool_covers_the_largest_direct_cost_whose_psc_still_fits(string available, string psc, string expected)
    {
        var direct = AllocationRule.LargestDirectCovered(Money.Usd(decimal.Parse(available, System.Globalization.CultureInfo.InvariantCulture)), new PscRate(decimal.Parse(psc, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), direct.Amount);
        Assert.True(direct + new PscRate(decimal.Parse(psc, System.Globalization.CultureInfo.InvariantCulture)).ChargeOn(direct) <= Money.Usd(decimal.Parse(available, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("0.07", "0.13", "100000.00")]
    [InlineData("0.0833", "0.1", "123456.78")]
    [InlineData("0.13", "0", "0.03")]
    public void an_allocation_read_back_from_its_journal_entry_is_the_one_that_was_made(string firstPsc, string secondPsc, string directCosts)
    {
        static PscRate Rate(string value) => new(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var fund = Fund.Create("fund", "Fund", "", Money.Usd(1_000_000m), new Access.Caller("admin", [Access.Role.Administrator]), Samples.Now)
            .RegisterContribution(first, Guid.NewGuid(), Earmark.ToCountry("NG"), Rate(firstPsc), new DateOnly(2026, 1, 1), refundUnspent: false)
            .RegisterContribution(second, Guid.NewGuid(), Earmark.Unearmarked, Rate(secondPsc), new DateOnly(2026, 1, 1), refundUnspent: false);
        // The country pool covers part of the costs, so the allocation draws on both.
        fund = fund.WithBalances(
        [
            new PoolBalance(first, Money.Usd(40_000.01m), Money.Usd(40_000.01m), new DateOnly(2026, 1, 2)),
            new PoolBalance(second, Money.Usd(500_000m), Money.Usd(500_000m), new DateOnly(2026, 1, 2)),
        ]);
        var costs = Money.Usd(decimal.Parse(directCosts, System.Globalization.CultureInfo.InvariantCulture));
        var project = Guid.NewGuid();
        var made = fund.Allocate(Nigeria, costs);
        var entry = PostingRules.Allocation("fund", project, Nigeria.ProjectCode, made, new DateOnly(2026, 2, 1), "approver", Samples.Now);

        var readBack = fund.AllocationHeld(entry, Nigeria, costs);

        Assert.Equal(made.Sources, readBack.Sources);
        var mismatch = Assert.Throws<RuleViolationException>(() => fund.AllocationHeld(entry, Nigeria, costs + Money.Usd(1m)));
        Assert.Equal("allocation-mismatch", mismatch.Code);
    }

    [Fact]
    public void an_allocation_above_the_cap_of_a_sole_approval_is_refused_and_takes_nothing()
    {
        var fund = Fund.Create("fund", "Fund", "", Money.Usd(100_000m), new Access.Caller("admin", [Access.Role.Administrator]), Samples.Now)
            .RegisterContribution(Guid.NewGuid(), Guid.NewGuid(), Earmark.Unearmarked, new PscRate(0.2m), new DateOnly(2026, 1, 1), refundUnspent: false);
        fund = fund.WithBalances([new PoolBalance(fund.Pools.Keys.Single(), Money.Usd(500_000m), Money.Usd(500_000m), new DateOnly(2026, 1, 2))]);

        var refused = Assert.Throws<RuleViolationException>(() => fund.Allocate(Nigeria, Money.Usd(90_000m), atMost: Money.Usd(100_000m)));

        Assert.Equal("second-approval-needed", refused.Code);
        Assert.Equal(500_000m, fund.Available.Amount);
    }

    [Fact]
    public void a_pool_takes_what_the_journal_holds_and_keeps_its_oldest_receipt_date()
    {
        var contribution = Guid.NewGuid();
        var fund = Fund.Create("fund", "Fund", "", Money.Usd(1_000_000m), new Access.Caller("admin", [Access.Role.Administrator]), Samples.Now)
            .RegisterContribution(contribution, Guid.NewGuid(), Earmark.Unearmarked, PscRate.Standard, new DateOnly(2026, 1, 1), refundUnspent: false);

        fund = fund.WithBalances([new PoolBalance(contribution, Money.Usd(50m), Money.Usd(163m), new DateOnly(2026, 1, 5))]);

        Assert.Equal(50m, fund.Pools[contribution].Available.Amount);
        Assert.Equal(163m, fund.Pools[contribution].ReceivedSoFar.Amount);
        Assert.Equal(new DateOnly(2026, 1, 5), fund.Pools[contribution].FirstReceived);
    }

    [Fact]
    public void money_of_a_contribution_the_fund_has_not_registered_is_not_available()
    {
        var fund = Fund.Create("fund", "Fund", "", Money.Usd(1_000_000m), new Access.Caller("admin", [Access.Role.Administrator]), Samples.Now);

        fund = fund.WithBalances([new PoolBalance(Guid.NewGuid(), Money.Usd(100m), Money.Usd(100m), new DateOnly(2026, 1, 2))]);

        Assert.Equal(0m, fund.Available.Amount);
    }

    [Fact]
    public void a_reversal_is_refused_when_approvals_hold_the_cash()
    {
        var contribution = Guid.NewGuid();
        var fund = Fund.Create("fund", "Fund", "", Money.Usd(1_000_000m), new Access.Caller("admin", [Access.Role.Administrator]), Samples.Now)
            .RegisterContribution(contribution, Guid.NewGuid(), Earmark.Unearmarked, PscRate.Standard, new DateOnly(2026, 1, 1), refundUnspent: false)
            .WithBalances([new PoolBalance(contribution, Money.Usd(40m), Money.Usd(153m), new DateOnly(2026, 1, 5))]);

        var refused = Assert.Throws<RuleViolationException>(() => fund.CheckWithdrawal(contribution, Money.Usd(50m)));

        Assert.Equal("reversal-exceeds-available", refused.Code);
        fund.CheckWithdrawal(contribution, Money.Usd(40m));
    }
}
