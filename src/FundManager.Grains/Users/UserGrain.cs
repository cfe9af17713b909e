using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;

namespace FundManager.Grains.Users;

[GenerateSerializer, Alias("fm.UserAccount")]
public sealed record UserAccount(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] ImmutableSortedSet<Role> Roles,
    [property: Id(2)] Guid? DonorId,
    [property: Id(3)] string PasswordHash,
    [property: Id(4)] bool Disabled,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string CreatedBy,
    [property: Id(7)] int FailedSignIns,
    [property: Id(8)] DateTimeOffset? LockedUntil,
    [property: Id(9)] int Session = 0);

[GenerateSerializer, Alias("fm.UserState")]
public sealed record UserState([property: Id(0)] UserAccount? Account)
{
    public UserState() : this((UserAccount?)null)
    {
    }
}

/// <summary>A person who signs in: roles, the donor a donor user is bound to, and a password hash.</summary>
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Grains)] IPersistentState<UserState> state,
    IGrainFactory grains,
    TimeProvider clock)
    : Grain, IUserGrain, IAuditable
{
    // The view, never the password hash.
    public object? AuditState() => state.State.Account is { } account ? View(account) : null;

    private const int MaxFailedSignIns = 5;
    private static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(5);

    private string UserName => this.GetPrimaryKeyString();

    private UserAccount Existing =>
        state.State.Account ?? throw RuleViolationException.NotFound("unknown-user", $"There is no user '{UserName}'.");

    async Task<UserView> IUserGrain.Create(Caller caller, NewUser user)
    {
        caller.Require(Role.Administrator);
        if (!UserNamePattern().IsMatch(UserName))
        {
            throw RuleViolationException.Invalid("invalid-user-name", "A user name is 2 to 64 lower-case letters, digits, dots, dashes or underscores.");
        }
        if (state.State.Account is not null)
        {
            throw RuleViolationException.Conflict("user-exists", $"There is already a user '{UserName}'.");
        }
        if (string.IsNullOrWhiteSpace(user.DisplayName) || user.DisplayName.Length > 200)
        {
            throw RuleViolationException.Invalid("invalid-display-name", "A display name is 1 to 200 characters.");
        }
        await RequireValidRolesAsync(user.Roles, user.DonorId);
        RequireStrongPassword(user.Password);
        await state.CommitAsync(new UserState(new UserAccount(
            user.DisplayName.Trim(), user.Roles, user.DonorId, PasswordHash.Create(user.Password), false, clock.GetUtcNow(), caller.UserName, 0, null)), this);
        await grains.GetGrain<IUserDirectoryRegistrar>(IUserDirectoryGrain.Key).Register(UserName);
        return View(state.State.Account!);
    }

    Task<UserView> IUserGrain.Describe(Caller caller)
    {
        if (caller.UserName != UserName)
        {
            caller.Require(Role.Administrator, Role.Auditor);
        }
        return Task.FromResult(View(Existing));
    }

    async Task<UserView> IUserGrain.SetPassword(Caller caller, string newPassword)
    {
        if (caller.UserName != UserName)
        {
            caller.Require(Role.Administrator);
        }
        var account = Existing;
        RequireStrongPassword(newPassword);
        // A new password ends every session the old one opened.
        await state.CommitAsync(new UserState(account with { PasswordHash = PasswordHash.Create(newPassword), FailedSignIns = 0, LockedUntil = null, Session = account.Session + 1 }), this);
        return View(state.State.Account!);
    }

    async Task<UserView> IUserGrain.SetDisabled(Caller caller, bool disabled)
    {
        caller.Require(Role.Administrator);
        if (caller.UserName == UserName && disabled)
        {
            throw RuleViolationException.Conflict("cannot-disable-self", "An administrator cannot disable their own account.");
        }
        var account = Existing;
        await state.CommitAsync(new UserState(account with { Disabled = disabled, Session = account.Session + 1 }), this);
        return View(state.State.Account!);
    }

    async Task<SignedIn?> IUserGrain.SignIn(string password)
    {
        if (state.State.Account is not { } account || account.Disabled)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            return null;
        }
        if (!PasswordHash.Verify(password ?? string.Empty, account.PasswordHash))
        {
            var failures = account.FailedSignIns + 1;
            await state.CommitAsync(new UserState(account with
            {
                FailedSignIns = failures >= MaxFailedSignIns ? 0 : failures,
                LockedUntil = failures >= MaxFailedSignIns ? now + LockoutPeriod : account.LockedUntil,
            }), this);
            return null;
        }
        if (account.FailedSignIns != 0 || account.LockedUntil is not null)
        {
            await state.CommitAsync(new UserState(account with { FailedSignIns = 0, LockedUntil = null }), this);
        }
        return new SignedIn(new Caller(UserName, account.Roles, account.DonorId), account.Session);
    }

    private async Task RequireValidRolesAsync(ImmutableSortedSet<Role> roles, Guid? donorId)
    {
        if (roles.IsEmpty || roles.Any(r => !Enum.IsDefined(r)))
        {
            throw RuleViolationException.Invalid("invalid-roles", "A user has at least one known role.");
        }
        if (roles.Contains(Role.Scheduler))
        {
            throw RuleViolationException.Invalid("invalid-roles", "The scheduler role belongs to the scheduled jobs, not to people.");
        }
        if (roles.Contains(Role.Donor))
        {
            if (roles.Count > 1)
            {
                throw RuleViolationException.Invalid("invalid-roles", "A donor user has no staff role.");
            }
            if (donorId is not { } id || !await grains.GetGrain<IDonorLedgerGrain>(id).Exists())
            {
                throw RuleViolationException.Invalid("unknown-donor", "A donor user is bound to a registered donor.");
            }
        }
        else if (donorId is not null)
        {
            throw RuleViolationException.Invalid("invalid-roles", "Only donor users are bound to a donor.");
        }
    }

    private static void RequireStrongPassword(string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < 10 || password.Length > 200)
        {
            throw RuleViolationException.Invalid("weak-password", "A password is 10 to 200 characters.");
        }
    }

    private UserView View(UserAccount account) =>
        new(UserName, account.DisplayName, account.Roles, account.DonorId, account.Disabled, account.CreatedAt, account.Session);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}

public sealed class UserDirectoryGrain(
    [PersistentState("user-directory", StorageNames.Grains)] IPersistentState<DirectoryState> state,
    IGrainFactory grains)
    : DirectoryGrain(state), IUserDirectoryGrain, IUserDirectoryRegistrar
{
    async Task<ImmutableList<UserView>> IUserDirectoryGrain.List(Caller caller)
    {
        caller.Require(Role.Administrator, Role.Auditor);
        var users = await Task.WhenAll(Members.Select(name => grains.GetGrain<IUserGrain>(name).Describe(caller)));
        return [.. users];
    }

    Task IUserDirectoryRegistrar.Register(string userName) => AddAsync(userName);
}
