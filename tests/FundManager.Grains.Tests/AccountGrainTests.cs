using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;

namespace FundManager.Grains.Tests;

/// <summary>Sign-ins and their tokens, and password changes, through the grains.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture cluster)
{
    private const string Password = "the-first-password";

    private async Task<(IUserGrain Grain, Caller Self)> UserAsync()
    {
        var name = $"acct-{Guid.NewGuid():N}"[..20];
        var grain = cluster.Client.GetGrain<IUserGrain>(name);
        await grain.Create(FundWorld.Admin, new NewUser("Account holder", [Role.Auditor], null, Password));
        return (grain, new Caller(name, [Role.Auditor]));
    }

    [Fact]
    public async Task a_refresh_token_is_spent_on_use_and_the_next_one_takes_its_place()
    {
        var (user, self) = await UserAsync();
        var signedIn = (await user.SignIn(Password))!;

        var refreshed = await user.Refresh(self, signedIn.Session, signedIn.TokenFamily, signedIn.Generation);

        Assert.NotNull(refreshed);
        Assert.Equal(signedIn.TokenFamily, refreshed.TokenFamily);
        Assert.Equal(signedIn.Generation + 1, refreshed.Generation);
        Assert.NotNull(await user.Refresh(self, refreshed.Session, refreshed.TokenFamily, refreshed.Generation));
    }

    [Fact]
    public async Task a_spent_refresh_token_that_comes_back_ends_its_whole_family()
    {
        var (user, self) = await UserAsync();
        var signedIn = (await user.SignIn(Password))!;
        var other = (await user.SignIn(Password))!;
        var refreshed = (await user.Refresh(self, signedIn.Session, signedIn.TokenFamily, signedIn.Generation))!;

        Assert.Null(await user.Refresh(self, signedIn.Session, signedIn.TokenFamily, signedIn.Generation));

        Assert.Null(await user.Refresh(self, refreshed.Session, refreshed.TokenFamily, refreshed.Generation));
        Assert.Null(await user.Resume(self, signedIn.Session, signedIn.TokenFamily));
        Assert.NotNull(await user.Resume(self, other.Session, other.TokenFamily));
    }

    [Fact]
    public async Task signing_out_ends_that_sign_in_only()
    {
        var (user, self) = await UserAsync();
        var first = (await user.SignIn(Password))!;
        var second = (await user.SignIn(Password))!;

        await user.SignOut(self, first.TokenFamily);

        Assert.Null(await user.Resume(self, first.Session, first.TokenFamily));
        Assert.Null(await user.Refresh(self, first.Session, first.TokenFamily, first.Generation));
        Assert.NotNull(await user.Resume(self, second.Session, second.TokenFamily));
    }

    [Fact]
    public async Task nobody_else_refreshes_or_ends_a_users_sign_in()
    {
        var (user, _) = await UserAsync();
        var signedIn = (await user.SignIn(Password))!;

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => user.SignOut(FundWorld.Admin, signedIn.TokenFamily));

        Assert.Equal("other-user", refused.Code);
    }

    [Fact]
    public async Task changing_ones_own_password_needs_the_current_one()
    {
        var (user, self) = await UserAsync();

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => user.SetPassword(self, "not-the-password", "the-second-password"));
        Assert.Equal("current-password-wrong", refused.Code);
        Assert.Equal("current-password-wrong", (await Assert.ThrowsAsync<RuleViolationException>(() => user.SetPassword(self, null, "the-second-password"))).Code);
        Assert.NotNull(await user.SignIn(Password));

        await user.SetPassword(self, Password, "the-second-password");
        Assert.Null(await user.SignIn(Password));
        Assert.NotNull(await user.SignIn("the-second-password"));
    }

    [Fact]
    public async Task an_administrator_resets_someone_elses_password_without_knowing_it()
    {
        var (user, _) = await UserAsync();
        var before = (await user.SignIn(Password))!;

        await user.SetPassword(FundWorld.Admin, null, "a-reset-password");

        Assert.NotNull(await user.SignIn("a-reset-password"));
        Assert.Null(await user.Resume(new Caller(before.Caller.UserName, [Role.Auditor]), before.Session, before.TokenFamily));
    }

    [Fact]
    public async Task wrong_passwords_never_lock_the_account()
    {
        var (user, _) = await UserAsync();
        for (var i = 0; i < 12; i++)
        {
            Assert.Null(await user.SignIn("a-guess-that-is-wrong"));
        }

        Assert.NotNull(await user.SignIn(Password));
    }
}
