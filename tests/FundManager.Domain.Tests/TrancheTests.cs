using FundManager.Domain.Projects;
using static FundManager.Domain.Tests.Samples;

namespace FundManager.Domain.Tests;

public sealed class TrancheTests
{
    private static readonly DateOnly FirstDue = new(2026, 2, 1);
    private static readonly DateOnly SecondDue = new(2026, 9, 1);

    private static IReadOnlySet<string> NoRecorders => new HashSet<string>();

    [Fact]
    public void a_due_tranche_is_held_until_finance_releases_it()
    {
        var hold = Assert.IsType<TrancheDecision.Hold>(Active().Evaluate(1, FirstDue));

        Assert.Contains("a finance officer has not released it", hold.Reasons);
    }

    [Fact]
    public void a_released_tranche_is_paid_with_psc_charged_from_the_same_allocation()
    {
        var source = Guid.NewGuid();
        var project = Active(Design(), (source, 100_000m)).ReleaseTranche(1, Chen, Now, NoRecorders);

        var pay = Assert.IsType<TrancheDecision.Pay>(project.Evaluate(1, FirstDue));
        var paid = project.Pay(pay, FirstDue, "run-1", Now);

        var draw = Assert.Single(pay.Draws);
        Assert.Equal(source, draw.ContributionId);
        Assert.Equal(60_000m, draw.Direct.Amount);
        Assert.Equal(7_800m, draw.Psc.Amount);
        Assert.Equal(113_000m - 67_800m, paid.Unspent.Amount);
        Assert.Empty(paid.DueTranches(FirstDue));
    }

    [Fact]
    public void whoever_recorded_a_payment_funding_the_project_cannot_release_its_tranches()
    {
        var refused = Assert.Throws<RuleViolationException>(() => Active().ReleaseTranche(1, Chen, Now, new HashSet<string> { "chen" }));

        Assert.Equal("four-eyes-release", refused.Code);
        Assert.Equal(RuleKind.Forbidden, refused.Kind);
    }

    [Fact]
    public void a_suspended_project_pays_nothing_and_says_so()
    {
        var project = Active().ReleaseTranche(1, Chen, Now, NoRecorders).Suspend(Amina, Now, "review");

        var hold = Assert.IsType<TrancheDecision.Hold>(project.Evaluate(1, FirstDue));

        Assert.Contains("the project is suspended", hold.Reasons);
    }

    [Fact]
    public void the_second_tranche_waits_for_the_financial_report_and_the_outcome_data()
    {
        var design = Design(secondTrancheConditions: [TrancheCondition.PreviousFinancialReportAccepted, TrancheCondition.OutcomeDataRecorded]);
        var project = Active(design).ReleaseTranche(1, Chen, Now, NoRecorders);
        project = project.Pay((TrancheDecision.Pay)project.Evaluate(1, FirstDue), FirstDue, "run-1", Now).ReleaseTranche(2, Chen, Now, NoRecorders);

        var held = Assert.IsType<TrancheDecision.Hold>(project.Evaluate(2, SecondDue));
        Assert.Contains("the financial report on tranche 1 has not been accepted", held.Reasons);
        Assert.Contains(held.Reasons, r => r.StartsWith("indicator IND-1 has no actual", StringComparison.Ordinal));

        project = project.AcceptFinancialReport(1, Dalia, Now).RecordActual("IND-1", FirstPeriod, 90m, null, Amina, Now);
        Assert.IsType<TrancheDecision.Pay>(project.Evaluate(2, SecondDue));
    }

    [Fact]
    public void the_last_draw_from_a_source_takes_its_remaining_psc_so_no_cent_is_left_or_added()
    {
        var design = Design(personnel: 33_333.33m, training: 33_333.34m);
        var project = Active(design, (Guid.NewGuid(), 66_666.67m)).ReleaseTranche(1, Chen, Now, NoRecorders).ReleaseTranche(2, Chen, Now, NoRecorders);
        project = project.Pay((TrancheDecision.Pay)project.Evaluate(1, FirstDue), FirstDue, "r1", Now);
        project = project.Pay((TrancheDecision.Pay)project.Evaluate(2, SecondDue), SecondDue, "r2", Now);

        Assert.Equal(project.Allocation!.Psc, project.PscCharged);
        Assert.True(project.Unspent.IsZero);
    }

    [Fact]
    public void tranches_are_paid_in_order()
    {
        var project = Active().ReleaseTranche(2, Chen, Now, NoRecorders);

        var hold = Assert.IsType<TrancheDecision.Hold>(project.Evaluate(2, SecondDue));

        Assert.Contains("tranche 1 has not been paid", hold.Reasons);
    }

    [Fact]
    public void a_paid_tranche_cannot_be_released_again_or_paid_twice()
    {
        var project = Active().ReleaseTranche(1, Chen, Now, NoRecorders);
        var pay = (TrancheDecision.Pay)project.Evaluate(1, FirstDue);
        var paid = project.Pay(pay, FirstDue, "r", Now);

        Assert.Equal("tranche-already-paid", Assert.Throws<RuleViolationException>(() => paid.ReleaseTranche(1, Dalia, Now, NoRecorders)).Code);
        Assert.Throws<InvalidOperationException>(() => paid.Pay(pay, FirstDue, "r", Now));
    }

    [Fact]
    public void an_actual_must_be_for_one_of_the_indicator_periods()
    {
        var refused = Assert.Throws<RuleViolationException>(() =>
            Active().RecordActual("IND-1", new ReportingPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)), 5m, null, Amina, Now));

        Assert.Equal("unknown-period", refused.Code);
    }
}
