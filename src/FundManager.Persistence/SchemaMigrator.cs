using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FundManager.Persistence;

/// <summary>
/// Brings the database schema up to date at start-up. Each migration runs once, in its own
/// transaction, under an advisory lock, so silos and dashboards starting together never race.
/// </summary>
public static class SchemaMigrator
{
    // Any fixed number works, as long as nothing else on the server uses it for a lock.
    private const long MigrationLockId = 7_202_612_301;

    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await Execute(connection, null, "SELECT pg_advisory_lock(@id)", cancellationToken, ("id", MigrationLockId));
        try
        {
            await Execute(connection, null, """
                CREATE SCHEMA IF NOT EXISTS fundmanager;
                CREATE TABLE IF NOT EXISTS fundmanager.schema_migration
                (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """, cancellationToken);
            var applied = new HashSet<int>();
            await using (var read = new NpgsqlCommand("SELECT version FROM fundmanager.schema_migration", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }
            foreach (var (version, name, sql) in Migrations.Where(m => !applied.Contains(m.Version)))
            {
                logger.LogInformation("Applying database migration {Version} {Name}", version, name);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, transaction, sql, cancellationToken);
                await Execute(connection, transaction, "INSERT INTO fundmanager.schema_migration (version, name) VALUES (@version, @name)", cancellationToken,
                    ("version", version), ("name", name));
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await Execute(connection, null, "SELECT pg_advisory_unlock(@id)", CancellationToken.None, ("id", MigrationLockId));
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n["Migrations.".Length..^".sql".Length];
                var version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, name, reader.ReadToEnd());
            })
            .OrderBy(m => m.version)
            .ToList();
        // Two files with one number would leave the second unapplied on every database that has the first.
        if (migrations.GroupBy(m => m.version).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"Migrations {string.Join(" and ", twice.Select(m => m.name))} share the number {twice.Key}.");
        }
        return migrations;
    }
}
