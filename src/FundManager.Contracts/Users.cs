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

/// <summary>Who signed in, and the session their tokens belong to: changing the password or disabling the account starts a new one.</summary>
[GenerateSerializer, Immutable, Alias("fm.SignedIn")]
public sealed record SignedIn([property: Id(0)] Caller Caller, [property: Id(1)] int Session);

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

    Task<UserView> SetPassword(Caller caller, string newPassword);

    Task<UserView> SetDisabled(Caller caller, bool disabled);

    /// <summary>The identity a correct password signs in as, or null; repeated failures lock the account for a while.</summary>
    Task<SignedIn?> SignIn(string password);
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
