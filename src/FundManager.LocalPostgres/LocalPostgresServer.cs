using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FundManager.LocalPostgres;

/// <summary>
/// A PostgreSQL cluster in a folder of our own, started with the machine's server binaries. The
/// first start creates the cluster (initdb) with a random password kept beside it; later starts
/// reuse it, so data survives restarts. PostgreSQL refuses to run as root, so when we are root the
/// server runs as the "postgres" user and its folder belongs to that user.
/// </summary>
/// <remarks>
/// Every process that uses the server (silos, dashboards) holds a lease on it: a file in the
/// folder, locked while the process lives. Whichever process stops last stops the server, so a
/// graceful stop of the silo that happened to start it never takes the database from the others;
/// a lease whose process died is not locked any more and does not count.
/// </remarks>
public sealed class LocalPostgresServer
{
    private readonly LocalPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly string _binaries;

    private LocalPostgresServer(LocalPostgresOptions options, ILogger logger, string binaries)
    {
        _options = options;
        _logger = logger;
        _binaries = binaries;
    }

    private string Root => _options.RootDirectory;
    private string DataDirectory => Path.Combine(Root, "data");
    private string LogFile => Path.Combine(Root, "log", "server.log");
    private string PasswordFile => Path.Combine(Root, "password");
    private string LeaseDirectory => Path.Combine(Root, "users");
    private string OwnLeaseFile => Path.Combine(LeaseDirectory, $"{Environment.ProcessId}.lease");

    // One lease per process and folder, whatever the number of instances using it in the process.
    private static readonly Dictionary<string, FileStream> Leases = new(StringComparer.Ordinal);

    /// <summary>True when this process started the server (whichever user stops last stops it).</summary>
    public bool StartedHere { get; private set; }

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Creates the cluster if needed and starts it unless it already runs.</summary>
    public static async Task<LocalPostgresServer> StartAsync(LocalPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        var server = new LocalPostgresServer(options, logger, FindBinaries());
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Waits for a server another process starts in the same folder.</summary>
    public static async Task<LocalPostgresServer> AttachAsync(LocalPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        var server = new LocalPostgresServer(options, logger, string.Empty);
        var deadline = DateTime.UtcNow + options.StartTimeout;
        logger.LogInformation("Waiting for the local PostgreSQL server in {Root} on port {Port}", options.RootDirectory, options.Port);
        while (true)
        {
            if (File.Exists(server.PasswordFile))
            {
                server.ConnectionString = server.BuildConnectionString(options.Database, await File.ReadAllTextAsync(server.PasswordFile, cancellationToken));
                // Under the start lock, so the last user cannot be stopping it between our check and our lease.
                await using var startLock = await server.AcquireStartLockAsync(cancellationToken);
                if (await server.AcceptsConnectionsAsync(cancellationToken))
                {
                    server.TakeLease();
                    return server;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No local PostgreSQL server answered on port {options.Port} within {options.StartTimeout}. Start the silo first, or configure ConnectionStrings:FundManager.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>Gives up this process's lease, and stops the server if no other living process holds one.</summary>
    public async Task StopAsync()
    {
        if (!ReleaseLease())
        {
            return;
        }
        await using var startLock = await AcquireStartLockAsync(CancellationToken.None);
        if (OtherUsers() is > 0 and var others)
        {
            _logger.LogInformation("Leaving the local PostgreSQL server in {DataDirectory} running for the {Count} other processes that use it", DataDirectory, others);
            return;
        }
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return;
        }
        _logger.LogInformation("Stopping the local PostgreSQL server in {DataDirectory}", DataDirectory);
        await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None);
        StartedHere = false;
    }

    /// <summary>
    /// Asks the server for a fast shutdown with a signal and waits briefly for it to go: for
    /// process-exit handlers, which have no time to start pg_ctl.
    /// </summary>
    public void SignalStop(TimeSpan wait)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!ReleaseLease() || OtherUsers() > 0 || OperatingSystem.IsWindows() || !File.Exists(pidFile)
            || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }
        const int sigint = 2;
        _ = Kill(pid, sigint);
        var deadline = DateTime.UtcNow + wait;
        while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        StartedHere = false;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        await using var startLock = await AcquireStartLockAsync(cancellationToken);
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(cancellationToken);
        }
        var password = await File.ReadAllTextAsync(PasswordFile, cancellationToken);
        ConnectionString = BuildConnectionString("postgres", password);
        if (!await AcceptsConnectionsAsync(cancellationToken))
        {
            if (PortTaken())
            {
                throw new InvalidOperationException(
                    $"Port {_options.Port} on 127.0.0.1 is used by something other than FundManager's local database in {Root}. Choose another with FundManager:LocalDatabase:Port, or configure ConnectionStrings:FundManager.");
            }
            _logger.LogInformation("Starting the local PostgreSQL server in {DataDirectory} on port {Port}", DataDirectory, _options.Port);
            await RunAsync("pg_ctl", ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", ((int)_options.StartTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
            StartedHere = true;
        }
        await CreateDatabaseAsync(cancellationToken);
        ConnectionString = BuildConnectionString(_options.Database, password);
        TakeLease();
    }

    /// <summary>Holds this process's lease: a file locked for as long as the process lives or until it stops using the server.</summary>
    private void TakeLease()
    {
        lock (Leases)
        {
            if (Leases.ContainsKey(Root))
            {
                return;
            }
            Directory.CreateDirectory(LeaseDirectory);
            Leases[Root] = new FileStream(OwnLeaseFile, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        }
    }

    /// <summary>True when this process held a lease (and so is a user whose stop may stop the server).</summary>
    private bool ReleaseLease()
    {
        lock (Leases)
        {
            if (!Leases.Remove(Root, out var lease))
            {
                return false;
            }
            lease.Dispose();
            File.Delete(OwnLeaseFile);
            return true;
        }
    }

    /// <summary>How many other processes hold a lease; the leases of processes that died are removed.</summary>
    private int OtherUsers()
    {
        if (!Directory.Exists(LeaseDirectory))
        {
            return 0;
        }
        var living = 0;
        foreach (var lease in Directory.GetFiles(LeaseDirectory, "*.lease"))
        {
            try
            {
                // Opens only if nobody holds it: its process is gone.
                using (new FileStream(lease, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }
                File.Delete(lease);
            }
            catch (FileNotFoundException)
            {
            }
            catch (IOException)
            {
                living++;
            }
        }
        return living;
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Creating a local PostgreSQL cluster in {DataDirectory}", DataDirectory);
        if (Directory.Exists(DataDirectory))
        {
            // A cluster whose initdb was interrupted: start again from nothing.
            Directory.Delete(DataDirectory, recursive: true);
        }
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        var initPasswordFile = Path.Combine(DataDirectory, "..", "initdb-password");
        await File.WriteAllTextAsync(initPasswordFile, password, cancellationToken);
        try
        {
            if (RunningAsRoot)
            {
                GrantTraversal(Root);
                await RunAsync("chown", ["-R", "postgres:postgres", DataDirectory, Path.GetDirectoryName(LogFile)!, initPasswordFile], cancellationToken, asServerUser: false);
            }
            await RunAsync("initdb", ["-D", DataDirectory, "-U", _options.UserName, "--pwfile", initPasswordFile, "--auth", "scram-sha-256", "--encoding", "UTF8", "--no-locale"], cancellationToken);
        }
        finally
        {
            File.Delete(initPasswordFile);
        }
        var settings = $"""

            # Written by FundManager: a private server, reachable from this machine only.
            listen_addresses = '127.0.0.1'
            port = {_options.Port}
            unix_socket_directories = ''
            max_connections = 300
            """;
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings, cancellationToken);
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        // Unpooled: after a restart, a pooled connection may belong to the server that died.
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", _options.Database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_options.Database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString + ";Timeout=3;Pooling=false");
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    private bool PortTaken()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", _options.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private string BuildConnectionString(string database, string password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _options.Port,
            Database = database,
            Username = _options.UserName,
            Password = password.Trim(),
        }.ConnectionString;

    private async Task<IAsyncDisposable> AcquireStartLockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Root, "start.lock");
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asServerUser = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        var executable = program is "chown" ? program : Path.Combine(_binaries, program);
        if (asServerUser && RunningAsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", executable })
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = executable;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        // pg_ctl start leaves the server holding our pipes; read them without waiting for them to close.
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var detail = error.IsCompleted ? await error : string.Empty;
            var log = File.Exists(LogFile) ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(10)) : string.Empty;
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {detail}{Environment.NewLine}{log}");
        }
        _ = output;
    }

    private static bool RunningAsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>Lets the server user reach its folder through ours (search permission only, no listing).</summary>
    private void GrantTraversal(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        for (var directory = new DirectoryInfo(path); directory is not null; directory = directory.Parent)
        {
            var mode = directory.UnixFileMode;
            if ((mode & UnixFileMode.OtherExecute) == 0)
            {
                _logger.LogWarning("Allowing other users to traverse {Directory} so the postgres user can reach its data folder", directory.FullName);
                directory.UnixFileMode = mode | UnixFileMode.OtherExecute;
            }
        }
    }

    private static string FindBinaries()
    {
        var pathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var onPath = pathDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")));
        if (onPath is not null)
        {
            return onPath;
        }
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }
        throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql. Install PostgreSQL 15, or configure ConnectionStrings:FundManager.");
    }
}
