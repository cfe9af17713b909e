using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;

namespace FundManager.Domain.Tests;

public sealed class InstalmentScheduleTests
{
    private static readonly DateOnly PledgeDate = new(2026, 1, 15);

    [Fact]
    public void instalments_must_add_up_to_the_pledge_exactly()
    {
        var refused = Assert.Throws<RuleViolationException>(() =>
            InstalmentSchedule.For(Money.Of(1000m, "EUR"), PledgeDate, [(PledgeDate, 500m), (PledgeDate.AddMonths(6), 499.99m)]));

        Assert.Equal("schedule-does-not-add-up", refused.Code);
    }

    [Theory]
    [InlineData("USD", "100.00", 3, new[] { "33.34", "33.33", "33.33" })]
    [InlineData("JPY", "100", 3, new[] { "34", "33", "33" })]
    [InlineData("KWD", "1.000", 3, new[] { "0.334", "0.333", "0.333" })]
    [InlineData("USD", "0.05", 4, new[] { "0.02", "0.01", "0.01", "0.01" })]
    public void an_even_split_gives_the_remainder_to_the_first_instalments(string code, string total, int count, string[] expected)
    {
        var pledge = Money.Of(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), code);

        var schedule = InstalmentSchedule.Even(pledge, PledgeDate, PledgeDate, count, monthsApart: 6);

        Assert.Equal(expected.Select(e => decimal.Parse(e, System.Globalization.CultureInfo.InvariantCulture)), schedule.Instalments.Select(i => i.Amount.Amount));
        Assert.Equal(pledge, schedule.Total);
        Assert.Equal(PledgeDate.AddMonths(6), schedule.Instalments[1].DueDate);
    }

    [Fact]
    public void an_instalment_before_the_pledge_date_is_refused()
    {
        var refused = Assert.Throws<RuleViolationException>(() =>
            InstalmentSchedule.For(Money.Usd(10m), PledgeDate, [(PledgeDate.AddDays(-1), 10m)]));

        Assert.Equal("instalment-before-pledge", refused.Code);
    }

    [Fact]
    public void instalments_fall_due_in_order()
    {
        var refused = Assert.Throws<RuleViolationException>(() =>
            InstalmentSchedule.For(Money.Usd(10m), PledgeDate, [(PledgeDate.AddMonths(2), 5m), (PledgeDate.AddMonths(1), 5m)]));

        Assert.Equal("instalments-out-of-order", refused.Code);
    }

    [Fact]
    public void an_instalment_of_zero_is_refused()
    {
        Assert.Throws<RuleViolationException>(() => InstalmentSchedule.For(Money.Usd(10m), PledgeDate, [(PledgeDate, 10m), (PledgeDate, 0m)]));
    }

    [Fact]
    public void a_date_far_out_of_range_is_refused()
    {
        var refused = Assert.Throws<RuleViolationException>(() => InstalmentSchedule.For(Money.Usd(10m), PledgeDate, [(new DateOnly(2999, 1, 1), 10m)]));

        Assert.Equal("date-out-of-range", refused.Code);
    }
}

public sealed class InstalmentStandingTests
{
    private static readonly DateOnly Pledged = new(2026, 1, 15);

    [Fact]
    public void payments_settle_instalments_in_the_order_they_fall_due_and_an_unpaid_past_one_is_overdue()
    {
        var schedule = InstalmentSchedule.For(
            Money.Of(300m, "EUR"), Pledged, [(Pledged, 100m), (Pledged.AddMonths(2), 100m), (Pledged.AddMonths(4), 100m)]);

        var standing = schedule.Standing(Money.Of(150m, "EUR"), Pledged.AddMonths(3));

        Assert.Equal([100m, 50m, 0m], standing.Select(s => s.Paid.Amount));
        Assert.Equal([0m, 50m, 100m], standing.Select(s => s.Outstanding.Amount));
        Assert.Equal([false, true, false], standing.Select(s => s.Overdue));
    }
}
