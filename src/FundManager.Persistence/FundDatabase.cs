using FundManager.LocalPostgres;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FundManager.Persistence;

/// <summary>Whether a process runs the private database server or only connects to the one another process runs.</summary>
public enum LocalServerRole
{
    /// <summary>Start the private server if it is not running (the silo).</summary>
    Start = 1,
    /// <summary>Wait for the private server the silo starts (the dashboards).</summary>
    Attach = 2,
}

/// <summary>
/// The database the system runs on. With ConnectionStrings:FundManager set, that server; without
/// it, a private PostgreSQL server in the user's data folder. Either way the schema (ours,
/// Orleans', Hangfire's) is brought up to date before anything else touches it.
/// </summary>
public sealed class FundDatabase : IAsyncDisposable
{
    public const string ConnectionStringName = "FundManager";
    public const string HangfireSchema = "hangfire";

    /// <summary>How soon a job whose server died is run by another server.</summary>
    public static readonly TimeSpan JobTakeover = TimeSpan.FromSeconds(45);

    /// <summary>How long a Hangfire lock left by a process that died stays before the next taker removes it.</summary>
    public static readonly TimeSpan StaleLockExpiry = TimeSpan.FromMinutes(1);

    private readonly LocalPostgresServer? _localServer;

    private FundDatabase(string connectionString, LocalPostgresServer? localServer)
    {
        ConnectionString = connectionString;
        _localServer = localServer;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The application login's connection: it owns nothing and cannot change the journal or the audit trail.</summary>
    public string ConnectionString { get; }

    /// <summary>The connection string Orleans' ADO.NET providers use: its tables live in the "orleans" schema.</summary>
    public string OrleansConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = "orleans" }.ConnectionString;

    public NpgsqlDataSource DataSource { get; }

    public static async Task<FundDatabase> OpenAsync(IConfiguration configuration, LocalServerRole role, ILogger logger, CancellationToken cancellationToken = default)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        LocalPostgresServer? server = null;
        string connectionString;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            connectionString = configured;
            await EnsureDatabaseExistsAsync(connectionString, logger, cancellationToken);
        }
        else
        {
            var options = new LocalPostgresOptions
            {
                RootDirectory = configuration["FundManager:LocalDatabase:RootDirectory"] is { Length: > 0 } root ? root : LocalPostgresOptions.DefaultRootDirectory,
                Port = configuration.GetValue("FundManager:LocalDatabase:Port", 55432),
            };
            logger.LogInformation("No connection string configured: using the private PostgreSQL server in {Root}", options.RootDirectory);
            server = role == LocalServerRole.Start
                ? await LocalPostgresServer.StartAsync(options, logger, cancellationToken)
                : await LocalPostgresServer.AttachAsync(options, logger, cancellationToken);
            connectionString = server.ConnectionString;
        }
        var application = await PrepareSchemaAsync(connectionString, logger,
            configuration.GetConnectionString(ApplicationLogin.ConnectionStringName), cancellationToken);
        return new FundDatabase(application, server);
    }

    /// <summary>
    /// Our migrations, then Hangfire's own schema, each under an advisory lock so concurrent starts
    /// queue up, all as the owner <paramref name="connectionString"/> names; then the application
    /// login's privileges. Returns the connection string the processes run on (the application login's).
    /// </summary>
    public static async Task<string> PrepareSchemaAsync(string connectionString, ILogger logger, string? applicationConnectionString = null, CancellationToken cancellationToken = default)
    {
        // The owner's connections are closed when done, not kept in a pool for the process's lifetime.
        var owner = Unpooled(connectionString);
        await SchemaMigrator.MigrateAsync(owner, logger, cancellationToken);
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('fundmanager-hangfire-schema'))", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('fundmanager-hangfire-schema'))", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        return await ApplicationLogin.PrepareAsync(connectionString, applicationConnectionString, logger, cancellationToken);
    }

    /// <summary>
    /// The key that seals callers between the dashboards and the silos: FundManager:Cluster:CallerKey
    /// (base64) when configured, else one the first process to start creates and keeps in the database.
    /// </summary>
    public async Task<byte[]> CallerKeyAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        if (configuration["FundManager:Cluster:CallerKey"] is { Length: > 0 } configured)
        {
            return Convert.FromBase64String(configured);
        }
        var stored = await new InstallationSettings(DataSource).GetOrCreateAsync(
            "caller-key", () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), cancellationToken);
        return Convert.FromBase64String(stored);
    }

    /// <summary>Hangfire on this database, as every process of the system uses it (the schema is already installed).</summary>
    public void UseForHangfire(IGlobalConfiguration configuration) => configuration
        .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
        .UseSimpleAssemblyNameTypeSerializer()
        .UseRecommendedSerializerSettings()
        .UsePostgreSqlStorage(
            o => o.UseNpgsqlConnection(ConnectionString),
            new PostgreSqlStorageOptions
            {
                SchemaName = HangfireSchema,
                // PrepareSchemaAsync installed it under a lock; Hangfire's own installer takes none.
                PrepareSchemaIfNecessary = false,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                DistributedLockTimeout = StaleLockExpiry,
                // A running job's claim is renewed while its server lives; a job whose server died
                // is picked up by another within this, not after the default half hour. (The jobs
                // are idempotent, so a run picked up twice pays nothing twice.)
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = JobTakeover,
            });

    /// <summary>Gives up this process's use of the private server, which stops when its last user does.</summary>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_localServer is not null)
        {
            await _localServer.StopAsync();
        }
    }

    internal static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task EnsureDatabaseExistsAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var probe = new NpgsqlConnection(Unpooled(connectionString));
            await probe.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            logger.LogInformation("Database {Database} does not exist yet; creating it", target.Database);
        }
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(Unpooled(maintenance.ConnectionString));
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }
}
