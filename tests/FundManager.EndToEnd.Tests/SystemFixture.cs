using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

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
    private readonly List<ExtraDashboards> _extras = [];

    public Api Api { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public string ClusterId { get; private set; } = string.Empty;

    /// <summary>The key the cluster's own processes seal their grain calls with.</summary>
    public byte[] CallerKey => Convert.FromBase64String(_settings["FundManager:Cluster:CallerKey"]!);

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("e2e");
        var settings = InProcessSystem.Settings(ConnectionString, AdministratorName, AdministratorPassword);
        ClusterId = settings["FundManager:Cluster:ClusterId"]!;
        // Every test signs in from this one address; the limits have a test of their own, on a host of its own.
        settings["FundManager:SignIn:AttemptsPerClientPerMinute"] = "100000";
        settings["FundManager:SignIn:AttemptsPerUserNamePerMinute"] = "100000";
        _settings = settings;

        (_silo, _siloDatabase) = await InProcessSystem.StartSiloAsync(settings);

        (_dashboards, _dashboardsDatabase) = await InProcessSystem.StartDashboardsAsync(settings);
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
        var (app, database) = await InProcessSystem.StartDashboardsAsync(settings);
        var extra = new ExtraDashboards(app, database, new Api(new Uri(app.Urls.First())));
        _extras.Add(extra);
        await Eventually.PollAsync(async () => await extra.Api.HealthyAsync() ? "ready" : null, TimeSpan.FromMinutes(2), "GET /health of the extra dashboards to answer 200");
        return extra;
    }

    public async Task DisposeAsync()
    {
        foreach (var extra in _extras)
        {
            await extra.ReleaseAsync();
        }
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
/// <remarks>
/// Disposing it stops it; its services are disposed with the fixture, because Hangfire's logging
/// is process-wide and keeps the logger factory of the last host that configured it.
/// </remarks>
public sealed class ExtraDashboards(WebApplication app, FundDatabase database, Api api) : IAsyncDisposable
{
    public Api Api => api;

    public async ValueTask DisposeAsync()
    {
        api.Dispose();
        await app.StopAsync();
    }

    internal async Task ReleaseAsync()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
