using FundManager.LocalPostgres;
using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>
/// The PostgreSQL server the harness measures on, with the product's durability settings: the one
/// FUNDMANAGER_BENCH_POSTGRES names, or a private server started for this run with the product's
/// own LocalPostgresServer (its defaults keep fsync and synchronous_commit on). The tests' server
/// (FUNDMANAGER_TEST_POSTGRES) is deliberately not used: CI starts it with fsync off, which would
/// make every commit look free.
/// </summary>
public sealed class BenchmarkPostgres : IAsyncDisposable
{
    public const string ServerVariable = "FUNDMANAGER_BENCH_POSTGRES";

    private readonly LocalPostgresServer? _private;
    private readonly string? _privateRoot;
    private readonly List<string> _extra = [];

    private BenchmarkPostgres(string serverConnectionString, string databaseConnectionString, LocalPostgresServer? privateServer, string? privateRoot)
    {
        ServerConnectionString = serverConnectionString;
        ConnectionString = databaseConnectionString;
        _private = privateServer;
        _privateRoot = privateRoot;
    }

    public string ServerConnectionString { get; }

    /// <summary>A fresh database of this run, with the product's schema (ours, Orleans', Hangfire's).</summary>
    public string ConnectionString { get; }

    public string Origin => _private is null ? $"the server {ServerVariable} names" : "a private server started for this run";

    public static async Task<BenchmarkPostgres> StartAsync()
    {
        LocalPostgresServer? privateServer = null;
        string? root = null;
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            root = Path.Combine(Path.GetTempPath(), $"fundmanager-bench-{Environment.ProcessId}");
            privateServer = await LocalPostgresServer.StartAsync(
                new LocalPostgresOptions { RootDirectory = root, Port = TestPostgres.FreePort(), Database = "postgres" },
                NullLogger.Instance);
            // Ctrl+C or a crash must not leave a server running in the temporary folder.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => privateServer.SignalStop(TimeSpan.FromSeconds(10));
            server = privateServer.ConnectionString;
        }
        var database = await FreshDatabaseAsync(server);
        return new BenchmarkPostgres(server, database, privateServer, root);
    }

    /// <summary>Another fresh database on the same server, with the product's schema, for a start that must find nothing of this run's.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var database = await FreshDatabaseAsync(ServerConnectionString);
        _extra.Add(database);
        return database;
    }

    private static async Task<string> FreshDatabaseAsync(string server)
    {
        var name = $"fm_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        await FundDatabase.PrepareSchemaAsync(database, NullLogger.Instance);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_private is null)
        {
            // A server we were lent: leave it as it was, without this run's databases.
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            foreach (var database in _extra.Prepend(ConnectionString))
            {
                var name = new NpgsqlConnectionStringBuilder(database).Database;
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            return;
        }
        await _private.StopAsync();
        try
        {
            Directory.Delete(_privateRoot!, recursive: true);
        }
        catch (IOException)
        {
            // Left for the operating system's temporary-file cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
