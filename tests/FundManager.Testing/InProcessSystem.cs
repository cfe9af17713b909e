using System.Globalization;
using System.Security.Cryptography;
using FundManager.Dashboards;
using FundManager.Persistence;
using FundManager.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FundManager.Testing;

/// <summary>
/// The system as it runs in production, started in this process: a silo (grains, journal, Hangfire
/// server) and the dashboards (HTTP API on a real loopback port), with real Orleans ADO.NET
/// clustering and real Hangfire storage. The end-to-end tests and the benchmarks start it the same way.
/// </summary>
public static class InProcessSystem
{
    /// <summary>
    /// The settings of a system of its own on <paramref name="connectionString"/>: a cluster id and
    /// free ports of its own, keys made in memory (nothing is written to the home folder), only the
    /// first administrator and no demo data, and no scheduled job firing unless run on purpose.
    /// </summary>
    public static Dictionary<string, string?> Settings(string connectionString, string administrator, string administratorPassword)
    {
        var clusterId = $"inproc-{Guid.NewGuid():N}";
        return new Dictionary<string, string?>
        {
            ["ConnectionStrings:FundManager"] = connectionString,
            ["FundManager:Cluster:ClusterId"] = clusterId,
            ["FundManager:Cluster:ServiceId"] = clusterId,
            ["FundManager:Cluster:SiloPort"] = TestPostgres.FreePort().ToString(CultureInfo.InvariantCulture),
            ["FundManager:Cluster:GatewayPort"] = TestPostgres.FreePort().ToString(CultureInfo.InvariantCulture),
            ["FundManager:DemoData:Enabled"] = "false",
            ["FundManager:Administrator:UserName"] = administrator,
            ["FundManager:Administrator:Password"] = administratorPassword,
            ["Urls"] = "http://127.0.0.1:0",
            ["FundManager:Audit:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["FundManager:Cluster:CallerKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            // 31 February never comes.
            ["FundManager:Jobs:DisbursementCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:OutcomeReportCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:RevaluationCron"] = "0 0 31 2 *",
            ["FundManager:Jobs:ReconciliationCron"] = "0 0 31 2 *",
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    /// <summary>Starts a silo with <paramref name="settings"/>; it owns the database handle it returns.</summary>
    public static async Task<(IHost Silo, FundDatabase Database)> StartSiloAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var database = await FundDatabase.OpenAsync(builder.Configuration, LocalServerRole.Start, NullLogger.Instance);
        builder.AddFundManagerSilo(database, await database.CallerKeyAsync(builder.Configuration));
        var silo = builder.Build();
        await silo.StartAsync();
        return (silo, database);
    }

    /// <summary>Starts the dashboards with <paramref name="settings"/>, on the cluster they name.</summary>
    public static async Task<(WebApplication Dashboards, FundDatabase Database)> StartDashboardsAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(DashboardsComposition).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var database = await FundDatabase.OpenAsync(builder.Configuration, LocalServerRole.Attach, NullLogger.Instance);
        builder.AddFundManagerDashboards(database, await database.CallerKeyAsync(builder.Configuration));
        var app = builder.Build();
        app.MapFundManagerDashboards();
        await app.StartAsync();
        return (app, database);
    }
}
