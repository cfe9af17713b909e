using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;

namespace FundManager.Domain.Tests;

public sealed class ContributionTests
{
    private static readonly Currency Eur = Currency.Parse("EUR");
    private static readonly DateOnly PledgeDate = new(2026, 3, 10);

    private static Contribution Pledge(decimal amount = 1_000m, decimal rate = 0.92m)
    {
        var terms = new PledgeTerms(Money.Of(amount, Eur), PledgeDate, Earmark.Unearmarked, PscRate.Standard,
            InstalmentSchedule.Even(Money.Of(amount, Eur), PledgeDate, PledgeDate, 3, 4), "agreement");
        return Contribution.Pledge(Guid.NewGuid(), "fund", Guid.NewGuid(), terms, new ExchangeRate(Eur, new DateOnly(2026, 3, 1), rate), Samples.Chen, Samples.Now);
    }

    [Fact]
    public void a_pledge_is_booked_at_the_pledge_date_rate()
    {
        Assert.Equal(1_086.96m, Pledge().Booked.Usd.Amount);
    }

    [Fact]
    public void payment_above_outstanding_is_refused()
    {
        var contribution = Pledge();
        var rate = new ExchangeRate(Eur, new DateOnly(2026, 4, 1), 0.9m);
        var (afterFirst, _) = contribution.RecordPayment("p1", Money.Of(600m, Eur), new DateOnly(2026, 4, 2), rate, Samples.Chen, Samples.Now, Samples.Today);

        var refused = Assert.Throws<RuleViolationException>(() =>
            afterFirst.RecordPayment("p2", Money.Of(400.01m, Eur), new DateOnly(2026, 4, 3), rate, Samples.Chen, Samples.Now, Samples.Today));

        Assert.Equal("payment-exceeds-outstanding", refused.Code);
        Assert.Contains("400.00", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void settling_in_parts_leaves_no_stray_cent_on_the_receivable()
    {
        var contribution = Pledge(amount: 1_000m, rate: 0.93m);
        var rate = new ExchangeRate(Eur, new DateOnly(2026, 4, 1), 0.91m);
        foreach (var (key, amount) in new[] { ("a", 333.33m), ("b", 333.33m), ("c", 333.34m) })
        {
            (contribution, _) = contribution.RecordPayment(key, Money.Of(amount, Eur), new DateOnly(2026, 4, 5), rate, Samples.Chen, Samples.Now, Samples.Today);
        }

        Assert.True(contribution.Outstanding.IsZero);
        Assert.True(contribution.ReceivableUsd.IsZero);
        var settled = contribution.Payments.Sum(p => p.SettledReceivable.Amount);
        Assert.Equal(contribution.Booked.Usd.Amount, settled);
        Assert.Equal(contribution.ReceivedUsd.Amount - contribution.Booked.Usd.Amount, contribution.Payments.Sum(p => p.ExchangeDifference.Amount));
    }

    [Theory]
    [InlineData("JPY", "1000000", "151", "149.5", new[] { "333333", "333333", "333334" })]
    [InlineData("KWD", "1000.000", "0.307", "0.3049", new[] { "333.333", "333.333", "333.334" })]
    [InlineData("USD", "100.00", "1", "1", new[] { "33.33", "33.33", "33.34" })]
    [InlineData("EUR", "0.10", "0.92", "0.915", new[] { "0.03", "0.03", "0.04" })]
    public void paying_in_uneven_parts_at_another_rate_balances_in_every_currency_and_leaves_no_stray_cent(
        string code, string pledged, string bookedRate, string paidRate, string[] parts)
    {
        var currency = Currency.Parse(code);
        decimal D(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var date = new DateOnly(2026, 3, 10);
        var amount = Money.Of(D(pledged), currency);
        var terms = new PledgeTerms(amount, date, Earmark.Unearmarked, PscRate.Standard, InstalmentSchedule.Even(amount, date, date, 3, 1), null);
        var contribution = Contribution.Pledge(Guid.NewGuid(), "fund", Guid.NewGuid(), terms, new ExchangeRate(currency, new DateOnly(2026, 3, 1), D(bookedRate)), Samples.Chen, Samples.Now);
        var entries = new List<JournalEntry> { PostingRules.Pledge(contribution) };
        var rate = new ExchangeRate(currency, new DateOnly(2026, 4, 1), D(paidRate));

        for (var i = 0; i < parts.Length; i++)
        {
            (contribution, var payment) = contribution.RecordPayment($"p{i}", Money.Of(D(parts[i]), currency), new DateOnly(2026, 4, 2), rate, Samples.Chen, Samples.Now, Samples.Today);
            entries.Add(PostingRules.Payment(contribution, payment));
        }

        Assert.True(contribution.Outstanding.IsZero);
        Assert.True(contribution.ReceivableUsd.IsZero);
        Assert.Empty(Reconciliation.Entries(entries));
        var position = FundPosition.From("fund", null, Balances([.. entries]));
        Assert.True(position.Outstanding.IsZero);
        Assert.Equal(position.Received - position.Pledged, position.ExchangeGainOrLoss);
    }

    [Fact]
    public void a_payment_worth_less_than_a_cent_is_refused()
    {
        var yen = Currency.Parse("JPY");
        var date = new DateOnly(2026, 3, 10);
        var amount = Money.Of(1_000_000_000m, yen);
        var contribution = Contribution.Pledge(Guid.NewGuid(), "fund", Guid.NewGuid(),
            new PledgeTerms(amount, date, Earmark.Unearmarked, PscRate.Standard, InstalmentSchedule.Even(amount, date, date, 1, 1), null),
            new ExchangeRate(yen, new DateOnly(2026, 3, 1), 150m), Samples.Chen, Samples.Now);

        var refused = Assert.Throws<RuleViolationException>(() => contribution.RecordPayment("tiny", Money.Of(1m, yen), new DateOnly(2026, 4, 2),
            new ExchangeRate(yen, new DateOnly(2026, 4, 1), 300m), Samples.Chen, Samples.Now, Samples.Today));

        Assert.Equal("payment-too-small", refused.Code);
    }

    [Fact]
    public void a_pledge_worth_less_than_a_cent_is_refused()
    {
        var won = Currency.Parse("KRW");
        var date = new DateOnly(2026, 3, 10);
        var amount = Money.Of(1m, won);

        var refused = Assert.Throws<RuleViolationException>(() => Contribution.Pledge(Guid.NewGuid(), "fund", Guid.NewGuid(),
            new PledgeTerms(amount, date, Earmark.Unearmarked, PscRate.Standard, InstalmentSchedule.Even(amount, date, date, 1, 1), null),
            new ExchangeRate(won, new DateOnly(2026, 3, 1), 1_380m), Samples.Chen, Samples.Now));

        Assert.Equal("amount-too-small", refused.Code);
    }

    [Fact]
    public void a_payment_in_another_currency_than_the_pledge_is_refused()
    {
        var refused = Assert.Throws<RuleViolationException>(() => Pledge().RecordPayment("p", Money.Usd(10m), new DateOnly(2026, 4, 2),
            ExchangeRate.UsdOn(new DateOnly(2026, 4, 2)), Samples.Chen, Samples.Now, Samples.Today));

        Assert.Equal("currency-mismatch", refused.Code);
    }

    [Fact]
    public void a_payment_dated_in_the_future_is_refused()
    {
        var refused = Assert.Throws<RuleViolationException>(() => Pledge().RecordPayment("p", Money.Of(10m, Eur), Samples.Today.AddDays(1),
            new ExchangeRate(Eur, new DateOnly(2026, 6, 1), 0.9m), Samples.Chen, Samples.Now, Samples.Today));

        Assert.Equal("value-date-in-future", refused.Code);
    }

    [Fact]
    public void only_finance_records_payments()
    {
        var refused = Assert.Throws<RuleViolationException>(() => Pledge().RecordPayment("p", Money.Of(10m, Eur), new DateOnly(2026, 4, 2),
            new ExchangeRate(Eur, new DateOnly(2026, 4, 1), 0.9m), Samples.Amina, Samples.Now, Samples.Today));

        Assert.Equal(RuleKind.Forbidden, refused.Kind);
    }

    [Fact]
    public void the_same_payment_key_replays_and_a_different_payment_under_it_conflicts()
    {
        var rate = new ExchangeRate(Eur, new DateOnly(2026, 4, 1), 0.9m);
        var (after, payment) = Pledge().RecordPayment("p1", Money.Of(100m, Eur), new DateOnly(2026, 4, 2), rate, Samples.Chen, Samples.Now, Samples.Today);

        Assert.Same(payment, after.Replay("p1", Money.Of(100m, Eur), new DateOnly(2026, 4, 2)));
        Assert.Null(after.Replay("p2", Money.Of(100m, Eur), new DateOnly(2026, 4, 2)));
        var conflict = Assert.Throws<RuleViolationException>(() => after.Replay("p1", Money.Of(101m, Eur), new DateOnly(2026, 4, 2)));
        Assert.Equal("idempotency-key-reused", conflict.Code);
    }

    [Fact]
    public void pledge_and_payment_entries_balance_and_show_the_exchange_difference()
    {
        var contribution = Pledge(amount: 1_000m, rate: 0.92m);
        var (after, payment) = contribution.RecordPayment("p1", Money.Of(1_000m, Eur), new DateOnly(2026, 4, 2),
            new ExchangeRate(Eur, new DateOnly(2026, 4, 1), 0.90m), Samples.Chen, Samples.Now, Samples.Today);

        var position = FundPosition.From("fund", null, Balances(PostingRules.Pledge(after), PostingRules.Payment(after, payment)));

        Assert.Equal(1_086.96m, position.Pledged.Amount);
        Assert.Equal(1_111.11m, position.Received.Amount);
        Assert.Equal(0m, position.Outstanding.Amount);
        Assert.Equal(24.15m, position.ExchangeGainOrLoss.Amount);
        Assert.Equal(1_111.11m, position.Available.Amount);
        Assert.Empty(position.Breaks());
    }

    internal static IEnumerable<AccountBalance> Balances(params JournalEntry[] entries) =>
        entries.SelectMany(e => e.Lines)
            .GroupBy(l => l.Account)
            .Select(g => new AccountBalance(g.Key, null, null, null,
                g.Where(l => l.Side == EntrySide.Debit).Sum(l => l.Usd.Amount),
                g.Where(l => l.Side == EntrySide.Credit).Sum(l => l.Usd.Amount)));
}
