using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;

namespace FundManager.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ProjectGrainTests(ClusterFixture cluster)
{
    [Fact]
    public async Task the_grain_refuses_an_approval_by_the_author()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(1_000_000m);
        var project = await world.InReviewAsync("OWN-1");

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => project.Advance(FundWorld.Amina, ProjectStep.Approve, null));

        Assert.Equal("four-eyes-review", refused.Code);
        Assert.Equal(ProjectStatus.UnderReview, (await project.Describe(FundWorld.Bruno)).Status);
    }

    [Fact]
    public async Task approval_allocates_under_matching_earmarks_and_is_refused_when_they_are_not_there()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(500_000m, Earmark.ToCountry("GH"));
        var project = await world.InReviewAsync("NG-1");

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => project.Advance(FundWorld.Bruno, ProjectStep.Approve, null));

        Assert.Equal("insufficient-funds", refused.Code);
        Assert.Equal(ProjectStatus.UnderReview, (await project.Describe(FundWorld.Bruno)).Status);
        Assert.Equal(500_000m, (await world.Fund.Pools(FundWorld.Chen)).Single().Available.Amount);

        var nigeria = await world.FundedAsync(113_000m, Earmark.ToCountry("NG"));
        var approved = await project.Advance(FundWorld.Bruno, ProjectStep.Approve, null);

        Assert.Equal(ProjectStatus.Approved, approved.Status);
        Assert.Equal(nigeria.Id, Assert.Single(approved.Allocation!.Sources).ContributionId);
        Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.AllocationKey(approved.Id));
    }

    [Fact]
    public async Task above_the_threshold_the_second_approval_comes_from_someone_else()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync(secondApproverAbove: 50_000m);
        await world.FundedAsync(1_000_000m);
        var project = await world.InReviewAsync("BIG-1");

        var first = await project.Advance(FundWorld.Bruno, ProjectStep.Approve, "first");
        var again = await Assert.ThrowsAsync<RuleViolationException>(() => project.Advance(FundWorld.Bruno, ProjectStep.Approve, "again"));
        var second = await project.Advance(FundWorld.Farah, ProjectStep.Approve, "second");

        Assert.Equal(ProjectStatus.UnderReview, first.Status);
        Assert.Equal("same-approver", again.Code);
        Assert.Equal(ProjectStatus.Approved, second.Status);
    }

    [Fact]
    public async Task many_parallel_approvals_never_allocate_more_than_the_fund_holds()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(1_000_000m);
        var projects = new List<IProjectGrain>();
        for (var i = 0; i < 10; i++)
        {
            projects.Add(await world.InReviewAsync($"PAR-{i}", direct: 150_000m));
        }

        var outcomes = await Task.WhenAll(projects.Select(async p =>
        {
            try
            {
                await p.Advance(FundWorld.Bruno, ProjectStep.Approve, null);
                return true;
            }
            catch (RuleViolationException e) when (e.Code == "insufficient-funds")
            {
                return false;
            }
        }));

        // Each approval holds 150,000 plus 19,500 PSC: five fit in 1,000,000, a sixth does not.
        Assert.Equal(5, outcomes.Count(approved => approved));
        var position = await world.Fund.Position(FundWorld.Chen, null);
        Assert.Equal(847_500m, position.Allocated.Amount);
        Assert.Equal(152_500m, position.Available.Amount);
        Assert.Empty(position.Breaks());
    }

    [Fact]
    public async Task a_due_tranche_is_paid_once_however_many_runs_overlap()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(1_000_000m);
        var project = await world.ActiveAsync("RUN-1");
        await project.ReleaseTranche(FundWorld.Dalia, 1);

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => project.DisburseDueTranches(Domain.Access.Caller.Scheduler, $"run-{i}", FundWorld.RunDate)));

        Assert.Single(runs.SelectMany(r => r), o => o.Paid);
        var after = await project.Describe(FundWorld.Chen);
        var payment = Assert.Single(after.Payments);
        Assert.Equal(50_000m, payment.Direct.Amount);
        Assert.Equal(6_500m, payment.Psc.Amount);
        Assert.Single(cluster.Journal.Entries, e => e.IdempotencyKey == PostingRules.DisbursementKey(after.Id, 1));
        var position = await world.Fund.Position(FundWorld.Chen, null);
        Assert.Equal(50_000m, position.Disbursed.Amount);
        Assert.Empty(position.Breaks());
    }

    [Fact]
    public async Task the_finance_officer_who_recorded_the_payment_cannot_release_the_disbursement_it_funds()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(1_000_000m, recordedBy: FundWorld.Chen);
        var project = await world.ActiveAsync("SOD-1");

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => project.ReleaseTranche(FundWorld.Chen, 1));
        var released = await project.ReleaseTranche(FundWorld.Dalia, 1);

        Assert.Equal("four-eyes-release", refused.Code);
        Assert.Equal("dalia", Assert.Single(released.Releases).By);
    }

    [Fact]
    public async Task a_held_tranche_records_why_and_the_run_reports_it()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(1_000_000m);
        var project = await world.ActiveAsync("HOLD-1");

        var outcome = Assert.Single(await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run-h", FundWorld.RunDate));

        Assert.False(outcome.Paid);
        Assert.Contains("a finance officer has not released it", outcome.HeldBecause);
        Assert.Contains("a finance officer has not released it", Assert.Single((await project.Describe(FundWorld.Chen)).Holds).Reasons);
    }

    [Fact]
    public async Task closing_a_project_gives_its_unspent_allocation_back_to_the_fund()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(200_000m);
        var project = await world.ActiveAsync("CLOSE-1");
        await project.ReleaseTranche(FundWorld.Dalia, 1);
        await project.DisburseDueTranches(Domain.Access.Caller.Scheduler, "run-c", FundWorld.RunDate);

        await project.Advance(FundWorld.Amina, ProjectStep.Complete, null);
        var closed = await project.Advance(FundWorld.Dalia, ProjectStep.Close, "done");

        Assert.Equal(ProjectStatus.Closed, closed.Status);
        var position = await world.Fund.Position(FundWorld.Chen, null);
        Assert.Equal(56_500m, position.Allocated.Amount);
        Assert.Equal(200_000m - 56_500m, position.Available.Amount);
        Assert.Equal(200_000m - 56_500m, (await world.Fund.Pools(FundWorld.Chen)).Single().Available.Amount);
        Assert.Empty(position.Breaks());
    }

    [Fact]
    public async Task clients_cannot_call_the_grain_to_grain_interfaces()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() =>
            cluster.Client.GetGrain<IFundBooksGrain>(world.FundId).RegisterContribution(
                Guid.NewGuid(), Guid.NewGuid(), Domain.Funds.Earmark.Unearmarked, Domain.Contributions.PscRate.Standard, FundWorld.PaidOn, refundUnspent: false));

        Assert.Equal("internal-interface", refused.Code);
    }
}
