using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;

namespace FundManager.Grains.Tests;

/// <summary>Corrections are new entries that point to the original; nothing is edited.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CorrectionsGrainTests(ClusterFixture cluster)
{
    private static readonly Currency Eur = Currency.Parse("EUR");

    [Fact]
    public async Task a_reversed_payment_is_outstanding_again_and_its_reversal_points_to_it()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Of(1_000m, Eur));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("wrong", Money.Of(400m, Eur), FundWorld.PaidOn));

        var once = await grain.ReversePayment(FundWorld.Dalia, "wrong", "belongs to another pledge");
        var twice = await grain.ReversePayment(FundWorld.Dalia, "wrong", "belongs to another pledge");

        Assert.Equal(1_000m, twice.Outstanding.Amount);
        Assert.Equal("dalia", Assert.Single(once.Payments).Reversal!.By);
        var original = PostingRules.PaymentKey(contribution.Id, "wrong");
        var reversal = Assert.Single(cluster.Journal.Entries, e => e.Reverses == original);
        Assert.Equal(EntryKind.Reversal, reversal.Kind);
        var position = await world.Fund.Position(FundWorld.Chen, null);
        Assert.True(position.Received.IsZero);
        Assert.True(position.Available.IsZero);
        Assert.Equal(contribution.Booked.Usd, position.Outstanding);
    }

    [Fact]
    public async Task a_payment_whose_cash_an_approval_holds_cannot_be_reversed()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.FundedAsync(113_000m);
        await (await world.InReviewAsync("HELD-1")).Advance(FundWorld.Bruno, ProjectStep.Approve, null);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() =>
            cluster.Client.GetGrain<IContributionGrain>(contribution.Id).ReversePayment(FundWorld.Dalia, "cash", "mistake"));

        Assert.Equal("reversal-exceeds-available", refused.Code);
        Assert.False((await cluster.Client.GetGrain<IContributionGrain>(contribution.Id).Describe(FundWorld.Chen)).Payments.Single().IsReversed);
    }

    [Fact]
    public async Task a_reversed_disbursement_returns_to_the_allocation_and_is_paid_again_under_a_new_key()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(500_000m);
        var project = await world.ActiveAsync("REPAY-1");
        await project.ReleaseTranche(FundWorld.Dalia, 1);
        await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run-1", FundWorld.RunDate);

        var reversed = await project.ReverseDisbursement(FundWorld.Dalia, 1, 0, "wrong bank account");
        Assert.True(reversed.Disbursed.IsZero);
        var held = await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run-2", FundWorld.RunDate);
        Assert.Contains("a finance officer has not released it", Assert.Single(held).HeldBecause);
        await project.ReleaseTranche(FundWorld.Dalia, 1);
        var repaid = await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run-3", FundWorld.RunDate);

        Assert.True(Assert.Single(repaid).Paid);
        var after = await project.Describe(FundWorld.Chen);
        Assert.Equal(2, after.Payments.Count);
        Assert.Equal(1, after.StandingPayments.Single().Attempt);
        Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.DisbursementKey(after.Id, 1, 1));
        Assert.Single(cluster.Journal.Entries, e => e.Reverses == PostingRules.DisbursementKey(after.Id, 1));
        var position = await world.Fund.Position(FundWorld.Chen, null);
        Assert.Equal(50_000m, position.Disbursed.Amount);
        Assert.Equal(6_500m, position.PscCharged.Amount);
    }

    [Fact]
    public async Task a_project_reads_its_disbursements_back_from_the_journal_after_deactivation()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(500_000m);
        var project = await world.ActiveAsync("REREAD-1");
        await project.ReleaseTranche(FundWorld.Dalia, 1);
        await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run-a", FundWorld.RunDate);
        await project.ReverseDisbursement(FundWorld.Dalia, 1, 0, "wrong bank account");
        await project.ReleaseTranche(FundWorld.Dalia, 1);
        await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run-b", FundWorld.RunDate);
        var before = await project.Describe(FundWorld.Chen);

        await cluster.Cluster.DeactivateAsync(project);
        var after = await project.Describe(FundWorld.Chen);
        var retried = await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run-b", FundWorld.RunDate);

        Assert.Equal(before.Payments.Select(p => (p.Number, p.Attempt, p.PaidOn, p.RunId, p.Direct, p.Psc, p.IsReversed, p.Reversal?.Reason)),
            after.Payments.Select(p => (p.Number, p.Attempt, p.PaidOn, p.RunId, p.Direct, p.Psc, p.IsReversed, p.Reversal?.Reason)));
        Assert.Equal(before.Disbursed, after.Disbursed);
        Assert.Equal("wrong bank account", after.Payments.Single(p => p.IsReversed).Reversal!.Reason);
        // The retried run reports what it paid, and pays nothing more.
        Assert.True(Assert.Single(retried).Paid);
        Assert.Equal(2, cluster.Journal.Entries.Count(e => e.Kind == EntryKind.Disbursement && e.IdempotencyKey.Contains(after.Id.ToString("N"), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task amendments_are_journaled_with_who_and_why_and_keep_the_schedule_exact()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Of(900m, Eur));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("p1", Money.Of(300m, Eur), FundWorld.PaidOn));

        var increased = await grain.Amend(FundWorld.Chen, new AmendmentCommand("a1", AmendmentKind.Increase, Money.Of(100m, Eur), FundWorld.PaidOn,
            [new InstalmentInput(new DateOnly(2026, 12, 1), 100m)], "top-up agreed by letter"));
        var decreased = await grain.Amend(FundWorld.Chen, new AmendmentCommand("a2", AmendmentKind.Decrease, Money.Of(250m, Eur), FundWorld.PaidOn, [], "budget cut"));
        var cancelled = await grain.Amend(FundWorld.Chen, new AmendmentCommand("a3", AmendmentKind.CancelUnpaidRest, null, FundWorld.PaidOn, [], "agreement ended"));
        var replayed = await grain.Amend(FundWorld.Chen, new AmendmentCommand("a3", AmendmentKind.CancelUnpaidRest, null, FundWorld.PaidOn, [], "agreement ended"));

        Assert.Equal(1_000m, increased.Terms.Amount.Amount);
        Assert.Equal(750m, decreased.Terms.Amount.Amount);
        Assert.Equal(decreased.Terms.Amount, decreased.Terms.Schedule.Total);
        Assert.Equal(300m, cancelled.Terms.Amount.Amount);
        Assert.True(cancelled.Outstanding.IsZero);
        Assert.True(cancelled.ReceivableUsd.IsZero);
        Assert.Equal(3, replayed.Amendments.Count);
        Assert.Equal(["top-up agreed by letter", "budget cut", "agreement ended"], cancelled.Amendments.Select(a => a.Reason));
        Assert.Equal(3, cluster.Journal.Entries.Count(e => e.Kind == EntryKind.PledgeAmendment && e.Lines.Any(l => l.ContributionId == contribution.Id)));
        var position = await world.Fund.Position(FundWorld.Chen, null);
        Assert.True(position.Outstanding.IsZero);
        Assert.Equal(position.Pledged, position.Received - position.ExchangeGainOrLoss + position.Outstanding);
    }

    [Fact]
    public async Task month_end_revaluation_books_an_unrealised_difference_once_and_payment_settles_at_the_revalued_value()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        // Swiss francs: no other test uses them, so these rates meet no one else's.
        var rates = cluster.Client.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key);
        await rates.Set(FundWorld.Chen, Currency.Parse("CHF"), new DateOnly(2026, 6, 1), 0.9m);
        await rates.Set(FundWorld.Chen, Currency.Parse("CHF"), new DateOnly(2026, 6, 20), 0.84m);
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Of(90_000m, "CHF"));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);

        var revaluation = await grain.Revalue(FundWorld.Chen, new DateOnly(2026, 6, 30));
        var again = await grain.Revalue(FundWorld.Chen, new DateOnly(2026, 6, 30));

        Assert.Equal(100_000.00m, contribution.Booked.Usd.Amount);
        Assert.Equal(7_142.86m, revaluation!.Difference.Amount);
        Assert.Equal(0.84m, revaluation.Rate);
        Assert.Equal(revaluation, again);
        Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.RevaluationKey(contribution.Id, new DateOnly(2026, 6, 30)));
        var position = await world.Fund.Position(FundWorld.Chen, null);
        Assert.Equal(107_142.86m, position.Pledged.Amount);
        Assert.Equal(107_142.86m, position.Outstanding.Amount);
        Assert.Equal(7_142.86m, position.ExchangeGainOrLoss.Amount);
    }

    [Fact]
    public async Task closing_a_project_funded_by_a_refundable_agreement_sets_its_unspent_money_aside_for_the_donor()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var donor = await world.DonorAsync();
        var contribution = await cluster.Client.GetGrain<IDonorGrain>(donor).Pledge(FundWorld.Chen, new PledgeCommand(
            world.FundId, "refundable", Money.Usd(113_000m), FundWorld.PledgeDate, Earmark.Unearmarked, PscRate.Standard,
            [new InstalmentInput(FundWorld.PledgeDate, 113_000m)], null, RefundUnspent: true));
        await cluster.Client.GetGrain<IContributionGrain>(contribution.Id).RecordPayment(FundWorld.Chen, new PaymentCommand("cash", Money.Usd(113_000m), FundWorld.PaidOn));
        var project = await world.ActiveAsync("REFUND-1");
        await project.ReleaseTranche(FundWorld.Dalia, 1);
        await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run", FundWorld.RunDate);

        await project.Advance(FundWorld.Amina, ProjectStep.Complete, null);
        await project.Advance(FundWorld.Dalia, ProjectStep.Close, "done");

        var position = await world.Fund.Position(FundWorld.Chen, null);
        Assert.Equal(56_500m, position.RefundableToDonors.Amount);
        Assert.True(position.Available.IsZero);
        Assert.True((await world.Fund.Pools(FundWorld.Chen)).Single().Available.IsZero);
        Assert.Empty(position.Breaks());
    }
}
