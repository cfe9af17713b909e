using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;
using FundManager.Jobs;
using FundManager.Persistence;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FundManager.Silo;

/// <summary>
/// Announces, before the silo opens its gateway, that demo data is on its way, so the dashboards'
/// health check does not call the system ready while the silo is still seeding it.
/// </summary>
public sealed class DemoDataIntent(InstallationSettings settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var state = await settings.GetAsync(DemoData.SettingKey, cancellationToken);
        if (state is null)
        {
            await settings.SetAsync(DemoData.SettingKey, DemoData.Pending, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Seeds a demonstration of the Global Programme: donors and their pledges in four currencies,
/// payments, projects at several stages of their life cycle, and the demo users of README. Every
/// step goes through the grains like any user's command and is idempotent; dates are counted from
/// the day the seeding first ran, which is remembered, so a restart finishes the same seeding
/// instead of starting a second one.
/// </summary>
public sealed class DemoData(
    IGrainFactory grains,
    InstallationSettings settings,
    IRecurringJobManagerV2 jobs,
    FundCalendar calendar,
    ILogger<DemoData> logger) : IHostedService
{
    public const string SettingKey = "demo-data";
    public const string Pending = "pending";
    public const string FundId = "gptf";
    public const string Password = "demo-pass-2026";

    public static readonly Guid Norway = Guid.Parse("0b7d3c1e-0000-4000-8000-000000000001");
    public static readonly Guid Sweden = Guid.Parse("0b7d3c1e-0000-4000-8000-000000000002");
    public static readonly Guid Japan = Guid.Parse("0b7d3c1e-0000-4000-8000-000000000003");
    public static readonly Guid Foundation = Guid.Parse("0b7d3c1e-0000-4000-8000-000000000004");

    private static readonly Caller Seeder = new("demo-seed", [Role.Administrator]);
    private static readonly Caller Amina = new("amina", [Role.ProgrammeOfficer]);
    private static readonly Caller Bruno = new("bruno", [Role.ProgrammeOfficer]);
    private static readonly Caller Chen = new("chen", [Role.FinanceOfficer]);
    private static readonly Caller Dalia = new("dalia", [Role.FinanceOfficer]);
    private static readonly Caller Farah = new("farah", [Role.ProgrammeOfficer]);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var state = await settings.GetAsync(SettingKey, cancellationToken);
        if (state is not null && state.StartsWith("complete:", StringComparison.Ordinal))
        {
            return;
        }
        var anchor = state is null or Pending
            ? calendar.Today
            : DateOnly.ParseExact(state["seeding:".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await settings.SetAsync(SettingKey, $"seeding:{anchor:yyyy-MM-dd}", cancellationToken);
        logger.LogInformation("Seeding the demo data (dates counted from {Anchor})", anchor);
        await SeedAsync(anchor);
        await settings.SetAsync(SettingKey, $"complete:{anchor:yyyy-MM-dd}", cancellationToken);
        jobs.TriggerJob(DisbursementRun.RecurringJobId);
        jobs.TriggerJob(OutcomeReport.RecurringJobId);
        logger.LogInformation("Demo data ready; the first disbursement run and outcome report are queued");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(DateOnly anchor)
    {
        await SetRatesAsync(anchor);
        await grains.GetGrain<IFundGrain>(FundId).Create(
            Seeder,
            "Global Programme against Trafficking in Human Beings",
            "Voluntary contributions for technical assistance under General Assembly resolution 58/137, paragraph 16 (demonstration data).",
            Money.Usd(750_000m));
        // The demo fund shows what a published fund's public page looks like.
        await grains.GetGrain<IFundPublicationGrain>(FundId).SetPublished(Seeder, true);

        await RegisterDonorAsync(Norway, "Norway (demo)", DonorType.Government, "NO");
        await RegisterDonorAsync(Sweden, "Sweden (demo)", DonorType.Government, "SE");
        await RegisterDonorAsync(Japan, "Japan (demo)", DonorType.Government, "JP");
        await RegisterDonorAsync(Foundation, "Hope for Freedom Foundation (demo)", DonorType.Foundation, "US");

        await CreateUserAsync("admin", "Ada Administrator", [Role.Administrator], null);
        await CreateUserAsync("amina", "Amina Programme Officer", [Role.ProgrammeOfficer], null);
        await CreateUserAsync("bruno", "Bruno Programme Officer", [Role.ProgrammeOfficer], null);
        await CreateUserAsync("farah", "Farah Programme Officer", [Role.ProgrammeOfficer], null);
        await CreateUserAsync("chen", "Chen Finance Officer", [Role.FinanceOfficer], null);
        await CreateUserAsync("dalia", "Dalia Finance Officer", [Role.FinanceOfficer], null);
        await CreateUserAsync("erik", "Erik Auditor", [Role.Auditor], null);
        await CreateUserAsync("norway", "Norway donor desk", [Role.Donor], Norway);
        await CreateUserAsync("sweden", "Sweden donor desk", [Role.Donor], Sweden);

        var pledged = anchor.AddDays(-150);
        var norway = await PledgeAsync(Norway, "norway-2026", Money.Of(12_000_000m, "NOK"), pledged, Earmark.Unearmarked,
            [(pledged, 4_000_000m), (anchor.AddDays(-60), 4_000_000m), (anchor.AddDays(30), 4_000_000m)]);
        var sweden = await PledgeAsync(Sweden, "sweden-2026", Money.Of(6_000_000m, "SEK"), pledged, Earmark.ToTheme(ThematicArea.VictimProtection),
            [(pledged, 3_000_000m), (anchor.AddDays(120), 3_000_000m)]);
        var japan = await PledgeAsync(Japan, "japan-2026", Money.Of(80_000_000m, "JPY"), pledged, Earmark.ToCountry("NG"),
            [(pledged, 80_000_000m)]);
        var foundation = await PledgeAsync(Foundation, "foundation-2026", Money.Usd(300_000m), pledged, Earmark.ToProject("GLOT-2026-003"),
            [(pledged, 150_000m), (anchor.AddDays(60), 150_000m)]);

        var paid = anchor.AddDays(-140);
        await PayAsync(norway, "norway-1", Money.Of(4_000_000m, "NOK"), paid);
        await PayAsync(sweden, "sweden-1", Money.Of(3_000_000m, "SEK"), paid);
        await PayAsync(japan, "japan-1", Money.Of(80_000_000m, "JPY"), paid);
        await PayAsync(foundation, "foundation-1", Money.Usd(150_000m), paid);
        await PayAsync(norway, "norway-2", Money.Of(4_000_000m, "NOK"), anchor.AddDays(-55));

        await SeedTrainingProjectAsync(anchor);
        await SeedVictimProtectionProjectAsync(anchor);
        await SeedAwarenessProjectAsync(anchor);
    }

    private async Task SetRatesAsync(DateOnly anchor)
    {
        var rates = grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key);
        var quotes = new (string Code, decimal PerUsd)[] { ("EUR", 0.92m), ("GBP", 0.79m), ("NOK", 10.9m), ("SEK", 10.6m), ("JPY", 151m), ("CHF", 0.88m) };
        var first = new DateOnly(anchor.Year, anchor.Month, 1).AddMonths(-12);
        for (var month = 0; month <= 12; month++)
        {
            foreach (var (code, perUsd) in quotes)
            {
                var currency = Currency.Parse(code);
                // A small monthly drift, so conversions and exchange differences show in the demo.
                var rate = decimal.Round(perUsd * (1m + (0.003m * month)), currency.MinorUnits == 0 ? 2 : 4, MidpointRounding.AwayFromZero);
                await rates.Set(Chen, currency, first.AddMonths(month), rate);
            }
        }
    }

    private async Task RegisterDonorAsync(Guid id, string name, DonorType type, string country) =>
        await grains.GetGrain<IDonorGrain>(id).Register(Seeder, new DonorProfile(name, type, country, null));

    private async Task CreateUserAsync(string userName, string displayName, Role[] roles, Guid? donorId)
    {
        try
        {
            await grains.GetGrain<IUserGrain>(userName).Create(Seeder, new NewUser(displayName, [.. roles], donorId, Password));
        }
        catch (RuleViolationException e) when (e.Code == "user-exists")
        {
            // Created by an earlier, interrupted seeding.
        }
    }

    private async Task<Guid> PledgeAsync(Guid donorId, string key, Money amount, DateOnly date, Earmark earmark, (DateOnly Due, decimal Amount)[] instalments)
    {
        var contribution = await grains.GetGrain<IDonorGrain>(donorId).Pledge(
            Chen,
            new PledgeCommand(FundId, key, amount, date, earmark, PscRate.Standard, [.. instalments.Select(i => new InstalmentInput(i.Due, i.Amount))], $"Demo agreement {key}"));
        return contribution.Id;
    }

    private async Task PayAsync(Guid contributionId, string key, Money amount, DateOnly valueDate) =>
        await grains.GetGrain<IContributionGrain>(contributionId).RecordPayment(Chen, new PaymentCommand(key, amount, valueDate));

    private async Task SeedTrainingProjectAsync(DateOnly anchor)
    {
        var start = anchor.AddDays(-120);
        var firstPeriod = new ReportingPeriod(start, anchor.AddDays(-1));
        var secondPeriod = new ReportingPeriod(anchor, anchor.AddDays(365));
        var design = new ProjectDesign(
            "GLOT-2026-001",
            "Training criminal-justice personnel in West Africa",
            "Specialised training for judges, prosecutors and investigators on trafficking cases, with regional mentoring.",
            null,
            "289",
            ThematicArea.CriminalJusticeTraining,
            [new ImplementingPartner("West African Judicial Training Network (demo)", null)],
            "15130",
            start,
            anchor.AddDays(600),
            [
                new BudgetLine(BudgetCategory.Personnel, "Trainers and coordination", Money.Usd(200_000m)),
                new BudgetLine(BudgetCategory.TrainingAndWorkshops, "Regional workshops", Money.Usd(300_000m)),
                new BudgetLine(BudgetCategory.Travel, "Participant travel", Money.Usd(100_000m)),
            ],
            PscRate.Standard,
            [
                new TranchePlan(1, anchor.AddDays(-30), Money.Usd(250_000m), []),
                new TranchePlan(2, anchor.AddDays(150), Money.Usd(200_000m), [TrancheCondition.PreviousFinancialReportAccepted, TrancheCondition.OutcomeDataRecorded]),
                new TranchePlan(3, anchor.AddDays(400), Money.Usd(150_000m), [TrancheCondition.PreviousFinancialReportAccepted, TrancheCondition.OutcomeDataRecorded]),
            ],
            [
                new OutcomeIndicator("IND-1", ResultType.Output, "Criminal-justice officials trained", IndicatorMeasure.Unit, 0m, start.Year,
                    [new IndicatorTarget(firstPeriod, 300m), new IndicatorTarget(secondPeriod, 800m)], ["sex"]),
                new OutcomeIndicator("IND-2", ResultType.Outcome, "Trained officials passing the case-handling assessment", IndicatorMeasure.Percentage, 40m, start.Year,
                    [new IndicatorTarget(firstPeriod, 60m), new IndicatorTarget(secondPeriod, 75m)], []),
            ]);
        var project = await DraftAsync(design, Amina);
        project = await StepAsync(project, ProjectStatus.Draft, Amina, ProjectStep.Submit, null);
        project = await StepAsync(project, ProjectStatus.Submitted, Bruno, ProjectStep.StartReview, null);
        project = await StepAsync(project, ProjectStatus.UnderReview, Bruno, ProjectStep.Approve, "Fits the regional strategy; budget checked.");
        project = await StepAsync(project, ProjectStatus.Approved, Amina, ProjectStep.Activate, null);
        var grain = grains.GetGrain<IProjectGrain>(project.Id);
        await grain.ReleaseTranche(Dalia, 1);
        if (!project.Actuals.Any())
        {
            await grain.RecordActual(Amina, new ActualCommand("IND-1", firstPeriod, 275m, "Four regional workshops held"));
            await grain.RecordActual(Amina, new ActualCommand("IND-2", firstPeriod, 52m, "Assessment after the first cohort"));
        }
    }

    private async Task SeedVictimProtectionProjectAsync(DateOnly anchor)
    {
        var start = anchor.AddDays(30);
        var design = new ProjectDesign(
            "GLOT-2026-002",
            "Victim protection and reintegration in Nigeria",
            "Shelters, legal aid and reintegration support for survivors of trafficking, with referral to law enforcement.",
            "NG",
            "289",
            ThematicArea.VictimProtection,
            [new ImplementingPartner("Lagos Victim Support Centre (demo)", null)],
            "15180",
            start,
            start.AddDays(730),
            [
                new BudgetLine(BudgetCategory.GrantsToImplementingPartners, "Shelter and case management", Money.Usd(550_000m)),
                new BudgetLine(BudgetCategory.ContractualServices, "Legal aid", Money.Usd(150_000m)),
            ],
            PscRate.Standard,
            [
                new TranchePlan(1, start, Money.Usd(400_000m), []),
                new TranchePlan(2, start.AddDays(365), Money.Usd(300_000m), [TrancheCondition.PreviousFinancialReportAccepted, TrancheCondition.OutcomeDataRecorded]),
            ],
            [
                new OutcomeIndicator("VP-1", ResultType.Output, "Victims assisted", IndicatorMeasure.Unit, 0m, start.Year,
                    [new IndicatorTarget(new ReportingPeriod(start, start.AddDays(364)), 400m)], ["sex", "age"]),
            ]);
        var project = await DraftAsync(design, Farah);
        await StepAsync(project, ProjectStatus.Draft, Farah, ProjectStep.Submit, null);
    }

    private async Task SeedAwarenessProjectAsync(DateOnly anchor)
    {
        var start = anchor.AddDays(45);
        await DraftAsync(new ProjectDesign(
            "GLOT-2026-003",
            "Awareness campaign on online recruitment",
            "Campaign on deceptive online job offers, with schools and social-media partners.",
            "GH",
            "289",
            ThematicArea.PreventionAndAwareness,
            [new ImplementingPartner("Accra Youth Media Collective (demo)", null)],
            "15180",
            start,
            start.AddDays(365),
            [new BudgetLine(BudgetCategory.ContractualServices, "Campaign production and placement", Money.Usd(120_000m))],
            PscRate.Standard,
            [new TranchePlan(1, start, Money.Usd(120_000m), [])],
            []), Amina);
    }

    private async Task<Project> DraftAsync(ProjectDesign design, Caller author) =>
        await grains.GetGrain<IProjectGrain>(StableIds.Project(FundId, design.Code)).Draft(author, FundId, design);

    /// <summary>Takes a step only if the project is still where the step starts, so a resumed seeding skips what is done.</summary>
    private async Task<Project> StepAsync(Project project, ProjectStatus from, Caller by, ProjectStep step, string? reason) =>
        project.Status == from ? await grains.GetGrain<IProjectGrain>(project.Id).Advance(by, step, reason) : project;
}
