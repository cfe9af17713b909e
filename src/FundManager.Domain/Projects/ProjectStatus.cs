namespace FundManager.Domain.Projects;

/// <summary>The project life cycle (DOMAIN.md, "Technical-assistance projects").</summary>
public enum ProjectStatus
{
    Draft = 1,
    Submitted = 2,
    UnderReview = 3,
    Approved = 4,
    Rejected = 5,
    ReturnedForRevision = 6,
    Active = 7,
    Suspended = 8,
    Completed = 9,
    Closed = 10,
}

/// <summary>Direct-cost budget categories; PSC is computed, never entered as a line.</summary>
public enum BudgetCategory
{
    Personnel = 1,
    Travel = 2,
    TrainingAndWorkshops = 3,
    GrantsToImplementingPartners = 4,
    Equipment = 5,
    ContractualServices = 6,
    GeneralOperating = 7,
}

/// <summary>Conditions a tranche may carry beyond the ones every tranche has.</summary>
public enum TrancheCondition
{
    /// <summary>The implementing partner's financial report on the previous tranche was accepted.</summary>
    PreviousFinancialReportAccepted = 1,
    /// <summary>Every indicator has its actual for the last period that has ended.</summary>
    OutcomeDataRecorded = 2,
}

/// <summary>IATI ResultType.</summary>
public enum ResultType
{
    Output = 1,
    Outcome = 2,
    Impact = 3,
}

/// <summary>IATI IndicatorMeasure (the two this fund uses).</summary>
public enum IndicatorMeasure
{
    Unit = 1,
    Percentage = 2,
}
