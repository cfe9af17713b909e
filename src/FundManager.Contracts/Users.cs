using System.Collections.Immutable;
using FundManager.Domain.Access;

namespace FundManager.Contracts;

[GenerateSerializer, Immutable, Alias("fm.UserView")]
public sealed record UserView(
    [property: Id(0)] string UserName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] ImmutableSortedSet<Role> Roles,
    [property: Id(3)] Guid? DonorId,
    [property: Id(4)] bool Disabled,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] int Session);

/// <summary>
/// Who signed in, and what their tokens belong to: the session (changing the password or disabling
/// the account starts a new one), the token family of this one sign-in (signing out or reusing a
/// spent refresh token ends it), and the generation of the refresh token that is current in it.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.SignedIn")]
public sealed record SignedIn([property: Id(0)] Caller Caller, [property: Id(1)] int Session, [property: Id(2)] Guid TokenFamily, [property: Id(3)] int Generation);

[GenerateSerializer, Immutable, Alias("fm.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] ImmutableSortedSet<Role> Roles,
    [property: Id(2)] Guid? DonorId,
    [property: Id(3)] string Password);

/// <summary>A person who signs in, keyed by lower-case user name.</summary>
[Alias("fm.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    Task<UserView> Create(Caller caller, NewUser user);

    [Query]
    Task<UserView> Describe(Caller caller);

    /// <summary>Users changing their own password prove they know the current one; administrators resetting someone else's do not.</summary>
    Task<UserView> SetPassword(Caller caller, string? currentPassword, string newPassword);

    Task<UserView> SetDisabled(Caller caller, bool disabled);

    /// <summary>Gives the account these roles (a donor user is bound to its donor); its sign-ins end, so the new roles apply at once.</summary>
    Task<UserView> SetRoles(Caller caller, ImmutableSortedSet<Role> roles, Guid? donorId);

    /// <summary>
    /// The identity a correct password signs in as, with a new token family, or null. A wrong
    /// password, an unknown user and a disabled account take the same time. Guessing is limited by
    /// the sign-in rate limits at the edge, not by locking the account, which anyone could do to anyone.
    /// </summary>
    Task<SignedIn?> SignIn(string password);

    /// <summary>
    /// Spends the refresh token of this generation and answers with the next, or null. A token of
    /// an earlier generation was stolen or replayed: its whole family ends, and null is the answer.
    /// </summary>
    Task<SignedIn?> Refresh(Caller caller, int session, Guid tokenFamily, int generation);

    /// <summary>Ends one sign-in: its access and refresh tokens stop working at once.</summary>
    Task SignOut(Caller caller, Guid tokenFamily);

    /// <summary>The account as it is now, if the session and token family are still live; null once they have ended.</summary>
    [Query]
    Task<UserView?> Resume(Caller caller, int session, Guid tokenFamily);
}

[Alias("fm.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    const string Key = "all";

    [Query]
    Task<ImmutableList<UserView>> List(Caller caller);
}

[Alias("fm.IUserDirectoryRegistrar")]
public interface IUserDirectoryRegistrar : IGrainWithStringKey, IInternalGrain
{
    Task Register(string userName);
}
