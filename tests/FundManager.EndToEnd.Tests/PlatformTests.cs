using System.Net;

namespace FundManager.EndToEnd.Tests;

/// <summary>What surrounds the API: its description, health, and the dashboards behind the administrator role.</summary>
[Collection(SystemCollection.Name)]
public sealed class PlatformTests(SystemFixture system)
{
    [Fact]
    public async Task the_openapi_document_describes_the_api_and_its_bearer_scheme()
    {
        var document = (await system.Api.GetAsync("/openapi/v1.json", asUser: null)).Expect(HttpStatusCode.OK).Json;

        Assert.NotNull(document["paths"]!["/api/pledges/{contributionId}/payments"]);
        Assert.NotNull(document["paths"]!["/api/funds/{fundId}/position"]);
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        (await system.Api.GetAsync("/docs/", asUser: null)).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/orleans/DashboardCounters")]
    public async Task the_operations_dashboards_are_for_administrators_only(string path)
    {
        using var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = system.Api.BaseAddress };
        using var anonymous = await stranger.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(anonymous.StatusCode is HttpStatusCode.Unauthorized || anonymous.Headers.Location?.ToString().Contains("/login", StringComparison.Ordinal) == true,
            $"anonymous got {anonymous.StatusCode} {anonymous.Headers.Location}");

        await system.Api.SignInAsync(SystemFixture.AdministratorName, SystemFixture.AdministratorPassword);
        var users = await system.Api.PostAsync("/api/users", SystemFixture.AdministratorName,
            new { userName = "ops-auditor", displayName = "Auditor", roles = new[] { "Auditor" }, donorId = (Guid?)null, password = "a-long-enough-password" });
        Assert.True(users.Status is HttpStatusCode.Created or HttpStatusCode.Conflict);

        using var auditor = await BrowserSignedInAs("ops-auditor", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);

        using var administrator = await BrowserSignedInAs(SystemFixture.AdministratorName, SystemFixture.AdministratorPassword);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
    }

    private Task<HttpClient> BrowserSignedInAs(string userName, string password) => Browser.SignedInAsync(system.Api.BaseAddress, userName, password);
}
