using FundManager.Domain.Currencies;
using FundManager.Domain.Projects;
using static FundManager.Domain.Tests.Samples;

namespace FundManager.Domain.Tests;

public sealed class ProjectLifecycleTests
{
    private static readonly Money HighThreshold = Money.Usd(1_000_000m);

    // What the funding agreements would charge on the sample design's 100,000 of direct costs.
    private static readonly Money Planned = Money.Usd(113_000m);

    [Fact]
    public void a_project_moves_from_draft_to_closed_and_every_step_says_who_and_when()
    {
        var design = Design();
        var project = Project.Draft(Guid.NewGuid(), "fund", design, Amina, Now)
            .Submit(Amina, Now)
            .StartReview(Bruno, Now)
            .Approve(Bruno, Now, "fine", AllocationFor(design, (Guid.NewGuid(), 100_000m)), HighThreshold)
            .Activate(Amina, Now)
            .Suspend(Bruno, Now, "audit finding")
            .Resume(Bruno, Now, "resolved")
            .Complete(Amina, Now, null)
            .Close(Chen, Now, null);

        Assert.Equal(ProjectStatus.Closed, project.Status);
        Assert.Equal(
            [ProjectStatus.Draft, ProjectStatus.Submitted, ProjectStatus.UnderReview, ProjectStatus.Approved, ProjectStatus.Active,
             ProjectStatus.Suspended, ProjectStatus.Active, ProjectStatus.Completed, ProjectStatus.Closed],
            project.History.Select(h => h.To));
        Assert.Equal("audit finding", project.History.Single(h => h.To == ProjectStatus.Suspended).Reason);
        Assert.All(project.History, h => Assert.False(string.IsNullOrEmpty(h.By)));
    }

    [Fact]
    public void the_author_cannot_review_or_approve_their_own_project()
    {
        var submitted = Submitted();

        Assert.Equal("four-eyes-review", Assert.Throws<RuleViolationException>(() => submitted.StartReview(Amina, Now)).Code);
        var inReview = submitted.StartReview(Bruno, Now);
        Assert.Equal("four-eyes-review", Assert.Throws<RuleViolationException>(() => inReview.IsFinalApproval(Amina, HighThreshold, Planned)).Code);
    }

    [Fact]
    public void whoever_submitted_a_project_cannot_approve_it_either()
    {
        var project = Project.Draft(Guid.NewGuid(), "fund", Design(), Amina, Now).Submit(Farah, Now).StartReview(Bruno, Now);

        Assert.Equal("four-eyes-review", Assert.Throws<RuleViolationException>(() => project.IsFinalApproval(Farah, HighThreshold, Planned)).Code);
    }

    [Fact]
    public void above_the_threshold_a_second_distinct_approver_is_needed()
    {
        var design = Design();
        var project = UnderReview(design);
        var threshold = Money.Usd(100_000m);

        Assert.Equal(2, project.RequiredApprovals(threshold, Planned));
        Assert.False(project.IsFinalApproval(Bruno, threshold, Planned));
        var once = project.RecordApproval(Bruno, Now, null, threshold, Planned);
        Assert.Equal(ProjectStatus.UnderReview, once.Status);
        Assert.Equal("same-approver", Assert.Throws<RuleViolationException>(() => once.IsFinalApproval(Bruno, threshold, Planned)).Code);
        Assert.True(once.IsFinalApproval(Farah, threshold, Planned));
        var approved = once.Approve(Farah, Now, null, AllocationFor(design, (Guid.NewGuid(), 100_000m)), threshold);
        Assert.Equal(ProjectStatus.Approved, approved.Status);
        Assert.Equal(["bruno", "farah"], approved.Approvals.Select(a => a.By));
    }

    [Fact]
    public void an_indicative_psc_rate_of_zero_does_not_avoid_the_second_approver()
    {
        var design = Design();
        var cheap = new ProjectDesign(design.Code, design.Title, design.Description, design.Country, design.Region, design.ThematicArea,
            design.ImplementingPartners, design.DacSectorCode, design.StartDate, design.EndDate, design.BudgetLines, new Contributions.PscRate(0m),
            design.Tranches, design.Indicators);

        Assert.Equal(2, UnderReview(cheap).RequiredApprovals(Money.Usd(105_000m), Planned));
    }

    [Fact]
    public void at_or_below_the_threshold_one_approver_is_enough()
    {
        Assert.Equal(1, UnderReview().RequiredApprovals(Money.Usd(113_000m), Planned));
    }

    [Fact]
    public void a_project_without_an_outcome_indicator_cannot_be_submitted()
    {
        var draft = Project.Draft(Guid.NewGuid(), "fund", Design(withIndicator: false), Amina, Now);

        var refused = Assert.Throws<RuleViolationException>(() => draft.Submit(Amina, Now));

        Assert.Equal("project-incomplete", refused.Code);
        Assert.Contains("outcome indicator", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void tranches_must_add_up_to_the_direct_costs()
    {
        var design = Design();
        var unbalanced = new ProjectDesign(design.Code, design.Title, design.Description, design.Country, design.Region, design.ThematicArea,
            design.ImplementingPartners, design.DacSectorCode, design.StartDate, design.EndDate, design.BudgetLines, design.PscRate,
            [design.Tranches[0]], design.Indicators);

        Assert.Contains(unbalanced.Gaps(), g => g.Contains("tranches that add up", StringComparison.Ordinal));
    }

    [Fact]
    public void rejecting_returning_and_suspending_need_a_reason()
    {
        Assert.Equal("reason-required", Assert.Throws<RuleViolationException>(() => UnderReview().Reject(Bruno, Now, " ")).Code);
        Assert.Equal("reason-required", Assert.Throws<RuleViolationException>(() => UnderReview().ReturnForRevision(Bruno, Now, "")).Code);
        Assert.Equal("reason-required", Assert.Throws<RuleViolationException>(() => Active().Suspend(Bruno, Now, "")).Code);
    }

    [Fact]
    public void a_returned_project_is_revised_resubmitted_and_loses_earlier_approvals()
    {
        var threshold = Money.Usd(100_000m);
        var returned = UnderReview().RecordApproval(Bruno, Now, null, threshold, Planned).ReturnForRevision(Farah, Now, "budget too thin");

        var resubmitted = returned.Revise(Design(personnel: 70_000m), Amina, Now).Submit(Amina, Now);

        Assert.Equal(ProjectStatus.Submitted, resubmitted.Status);
        Assert.Empty(resubmitted.Approvals);
        Assert.Equal(110_000m, resubmitted.Design.DirectCosts.Amount);
    }

    [Fact]
    public void a_step_out_of_order_is_refused_as_a_conflict()
    {
        var refused = Assert.Throws<RuleViolationException>(() => Submitted().Activate(Amina, Now));

        Assert.Equal(RuleKind.Conflict, refused.Kind);
        Assert.Equal("invalid-transition", refused.Code);
    }

    [Fact]
    public void only_programme_officers_draft_and_approve()
    {
        Assert.Equal(RuleKind.Forbidden, Assert.Throws<RuleViolationException>(() => Project.Draft(Guid.NewGuid(), "f", Design(), Chen, Now)).Kind);
        Assert.Equal(RuleKind.Forbidden, Assert.Throws<RuleViolationException>(() => UnderReview().IsFinalApproval(Chen, HighThreshold, Planned)).Kind);
    }

    [Fact]
    public void closing_releases_what_each_source_did_not_spend()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var project = Active(Design(), (first, 60_000m), (second, 40_000m)).ReleaseTranche(1, Chen, Now, new HashSet<string>());
        project = project.Pay((TrancheDecision.Pay)project.Evaluate(1, new DateOnly(2026, 2, 1)), new DateOnly(2026, 2, 1), "run", Now);

        var closed = project.Complete(Amina, Now, null).Close(Chen, Now, null);

        var released = Assert.Single(closed.ReleasedAtClosure);
        Assert.Equal(second, released.ContributionId);
        Assert.Equal(40_000m, released.Direct.Amount);
        Assert.Equal(5_200m, released.Psc.Amount);
    }
}
