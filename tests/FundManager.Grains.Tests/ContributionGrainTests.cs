using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Audit;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;

namespace FundManager.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ContributionGrainTests(ClusterFixture cluster)
{
    private static readonly Currency Eur = Currency.Parse("EUR");

    [Fact]
    public async Task a_euro_pledge_is_booked_at_the_pledge_date_rate_and_journaled_once()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var donor = await world.DonorAsync();

        var first = await world.PledgeAsync(donor, Money.Of(1_000_000m, Eur), key: "agreement-1");
        var again = await world.PledgeAsync(donor, Money.Of(1_000_000m, Eur), key: "agreement-1");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1_086_956.52m, first.Booked.Usd.Amount);
        var entry = Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.PledgeKey(first.Id));
        Assert.Equal(1_086_956.52m, entry.TotalDebits);
        var donorView = await cluster.Client.GetGrain<IDonorGrain>(donor).Describe(FundWorld.Chen);
        Assert.Equal([first.Id], donorView.Contributions);
    }

    [Fact]
    public async Task the_same_payment_sent_many_times_at_once_is_recorded_once()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Of(1_000m, Eur));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);

        var payments = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ =>
            grain.RecordPayment(FundWorld.Chen, new PaymentCommand("bank-ref-42", Money.Of(400m, Eur), FundWorld.PaidOn))));

        Assert.All(payments, p => Assert.Equal("bank-ref-42", p.Key));
        var after = await grain.Describe(FundWorld.Chen);
        Assert.Single(after.Payments);
        Assert.Equal(600m, after.Outstanding.Amount);
        Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.PaymentKey(contribution.Id, "bank-ref-42"));
        var pool = Assert.Single(await world.Fund.Pools(FundWorld.Chen));
        Assert.Equal(434.78m, pool.Available.Amount);
    }

    [Fact]
    public async Task a_payment_above_what_is_outstanding_is_refused_and_changes_nothing()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Of(1_000m, Eur));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() =>
            grain.RecordPayment(FundWorld.Chen, new PaymentCommand("too-much", Money.Of(1_000.01m, Eur), FundWorld.PaidOn)));

        Assert.Equal("payment-exceeds-outstanding", refused.Code);
        Assert.Empty((await grain.Describe(FundWorld.Chen)).Payments);
        Assert.DoesNotContain(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.PaymentKey(contribution.Id, "too-much"));
    }

    [Fact]
    public async Task a_pledge_in_a_currency_without_a_rate_for_its_month_is_refused()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var donor = await world.DonorAsync();

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => world.PledgeAsync(donor, Money.Of(10m, "GBP")));

        Assert.Equal("missing-rate", refused.Code);
        Assert.Empty(await cluster.Client.GetGrain<IDonorGrain>(donor).Contributions(FundWorld.Chen));
    }

    [Fact]
    public async Task a_payment_dated_before_its_pledge_is_refused()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Of(1_000m, Eur));

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => cluster.Client.GetGrain<IContributionGrain>(contribution.Id)
            .RecordPayment(FundWorld.Chen, new PaymentCommand("p", Money.Of(10m, Eur), new DateOnly(2026, 5, 31))));

        Assert.Equal("value-date-before-pledge", refused.Code);
    }

    [Fact]
    public async Task a_donor_sees_its_own_pledges_and_never_another_donors()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var mine = await world.DonorAsync("Mine");
        var theirs = await world.DonorAsync("Theirs");
        var theirPledge = await world.PledgeAsync(theirs, Money.Usd(100m));
        var me = FundWorld.DonorUser(mine);

        Assert.Empty(await cluster.Client.GetGrain<IDonorGrain>(mine).Contributions(me));
        await AssertForbidden(() => cluster.Client.GetGrain<IDonorGrain>(theirs).Describe(me));
        await AssertForbidden(() => cluster.Client.GetGrain<IDonorGrain>(theirs).Contributions(me));
        await AssertForbidden(() => cluster.Client.GetGrain<IDonorGrain>(theirs).Statement(me, null, null));
        await AssertForbidden(() => cluster.Client.GetGrain<IContributionGrain>(theirPledge.Id).Describe(me));
        await AssertForbidden(() => world.Fund.Position(me, null));
        await AssertForbidden(() => cluster.Client.GetGrain<IDonorGrain>(theirs).Pledge(me, new PledgeCommand(world.FundId, "k", Money.Usd(1m), FundWorld.PledgeDate,
            Domain.Funds.Earmark.Unearmarked, Domain.Contributions.PscRate.Standard, [new InstalmentInput(FundWorld.PledgeDate, 1m)], null)));
    }

    [Fact]
    public async Task a_donor_pledges_for_itself_and_reads_its_statement()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var donor = await world.DonorAsync();
        var me = FundWorld.DonorUser(donor);

        var contribution = await cluster.Client.GetGrain<IDonorGrain>(donor).Pledge(me, new PledgeCommand(world.FundId, "mine-1", Money.Usd(500m), FundWorld.PledgeDate,
            Domain.Funds.Earmark.Unearmarked, Domain.Contributions.PscRate.Standard, [new InstalmentInput(FundWorld.PledgeDate, 500m)], "letter"));
        await cluster.Client.GetGrain<IContributionGrain>(contribution.Id).RecordPayment(FundWorld.Chen, new PaymentCommand("cash", Money.Usd(200m), FundWorld.PaidOn));

        var statement = await cluster.Client.GetGrain<IDonorGrain>(donor).Statement(me, world.FundId, null);

        var line = Assert.Single(statement.Contributions);
        Assert.Equal(500m, line.PledgedUsd.Amount);
        Assert.Equal(200m, line.ReceivedUsd.Amount);
        Assert.Equal(300m, line.Outstanding.Amount);
        Assert.Equal("chen", Assert.Single(line.Payments).RecordedBy);
    }

    [Fact]
    public async Task a_payment_the_journal_could_not_take_is_not_acknowledged_and_its_retry_records_it_once()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Usd(1_000m));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        var key = PostingRules.PaymentKey(contribution.Id, "flaky");

        cluster.Journal.FailNext(1, e => e.IdempotencyKey == key);
        await Assert.ThrowsAsync<ServiceFaultException>(() => grain.RecordPayment(FundWorld.Chen, new PaymentCommand("flaky", Money.Usd(300m), FundWorld.PaidOn)));

        // Acknowledged means durable: nothing is recorded anywhere until the journal holds it.
        Assert.DoesNotContain(cluster.Journal.Entries, e => e.IdempotencyKey == key);
        Assert.Empty((await grain.Describe(FundWorld.Chen)).Payments);
        Assert.True((await world.Fund.Pools(FundWorld.Chen)).Single().Available.IsZero);

        var retried = await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("flaky", Money.Usd(300m), FundWorld.PaidOn));
        var again = await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("flaky", Money.Usd(300m), FundWorld.PaidOn));

        Assert.Equal(300m, retried.Amount.Amount);
        Assert.Equal(retried, again);
        Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == key);
        Assert.Equal(300m, (await world.Fund.Pools(FundWorld.Chen)).Single().Available.Amount);
        Assert.Single((await grain.Describe(FundWorld.Chen)).Payments);
    }

    [Fact]
    public async Task a_payment_and_its_audit_record_are_written_together()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Usd(1_000m));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        var key = PostingRules.PaymentKey(contribution.Id, "audited");

        cluster.Journal.FailNext(1, e => e.IdempotencyKey == key);
        await Assert.ThrowsAsync<ServiceFaultException>(() => grain.RecordPayment(FundWorld.Chen, new PaymentCommand("audited", Money.Usd(100m), FundWorld.PaidOn)));
        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("audited", Money.Usd(100m), FundWorld.PaidOn));

        var records = cluster.Audit.Events.Where(e => e.Record.Action == "IContributionGrain.RecordPayment" && e.Record.Target.Contains(contribution.Id.ToString("N"), StringComparison.Ordinal)).ToList();
        Assert.Equal(["failed: TimeoutException", "done"], records.Select(r => r.Record.Outcome));
        // What changed is the entry posted, not the whole contribution twice.
        Assert.Contains(key, records[1].Record.After, StringComparison.Ordinal);
        Assert.Null(records[1].Record.Before);
    }

    [Fact]
    public async Task a_command_saved_while_the_journal_is_down_is_audited_once_when_its_entry_is_posted()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Usd(1_000m));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        var amendment = PostingRules.AmendmentKey(contribution.Id, 1);
        List<AuditEvent> Records() => [.. cluster.Audit.Events.Where(e => e.Record.Action == "IContributionGrain.Amend" && e.Record.Target.Contains(contribution.Id.ToString("N"), StringComparison.Ordinal))];

        cluster.Journal.FailNext(1, e => e.IdempotencyKey == amendment);
        await grain.Amend(FundWorld.Chen, new AmendmentCommand("cut", Domain.Contributions.AmendmentKind.Decrease, Money.Usd(100m), FundWorld.PaidOn, [], "smaller budget"));

        // The decision is saved with its record; neither is visible until the entry is posted.
        Assert.Empty(Records());
        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("after-amendment", Money.Usd(10m), FundWorld.PaidOn));
        await cluster.Cluster.DeactivateAsync(grain);
        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("after-restart", Money.Usd(10m), FundWorld.PaidOn));

        var record = Assert.Single(Records());
        Assert.Equal("done", record.Record.Outcome);
        Assert.Contains("900", record.Record.After, StringComparison.Ordinal);
        Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == amendment);
    }

    [Fact]
    public async Task contributions_survive_deactivation()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Of(1_000m, Eur));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("p1", Money.Of(250m, Eur), FundWorld.PaidOn));

        await cluster.Cluster.DeactivateAsync(grain);
        var reloaded = await grain.Describe(FundWorld.Chen);

        Assert.Equal(750m, reloaded.Outstanding.Amount);
        Assert.Equal(contribution.Booked, reloaded.Booked);
        Assert.Equal(contribution.Terms.Schedule.Instalments, reloaded.Terms.Schedule.Instalments);
    }

    private static async Task AssertForbidden(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<RuleViolationException>(call);
        Assert.Equal(RuleKind.Forbidden, refused.Kind);
    }
}
