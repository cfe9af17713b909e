using System.Net;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

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

    [Fact]
    public async Task a_program_that_reaches_the_gateway_cannot_make_up_a_caller()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (system.ClusterId, system.ClusterId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) =
                ("Npgsql", new Npgsql.NpgsqlConnectionStringBuilder(system.ConnectionString) { SearchPath = "orleans" }.ConnectionString));
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var forged = new Caller("mallory", [Role.Administrator]);

            var refused = await Assert.ThrowsAsync<RuleViolationException>(() =>
                grains.GetGrain<IFundGrain>("forged-fund").Create(forged, "Forged", "", Money.Usd(1m)));

            Assert.Equal("unsealed-caller", refused.Code);
            await system.Api.SignInAsync(SystemFixture.AdministratorName, SystemFixture.AdministratorPassword);
            (await system.Api.GetAsync("/api/funds/forged-fund", SystemFixture.AdministratorName)).Problem(HttpStatusCode.NotFound, "unknown-fund");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private Task<HttpClient> BrowserSignedInAs(string userName, string password) => Browser.SignedInAsync(system.Api.BaseAddress, userName, password);
}
