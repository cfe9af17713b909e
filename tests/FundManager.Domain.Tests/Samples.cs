using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;

namespace FundManager.Domain.Tests;

/// <summary>Ready-made people, dates and projects for the rules' tests.</summary>
internal static class Samples
{
    public static readonly DateOnly Today = new(2026, 6, 15);
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    public static readonly Caller Amina = new("amina", [Role.ProgrammeOfficer]);
    public static readonly Caller Bruno = new("bruno", [Role.ProgrammeOfficer]);
    public static readonly Caller Farah = new("farah", [Role.ProgrammeOfficer]);
    public static readonly Caller Chen = new("chen", [Role.FinanceOfficer]);
    public static readonly Caller Dalia = new("dalia", [Role.FinanceOfficer]);

    public static readonly ReportingPeriod FirstPeriod = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));
    public static readonly ReportingPeriod SecondPeriod = new(new DateOnly(2026, 4, 1), new DateOnly(2026, 12, 31));

    public static ProjectDesign Design(
        string code = "PRJ-1",
        decimal personnel = 60_000m,
        decimal training = 40_000m,
        string? country = "NG",
        ThematicArea theme = ThematicArea.VictimProtection,
        TrancheCondition[]? secondTrancheConditions = null,
        bool withIndicator = true) =>
        new(
            code,
            "Victim support",
            "Shelters and legal aid",
            country,
            "289",
            theme,
            [new ImplementingPartner("Partner NGO", null)],
            "15180",
            new DateOnly(2026, 1, 1),
            new DateOnly(2027, 12, 31),
            [
                new BudgetLine(BudgetCategory.Personnel, "Staff", Money.Usd(personnel)),
                new BudgetLine(BudgetCategory.TrainingAndWorkshops, "Workshops", Money.Usd(training)),
            ],
            PscRate.Standard,
            [
                new TranchePlan(1, new DateOnly(2026, 2, 1), Money.Usd(personnel), []),
                new TranchePlan(2, new DateOnly(2026, 9, 1), Money.Usd(training), [.. secondTrancheConditions ?? []]),
            ],
            withIndicator
                ? [new OutcomeIndicator("IND-1", ResultType.Output, "Victims assisted", IndicatorMeasure.Unit, 0m, 2025,
                    [new IndicatorTarget(FirstPeriod, 100m), new IndicatorTarget(SecondPeriod, 300m)], ["sex"])]
                : []);

    public static Project Submitted(ProjectDesign? design = null) =>
        Project.Draft(Guid.NewGuid(), "fund", design ?? Design(), Amina, Now).Submit(Amina, Now);

    public static Project UnderReview(ProjectDesign? design = null) => Submitted(design).StartReview(Bruno, Now);

    public static Allocation AllocationFor(ProjectDesign design, params (Guid Contribution, decimal Direct)[] sources) =>
        new([.. sources.Select(s => new FundingSource(s.Contribution, Guid.Empty, EarmarkLevel.Unearmarked, PscRate.Standard,
            Money.Usd(s.Direct), PscRate.Standard.ChargeOn(Money.Usd(s.Direct))))]);

    public static Project Active(ProjectDesign? design = null, params (Guid Contribution, decimal Direct)[] sources)
    {
        var d = design ?? Design();
        var allocation = sources.Length == 0 ? AllocationFor(d, (Guid.NewGuid(), d.DirectCosts.Amount)) : AllocationFor(d, sources);
        return UnderReview(d).Approve(Bruno, Now, null, allocation, Money.Usd(1_000_000m)).Activate(Amina, Now);
    }
}
