using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Iati;

namespace FundManager.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class IatiPublicationGrainTests(ClusterFixture cluster)
{
    private IIatiPublicationGrain Publication => cluster.Client.GetGrain<IIatiPublicationGrain>(0);

    [Fact]
    public async Task a_project_is_published_from_approval_on_and_never_as_a_draft_or_under_review()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await world.FundedAsync(1_000_000m);
        var draft = world.Project("IATI-DRAFT");
        await draft.Draft(FundWorld.Amina, world.FundId, FundWorld.Design("IATI-DRAFT"));
        var inReview = await world.InReviewAsync("IATI-REVIEW");
        var active = await world.ActiveAsync("IATI-ACTIVE");
        // Until the fund publishes, it is not there for the public.
        Assert.Null(await Publication.Activity(active.GetPrimaryKey()));
        Assert.Equal("unknown-fund", (await Assert.ThrowsAsync<Domain.RuleViolationException>(() => Publication.Projects(world.FundId))).Code);
        Assert.DoesNotContain(world.FundId, await Publication.Funds());
        await PublishAsync(world);

        Assert.Contains(world.FundId, await Publication.Funds());
        Assert.Null(await Publication.Activity(draft.GetPrimaryKey()));
        Assert.Null(await Publication.Activity(inReview.GetPrimaryKey()));
        var published = await Publication.Activity(active.GetPrimaryKey());
        Assert.NotNull(published);
        Assert.Equal("2", published.Status);
        Assert.Equal(3, (await Publication.Projects(world.FundId)).Count);
    }

    [Fact]
    public async Task a_closed_project_publishes_what_closure_released_as_negative_commitments_so_they_add_up_to_what_it_spent()
    {
        var world = await new FundWorld(cluster.Client).CreateAsync();
        await PublishAsync(world);
        await world.FundedAsync(200_000m);
        var project = await world.ActiveAsync("IATI-CLOSE");
        await project.ReleaseTranche(FundWorld.Dalia, 1);
        await project.DisburseDueTranches(Caller.Scheduler, "run-iati", FundWorld.RunDate);
        await project.Advance(FundWorld.Amina, ProjectStep.Complete, null);
        await project.Advance(FundWorld.Dalia, ProjectStep.Close, "done");

        var activity = (await Publication.Activity(project.GetPrimaryKey()))!;

        var position = await world.Fund.Position(FundWorld.Chen, null);
        decimal Sum(IatiTransactionType type) => activity.Transactions.Where(t => t.Type == IatiCodes.Transaction(type)).Sum(t => t.Value.Amount);
        Assert.Equal("4", activity.Status);
        Assert.Contains(activity.Dates, d => d.Type == IatiCodes.ActualEnd);
        Assert.Equal(position.Allocated.Amount, Sum(IatiTransactionType.IncomingCommitment));
        Assert.Equal(position.Disbursed.Amount, Sum(IatiTransactionType.OutgoingCommitment));
        Assert.Equal(position.Disbursed.Amount, Sum(IatiTransactionType.Disbursement));
        Assert.Equal(position.PscCharged.Amount, Sum(IatiTransactionType.Expenditure));
        Assert.Equal(position.Disbursed.Amount + position.PscCharged.Amount, Sum(IatiTransactionType.IncomingFunds));
        Assert.Contains(activity.Transactions, t => t.Value.Amount < 0m);
    }

    private Task<bool> PublishAsync(FundWorld world) =>
        cluster.Client.GetGrain<IFundPublicationGrain>(world.FundId).SetPublished(FundWorld.Admin, true);

    [Fact]
    public async Task an_unknown_fund_is_not_found()
    {
        var refused = await Assert.ThrowsAsync<Domain.RuleViolationException>(() => Publication.Fund("no-such-fund-here"));

        Assert.Equal("unknown-fund", refused.Code);
    }
}
