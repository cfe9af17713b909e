using FundManager.Contracts;
using FundManager.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FundManager.Dashboards.Hosting;

/// <summary>The silo reaches the database: asked through a grain, as the web app reaches all data.</summary>
public sealed class DatabaseReady(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await client.GetGrain<IAlertsGrain>(0).OpenCount().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>At least one silo is active and answers a call; a passive connection status is not enough after a silo restart.</summary>
public sealed class ClusterReady(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("No active silo.");
    }
}

/// <summary>
/// While a silo is seeding demo data (it says so before it opens its gateway), the system is not
/// ready yet. Whether demo data is on is the silo's setting; the dashboards only watch.
/// </summary>
public sealed class DemoDataReady(InstallationSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = await settings.GetAsync("demo-data", cancellationToken);
        return state is null || state.StartsWith("complete:", StringComparison.Ordinal)
            ? HealthCheckResult.Healthy(state is null ? "No demo data." : "Demo data seeded.")
            : HealthCheckResult.Unhealthy("The silo is still seeding the demo data.");
    }
}

/// <summary>An unacknowledged reconciliation alert makes the system degraded (still 200, but visible) until someone deals with it.</summary>
public sealed class NoOpenAlerts(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var open = await client.GetGrain<IAlertsGrain>(0).OpenCount().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        return open == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded($"{open} open alert(s): see GET /api/alerts.");
    }
}
