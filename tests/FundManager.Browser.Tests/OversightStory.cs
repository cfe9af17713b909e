using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;

namespace FundManager.Browser.Tests;

/// <summary>
/// A small fund's story for the oversight pages, told through the grains the pages read: two donors
/// (one who asked not to be named), their pledges and payments, one project approved by a second
/// officer with a tranche paid, and a second fund that does not publish.
/// </summary>
public sealed record OversightStory(
    string FundId,
    string FundName,
    string UnpublishedFundId,
    Guid NamedDonor,
    string NamedDonorName,
    Guid AnonymousDonor,
    string AnonymousDonorName,
    Guid ProjectId,
    string ProjectCode,
    string Drafter)
{
    private static readonly Caller Treasurer = new("web-treasurer", [Role.FinanceOfficer]);
    private static readonly Caller Releaser = new("web-releaser", [Role.FinanceOfficer]);
    private static readonly Caller Reviewer = new("web-reviewer", [Role.ProgrammeOfficer]);

    public static async Task<OversightStory> TellAsync(WebSystem system)
    {
        var grains = system.Grains;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var fundId = $"o{suffix}";
        var fundName = $"Transparency fund {suffix}";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var drafter = new Caller($"drafter-{suffix}", [Role.ProgrammeOfficer]);

        await grains.GetGrain<IFundGrain>(fundId).Create(WebSystem.Seeder, fundName, "A fund whose figures are published.", Money.Usd(5_000_000m));
        await grains.GetGrain<IFundPublicationGrain>(fundId).SetPublished(WebSystem.Seeder, true);
        var unpublished = $"u{suffix}";
        await grains.GetGrain<IFundGrain>(unpublished).Create(WebSystem.Seeder, $"Quiet fund {suffix}", "A fund that publishes nothing.", Money.Usd(5_000_000m));

        var named = await DonorAsync(system, $"Named donor {suffix}", fundId, 300_000m, 250_000m, today);
        var anonymous = await DonorAsync(system, $"Discreet donor {suffix}", fundId, 200_000m, 200_000m, today);
        await grains.GetGrain<IDonorGrain>(anonymous).SetAnonymous(WebSystem.Seeder, true);

        var code = $"OV-{suffix}".ToUpperInvariant();
        var period = new ReportingPeriod(new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31));
        var design = new ProjectDesign(code, "Training of border officials", "Training for the officials who first meet victims.", "NG", null, ThematicArea.CriminalJusticeTraining,
            [new ImplementingPartner("Partner NGO", null)], "15180", today.AddDays(-10), today.AddYears(1),
            [new BudgetLine(BudgetCategory.TrainingAndWorkshops, "Workshops", Money.Usd(100_000m))], PscRate.Standard,
            [new TranchePlan(1, today.AddDays(-1), Money.Usd(40_000m), []), new TranchePlan(2, today.AddMonths(6), Money.Usd(60_000m), [])],
            [new OutcomeIndicator("I-1", ResultType.Output, "Officials trained", IndicatorMeasure.Unit, 0m, today.Year - 1, [new IndicatorTarget(period, 200m)], [])]);
        var projectId = StableIds.Project(fundId, code);
        var project = grains.GetGrain<IProjectGrain>(projectId);
        await project.Draft(drafter, fundId, design);
        await project.Advance(drafter, ProjectStep.Submit, null);
        await project.Advance(Reviewer, ProjectStep.StartReview, null);
        await project.Advance(Reviewer, ProjectStep.Approve, "Well designed.");
        await project.Advance(drafter, ProjectStep.Activate, null);
        await project.RecordActual(drafter, new ActualCommand("I-1", period, 80m, null));
        await project.ReleaseTranche(Releaser, 1);
        await project.DisburseDueTranches(Caller.Scheduler, $"run-{suffix}", today);

        return new OversightStory(fundId, fundName, unpublished, named, $"Named donor {suffix}", anonymous, $"Discreet donor {suffix}", projectId, code, drafter.UserName);
    }

    private static async Task<Guid> DonorAsync(WebSystem system, string name, string fundId, decimal pledged, decimal paid, DateOnly today)
    {
        var id = Guid.NewGuid();
        var donor = system.Grains.GetGrain<IDonorGrain>(id);
        await donor.Register(WebSystem.Seeder, new DonorProfile(name, DonorType.Government, "NO", null));
        var pledge = await donor.Pledge(Treasurer, new PledgeCommand(
            fundId, Guid.NewGuid().ToString("N"), Money.Usd(pledged), today.AddDays(-30), Earmark.Unearmarked, PscRate.Standard,
            [new InstalmentInput(today.AddDays(-30), pledged)], $"Agreement {name}"));
        await system.Grains.GetGrain<IContributionGrain>(pledge.Id).RecordPayment(Treasurer, new PaymentCommand(Guid.NewGuid().ToString("N"), Money.Usd(paid), today.AddDays(-20)));
        return id;
    }
}
