using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;

namespace FundManager.Grains.Tests;

/// <summary>Balances as of a date, several funds, reconciliation and the audit trail, through the grains.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BooksGrainTests(ClusterFixture cluster)
{
    private static readonly Currency Eur = Currency.Parse("EUR");

    [Fact]
    public async Task a_position_asked_for_at_a_past_date_comes_out_as_it_was_then()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Usd(1_000m));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("first", Money.Usd(100m), new DateOnly(2026, 6, 2)));
        var then = await world.Fund.Position(FundWorld.Chen, new DateOnly(2026, 6, 2));

        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("second", Money.Usd(250m), new DateOnly(2026, 6, 9)));
        var later = await world.Fund.Position(FundWorld.Chen, new DateOnly(2026, 6, 2));
        var now = await world.Fund.Position(FundWorld.Chen, null);

        Assert.Equal(then with { AsOf = null }, later with { AsOf = null });
        Assert.Equal(100m, later.Received.Amount);
        Assert.Equal(350m, now.Received.Amount);
        Assert.Equal(650m, now.Outstanding.Amount);
    }

    [Fact]
    public async Task a_donor_statement_asked_for_at_a_past_date_ignores_what_happened_after_it()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var donor = await world.DonorAsync();
        var contribution = await world.PledgeAsync(donor, Money.Of(1_000m, Eur));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("first", Money.Of(200m, Eur), new DateOnly(2026, 6, 3)));
        var then = (await cluster.Client.GetGrain<IDonorGrain>(donor).Statement(FundWorld.Chen, world.FundId, new DateOnly(2026, 6, 5))).Contributions.Single();

        await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("second", Money.Of(300m, Eur), new DateOnly(2026, 6, 8)));
        await grain.Amend(FundWorld.Chen, new AmendmentCommand("cut", AmendmentKind.Decrease, Money.Of(100m, Eur), new DateOnly(2026, 6, 9), [], "smaller budget"));
        var later = (await cluster.Client.GetGrain<IDonorGrain>(donor).Statement(FundWorld.Chen, world.FundId, new DateOnly(2026, 6, 5))).Contributions.Single();
        var now = (await cluster.Client.GetGrain<IDonorGrain>(donor).Statement(FundWorld.Chen, world.FundId, null)).Contributions.Single();

        Assert.Equal((then.Pledged, then.PledgedUsd, then.Paid, then.ReceivedUsd, then.Outstanding, then.OutstandingUsd),
            (later.Pledged, later.PledgedUsd, later.Paid, later.ReceivedUsd, later.Outstanding, later.OutstandingUsd));
        Assert.Equal(800m, then.Outstanding.Amount);
        Assert.Equal(400m, now.Outstanding.Amount);
        Assert.Equal(900m, now.Pledged.Amount);
    }

    [Fact]
    public async Task a_donor_contributing_to_two_funds_has_separate_books_in_each()
    {
        var first = await new FundWorld(cluster.Client).CreateAsync();
        var second = await new FundWorld(cluster.Client).CreateAsync();
        var donor = await first.DonorAsync();
        await first.PledgeAsync(donor, Money.Usd(1_000m));
        await second.PledgeAsync(donor, Money.Of(2_000m, Eur));

        var inFirst = await cluster.Client.GetGrain<IDonorGrain>(donor).Statement(FundWorld.DonorUser(donor), first.FundId, null);
        var everywhere = await cluster.Client.GetGrain<IDonorGrain>(donor).Statement(FundWorld.DonorUser(donor), null, null);

        Assert.Equal(1_000m, Assert.Single(inFirst.Contributions).PledgedUsd.Amount);
        Assert.Equal(2, everywhere.Contributions.Count);
        Assert.Equal(1_000m, (await first.Fund.Position(FundWorld.Chen, null)).Pledged.Amount);
        Assert.Equal(2_173.91m, (await second.Fund.Position(FundWorld.Chen, null)).Pledged.Amount);
    }

    [Fact]
    public async Task reconciliation_finds_nothing_in_sound_books_and_a_break_when_the_journal_disagrees_with_the_grains()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.FundedAsync(10_000m);
        var maintenance = cluster.Client.GetGrain<IFundMaintenanceGrain>(0);
        var auditor = new Caller("audrey", [Role.Auditor]);

        Assert.Empty((await maintenance.Reconcile(auditor, world.FundId)).Breaks);

        // Money that reached the journal without going through the grains.
        await cluster.Journal.AppendAsync(new JournalEntry("forged-receipt", world.FundId, EntryKind.Payment, FundWorld.PaidOn, ClusterFixture.Now, "mallory", "forged",
        [
            new JournalLine(LedgerAccount.ReceiptsControl, EntrySide.Debit, Money.Usd(500m), ContributionId: contribution.Id),
            new JournalLine(LedgerAccount.AvailableForAllocation, EntrySide.Credit, Money.Usd(500m), ContributionId: contribution.Id),
        ]));
        var result = await maintenance.Reconcile(auditor, world.FundId);

        Assert.Contains(result.Breaks, b => b.Check == Reconciliation.ContributionsAgree && b.Subject == contribution.Id.ToString());
    }

    [Fact]
    public async Task every_command_is_audited_with_its_caller_and_state_and_secrets_stay_out()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var project = await world.InReviewAsync("AUDIT-1");
        await Assert.ThrowsAsync<FundManager.Domain.RuleViolationException>(() => project.Advance(FundWorld.Amina, ProjectStep.Approve, null));
        await cluster.Client.GetGrain<IUserGrain>($"audited-{Guid.NewGuid():N}"[..20]).Create(FundWorld.Admin,
            new NewUser("Someone", [Role.Auditor], null, "super-secret-password"));

        var events = cluster.Audit.Events;

        var submitted = Assert.Single(events, e => e.Record.Action == "IProjectGrain.Advance" && e.Record.Arguments.Contains("\"Submit\"", StringComparison.Ordinal) && e.Record.Target.Contains(StableIds.Project(world.FundId, "AUDIT-1").ToString("N"), StringComparison.Ordinal));
        Assert.Equal("amina", submitted.Record.Actor);
        Assert.Contains("\"Status\":\"Draft\"", submitted.Record.Before, StringComparison.Ordinal);
        Assert.Contains("\"Status\":\"Submitted\"", submitted.Record.After, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Record.Actor == "amina" && e.Record.Outcome == "refused: four-eyes-review"
            && e.Record.Target.Contains(StableIds.Project(world.FundId, "AUDIT-1").ToString("N"), StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Record.Arguments.Contains("super-secret-password", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Record.Action.EndsWith(".Describe", StringComparison.Ordinal));
    }
}
