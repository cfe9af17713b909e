using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;

namespace FundManager.Browser.Tests;

/// <summary>What the tests set up before a person opens the browser, through the same grains the pages use.</summary>
public static class Seeds
{
    /// <summary>The finance officer who records the seeded pledges and payments.</summary>
    public static readonly Caller Treasurer = new("web-treasurer", [Role.FinanceOfficer]);

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static async Task<string> NewFundAsync(this WebSystem system)
    {
        var id = $"f{Guid.NewGuid():N}"[..12];
        await system.Grains.GetGrain<IFundGrain>(id).Create(WebSystem.Seeder, $"Fund {id}", "A fund for one browser test.", Money.Usd(5_000_000m));
        return id;
    }

    public static async Task<Guid> NewDonorAsync(this WebSystem system, string name)
    {
        var id = Guid.NewGuid();
        await system.Grains.GetGrain<IDonorGrain>(id).Register(WebSystem.Seeder, new DonorProfile(name, DonorType.Government, "NO", null));
        return id;
    }

    public static async Task<Contribution> PledgeAsync(this WebSystem system, Guid donorId, string fundId, Money amount, DateOnly date, Earmark earmark, params (DateOnly Due, decimal Amount)[] instalments) =>
        await system.Grains.GetGrain<IDonorGrain>(donorId).Pledge(Treasurer, new PledgeCommand(
            fundId, Guid.NewGuid().ToString("N"), amount, date, earmark, PscRate.Standard,
            [.. instalments.Select(i => new InstalmentInput(i.Due, i.Amount))], $"Agreement {Guid.NewGuid():N}"[..20]));

    public static async Task PayAsync(this WebSystem system, Guid contributionId, Money amount, DateOnly valueDate, Caller? by = null) =>
        await system.Grains.GetGrain<IContributionGrain>(contributionId).RecordPayment(by ?? Treasurer, new PaymentCommand(Guid.NewGuid().ToString("N"), amount, valueDate));

    /// <summary>A complete design: one budget line, one tranche due today for all of it, one indicator, one partner.</summary>
    public static ProjectDesign Design(string code, decimal direct = 100_000m) => new(
        code, $"Project {code}", "A project for one browser test.", "NG", null, ThematicArea.VictimProtection,
        [new ImplementingPartner("Partner for tests", null)], "15180", Today.AddDays(-30), Today.AddDays(365),
        [new BudgetLine(BudgetCategory.Personnel, "Staff", Money.Usd(direct))], PscRate.Standard,
        [new TranchePlan(1, Today, Money.Usd(direct), [])],
        [new OutcomeIndicator("VICTIMS", ResultType.Output, "Victims assisted", IndicatorMeasure.Unit, 0m, Today.Year, [new IndicatorTarget(new ReportingPeriod(Today.AddDays(-30), Today.AddDays(335)), 100m)], [])]);

    /// <summary>A project drafted and submitted by <paramref name="author"/>, under review by <paramref name="reviewer"/>.</summary>
    public static async Task<Guid> ProjectUnderReviewAsync(this WebSystem system, string fundId, string code, Caller author, Caller reviewer)
    {
        var id = StableIds.Project(fundId, code);
        var project = system.Grains.GetGrain<IProjectGrain>(id);
        await project.Draft(author, fundId, Design(code));
        await project.Advance(author, Contracts.ProjectStep.Submit, null);
        await project.Advance(reviewer, Contracts.ProjectStep.StartReview, null);
        return id;
    }
}
