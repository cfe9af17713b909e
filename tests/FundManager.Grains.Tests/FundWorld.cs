using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;

namespace FundManager.Grains.Tests;

/// <summary>A fund of its own for each test, with people, rates and helpers to reach a given state through the grains.</summary>
internal sealed class FundWorld(IClusterClient client)
{
    public static readonly Caller Admin = new("admin", [Role.Administrator]);
    public static readonly Caller Amina = new("amina", [Role.ProgrammeOfficer]);
    public static readonly Caller Bruno = new("bruno", [Role.ProgrammeOfficer]);
    public static readonly Caller Farah = new("farah", [Role.ProgrammeOfficer]);
    public static readonly Caller Chen = new("chen", [Role.FinanceOfficer]);
    public static readonly Caller Dalia = new("dalia", [Role.FinanceOfficer]);

    public static readonly DateOnly PledgeDate = new(2026, 6, 1);
    public static readonly DateOnly PaidOn = new(2026, 6, 10);
    public static readonly DateOnly RunDate = new(2026, 6, 15);

    public string FundId { get; } = $"f-{Guid.NewGuid():N}"[..20];

    public IClusterClient Client => client;

    public IFundGrain Fund => client.GetGrain<IFundGrain>(FundId);

    public async Task<FundWorld> CreateAsync(decimal secondApproverAbove = 10_000_000m)
    {
        await Fund.Create(Admin, "Test fund", "", Money.Usd(secondApproverAbove));
        var rates = client.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key);
        await rates.Set(Chen, Currency.Parse("EUR"), new DateOnly(2026, 6, 1), 0.92m);
        await rates.Set(Chen, Currency.Parse("JPY"), new DateOnly(2026, 6, 1), 150m);
        return this;
    }

    public async Task<Guid> DonorAsync(string name = "Donor")
    {
        var id = Guid.NewGuid();
        await client.GetGrain<IDonorGrain>(id).Register(Admin, new DonorProfile(name, DonorType.Government, "NO", null));
        return id;
    }

    public static Caller DonorUser(Guid donorId) => new($"donor-{donorId:N}"[..16], [Role.Donor], donorId);

    public async Task<Contribution> PledgeAsync(Guid donorId, Money amount, Earmark? earmark = null, string? key = null) =>
        await client.GetGrain<IDonorGrain>(donorId).Pledge(Chen, new PledgeCommand(
            FundId, key ?? Guid.NewGuid().ToString("N"), amount, PledgeDate, earmark ?? Earmark.Unearmarked, PscRate.Standard,
            [new InstalmentInput(PledgeDate, amount.Amount)], null));

    public async Task<Contribution> FundedAsync(decimal usd, Earmark? earmark = null, Caller? recordedBy = null)
    {
        var donor = await DonorAsync();
        var contribution = await PledgeAsync(donor, Money.Usd(usd), earmark);
        await client.GetGrain<IContributionGrain>(contribution.Id).RecordPayment(recordedBy ?? Chen, new PaymentCommand("cash", Money.Usd(usd), PaidOn));
        return contribution;
    }

    public static ProjectDesign Design(string code, decimal direct = 100_000m, string country = "NG") =>
        new(
            code,
            $"Project {code}",
            "",
            country,
            null,
            ThematicArea.VictimProtection,
            [new ImplementingPartner("Partner", null)],
            "15180",
            new DateOnly(2026, 1, 1),
            new DateOnly(2027, 12, 31),
            [new BudgetLine(BudgetCategory.GrantsToImplementingPartners, "Grant", Money.Usd(direct))],
            PscRate.Standard,
            [
                new TranchePlan(1, new DateOnly(2026, 6, 1), Money.Usd(direct / 2), []),
                new TranchePlan(2, new DateOnly(2026, 12, 1), Money.Usd(direct / 2), []),
            ],
            [new OutcomeIndicator("IND-1", ResultType.Output, "People reached", IndicatorMeasure.Unit, 0m, 2025,
                [new IndicatorTarget(new ReportingPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), 100m)], [])]);

    public IProjectGrain Project(string code) => client.GetGrain<IProjectGrain>(StableIds.Project(FundId, code));

    /// <summary>Drafted by Amina, submitted, and taken into review by Bruno.</summary>
    public async Task<IProjectGrain> InReviewAsync(string code, decimal direct = 100_000m)
    {
        var project = Project(code);
        await project.Draft(Amina, FundId, Design(code, direct));
        await project.Advance(Amina, ProjectStep.Submit, null);
        await project.Advance(Bruno, ProjectStep.StartReview, null);
        return project;
    }

    public async Task<IProjectGrain> ActiveAsync(string code, decimal direct = 100_000m)
    {
        var project = await InReviewAsync(code, direct);
        await project.Advance(Bruno, ProjectStep.Approve, "ok");
        await project.Advance(Amina, ProjectStep.Activate, null);
        return project;
    }
}
