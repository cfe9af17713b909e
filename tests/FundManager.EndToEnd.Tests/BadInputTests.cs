using System.Net;

namespace FundManager.EndToEnd.Tests;

/// <summary>Every kind of bad input gets a problem-details answer that says what is wrong, and changes nothing.</summary>
[Collection(SystemCollection.Name)]
public sealed class BadInputTests(SystemFixture system)
{
    private const string Admin = SystemFixture.AdministratorName;
    private Api Api => system.Api;

    private async Task SignInAsync() => await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);

    [Fact]
    public async Task every_data_endpoint_wants_a_signed_in_caller()
    {
        (await Api.GetAsync("/api/funds", asUser: null)).Problem(HttpStatusCode.Unauthorized);
        (await Api.PostAsync("/api/donors", asUser: null, new { name = "x", type = "Government" })).Problem(HttpStatusCode.Unauthorized);
        (await Api.GetAsync("/api/reports", asUser: null)).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_disabled_user_loses_access_at_once_even_with_a_valid_token()
    {
        await SignInAsync();
        (await Api.PostAsync("/api/users", Admin, new { userName = "soon-disabled", displayName = "Leaver", roles = new[] { "Auditor" }, donorId = (Guid?)null, password = "a-long-enough-password" }))
            .Expect(HttpStatusCode.Created);
        await Api.SignInAsync("soon-disabled", "a-long-enough-password");
        (await Api.GetAsync("/api/me", "soon-disabled")).Expect(HttpStatusCode.OK);

        (await Api.PutAsync("/api/users/soon-disabled/disabled", Admin, new { disabled = true })).Expect(HttpStatusCode.OK);

        (await Api.GetAsync("/api/me", "soon-disabled")).Problem(HttpStatusCode.Unauthorized);
        (await Api.PostAsync("/api/auth/token", null, new { userName = "soon-disabled", password = "a-long-enough-password" })).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task a_new_password_ends_the_sessions_the_old_one_opened()
    {
        await SignInAsync();
        (await Api.PostAsync("/api/users", Admin, new { userName = "changes-password", displayName = "Changer", roles = new[] { "Auditor" }, donorId = (Guid?)null, password = "the-first-password" }))
            .Expect(HttpStatusCode.Created);
        await Api.SignInAsync("changes-password", "the-first-password");

        (await Api.PutAsync("/api/users/changes-password/password", "changes-password", new { password = "the-second-password", currentPassword = "the-first-password" })).Expect(HttpStatusCode.OK);

        (await Api.GetAsync("/api/me", "changes-password")).Problem(HttpStatusCode.Unauthorized);
        await Api.SignInAsync("changes-password", "the-second-password");
        (await Api.GetAsync("/api/me", "changes-password")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_wrong_password_is_refused_with_a_problem()
    {
        (await Api.PostAsync("/api/auth/token", null, new { userName = Admin, password = "not-the-password" })).Problem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task malformed_json_is_a_400_that_says_where()
    {
        await SignInAsync();

        var problem = (await Api.SendAsync(HttpMethod.Post, "/api/funds", Admin, rawBody: "{\"id\": \"x\", \"name\": ")).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("JSON", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_field_the_caller_may_not_set_is_refused()
    {
        await SignInAsync();

        var problem = (await Api.PostAsync("/api/funds", Admin, new { id = "bad-fields", name = "Bad", description = "", secondApproverAboveUsd = 1m, available = 1_000_000m }))
            .Problem(HttpStatusCode.BadRequest);

        Assert.Contains("available", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        (await Api.GetAsync("/api/funds/bad-fields", Admin)).Problem(HttpStatusCode.NotFound, "unknown-fund");
    }

    [Fact]
    public async Task a_missing_required_field_is_refused()
    {
        await SignInAsync();

        var problem = (await Api.PostAsync("/api/funds", Admin, new { id = "no-name", description = "", secondApproverAboveUsd = 1m })).Problem(HttpStatusCode.BadRequest);

        Assert.Contains("name", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task unknown_currencies_zero_and_negative_amounts_and_dates_out_of_range_are_refused()
    {
        await SignInAsync();
        (await Api.PostAsync("/api/users", Admin, new { userName = "bad-input-fin", displayName = "Finance", roles = new[] { "FinanceOfficer" }, donorId = (Guid?)null, password = "a-long-enough-password" }))
            .Expect(HttpStatusCode.Created);
        await Api.SignInAsync("bad-input-fin", "a-long-enough-password");
        const string finance = "bad-input-fin";
        var donorId = (await Api.PostAsync("/api/donors", finance, new { name = "Bad input donor", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        object Pledge(decimal amount, string currency, string date) => new
        {
            fundId = "any",
            idempotencyKey = Guid.NewGuid().ToString(),
            amount,
            currency,
            pledgeDate = date,
            earmark = new { level = 1 },
            pscRate = (decimal?)null,
            instalments = new[] { new { dueDate = date, amount } },
            reference = (string?)null,
        };

        (await Api.PostAsync($"/api/donors/{donorId}/pledges", finance, Pledge(100m, "XYZ", "2026-01-10"))).Problem(HttpStatusCode.BadRequest, "unknown-currency");
        (await Api.PostAsync($"/api/donors/{donorId}/pledges", finance, Pledge(0m, "USD", "2026-01-10"))).Problem(HttpStatusCode.BadRequest, "amount-not-positive");
        (await Api.PostAsync($"/api/donors/{donorId}/pledges", finance, Pledge(-5m, "USD", "2026-01-10"))).Problem(HttpStatusCode.BadRequest, "amount-not-positive");
        (await Api.PostAsync($"/api/donors/{donorId}/pledges", finance, Pledge(10.001m, "USD", "2026-01-10"))).Problem(HttpStatusCode.BadRequest, "amount-too-precise");
        (await Api.PostAsync($"/api/donors/{donorId}/pledges", finance, Pledge(10m, "USD", "1850-01-10"))).Problem(HttpStatusCode.BadRequest, "date-out-of-range");
        (await Api.PostAsync($"/api/donors/{donorId}/pledges", finance, new { fundId = "any" })).Problem(HttpStatusCode.BadRequest);
        Assert.Empty((await Api.GetAsync($"/api/donors/{donorId}/pledges", finance)).Expect(HttpStatusCode.OK).Json.AsArray());
    }

    [Fact]
    public async Task unknown_ids_are_404_problems()
    {
        await SignInAsync();

        (await Api.GetAsync($"/api/donors/{Guid.NewGuid()}", Admin)).Problem(HttpStatusCode.NotFound, "unknown-donor");
        (await Api.GetAsync($"/api/pledges/{Guid.NewGuid()}", Admin)).Problem(HttpStatusCode.NotFound, "unknown-contribution");
        (await Api.GetAsync($"/api/projects/{Guid.NewGuid()}", Admin)).Problem(HttpStatusCode.NotFound, "unknown-project");
        (await Api.GetAsync($"/api/reports/{Guid.NewGuid()}", Admin)).Problem(HttpStatusCode.NotFound, "unknown-report");
        (await Api.GetAsync("/api/funds/no-such-fund/position", Admin)).Problem(HttpStatusCode.NotFound, "unknown-fund");
    }

    [Fact]
    public async Task roles_are_checked_for_every_command()
    {
        await SignInAsync();
        (await Api.PostAsync("/api/users", Admin, new { userName = "bad-input-po", displayName = "PO", roles = new[] { "ProgrammeOfficer" }, donorId = (Guid?)null, password = "a-long-enough-password" }))
            .Expect(HttpStatusCode.Created);
        await Api.SignInAsync("bad-input-po", "a-long-enough-password");

        (await Api.PostAsync("/api/funds", "bad-input-po", new { id = "po-fund", name = "PO fund", description = "", secondApproverAboveUsd = 1m })).Problem(HttpStatusCode.Forbidden, "role-required");
        (await Api.PutAsync("/api/exchange-rates/EUR/2026-01-01", "bad-input-po", new { unitsPerUsd = 0.5m })).Problem(HttpStatusCode.Forbidden, "role-required");
        (await Api.PostAsync("/api/jobs/disbursement-run", "bad-input-po")).Problem(HttpStatusCode.Forbidden, "role-required");
    }
}
