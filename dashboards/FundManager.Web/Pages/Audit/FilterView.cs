namespace FundManager.Web.Pages.Audit;

/// <summary>
/// What the shared filter form shows: the choices, the values chosen, and the page's "kind" field
/// (a command typed in for the audit trail, a kind of entry chosen for the journal).
/// </summary>
public sealed record FilterView(
    Choices Choices,
    bool FundRequired,
    string? Fund,
    DateOnly? From,
    DateOnly? To,
    string? Actor,
    Guid? Donor,
    Guid? Project,
    string KindField,
    string KindLabel,
    string? KindValue,
    IReadOnlyList<KeyValuePair<string, string>>? KindOptions);
