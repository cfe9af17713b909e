using System.Collections.Frozen;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Geography;
using FundManager.Domain.Projects;

namespace FundManager.Domain.Iati;

/// <summary>IATI TransactionType: the kinds of transaction this fund publishes.</summary>
public enum IatiTransactionType
{
    /// <summary>Money the activity received: a funding source's draw when a tranche is paid.</summary>
    IncomingFunds = 1,
    /// <summary>What the activity committed to its implementing partner: the direct costs, at approval.</summary>
    OutgoingCommitment = 2,
    /// <summary>A tranche paid to the implementing partner.</summary>
    Disbursement = 3,
    /// <summary>Programme support cost charged on a tranche.</summary>
    Expenditure = 4,
    /// <summary>What a funding source committed to the activity: its allocation, at approval.</summary>
    IncomingCommitment = 11,
}

/// <summary>IATI OrganisationRole.</summary>
public enum IatiOrganisationRole
{
    Funding = 1,
    Accountable = 2,
    Extending = 3,
    Implementing = 4,
}

/// <summary>
/// The system's own codes as the IATI codelists spell them: one place says which project status
/// is which activity status, and which codes of each codelist the system can ever publish, so a
/// conformance check can hold every one of them against the official codelists.
/// </summary>
public static class IatiCodes
{
    /// <summary>Organisation type of a fund run by a UN office (IATI OrganisationType 40, Multilateral), unless configured otherwise.</summary>
    public const string MultilateralOrganisation = "40";

    /// <summary>ActivityDateType: planned start, actual start, planned end, actual end.</summary>
    public const string PlannedStart = "1", ActualStart = "2", PlannedEnd = "3", ActualEnd = "4";

    /// <summary>BudgetType 1 (original) and BudgetStatus 2 (committed): an approved project's allocation.</summary>
    public const string OriginalBudget = "1", CommittedBudget = "2";

    /// <summary>Every project is a grant (FinanceType 110) of official development assistance (FlowType 10), a project-type intervention (AidType C01).</summary>
    public const string StandardGrant = "110", OfficialDevelopmentAssistance = "10", ProjectTypeIntervention = "C01";

    /// <summary>The project life cycle as IATI ActivityStatus; null for what is never published (before approval, or rejected).</summary>
    public static string? ActivityStatus(ProjectStatus status) => status switch
    {
        ProjectStatus.Approved => "1",
        ProjectStatus.Active => "2",
        ProjectStatus.Completed => "3",
        ProjectStatus.Closed => "4",
        ProjectStatus.Suspended => "6",
        _ => null,
    };

    public static string OrganisationType(DonorType type) => ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Earmarking(EarmarkLevel level) => ((int)level).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Transaction(IatiTransactionType type) => ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Role(IatiOrganisationRole role) => ((int)role).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Result(ResultType type) => ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Measure(IndicatorMeasure measure) => ((int)measure).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Every code the system can publish or accepts, by the name of the IATI codelist it belongs to
    /// (the file name of the codelist, without ".xml").
    /// </summary>
    public static FrozenDictionary<string, IReadOnlyCollection<string>> InUse { get; } = new Dictionary<string, IReadOnlyCollection<string>>
    {
        ["Region"] = Region.Codes,
        ["Country"] = Country.Codes,
        ["Sector"] = DacSector.Codes,
        ["Currency"] = [.. Currency.All.Select(c => c.Code)],
        ["OrganisationType"] = [.. Enum.GetValues<DonorType>().Select(OrganisationType), MultilateralOrganisation],
        ["OrganisationRole"] = [.. Enum.GetValues<IatiOrganisationRole>().Select(Role)],
        ["EarmarkingCategory"] = [.. Enum.GetValues<EarmarkLevel>().Select(Earmarking)],
        ["ActivityStatus"] = [.. Enum.GetValues<ProjectStatus>().Select(ActivityStatus).OfType<string>()],
        ["TransactionType"] = [.. Enum.GetValues<IatiTransactionType>().Select(Transaction)],
        ["ResultType"] = [.. Enum.GetValues<ResultType>().Select(Result)],
        ["IndicatorMeasure"] = [.. Enum.GetValues<IndicatorMeasure>().Select(Measure)],
        ["ActivityDateType"] = [PlannedStart, ActualStart, PlannedEnd, ActualEnd],
        ["BudgetType"] = [OriginalBudget],
        ["BudgetStatus"] = [CommittedBudget],
        ["FinanceType"] = [StandardGrant],
        ["FlowType"] = [OfficialDevelopmentAssistance],
        ["AidType"] = [ProjectTypeIntervention],
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
