using System.Collections.Immutable;
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
    // Ids 7 and 8 counted failed sign-ins and locked the account; the edge's rate limits replaced them.
    [property: Id(7)] int FailedSignIns,
    [property: Id(8)] DateTimeOffset? LockedUntil,
    [property: Id(9)] int Session = 0,
    [property: Id(10)] ImmutableDictionary<Guid, TokenFamily>? TokenFamilies = null)
{
    public ImmutableDictionary<Guid, TokenFamily> LiveFamilies => TokenFamilies ?? ImmutableDictionary<Guid, TokenFamily>.Empty;
}

/// <summary>The tokens of one sign-in: which refresh token generation is the current one, and when it was last spent.</summary>
[GenerateSerializer, Immutable, Alias("fm.TokenFamily")]
public sealed record TokenFamily([property: Id(0)] int Generation, [property: Id(1)] DateTimeOffset LastUsed);

[GenerateSerializer, Alias("fm.UserState")]
public sealed record UserState([property: Id(0)] UserAccount? Account, [property: Id(1)] bool Listed = false)
{
    public UserState() : this((UserAccount?)null)
    {
    }
}

/// <summary>A person who signs in: roles, the donor a donor user is bound to, a password hash, and the sign-ins that are live.</summary>
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Grains)] IPersistentState<UserState> state,
    IGrainFactory grains,
    TimeProvider clock)
    : Grain, IUserGrain, IAuditable
{
    // The view, never the password hash.
    public object? AuditState() => state.State.Account is { } account ? View(account) : null;

    // A sign-in unused this long is forgotten, and an account keeps this many at most, so the state stays small.
    private static readonly TimeSpan FamilyLifetime = TimeSpan.FromDays(30);
    private const int MaxFamilies = 20;

    // Verifying against this when there is no account makes an unknown name cost what a known one does.
    private static readonly Lazy<string> NoAccountHash = new(() => PasswordHash.Create(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    private string UserName => this.GetPrimaryKeyString();

    private UserAccount Existing =>
        state.State.Account ?? throw RuleViolationException.NotFound("unknown-user", $"There is no user '{UserName}'.");

    async Task<UserView> IUserGrain.Create(Caller caller, NewUser user)
    {
        caller.Require(Role.Administrator);
        UserNames.RequireValid(UserName);
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
        await ListAsync();
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

    async Task<UserView> IUserGrain.SetPassword(Caller caller, string? currentPassword, string newPassword)
    {
        if (caller.UserName != UserName)
        {
            caller.Require(Role.Administrator);
        }
        var account = Existing;
        // A stolen token alone must not take the account: its owner proves they know the password.
        if (caller.UserName == UserName && !PasswordHash.Verify(currentPassword ?? string.Empty, account.PasswordHash))
        {
            throw RuleViolationException.Forbidden("current-password-wrong", "Changing your own password needs your current password, and the one given is wrong.");
        }
        RequireStrongPassword(newPassword);
        // A new password ends every session the old one opened.
        await state.CommitAsync(state.State with { Account = account with { PasswordHash = PasswordHash.Create(newPassword), Session = account.Session + 1, TokenFamilies = null } }, this);
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
        await state.CommitAsync(state.State with { Account = account with { Disabled = disabled, Session = account.Session + 1, TokenFamilies = null } }, this);
        return View(state.State.Account!);
    }

    async Task<UserView> IUserGrain.SetRoles(Caller caller, ImmutableSortedSet<Role> roles, Guid? donorId)
    {
        caller.Require(Role.Administrator);
        var account = Existing;
        if (caller.UserName == UserName && !roles.Contains(Role.Administrator))
        {
            throw RuleViolationException.Conflict("cannot-demote-self", "An administrator cannot take away their own administrator role.");
        }
        await RequireValidRolesAsync(roles, donorId);
        if (account.Roles.SetEquals(roles) && account.DonorId == donorId)
        {
            return View(account);
        }
        // Tokens and cookies carry the roles: every sign-in ends, so the new roles apply at once.
        await state.CommitAsync(state.State with { Account = account with { Roles = roles, DonorId = donorId, Session = account.Session + 1, TokenFamilies = null } }, this);
        return View(state.State.Account!);
    }

    async Task<SignedIn?> IUserGrain.SignIn(string password)
    {
        var account = state.State.Account;
        // The hash is always computed, so the answer's timing tells nothing about the name.
        var matches = PasswordHash.Verify(password ?? string.Empty, account?.PasswordHash ?? NoAccountHash.Value);
        if (account is null || account.Disabled || !matches)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var family = Guid.NewGuid();
        var families = account.LiveFamilies
            .Where(f => now - f.Value.LastUsed < FamilyLifetime)
            .OrderByDescending(f => f.Value.LastUsed)
            .Take(MaxFamilies - 1)
            .ToImmutableDictionary()
            .Add(family, new TokenFamily(0, now));
        await state.CommitAsync(state.State with { Account = account with { FailedSignIns = 0, LockedUntil = null, TokenFamilies = families } }, this);
        return new SignedIn(new Caller(UserName, account.Roles, account.DonorId), account.Session, family, 0);
    }

    async Task<SignedIn?> IUserGrain.Refresh(Caller caller, int session, Guid tokenFamily, int generation)
    {
        RequireSelf(caller);
        if (state.State.Account is not { } account || account.Disabled || account.Session != session
            || !account.LiveFamilies.TryGetValue(tokenFamily, out var family))
        {
            return null;
        }
        if (family.Generation != generation)
        {
            // A spent refresh token came back: whoever holds the family's tokens may be a thief, so none of them counts any more.
            await state.CommitAsync(state.State with { Account = account with { TokenFamilies = account.LiveFamilies.Remove(tokenFamily) } }, this);
            return null;
        }
        var next = new TokenFamily(generation + 1, clock.GetUtcNow());
        await state.CommitAsync(state.State with { Account = account with { TokenFamilies = account.LiveFamilies.SetItem(tokenFamily, next) } }, this);
        return new SignedIn(new Caller(UserName, account.Roles, account.DonorId), account.Session, tokenFamily, next.Generation);
    }

    async Task IUserGrain.SignOut(Caller caller, Guid tokenFamily)
    {
        RequireSelf(caller);
        if (state.State.Account is { } account && account.LiveFamilies.ContainsKey(tokenFamily))
        {
            await state.CommitAsync(state.State with { Account = account with { TokenFamilies = account.LiveFamilies.Remove(tokenFamily) } }, this);
        }
    }

    Task<UserView?> IUserGrain.Resume(Caller caller, int session, Guid tokenFamily)
    {
        RequireSelf(caller);
        var live = state.State.Account is { Disabled: false } account && account.Session == session && account.LiveFamilies.ContainsKey(tokenFamily);
        return Task.FromResult(live ? View(state.State.Account!) : null);
    }

    // Tokens are the signed-in user's own; nobody else refreshes, ends or resumes them.
    private void RequireSelf(Caller caller)
    {
        if (caller.UserName != UserName)
        {
            throw RuleViolationException.Forbidden("other-user", "Only the signed-in user can use or end their own sign-in.");
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Account is not null && !state.State.Listed)
        {
            // Created, but the directory was not told (the silo stopped in between): tell it now.
            await ListAsync();
        }
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>Puts the user in the directory, once; the account is saved first, so a failure in between is finished on activation.</summary>
    private async Task ListAsync()
    {
        if (state.State.Listed)
        {
            return;
        }
        await grains.GetGrain<IUserDirectoryRegistrar>(IUserDirectoryGrain.Key).Register(UserName);
        await state.CommitAsync(state.State with { Listed = true }, this);
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
