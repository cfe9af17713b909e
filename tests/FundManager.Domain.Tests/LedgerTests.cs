using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;

namespace FundManager.Domain.Tests;

public sealed class LedgerTests
{
    private static JournalEntry Entry(decimal debit, decimal credit, string key = "k") =>
        new(key, "fund", EntryKind.Payment, new DateOnly(2026, 1, 1), Samples.Now, "chen", "test",
            [JournalLine.Debit(LedgerAccount.Cash, Money.Usd(debit)), JournalLine.Credit(LedgerAccount.PledgesReceivable, Money.Usd(credit))]);

    [Fact]
    public void an_entry_whose_debits_and_credits_differ_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Entry(100m, 99.99m));

        Assert.Contains("does not balance", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_entry_needs_two_non_zero_lines()
    {
        Assert.Throws<InvalidOperationException>(() => Entry(0m, 0m));
    }

    [Fact]
    public void the_fingerprint_ignores_the_scale_of_amounts_and_the_time_recorded()
    {
        var a = Entry(100m, 100m);
        var b = new JournalEntry("k", "fund", EntryKind.Payment, new DateOnly(2026, 1, 1), Samples.Now.AddHours(5), "chen", "test",
            [JournalLine.Debit(LedgerAccount.Cash, Money.Usd(100.00m)), JournalLine.Credit(LedgerAccount.PledgesReceivable, Money.Usd(100.0m))]);

        Assert.Equal(a.Fingerprint(), b.Fingerprint());
        Assert.NotEqual(a.Fingerprint(), Entry(100.01m, 100.01m).Fingerprint());
    }

    [Fact]
    public void a_reversal_mirrors_every_line_and_points_to_the_original()
    {
        var original = Entry(100m, 100m);

        var reversal = original.Reverse("k-reversal", new DateOnly(2026, 1, 2), Samples.Now, "dalia", "wrong pledge");

        Assert.Equal("k", reversal.Reverses);
        Assert.Equal(EntryKind.Reversal, reversal.Kind);
        var position = FundPosition.From("fund", null, ContributionTests.Balances(original, reversal));
        Assert.True(position.Cash.IsZero);
        Assert.True(position.Outstanding.IsZero);
    }

    [Fact]
    public void the_funds_cash_is_net_of_the_psc_charged_on_its_disbursements()
    {
        var payment = new JournalEntry("payment", "fund", EntryKind.Payment, new DateOnly(2026, 1, 1), Samples.Now, "chen", "payment",
        [
            JournalLine.Debit(LedgerAccount.Cash, Money.Usd(1_000m)), JournalLine.Credit(LedgerAccount.PledgesReceivable, Money.Usd(1_000m)),
            JournalLine.Debit(LedgerAccount.ReceiptsControl, Money.Usd(1_000m)), JournalLine.Credit(LedgerAccount.AvailableForAllocation, Money.Usd(1_000m)),
        ]);
        var disbursement = new JournalEntry("disbursement", "fund", EntryKind.Disbursement, new DateOnly(2026, 2, 1), Samples.Now, "dalia", "tranche 1",
        [
            JournalLine.Debit(LedgerAccount.DirectExpenditure, Money.Usd(100m)), JournalLine.Credit(LedgerAccount.Cash, Money.Usd(100m)),
            JournalLine.Debit(LedgerAccount.PscExpenditure, Money.Usd(13m)), JournalLine.Credit(LedgerAccount.PscIncome, Money.Usd(13m)),
        ]);

        var position = FundPosition.From("fund", null, ContributionTests.Balances(payment, disbursement));

        Assert.Equal(Money.Usd(887m), position.Cash);
        Assert.Equal(Money.Usd(13m), position.PscCharged);
        Assert.DoesNotContain(position.Breaks(), b => b.StartsWith("cash", StringComparison.Ordinal));
    }
}
