using System.Globalization;
using FundManager.EndToEnd.Tests;
using FundManager.Testing;
using Npgsql;

namespace FundManager.Faults.Tests;

/// <summary>
/// The whole system on real processes: one or more silos and the dashboards, each a process of its
/// own on one database, configured as the product is (the same settings the in-process system
/// uses, passed as environment variables). Silos can be killed and started again by number.
/// </summary>
public sealed class ProcessSystem : IAsyncDisposable
{
    public const string Administrator = "root";
    public const string AdministratorPassword = "root-password-faults";

    private readonly Dictionary<string, string?> _settings;
    private readonly HostProcess?[] _silos;
    private readonly int[] _siloPorts;
    private readonly int[] _gatewayPorts;
    private HostProcess? _dashboards;

    private ProcessSystem(string connectionString, int silos)
    {
        ConnectionString = connectionString;
        _settings = InProcessSystem.Settings(connectionString, Administrator, AdministratorPassword);
        // Every caller signs in from this one address; the limits are not what these tests are about.
        _settings["FundManager:SignIn:AttemptsPerClientPerMinute"] = "100000";
        _settings["FundManager:SignIn:AttemptsPerUserNamePerMinute"] = "100000";
        _silos = new HostProcess?[silos];
        _siloPorts = [.. Enumerable.Range(0, silos).Select(_ => TestPostgres.FreePort())];
        _gatewayPorts = [.. Enumerable.Range(0, silos).Select(_ => TestPostgres.FreePort())];
        DashboardsPort = TestPostgres.FreePort();
        Api = new Api(new Uri($"http://127.0.0.1:{DashboardsPort}"));
        Database = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public string ClusterId => _settings["FundManager:Cluster:ClusterId"]!;

    public int DashboardsPort { get; }

    public Api Api { get; }

    /// <summary>The system's database, for the checks a test makes on what is stored.</summary>
    public NpgsqlDataSource Database { get; }

    public int SiloCount => _silos.Length;

    /// <summary>Starts <paramref name="silos"/> silos and the dashboards on <paramref name="connectionString"/> and waits until GET /health answers 200.</summary>
    public static async Task<ProcessSystem> StartAsync(string connectionString, int silos)
    {
        var system = new ProcessSystem(connectionString, silos);
        try
        {
            // The first silo migrates the schema alone; the others start beside each other after it.
            await system.StartSiloAsync(0);
            await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(system.StartSiloAsync));
            await system.StartDashboardsAsync();
            await system.Api.SignInAsync(Administrator, AdministratorPassword);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Hangfire server name of silo <paramref name="silo"/>, as SiloComposition names it.</summary>
    public string ServerNameOf(int silo) => $"silo-{Environment.MachineName}-{_siloPorts[silo]}";

    /// <summary>The silo whose Hangfire server has this id ("name:guid"), or -1.</summary>
    public int SiloOfServer(string serverId) =>
        Array.FindIndex(_siloPorts, port => serverId.StartsWith($"silo-{Environment.MachineName}-{port}:", StringComparison.Ordinal));

    public bool IsRunning(int silo) => _silos[silo] is { HasExited: false };

    /// <summary>Starts silo <paramref name="silo"/> and waits until it is an active member of the cluster and its Hangfire server has announced itself.</summary>
    public async Task StartSiloAsync(int silo)
    {
        if (IsRunning(silo))
        {
            throw new InvalidOperationException($"Silo {silo} is running already.");
        }
        var since = await DatabaseNowAsync();
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["FundManager:Cluster:SiloPort"] = _siloPorts[silo].ToString(CultureInfo.InvariantCulture),
            ["FundManager:Cluster:GatewayPort"] = _gatewayPorts[silo].ToString(CultureInfo.InvariantCulture),
        };
        if (_silos[silo] is { } old)
        {
            await old.DisposeAsync();
        }
        var process = HostProcess.Start($"silo {silo}", "FundManager.Silo", settings);
        _silos[silo] = process;
        await Eventually.PollAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Silo {silo} ended while starting.{Environment.NewLine}{process.Tail()}");
            }
            return await SiloReadyAsync(silo, since) ? "ready" : null;
        }, TimeSpan.FromMinutes(2), $"silo {silo} to join the cluster{Environment.NewLine}{process.Tail()}");
    }

    /// <summary>SIGKILL to silo <paramref name="silo"/>.</summary>
    public async Task KillSiloAsync(int silo)
    {
        if (_silos[silo] is { } process)
        {
            await process.KillAsync();
        }
    }

    public HostProcess Silo(int silo) => _silos[silo] ?? throw new InvalidOperationException($"Silo {silo} was never started.");

    /// <summary>Waits until the dashboards answer GET /health with 200: a silo is reachable and the database answers.</summary>
    public Task WaitHealthyAsync(TimeSpan deadline, string why) =>
        Eventually.PollAsync(async () => await Api.HealthyAsync() ? "healthy" : null, deadline, $"GET /health to answer 200 {why}{Environment.NewLine}{Tails()}");

    /// <summary>What every process wrote last, for a failure message.</summary>
    public string Tails() => string.Join(Environment.NewLine, _silos.Append(_dashboards).OfType<HostProcess>().Select(p => p.Tail(15)));

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (_dashboards is not null)
        {
            await _dashboards.DisposeAsync();
        }
        foreach (var silo in _silos.OfType<HostProcess>())
        {
            await silo.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    private async Task StartDashboardsAsync()
    {
        var settings = new Dictionary<string, string?>(_settings) { ["Urls"] = $"http://127.0.0.1:{DashboardsPort}" };
        _dashboards = HostProcess.Start("dashboards", "FundManager.Dashboards", settings);
        await WaitHealthyAsync(TimeSpan.FromMinutes(2), "after the dashboards started");
    }

    private async Task<DateTime> DatabaseNowAsync()
    {
        // The first silo creates the database; before that, any moment will do.
        try
        {
            await using var command = Database.CreateCommand("SELECT now()");
            return (DateTime)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return DateTime.UtcNow.AddMinutes(-1);
        }
    }

    private async Task<bool> SiloReadyAsync(int silo, DateTime since)
    {
        try
        {
            // Orleans' status 3 is Active; Hangfire's server id starts with the server's name.
            await using var command = Database.CreateCommand("""
                SELECT EXISTS (SELECT 1 FROM orleans.membership WHERE deployment_id = @cluster AND port = @port AND status = 3 AND start_time >= @since)
                   AND EXISTS (SELECT 1 FROM hangfire.server WHERE id LIKE @server AND lastheartbeat >= @since)
                """);
            command.Parameters.AddWithValue("cluster", ClusterId);
            command.Parameters.AddWithValue("port", _siloPorts[silo]);
            command.Parameters.AddWithValue("since", since.AddSeconds(-1));
            command.Parameters.AddWithValue("server", ServerNameOf(silo) + ":%");
            return (bool)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
