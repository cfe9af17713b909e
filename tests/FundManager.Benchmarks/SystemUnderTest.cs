using System.Security.Cryptography;
using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        var settings = InProcessSystem.Settings(connectionString, AdministratorName, AdministratorPassword);
        var (silo, siloDatabase) = await InProcessSystem.StartSiloAsync(settings);
        var (dashboards, dashboardsDatabase) = await InProcessSystem.StartDashboardsAsync(settings);

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
