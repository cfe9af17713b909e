using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace FundManager.EndToEnd.Tests;

/// <summary>Accounts hold against a stolen token, a replayed refresh token, guessing, and timing.</summary>
[Collection(SystemCollection.Name)]
public sealed class AccountSecurityTests(SystemFixture system)
{
    private const string Admin = SystemFixture.AdministratorName;
    private const string Password = "a-long-enough-password";
    private Api Api => system.Api;

    private async Task<string> UserAsync(string prefix, string role = "Auditor", Guid? donorId = null)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        (await Api.PostAsync("/api/users", Admin, new { userName = name, displayName = name, roles = new[] { role }, donorId, password = Password })).Expect(HttpStatusCode.Created);
        return name;
    }

    [Fact]
    public async Task a_stolen_token_cannot_change_the_password_without_the_current_one()
    {
        var user = await UserAsync("pw");
        await Api.SignInAsync(user, Password);

        (await Api.PutAsync($"/api/users/{user}/password", user, new { password = "taken-over-password" })).Problem(HttpStatusCode.Forbidden, "current-password-wrong");
        (await Api.PutAsync($"/api/users/{user}/password", user, new { password = "taken-over-password", currentPassword = "a-wrong-guess-here" })).Problem(HttpStatusCode.Forbidden, "current-password-wrong");

        (await Api.GetAsync("/api/me", user)).Expect(HttpStatusCode.OK);
        (await Api.PutAsync($"/api/users/{user}/password", user, new { password = "my-own-new-password", currentPassword = Password })).Expect(HttpStatusCode.OK);
        await Api.SignInAsync(user, "my-own-new-password");
    }

    [Fact]
    public async Task a_refresh_token_works_once_and_a_replayed_one_ends_the_whole_sign_in()
    {
        var user = await UserAsync("refresh");
        var (_, first) = await Api.SignInWithRefreshAsync(user, Password);

        var rotated = (await Api.PostAsync("/api/auth/refresh", null, new { refreshToken = first })).Expect(HttpStatusCode.OK).Json;
        var second = rotated["refreshToken"]!.GetValue<string>();
        Api.UseToken(user, rotated["accessToken"]!.GetValue<string>());
        (await Api.GetAsync("/api/me", user)).Expect(HttpStatusCode.OK);

        // The first token again: someone kept a copy. Nothing of this sign-in may work any more.
        (await Api.PostAsync("/api/auth/refresh", null, new { refreshToken = first })).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");

        (await Api.PostAsync("/api/auth/refresh", null, new { refreshToken = second })).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        (await Api.GetAsync("/api/me", user)).Problem(HttpStatusCode.Unauthorized);
        await Api.SignInAsync(user, Password);
        (await Api.GetAsync("/api/me", user)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task signing_out_a_bearer_token_ends_its_sign_in_and_no_other()
    {
        var user = await UserAsync("logout");
        var (elsewhere, _) = await Api.SignInWithRefreshAsync(user, Password);
        var (_, refresh) = await Api.SignInWithRefreshAsync(user, Password);

        (await Api.PostAsync("/api/auth/logout", user)).Expect(HttpStatusCode.NoContent);

        (await Api.GetAsync("/api/me", user)).Problem(HttpStatusCode.Unauthorized);
        (await Api.PostAsync("/api/auth/refresh", null, new { refreshToken = refresh })).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        Api.UseToken(user, elsewhere);
        (await Api.GetAsync("/api/me", user)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task guessing_a_password_is_slowed_down_with_429_and_retry_after_but_never_locks_the_account()
    {
        var user = await UserAsync("guess");
        await using var strict = await system.StartDashboardsAsync(new Dictionary<string, string?>
        {
            ["FundManager:SignIn:AttemptsPerClientPerMinute"] = "100000",
            ["FundManager:SignIn:AttemptsPerUserNamePerMinute"] = "3",
        });
        using var http = new HttpClient { BaseAddress = strict.Api.BaseAddress };

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = "a-wrong-guess-here" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var limited = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("too-many-attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(1), $"Retry-After: {limited.Headers.RetryAfter}");
        // The account itself was never locked: through the other front, whose limits are its own, the password works.
        await Api.SignInAsync(user, Password);
    }

    [Fact]
    public async Task one_client_address_cannot_try_passwords_quickly_for_many_names()
    {
        await using var strict = await system.StartDashboardsAsync(new Dictionary<string, string?>
        {
            ["FundManager:SignIn:AttemptsPerClientPerMinute"] = "4",
            ["FundManager:SignIn:AttemptsPerUserNamePerMinute"] = "100000",
        });
        using var http = new HttpClient { BaseAddress = strict.Api.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var attempt = await http.PostAsJsonAsync("/api/auth/token", new { userName = $"nobody-{i}", password = "a-wrong-guess-here" });
            statuses.Add(attempt.StatusCode);
            if (attempt.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(attempt.Headers.RetryAfter?.Delta);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task an_unknown_user_name_takes_as_long_to_refuse_as_a_known_one()
    {
        var user = await UserAsync("timing");
        var known = TimeSpan.MaxValue;
        var unknown = TimeSpan.MaxValue;
        // The fastest of a few tries of each: the password hash, not scheduling noise, is what is compared.
        for (var i = 0; i < 4; i++)
        {
            known = Min(known, await TimeSignInAsync(user));
            unknown = Min(unknown, await TimeSignInAsync($"no-such-user-{Guid.NewGuid():N}"[..24]));
        }

        Assert.True(unknown > known / 3, $"an unknown name was refused in {unknown.TotalMilliseconds} ms, a known one in {known.TotalMilliseconds} ms");
    }

    private async Task<TimeSpan> TimeSignInAsync(string userName)
    {
        var clock = Stopwatch.StartNew();
        (await Api.PostAsync("/api/auth/token", null, new { userName, password = "a-wrong-guess-here" })).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
        return clock.Elapsed;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [Fact]
    public async Task a_donor_cannot_set_its_own_psc_rate_or_refund_of_unspent_money()
    {
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        var fund = await Api.PostAsync("/api/funds", Admin, new { id = "terms-fund", name = "Terms", description = "", secondApproverAboveUsd = 1_000_000m });
        Assert.True(fund.Status is HttpStatusCode.Created or HttpStatusCode.OK, fund.Text);
        var finance = await UserAsync("terms-fin", "FinanceOfficer");
        await Api.SignInAsync(finance, Password);
        var donorId = (await Api.PostAsync("/api/donors", finance, new { name = "Terms donor", type = "Government", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        var donor = await UserAsync("terms-donor", "Donor", donorId);
        await Api.SignInAsync(donor, Password);
        object Pledge(string key, decimal? pscRate, bool refundUnspent) => new
        {
            fundId = "terms-fund", idempotencyKey = key, amount = 500m, currency = "USD", pledgeDate = "2026-01-10",
            earmark = new { level = 1 }, pscRate, instalments = new[] { new { dueDate = "2026-01-10", amount = 500m } }, reference = (string?)null, refundUnspent,
        };

        (await Api.PostAsync($"/api/donors/{donorId}/pledges", donor, Pledge("t1", 0m, false))).Problem(HttpStatusCode.Forbidden, "terms-set-by-finance");
        (await Api.PostAsync($"/api/donors/{donorId}/pledges", donor, Pledge("t2", null, true))).Problem(HttpStatusCode.Forbidden, "terms-set-by-finance");
        Assert.Empty((await Api.GetAsync($"/api/donors/{donorId}/pledges", donor)).Expect(HttpStatusCode.OK).Json.AsArray());

        var own = (await Api.PostAsync($"/api/donors/{donorId}/pledges", donor, Pledge("t3", null, false))).Expect(HttpStatusCode.Created).Json;
        Assert.Equal(0.13m, own["terms"]!["psc"]!.GetValue<decimal>());
        Assert.False(own["terms"]!["refundUnspent"]!.GetValue<bool>());
        var agreed = (await Api.PostAsync($"/api/donors/{donorId}/pledges", finance, Pledge("t4", 0.07m, true))).Expect(HttpStatusCode.Created).Json;
        Assert.Equal(0.07m, agreed["terms"]!["psc"]!.GetValue<decimal>());
    }
}
