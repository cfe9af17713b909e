using System.Globalization;
using System.Security.Cryptography;
using FundManager.Dashboards;
using FundManager.Persistence;
using FundManager.Silo;
using FundManager.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FundManager.Benchmarks;

/// <summary>
/// The system as it runs in production, in this process, as the end-to-end tests start it: a silo
/// (grains, journal, Hangfire server) and the dashboards (HTTP API on a real loopback port) on the
/// benchmark's fresh database, with real Orleans ADO.NET clustering and real Hangfire storage.
/// Keys are made in memory, so nothing is written to the home folder, and no scheduled job fires
/// in the middle of a measurement.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    public const string AdministratorName = "root";

    private readonly IHost _silo;
    private readonly WebApplication _dashboards;
    private readonly FundDatabase _siloDatabase;
    private readonly FundDatabase _dashboardsDatabase;

    private SystemUnderTest(IHost silo, WebApplication dashboards, FundDatabase siloDatabase, FundDatabase dashboardsDatabase, TimeSpan startedIn)
    {
        StartedIn = startedIn;
        _silo = silo;
        _dashboards = dashboards;
        _siloDatabase = siloDatabase;
        _dashboardsDatabase = dashboardsDatabase;
        BaseAddress = new Uri(dashboards.Urls.First());
    }

    public static string AdministratorPassword { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Uri BaseAddress { get; }

    /// <summary>From the first line of <see cref="StartAsync"/> to the first 200 from GET /health: what an operator waits for.</summary>
    public TimeSpan StartedIn { get; }

    /// <summary>How many transactions the silo's group commit has made so far.</summary>
    public long GroupCommits => _silo.Services.GetRequiredService<GroupCommit>().Commits;

    /// <summary>
    /// The dashboards' Orleans client: it reaches the silo through its gateway and seals every
    /// caller it sends, as it does for the people it authenticated. The silo refuses unsealed ones.
    /// </summary>
    public IClusterClient SealedClient => _dashboards.Services.GetRequiredService<IClusterClient>();

    /// <summary>A service as the silo host resolves it, e.g. a job Hangfire would run, so the harness runs the real one.</summary>
    public T SiloService<T>() where T : notnull => _silo.Services.GetRequiredService<T>();

    public static async Task<SystemUnderTest> StartAsync(string connectionString)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:FundManager"] = connectionString,
            ["FundManager:Cluster:ClusterId"] = clusterId,
            ["FundManager:Cluster:ServiceId"] = clusterId,
            ["FundManager:Cluster:SiloPort"] = TestPostgres.FreePort().ToString(CultureInfo.InvariantCulture),
            ["FundManager:Cluster:GatewayPort"] = TestPostgres.FreePort().ToString(CultureInfo.InvariantCulture),
            ["FundManager:DemoData:Enabled"] = "false",
            ["FundManager:Administrator:UserName"] = AdministratorName,
            ["FundManager:Administrator:Password"] = AdministratorPassword,
            ["Urls"] = "http://127.0.0.1:0",
            ["FundManager:Audit:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["FundManager:Cluster:CallerKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            // 31 February never comes: no job competes with the workloads.
            ["FundManager:Jobs:DisbursementCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:OutcomeReportCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:RevaluationCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:ReconciliationCron"] = "0 0 31 2 *",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        siloBuilder.Configuration.AddInMemoryCollection(settings);
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        var siloDatabase = await FundDatabase.OpenAsync(siloBuilder.Configuration, LocalServerRole.Start, NullLogger.Instance);
        siloBuilder.AddFundManagerSilo(siloDatabase, await siloDatabase.CallerKeyAsync(siloBuilder.Configuration));
        var silo = siloBuilder.Build();
        await silo.StartAsync();

        var webBuilder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(DashboardsComposition).Assembly.GetName().Name,
        });
        webBuilder.Configuration.AddInMemoryCollection(settings);
        webBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        var dashboardsDatabase = await FundDatabase.OpenAsync(webBuilder.Configuration, LocalServerRole.Attach, NullLogger.Instance);
        webBuilder.AddFundManagerDashboards(dashboardsDatabase, await dashboardsDatabase.CallerKeyAsync(webBuilder.Configuration));
        var dashboards = webBuilder.Build();
        dashboards.MapFundManagerDashboards();
        await dashboards.StartAsync();

        var baseAddress = new Uri(dashboards.Urls.First());
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        // A short, even interval rather than a growing back-off: the start-up figure is read off
        // this loop, so it must not add up to a second of waiting of its own.
        var deadline = TimeSpan.FromMinutes(2);
        while (!await HealthyAsync(probe))
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"GET /health did not answer 200 within {deadline}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        return new SystemUnderTest(silo, dashboards, siloDatabase, dashboardsDatabase, clock.Elapsed);
    }

    private static async Task<bool> HealthyAsync(HttpClient probe)
    {
        try
        {
            using var response = await probe.GetAsync(new Uri("/health", UriKind.Relative));
            return response.StatusCode == System.Net.HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dashboards.StopAsync();
        await _dashboards.DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
        await _dashboardsDatabase.DisposeAsync();
        await _siloDatabase.DisposeAsync();
    }
}
