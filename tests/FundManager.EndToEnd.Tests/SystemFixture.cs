using FundManager.Dashboards;
using FundManager.Persistence;
using FundManager.Silo;
using FundManager.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FundManager.EndToEnd.Tests;

/// <summary>
/// The system as it runs in production, in this process: a silo (grains, journal, Hangfire server)
/// and the dashboards (HTTP API on a real port), on a fresh PostgreSQL database with real Orleans
/// clustering and real Hangfire storage. Only the first administrator is configured; no demo data.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public const string AdministratorName = "root";
    public const string AdministratorPassword = "root-password-e2e";

    private IHost? _silo;
    private WebApplication? _dashboards;
    private FundDatabase? _siloDatabase;
    private FundDatabase? _dashboardsDatabase;
    private Dictionary<string, string?> _settings = [];

    public Api Api { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public string ClusterId { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("e2e");
        var clusterId = $"e2e-{Guid.NewGuid():N}";
        ClusterId = clusterId;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:FundManager"] = ConnectionString,
            ["FundManager:Cluster:ClusterId"] = clusterId,
            ["FundManager:Cluster:ServiceId"] = clusterId,
            ["FundManager:Cluster:SiloPort"] = TestPostgres.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FundManager:Cluster:GatewayPort"] = TestPostgres.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FundManager:DemoData:Enabled"] = "false",
            ["FundManager:Administrator:UserName"] = AdministratorName,
            ["FundManager:Administrator:Password"] = AdministratorPassword,
            ["Urls"] = "http://127.0.0.1:0",
            // Keys of this test system's own, so nothing is written to the home folder.
            ["FundManager:Audit:Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["FundManager:Cluster:CallerKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // The tests run the jobs when they mean to; 31 February never comes.
            ["FundManager:Jobs:DisbursementCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:OutcomeReportCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:RevaluationCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:ReconciliationCron"] = "0 0 31 2 *",
            ["Logging:LogLevel:Default"] = "Warning",
            // Every test signs in from this one address; the limits have a test of their own, on a host of its own.
            ["FundManager:SignIn:AttemptsPerClientPerMinute"] = "100000",
            ["FundManager:SignIn:AttemptsPerUserNamePerMinute"] = "100000",
        };
        _settings = settings;

        var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        siloBuilder.Configuration.AddInMemoryCollection(settings);
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        _siloDatabase = await FundDatabase.OpenAsync(siloBuilder.Configuration, LocalServerRole.Start, NullLogger.Instance);
        siloBuilder.AddFundManagerSilo(_siloDatabase, await _siloDatabase.CallerKeyAsync(siloBuilder.Configuration));
        _silo = siloBuilder.Build();
        await _silo.StartAsync();

        (_dashboards, _dashboardsDatabase) = await BuildDashboardsAsync(settings);
        Api = new Api(new Uri(_dashboards.Urls.First()));
        await Eventually.PollAsync(async () => await Api.HealthyAsync() ? "ready" : null, TimeSpan.FromMinutes(2), "GET /health to answer 200");
    }

    /// <summary>A second web front on the same cluster and database, with some settings of its own; dispose it when done.</summary>
    public async Task<ExtraDashboards> StartDashboardsAsync(IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        var (app, database) = await BuildDashboardsAsync(settings);
        var extra = new ExtraDashboards(app, database, new Api(new Uri(app.Urls.First())));
        await Eventually.PollAsync(async () => await extra.Api.HealthyAsync() ? "ready" : null, TimeSpan.FromMinutes(2), "GET /health of the extra dashboards to answer 200");
        return extra;
    }

    private static async Task<(WebApplication, FundDatabase)> BuildDashboardsAsync(Dictionary<string, string?> settings)
    {
        var webBuilder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(DashboardsComposition).Assembly.GetName().Name,
        });
        webBuilder.Configuration.AddInMemoryCollection(settings);
        webBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        var database = await FundDatabase.OpenAsync(webBuilder.Configuration, LocalServerRole.Attach, NullLogger.Instance);
        webBuilder.AddFundManagerDashboards(database, await database.CallerKeyAsync(webBuilder.Configuration));
        var app = webBuilder.Build();
        app.MapFundManagerDashboards();
        await app.StartAsync();
        return (app, database);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (_dashboards is not null)
        {
            await _dashboards.StopAsync();
            await _dashboards.DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }
        if (_dashboardsDatabase is not null)
        {
            await _dashboardsDatabase.DisposeAsync();
        }
        if (_siloDatabase is not null)
        {
            await _siloDatabase.DisposeAsync();
        }
    }
}

/// <summary>A web front started by one test, stopped when it is disposed.</summary>
public sealed class ExtraDashboards(WebApplication app, FundDatabase database, Api api) : IAsyncDisposable
{
    public Api Api => api;

    public async ValueTask DisposeAsync()
    {
        api.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
