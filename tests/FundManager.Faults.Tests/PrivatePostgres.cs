using System.Diagnostics;
using System.Globalization;
using FundManager.LocalPostgres;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.Faults.Tests;

/// <summary>
/// A PostgreSQL server of one test's own, in a temporary folder, so the test can kill it with
/// SIGKILL and start it again without taking the database from any other test.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly LocalPostgresOptions _options;
    private LocalPostgresServer _server;

    private PrivatePostgres(LocalPostgresOptions options, LocalPostgresServer server, string database)
    {
        _options = options;
        _server = server;
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;
    }

    /// <summary>The connection string of the system's database on it (created by the first process that opens it).</summary>
    public string ConnectionString { get; }

    public static async Task<PrivatePostgres> StartAsync(string database)
    {
        var options = new LocalPostgresOptions
        {
            RootDirectory = Path.Combine(Path.GetTempPath(), $"fundmanager-fault-{Guid.NewGuid():N}"),
            Port = TestPostgres.FreePort(),
            Database = "postgres",
        };
        return new PrivatePostgres(options, await LocalPostgresServer.StartAsync(options, NullLogger.Instance), database);
    }

    /// <summary>SIGKILL to the server and every process it started, as a crash would leave it; answers once they are all gone.</summary>
    public async Task KillAsync()
    {
        var killed = KillServer(Path.Combine(_options.RootDirectory, "data"));
        await Eventually.PollAsync(() => Task.FromResult(killed.All(pid => !Directory.Exists($"/proc/{pid}")) ? "gone" : null), TimeSpan.FromMinutes(1), "the killed server's processes to be gone");
    }

    /// <summary>Starts the server again on the same folder and port; it recovers from its write-ahead log.</summary>
    public async Task StartAgainAsync() => _server = await LocalPostgresServer.StartAsync(_options, NullLogger.Instance);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _server.StopAsync();
            Directory.Delete(_options.RootDirectory, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // A server that is already gone leaves only its folder, in the temporary directory.
        }
    }

    private static List<int> KillServer(string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        // Frozen first, so it starts no backend between the list below and its end.
        using (var stop = Process.Start("kill", ["-STOP", postmaster.ToString(CultureInfo.InvariantCulture)]))
        {
            stop.WaitForExit();
        }
        var children = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == postmaster)
            .ToList();
        foreach (var pid in children.Append(postmaster))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Gone already.
            }
        }
        return [.. children.Append(postmaster)];
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces, so read after its ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
