using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Admin;

/// <summary>Users and their roles: create an account, change its roles, disable or enable it. The users' grain decides every rule.</summary>
public sealed class UsersModel : FundPage
{
    /// <summary>The roles a person can hold (the scheduler's belongs to the jobs).</summary>
    public static IReadOnlyList<Role> PersonRoles { get; } = [Role.Donor, Role.ProgrammeOfficer, Role.FinanceOfficer, Role.Auditor, Role.Administrator];

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public List<Role> Roles { get; set; } = [];

    [BindProperty]
    public Guid? DonorId { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public ImmutableList<UserView> Users { get; private set; } = [];

    public ImmutableList<DonorView> Donors { get; private set; } = [];

    /// <summary>The account whose change was refused, so its row shows the refusal.</summary>
    public string? RefusedFor { get; private set; }

    public string? Done { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task OnPostCreateAsync()
    {
        var name = UserNames.Normalize(UserName ?? string.Empty);
        var created = await AttemptAsync(
            () =>
            {
                UserNames.RequireValid(name);
                return Grains.GetGrain<IUserGrain>(name).Create(Caller, new NewUser(DisplayName ?? string.Empty, [.. Roles], DonorId, Password ?? string.Empty));
            },
            nameof(UserName),
            code => code switch
            {
                "invalid-display-name" => nameof(DisplayName),
                "invalid-roles" => nameof(Roles),
                "unknown-donor" => nameof(DonorId),
                "weak-password" => nameof(Password),
                _ => null,
            });
        if (created)
        {
            Done = L["Admin.Users.Created", name];
            (UserName, DisplayName, Roles, DonorId, Password) = (null, null, [], null, null);
        }
        await LoadAsync();
    }

    public async Task OnPostRolesAsync(string account, List<Role> accountRoles, Guid? accountDonor)
    {
        if (await AttemptAsync(() => Grains.GetGrain<IUserGrain>(account).SetRoles(Caller, [.. accountRoles], accountDonor), "account"))
        {
            Done = L["Admin.Users.RolesChanged", account];
        }
        else
        {
            RefusedFor = account;
        }
        await LoadAsync();
    }

    public async Task OnPostDisabledAsync(string account, bool disabled)
    {
        if (await AttemptAsync(() => Grains.GetGrain<IUserGrain>(account).SetDisabled(Caller, disabled), "account"))
        {
            Done = L[disabled ? "Admin.Users.Disabled" : "Admin.Users.Enabled", account];
        }
        else
        {
            RefusedFor = account;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var users = Grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).List(Caller);
        var donors = Grains.GetGrain<IDonorDirectoryGrain>(IDonorDirectoryGrain.Key).List(Caller);
        Users = [.. (await users).OrderBy(u => u.UserName, StringComparer.Ordinal)];
        Donors = await donors;
    }

    public string DonorName(Guid? id) => id is { } d ? Donors.FirstOrDefault(x => x.Id == d)?.Profile.Name ?? d.ToString() : string.Empty;
}
