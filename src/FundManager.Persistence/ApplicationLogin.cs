using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FundManager.Persistence;

/// <summary>
/// The login the silos and dashboards run as once the schema is up to date. The schema belongs to
/// the login of the configured connection (the owner, which runs the migrations); the processes then
/// connect as a login that owns nothing and may only read and append the journal and the audit
/// trail, so nothing they run can edit them, switch their triggers off (that needs the owner or a
/// superuser, as does <c>session_replication_role</c>) or drop them.
/// </summary>
/// <remarks>
/// The login is either one an operator created (ConnectionStrings:FundManagerApplication) or, when
/// the owner may create roles, one made here: <c>{database}_app</c>, with a random password kept in
/// a table only the owner can read, so every process that starts with the owner's connection finds
/// the same one and the repository holds none. Its privileges are granted anew at every start, so
/// tables added by later migrations are covered.
/// </remarks>
public static class ApplicationLogin
{
    public const string ConnectionStringName = "FundManagerApplication";

    // Any fixed number works, as long as nothing else on the server uses it for a lock.
    private const long GrantLockId = 7_202_612_302;

    /// <summary>Grants the application login what it needs and returns the connection string it uses.</summary>
    public static async Task<string> PrepareAsync(string ownerConnectionString, string? applicationConnectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString);
        await using var connection = new NpgsqlConnection(FundDatabase.Unpooled(ownerConnectionString));
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({GrantLockId})", cancellationToken);
        try
        {
            string result;
            string roleName;
            if (!string.IsNullOrWhiteSpace(applicationConnectionString))
            {
                roleName = new NpgsqlConnectionStringBuilder(applicationConnectionString).Username
                    ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} names no Username.");
                result = applicationConnectionString;
            }
            else if (await MayCreateRolesAsync(connection, cancellationToken))
            {
                roleName = RoleNameFor(owner.Database ?? "fundmanager");
                var password = await EnsureLoginAsync(connection, roleName, cancellationToken);
                result = new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = roleName, Password = password }.ConnectionString;
            }
            else
            {
                logger.LogWarning(
                    "The login {Owner} may not create roles and ConnectionStrings:{Name} is not set: the processes run as the schema's owner, which could alter the journal's triggers. Create an application login (README, Reliability and security) and configure it.",
                    owner.Username, ConnectionStringName);
                return ownerConnectionString;
            }
            if (string.Equals(roleName, owner.Username, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} must name a login other than the schema's owner {owner.Username}.");
            }
            await GrantAsync(connection, roleName, cancellationToken);
            return result;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({GrantLockId})", CancellationToken.None);
        }
    }

    /// <summary>One login per database, so installations sharing a server never share a login.</summary>
    public static string RoleNameFor(string database)
    {
        const string suffix = "_app";
        // PostgreSQL cuts names at 63 bytes; cut first, so the name we connect with is the one stored.
        var stem = database.Length > 63 - suffix.Length ? database[..(63 - suffix.Length)] : database;
        return stem + suffix;
    }

    private static async Task<bool> MayCreateRolesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static async Task<string> EnsureLoginAsync(NpgsqlConnection connection, string roleName, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? kept;
        await using (var read = new NpgsqlCommand("SELECT password FROM fundmanager_owner.application_login WHERE role_name = @role", connection, transaction))
        {
            read.Parameters.AddWithValue("role", roleName);
            kept = await read.ExecuteScalarAsync(cancellationToken) as string;
        }
        bool exists;
        await using (var probe = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)", connection, transaction))
        {
            probe.Parameters.AddWithValue("role", roleName);
            exists = await probe.ExecuteScalarAsync(cancellationToken) is true;
        }
        if (kept is not null && exists)
        {
            await transaction.CommitAsync(cancellationToken);
            return kept;
        }
        // Hex only, so it can stand in the statement as a literal (CREATE ROLE takes no parameters).
        var password = kept ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
        await ExecuteAsync(connection, transaction,
            exists ? $"ALTER ROLE {Quote(roleName)} {attributes} PASSWORD '{password}'" : $"CREATE ROLE {Quote(roleName)} {attributes} PASSWORD '{password}'",
            cancellationToken);
        await using (var keep = new NpgsqlCommand(
            "INSERT INTO fundmanager_owner.application_login (role_name, password) VALUES (@role, @password) ON CONFLICT (role_name) DO UPDATE SET password = excluded.password",
            connection, transaction))
        {
            keep.Parameters.AddWithValue("role", roleName);
            keep.Parameters.AddWithValue("password", password);
            await keep.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return password;
    }

    /// <summary>
    /// Exactly these privileges, whatever was granted before: the journal and the audit trail are
    /// read and appended only (their balances are kept by a trigger running as the owner), and so is the project register; reports,
    /// settings, keys and alerts are the application's to change; Orleans' and Hangfire's tables are
    /// theirs to run on (they insert, update and delete rows as they work); the owner's schema is out of reach.
    /// A migration that adds a table to the fundmanager schema names it here too: until then the
    /// application cannot touch it, which the tests that use it show at once.
    /// </summary>
    private static async Task GrantAsync(NpgsqlConnection connection, string roleName, CancellationToken cancellationToken)
    {
        var role = Quote(roleName);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            REVOKE ALL ON ALL TABLES IN SCHEMA fundmanager, orleans, {FundDatabase.HangfireSchema}, fundmanager_owner FROM {role};
            REVOKE ALL ON ALL SEQUENCES IN SCHEMA fundmanager, orleans, {FundDatabase.HangfireSchema} FROM {role};
            REVOKE ALL ON SCHEMA fundmanager, orleans, {FundDatabase.HangfireSchema}, fundmanager_owner FROM {role};
            GRANT USAGE ON SCHEMA fundmanager, orleans, {FundDatabase.HangfireSchema} TO {role};
            GRANT SELECT, INSERT ON fundmanager.journal_entry, fundmanager.journal_line, fundmanager.audit_event TO {role};
            GRANT SELECT ON fundmanager.journal_balance, fundmanager.schema_migration TO {role};
            GRANT SELECT, INSERT ON fundmanager.project_register TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON fundmanager.report, fundmanager.report_file, fundmanager.setting,
                fundmanager.data_protection_key, fundmanager.alert TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA orleans, {FundDatabase.HangfireSchema} TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA orleans, {FundDatabase.HangfireSchema} TO {role};
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
