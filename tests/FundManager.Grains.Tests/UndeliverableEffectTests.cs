using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;

namespace FundManager.Grains.Tests;

/// <summary>
/// An effect the database refuses for good (here: text it cannot store) is held under an alert,
/// blocks nothing behind it, and waits for a finance officer or administrator to retry it after a
/// fix or set it aside with a reason.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UndeliverableEffectTests(ClusterFixture cluster)
{
    private IAlertsGrain Alerts => cluster.Client.GetGrain<IAlertsGrain>(0);

    [Fact]
    public async Task an_entry_the_database_refuses_raises_an_alert_blocks_nothing_and_is_posted_when_retried_after_a_fix()
    {
        var (contribution, grain, refusedKey) = await RefusedAmendmentAsync();
        try
        {
            // The same pledge's later commands go through.
            await grain.Amend(FundWorld.Chen, Decrease("second", 50m));
            await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("after-refusal", Money.Usd(10m), FundWorld.PaidOn));
            Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.AmendmentKey(contribution.Id, 2));
            Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.PaymentKey(contribution.Id, "after-refusal"));
            // The command that decided it is on record although its entry is not posted.
            Assert.Single(cluster.Audit.Events, e => e.Record.Action == "IContributionGrain.Amend" && e.Record.Target.Contains(contribution.Id.ToString("N"), StringComparison.Ordinal) && e.Record.Arguments.Contains("\"first\"", StringComparison.Ordinal));

            var alert = await OpenAlertAsync(contribution.Id);
            Assert.Contains(refusedKey, alert.Title, StringComparison.Ordinal);
            Assert.Contains("0x00", alert.Detail, StringComparison.Ordinal);

            // Held in storage: a new activation neither posts it nor raises a second alert.
            await cluster.Cluster.DeactivateAsync(grain);
            await grain.RecordPayment(FundWorld.Chen, new PaymentCommand("after-restart", Money.Usd(10m), FundWorld.PaidOn));
            Assert.Single(await OpenAlertsAsync(contribution.Id));

            var stillRefused = await Assert.ThrowsAsync<RuleViolationException>(() => Alerts.RetryUndelivered(FundWorld.Dalia, alert.Id));
            Assert.Equal("still-undeliverable", stillRefused.Code);
            Assert.Single(await OpenAlertsAsync(contribution.Id));

            cluster.Journal.StopRefusing();
            var resolved = await Alerts.RetryUndelivered(FundWorld.Dalia, alert.Id);

            Assert.Equal("dalia", resolved.AcknowledgedBy);
            Assert.Empty(await OpenAlertsAsync(contribution.Id));
            Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == refusedKey);
            Assert.Contains(cluster.Audit.Events, e => e.Record.Action == "IAlertsGrain.RetryUndelivered" && e.Record.Actor == "dalia" && e.Record.Outcome == "done");
            // Retrying a resolved alert changes nothing.
            await Alerts.RetryUndelivered(FundWorld.Dalia, alert.Id);
            Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == refusedKey);
        }
        finally
        {
            cluster.Journal.StopRefusing();
        }
    }

    [Fact]
    public async Task an_undeliverable_entry_is_set_aside_only_by_finance_or_an_administrator_with_a_reason_and_on_record()
    {
        var (contribution, _, refusedKey) = await RefusedAmendmentAsync();
        try
        {
            var alert = await OpenAlertAsync(contribution.Id);

            var officer = await Assert.ThrowsAsync<RuleViolationException>(() => Alerts.SetAsideUndelivered(FundWorld.Amina, alert.Id, "not mine"));
            Assert.Equal(RuleKind.Forbidden, officer.Kind);
            var donor = await Assert.ThrowsAsync<RuleViolationException>(() => Alerts.RetryUndelivered(FundWorld.DonorUser(contribution.DonorId), alert.Id));
            Assert.Equal(RuleKind.Forbidden, donor.Kind);
            var noReason = await Assert.ThrowsAsync<RuleViolationException>(() => Alerts.SetAsideUndelivered(FundWorld.Admin, alert.Id, " "));
            Assert.Equal("invalid-reason", noReason.Code);
            Assert.Single(await OpenAlertsAsync(contribution.Id));

            var resolved = await Alerts.SetAsideUndelivered(FundWorld.Admin, alert.Id, "entered twice by mistake; corrected by amendment 2");

            Assert.Equal("admin", resolved.AcknowledgedBy);
            Assert.Empty(await OpenAlertsAsync(contribution.Id));
            Assert.DoesNotContain(cluster.Journal.Entries, e => e.IdempotencyKey == refusedKey);
            Assert.Contains(cluster.Audit.Events, e => e.Record.Action == "IAlertsGrain.SetAsideUndelivered" && e.Record.Actor == "admin"
                && e.Record.Arguments.Contains("entered twice by mistake", StringComparison.Ordinal) && e.Record.Outcome == "done");
            cluster.Journal.StopRefusing();
            await cluster.Cluster.DeactivateAsync(cluster.Client.GetGrain<IContributionGrain>(contribution.Id));
            await cluster.Client.GetGrain<IContributionGrain>(contribution.Id).Describe(FundWorld.Chen);
            Assert.DoesNotContain(cluster.Journal.Entries, e => e.IdempotencyKey == refusedKey);
        }
        finally
        {
            cluster.Journal.StopRefusing();
        }
    }

    [Fact]
    public async Task an_alert_that_is_not_about_an_undeliverable_effect_has_nothing_to_retry()
    {
        var other = await cluster.Alerts.RaiseAsync("reconciliation", "fund/x", "A break", "detail", null);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Alerts.RetryUndelivered(FundWorld.Chen, other.Id));

        Assert.Equal("nothing-to-deliver", refused.Code);
    }

    private async Task<(Contribution Contribution, IContributionGrain Grain, string RefusedKey)> RefusedAmendmentAsync()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        var contribution = await world.PledgeAsync(await world.DonorAsync(), Money.Usd(1_000m));
        var grain = cluster.Client.GetGrain<IContributionGrain>(contribution.Id);
        var refusedKey = PostingRules.AmendmentKey(contribution.Id, 1);
        cluster.Journal.Refuse(e => e.IdempotencyKey == refusedKey);

        // Acknowledged: the decision is saved; only its entry cannot be posted.
        await grain.Amend(FundWorld.Chen, Decrease("first", 100m));

        return (contribution, grain, refusedKey);
    }

    private static AmendmentCommand Decrease(string key, decimal amount) =>
        new(key, AmendmentKind.Decrease, Money.Usd(amount), FundWorld.PaidOn, [], "smaller budget");

    private async Task<List<Reports.Alert>> OpenAlertsAsync(Guid contributionId) =>
        [.. (await Alerts.List(FundWorld.Chen, openOnly: true)).Where(a => a.Source == IAlertsGrain.UndeliverableSource && a.Subject.Contains(contributionId.ToString("N"), StringComparison.Ordinal))];

    private async Task<Reports.Alert> OpenAlertAsync(Guid contributionId) => Assert.Single(await OpenAlertsAsync(contributionId));
}
