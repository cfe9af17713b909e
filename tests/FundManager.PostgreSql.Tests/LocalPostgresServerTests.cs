using FundManager.LocalPostgres;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.PostgreSql.Tests;

/// <summary>
/// The private server of the zero-configuration start runs while any process of the installation
/// uses it. Another process is stood for by what it leaves in the folder: a lease file it keeps
/// locked while it lives (the lock is the operating system's, so it goes when a process dies).
/// </summary>
public sealed class LocalPostgresServerTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"fundmanager-local-{Guid.NewGuid():N}");
    private LocalPostgresOptions _options = null!;
    private LocalPostgresServer? _server;

    public Task InitializeAsync()
    {
        _options = new LocalPostgresOptions { RootDirectory = _root, Port = TestPostgres.FreePort(), Database = "postgres" };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var lease in Directory.Exists(Path.Combine(_root, "users")) ? Directory.GetFiles(Path.Combine(_root, "users")) : [])
        {
            File.Delete(lease);
        }
        // A test that failed half-way may leave the server running: stop it as its last user.
        if (_server is not null && await AcceptsConnectionsAsync(_server.ConnectionString))
        {
            await (await LocalPostgresServer.AttachAsync(_options, NullLogger.Instance)).StopAsync();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the operating system's temporary-file cleanup.
        }
    }

    [Fact]
    public async Task the_process_that_started_the_server_stopping_leaves_it_running_for_another_that_uses_it()
    {
        _server = await LocalPostgresServer.StartAsync(_options, NullLogger.Instance);
        Assert.True(_server.StartedHere);
        await using (var other = AnotherProcessUsingIt())
        {
            await _server.StopAsync();

            Assert.True(await AcceptsConnectionsAsync(_server.ConnectionString), "the server went with the process that started it");
        }

        // The other process has gone too; the next user to stop is the last.
        var again = await LocalPostgresServer.AttachAsync(_options, NullLogger.Instance);
        await again.StopAsync();

        Assert.False(await AcceptsConnectionsAsync(_server.ConnectionString), "the last user stopped and the server still runs");
    }

    [Fact]
    public async Task a_process_that_died_without_stopping_does_not_keep_the_server_running()
    {
        _server = await LocalPostgresServer.StartAsync(_options, NullLogger.Instance);
        // A lease nobody holds locked: what a killed process leaves behind.
        var dead = Path.Combine(_root, "users", "2147483646.lease");
        await File.WriteAllTextAsync(dead, string.Empty);

        await _server.StopAsync();

        Assert.False(await AcceptsConnectionsAsync(_server.ConnectionString), "a dead process's lease kept the server running");
        Assert.False(File.Exists(dead));
    }

    // What a living process holds: its lease file, locked.
    private FileStream AnotherProcessUsingIt()
    {
        Directory.CreateDirectory(Path.Combine(_root, "users"));
        return new FileStream(Path.Combine(_root, "users", "2147483645.lease"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
    }

    private static async Task<bool> AcceptsConnectionsAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=3");
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
