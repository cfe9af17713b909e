using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;

namespace FundManager.Domain.Tests;

/// <summary>The rules that refuse a request before anything is looked up: agreement terms, month ends, ids.</summary>
public sealed class EdgeRuleTests
{
    private static readonly Currency Eur = Currency.Parse("EUR");
    private static readonly DateOnly PledgeDate = new(2026, 3, 10);
    private static readonly Guid DonorId = Guid.NewGuid();
    private static readonly Caller Norway = new("norway", [Role.Donor], DonorId);

    private static Contribution PledgeAs(Caller by, PscRate psc, bool refundUnspent)
    {
        var amount = Money.Of(1_000m, Eur);
        var terms = new PledgeTerms(amount, PledgeDate, Earmark.Unearmarked, psc, InstalmentSchedule.Even(amount, PledgeDate, PledgeDate, 1, 1), null, refundUnspent);
        return Contribution.Pledge(Guid.NewGuid(), "fund", DonorId, terms, new ExchangeRate(Eur, new DateOnly(2026, 3, 1), 0.92m), by, Samples.Now);
    }

    [Fact]
    public void a_donor_cannot_set_its_own_psc_rate()
    {
        var refused = Assert.Throws<RuleViolationException>(() => PledgeAs(Norway, new PscRate(0m), refundUnspent: false));

        Assert.Equal(RuleKind.Forbidden, refused.Kind);
        Assert.Equal("terms-set-by-finance", refused.Code);
    }

    [Fact]
    public void a_donor_cannot_ask_for_its_unspent_money_back()
    {
        var refused = Assert.Throws<RuleViolationException>(() => PledgeAs(Norway, PscRate.Standard, refundUnspent: true));

        Assert.Equal("terms-set-by-finance", refused.Code);
    }

    [Fact]
    public void a_donor_pledging_on_its_own_gets_the_standard_terms()
    {
        var pledge = PledgeAs(Norway, PscRate.Standard, refundUnspent: false);

        Assert.Equal(PscRate.Standard, pledge.Terms.Psc);
        Assert.False(pledge.Terms.RefundUnspent);
    }

    [Fact]
    public void a_finance_officer_sets_other_terms_on_a_donors_behalf()
    {
        var pledge = PledgeAs(Samples.Chen, new PscRate(0.08m), refundUnspent: true);

        Assert.Equal(0.08m, pledge.Terms.Psc.Value);
        Assert.True(pledge.Terms.RefundUnspent);
    }

    [Theory]
    [InlineData("2026-12-15")]
    [InlineData("2026-02-27")]
    [InlineData("2028-02-28")]
    [InlineData("0001-01-31")]
    [InlineData("2101-01-31")]
    public void a_revaluation_date_that_is_not_a_month_end_in_the_books_range_is_refused(string date)
    {
        var refused = Assert.Throws<RuleViolationException>(() => BusinessDates.EnsureMonthEnd(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), "The month end"));

        Assert.Contains(refused.Code, new[] { "not-a-month-end", "date-out-of-range" });
        Assert.Contains(date, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-31")]
    [InlineData("2027-02-28")]
    [InlineData("2028-02-29")]
    [InlineData("2026-04-30")]
    public void a_month_end_is_the_last_day_of_its_month(string date)
    {
        BusinessDates.EnsureMonthEnd(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), "The month end");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("..")]
    [InlineData("a")]
    [InlineData("gptf\0")]
    [InlineData("GPTF")]
    [InlineData("-gptf")]
    [InlineData("gp/tf")]
    public void a_fund_id_that_could_not_name_a_fund_is_refused(string id)
    {
        Assert.Equal("invalid-fund-id", Assert.Throws<RuleViolationException>(() => Fund.RequireValidId(id)).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("chen\0")]
    [InlineData("ch en")]
    [InlineData("chen/../admin")]
    public void a_user_name_that_could_not_name_an_account_is_refused(string userName)
    {
        Assert.False(UserNames.IsValid(UserNames.Normalize(userName)));
        Assert.Equal("invalid-user-name", Assert.Throws<RuleViolationException>(() => UserNames.RequireValid(userName)).Code);
    }

    [Fact]
    public void a_user_name_is_kept_trimmed_and_in_lower_case()
    {
        Assert.Equal("chen", UserNames.Normalize(" Chen "));
        Assert.True(UserNames.IsValid("chen.w-2_x"));
    }
}
