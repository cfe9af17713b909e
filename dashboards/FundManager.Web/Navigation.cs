using FundManager.Domain.Access;

namespace FundManager.Web;

/// <summary>One entry of the main navigation: where it goes, its text's resource key, and who sees it.</summary>
public sealed record NavigationEntry(string Path, string TextKey, IReadOnlySet<Role> Roles);

/// <summary>
/// The main navigation by role. It only decides what a person is offered: every page asks the
/// grains, which refuse what the caller's roles do not allow, whatever the link list says.
/// </summary>
public static class Navigation
{
    public static IReadOnlyList<NavigationEntry> Entries { get; } =
    [
        new("/donor", "Nav.Donor", new HashSet<Role> { Role.Donor }),
        new("/finance", "Nav.Finance", new HashSet<Role> { Role.FinanceOfficer }),
        new("/programme", "Nav.Programme", new HashSet<Role> { Role.ProgrammeOfficer }),
        new("/overview", "Nav.Overview", new HashSet<Role> { Role.ProgrammeOfficer, Role.FinanceOfficer, Role.Auditor, Role.Administrator }),
        new("/audit", "Nav.Audit", new HashSet<Role> { Role.Auditor, Role.Administrator }),
        new("/admin", "Nav.Admin", new HashSet<Role> { Role.Administrator }),
    ];

    public static IEnumerable<NavigationEntry> For(Caller? caller) =>
        caller is null ? [] : Entries.Where(e => e.Roles.Any(caller.Has));
}
