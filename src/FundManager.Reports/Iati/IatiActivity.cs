using System.Collections.Immutable;

namespace FundManager.Reports.Iati;

/// <summary>An organisation as IATI names it: its identifier (when it has one), name and OrganisationType code.</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiOrganisation")]
public sealed record IatiOrganisation(
    [property: Id(0)] string? Ref,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Type);

/// <summary>An amount in a currency, valued on a date (IATI's value element).</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiValue")]
public sealed record IatiValue(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] string Currency,
    [property: Id(2)] DateOnly ValueDate);

/// <summary>An organisation taking part in an activity, with its OrganisationRole code.</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiParticipant")]
public sealed record IatiParticipant(
    [property: Id(0)] string Role,
    [property: Id(1)] IatiOrganisation Organisation);

/// <summary>A planned or actual start or end (ActivityDateType code).</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiActivityDate")]
public sealed record IatiActivityDate([property: Id(0)] string Type, [property: Id(1)] DateOnly Date);

/// <summary>A budget of the activity for a period (BudgetType and BudgetStatus codes).</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiBudget")]
public sealed record IatiBudget(
    [property: Id(0)] string Type,
    [property: Id(1)] string Status,
    [property: Id(2)] DateOnly PeriodStart,
    [property: Id(3)] DateOnly PeriodEnd,
    [property: Id(4)] IatiValue Value);

/// <summary>A disbursement the activity plans (a tranche not paid yet, or paid: the plan stays published).</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiPlannedDisbursement")]
public sealed record IatiPlannedDisbursement(
    [property: Id(0)] DateOnly PeriodStart,
    [property: Id(1)] DateOnly PeriodEnd,
    [property: Id(2)] IatiValue Value,
    [property: Id(3)] IatiOrganisation? Receiver);

/// <summary>
/// One transaction (TransactionType code). Earmarking is the provider's EarmarkingCategory code
/// (published as aid type vocabulary 2) where the money came from a contribution.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.IatiTransaction")]
public sealed record IatiTransaction(
    [property: Id(0)] string Type,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] IatiValue Value,
    [property: Id(3)] string Description,
    [property: Id(4)] IatiOrganisation? Provider,
    [property: Id(5)] IatiOrganisation? Receiver,
    [property: Id(6)] string? Earmarking);

/// <summary>A target and, once recorded, the actual of one indicator for one period.</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiResultPeriod")]
public sealed record IatiResultPeriod(
    [property: Id(0)] DateOnly Start,
    [property: Id(1)] DateOnly End,
    [property: Id(2)] decimal? Target,
    [property: Id(3)] decimal? Actual);

/// <summary>An indicator with its IndicatorMeasure code, baseline and periods.</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiIndicator")]
public sealed record IatiIndicator(
    [property: Id(0)] string Code,
    [property: Id(1)] string Measure,
    [property: Id(2)] string Title,
    [property: Id(3)] int BaselineYear,
    [property: Id(4)] decimal Baseline,
    [property: Id(5)] ImmutableList<IatiResultPeriod> Periods);

/// <summary>A result (ResultType code) and its indicators.</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiResult")]
public sealed record IatiResult(
    [property: Id(0)] string Type,
    [property: Id(1)] string Title,
    [property: Id(2)] ImmutableList<IatiIndicator> Indicators);

/// <summary>
/// A project as the fund publishes it in IATI: only what is public (no user names, no internal
/// notes), with every code already in its IATI codelist's spelling.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.IatiActivity")]
public sealed record IatiActivity(
    [property: Id(0)] string FundId,
    [property: Id(1)] string ProjectCode,
    [property: Id(2)] string Title,
    [property: Id(3)] string Description,
    [property: Id(4)] string Status,
    [property: Id(5)] ImmutableList<IatiActivityDate> Dates,
    [property: Id(6)] string? RecipientCountry,
    [property: Id(7)] string? RecipientRegion,
    [property: Id(8)] string Sector,
    [property: Id(9)] ImmutableList<IatiParticipant> Participants,
    [property: Id(10)] ImmutableList<IatiBudget> Budgets,
    [property: Id(11)] ImmutableList<IatiPlannedDisbursement> PlannedDisbursements,
    [property: Id(12)] ImmutableList<IatiTransaction> Transactions,
    [property: Id(13)] ImmutableList<IatiResult> Results,
    [property: Id(14)] DateTimeOffset LastUpdated,
    [property: Id(15)] IatiClassification Classification);

/// <summary>What kind of money an activity is: FlowType, FinanceType and (DAC vocabulary) AidType codes.</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiClassification")]
public sealed record IatiClassification(
    [property: Id(0)] string FlowType,
    [property: Id(1)] string FinanceType,
    [property: Id(2)] string AidType);

/// <summary>What the fund spent (direct costs and programme support cost) in one period.</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiExpenditure")]
public sealed record IatiExpenditure(
    [property: Id(0)] DateOnly PeriodStart,
    [property: Id(1)] DateOnly PeriodEnd,
    [property: Id(2)] IatiValue Direct,
    [property: Id(3)] IatiValue ProgrammeSupport);

/// <summary>A fund as an IATI organisation file describes it: its name and what it spent each year.</summary>
[GenerateSerializer, Immutable, Alias("fm.IatiFund")]
public sealed record IatiFund(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableList<IatiExpenditure> Expenditure);
