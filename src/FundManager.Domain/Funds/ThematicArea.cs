namespace FundManager.Domain.Funds;

/// <summary>
/// What a technical-assistance project works on, following the paragraphs of General Assembly
/// resolution 58/137 that the Global Programme serves.
/// </summary>
public enum ThematicArea
{
    /// <summary>Prevention and awareness campaigns (para. 2 b).</summary>
    PreventionAndAwareness = 1,
    /// <summary>Institutional capacity in countries of origin (para. 2 a).</summary>
    InstitutionalCapacity = 2,
    /// <summary>Post-conflict regions (para. 2 c).</summary>
    PostConflictRegions = 3,
    /// <summary>Legislative assistance and criminalisation (para. 4 a).</summary>
    LegislativeAssistance = 4,
    /// <summary>Law-enforcement cooperation (para. 4 b).</summary>
    LawEnforcementCooperation = 5,
    /// <summary>Anti-money-laundering (para. 4 c).</summary>
    AntiMoneyLaundering = 6,
    /// <summary>Training of criminal-justice personnel (para. 5 b).</summary>
    CriminalJusticeTraining = 7,
    /// <summary>Victim protection, assistance and reintegration (para. 6).</summary>
    VictimProtection = 8,
    /// <summary>Demand reduction (paras. 12 and 13).</summary>
    DemandReduction = 9,
    /// <summary>Research and data.</summary>
    ResearchAndData = 10,
}
