using System.Collections.Immutable;

namespace FundManager.Domain.Access;

/// <summary>The roles of the fund (see DOMAIN.md, "Who uses it").</summary>
public enum Role
{
    Donor = 1,
    ProgrammeOfficer = 2,
    FinanceOfficer = 3,
    Auditor = 4,
    Administrator = 5,
    /// <summary>The scheduled jobs; never given to a person.</summary>
    Scheduler = 6,
}

/// <summary>
/// Who is asking. Every grain command takes one and checks it, so the rules hold whichever
/// client calls the grain, not only behind the HTTP endpoints.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.Caller")]
public sealed record Caller
{
    public Caller(string userName, IEnumerable<Role> roles, Guid? donorId = null)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            throw new ArgumentException("A caller has a user name.", nameof(userName));
        }
        UserName = userName;
        Roles = [.. roles];
        DonorId = donorId;
        if (Roles.Contains(Role.Donor) && donorId is null)
        {
            throw new ArgumentException("A donor caller is bound to one donor.", nameof(donorId));
        }
    }

    [Id(0)] public string UserName { get; }
    [Id(1)] public ImmutableSortedSet<Role> Roles { get; }
    [Id(2)] public Guid? DonorId { get; }

    /// <summary>The caller the scheduled jobs act as.</summary>
    public static Caller Scheduler { get; } = new("scheduler", [Role.Scheduler]);

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>Staff roles read every donor's data; a donor reads only its own.</summary>
    public bool IsStaff => Roles.Any(r => r is Role.ProgrammeOfficer or Role.FinanceOfficer or Role.Auditor or Role.Administrator or Role.Scheduler);

    /// <summary>Refuses the call unless the caller holds one of the roles.</summary>
    public void Require(params Role[] anyOf)
    {
        if (!anyOf.Any(Has))
        {
            throw RuleViolationException.Forbidden(
                "role-required",
                $"{UserName} needs one of these roles: {string.Join(", ", anyOf)}.");
        }
    }

    /// <summary>Refuses to show or change a donor's data to anyone but staff and that donor.</summary>
    public void RequireDonorAccess(Guid donorId)
    {
        if (IsStaff || (Has(Role.Donor) && DonorId == donorId))
        {
            return;
        }
        throw RuleViolationException.Forbidden("other-donor", "A donor sees only its own donor record, pledges, payments and statements.");
    }

    /// <summary>Staff roles only: donors never see fund-wide or project-internal data.</summary>
    public void RequireStaff()
    {
        if (!IsStaff)
        {
            throw RuleViolationException.Forbidden("staff-only", "Only fund staff can see this.");
        }
    }
}
