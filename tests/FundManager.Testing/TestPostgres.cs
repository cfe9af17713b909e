using System.Diagnostics;
using FundManager.LocalPostgres;
using FundManager.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.Testing;

/// <summary>
/// The PostgreSQL server the tests run against: the one named by FUNDMANAGER_TEST_POSTGRES (CI
/// starts one), or else a private server started from the machine's binaries in a temporary
/// folder, once per test process. Each test class gets its own fresh database on it.
/// </summary>
public static class TestPostgres
{
    public const string ServerVariable = "FUNDMANAGER_TEST_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _serverConnectionString;
    private static LocalPostgresServer? _localServer;

    /// <summary>Creates an empty database with the project's schema and returns its owner's connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose) => (await CreateDatabaseWithLoginsAsync(purpose)).Owner;

    /// <summary>Creates an empty database with the project's schema: its owner's connection and the application login's.</summary>
    public static async Task<TestDatabase> CreateDatabaseWithLoginsAsync(string purpose)
    {
        var server = await ServerAsync();
        var name = $"fm_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(60, purpose.Length + 36)];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var application = await FundDatabase.PrepareSchemaAsync(connectionString, NullLogger.Instance);
        return new TestDatabase(connectionString, application);
    }

    private static async Task<string> ServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_serverConnectionString is not null)
            {
                return _serverConnectionString;
            }
            var configured = Environment.GetEnvironmentVariable(ServerVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                _serverConnectionString = configured;
                return configured;
            }
            RemoveStaleServers();
            var root = Path.Combine(Path.GetTempPath(), $"fundmanager-tests-{Environment.ProcessId}");
            _localServer = await LocalPostgresServer.StartAsync(
                new LocalPostgresOptions { RootDirectory = root, Port = FreePort(), Database = "postgres" },
                NullLogger.Instance);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopLocalServer(root);
            _serverConnectionString = _localServer.ConnectionString;
            return _serverConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void StopLocalServer(string root)
    {
        _localServer?.SignalStop(TimeSpan.FromSeconds(10));
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the operating system's temporary-file cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Folders of earlier test processes whose exit handler was cut short, once their server is gone.</summary>
    private static void RemoveStaleServers()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "fundmanager-tests-*"))
        {
            var owner = folder[(folder.LastIndexOf('-') + 1)..];
            if (!Directory.Exists($"/proc/{owner}") && !File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>A test database: the owner's connection (migrations, tampering on purpose) and the application login's (what the processes run as).</summary>
public sealed record TestDatabase(string Owner, string Application);

/// <summary>Waits for something to become true by asking again, never by sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> PollAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string what) where T : class
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Gave up waiting after {deadline}: {what}.");
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
