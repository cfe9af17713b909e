using System.Net;
using FundManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;

namespace FundManager.Benchmarks;

/// <summary>
/// The start-up baseline: an Orleans silo with nothing of ours, started the way the product's silo
/// is (a generic host, ADO.NET clustering in the same database's orleans schema, loopback
/// endpoints) under a cluster id and ports of its own. Its host's StartAsync returns once it has
/// joined the membership table and opened its gateway. Whatever the product's start costs beyond
/// this is the product's.
/// </summary>
public static class BareSiloStartup
{
    public static async Task<IHost> StartAsync(string connectionString)
    {
        var clusterId = $"bare-{Guid.NewGuid():N}";
        // The schema the product's FundDatabase points Orleans at.
        var orleans = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "orleans" }.ConnectionString;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        // Orleans warns that server GC is off on every start; the product's silo logs at Warning too.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = clusterId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, TestPostgres.FreePort(), TestPostgres.FreePort());
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = orleans;
            });
            // This program references our grain assemblies, and Orleans would list their grain
            // classes; the baseline is a silo with none of them.
            silo.Services.Configure<GrainTypeOptions>(o => o.Classes.RemoveWhere(IsOurs));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static bool IsOurs(Type type) =>
        type.Assembly.GetName().Name?.StartsWith("FundManager.", StringComparison.Ordinal) == true;
}
