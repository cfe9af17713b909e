using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Ledger;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Audit;

/// <summary>The money journal of a fund as it was written, filtered by date, who recorded it, donor, project and kind of entry.</summary>
public sealed class JournalModel : FundPage
{
    [BindProperty(SupportsGet = true)]
    public string? Fund { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Donor { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Project { get; set; }

    [BindProperty(SupportsGet = true)]
    public EntryKind? Kind { get; set; }

    public const int PageSize = 200;

    public ImmutableList<JournalEntry> Entries { get; private set; } = [];

    public Choices Choices { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Choices = await Choices.LoadAsync(Grains, Caller, withUsers: false);
        Fund ??= Choices.Funds.FirstOrDefault();
        if (Fund is null)
        {
            return;
        }
        Entries = await Grains.GetGrain<IJournalGrain>(0).Entries(Caller, new JournalQuery(
            Fund, From, To, Actor, Donor, Project, Kind is { } kind ? [kind] : null, PageSize));
    }

    public IReadOnlyList<KeyValuePair<string, string>> KindOptions() =>
        [.. Enum.GetValues<EntryKind>().Select(k => new KeyValuePair<string, string>(k.ToString(), L["Audit.Kind." + k]))];
}
