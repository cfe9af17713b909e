using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Audit;

/// <summary>The audit trail, filtered by date, user, fund, donor, project and command, and the verification of its hash chain.</summary>
public sealed class AuditTrailModel : FundPage
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Fund { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Donor { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Project { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Command { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    /// <summary>The head hash noted at an earlier verification, to catch events removed from the end.</summary>
    [BindProperty]
    public string? ExpectedHead { get; set; }

    public const int PageSize = 50;

    public ImmutableList<AuditEvent> Events { get; private set; } = [];

    public AuditVerification? Verification { get; private set; }

    public Choices Choices { get; private set; } = null!;

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Verification goes through the same grain call as <c>POST /api/audit/verify</c>.</summary>
    public async Task OnPostVerifyAsync()
    {
        Verification = await Grains.GetGrain<IAuditGrain>(0).Verify(Caller, string.IsNullOrWhiteSpace(ExpectedHead) ? null : ExpectedHead.Trim());
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        ImmutableList<string> mentions = [.. new[] { Fund, Donor?.ToString(), Project?.ToString() }.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m!)];
        Events = await Grains.GetGrain<IAuditGrain>(0).Search(Caller, new AuditQuery(From, To, Actor, mentions, Command, Before, PageSize));
        Choices = await Choices.LoadAsync(Grains, Caller, withUsers: true);
    }

    /// <summary>The query string of the next, older page with the same filters.</summary>
    public string OlderPage() => Filters(Events.Count == 0 ? null : Events[^1].Sequence);

    /// <summary>Where the verification form posts: this page with the same filters, so the trail shown stays as it was.</summary>
    public string VerifyAction() => "/audit" + QueryString.Create("handler", "Verify").Add(new QueryString(Filters(Before))).ToUriComponent();

    private string Filters(long? before) => QueryString.Create(new Dictionary<string, string?>
    {
        ["From"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["To"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["Actor"] = Actor,
        ["Fund"] = Fund,
        ["Donor"] = Donor?.ToString(),
        ["Project"] = Project?.ToString(),
        ["Command"] = Command,
        ["Before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
