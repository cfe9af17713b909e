using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.PostgreSql.Tests;

/// <summary>
/// The login the processes run as (FundDatabase.ConnectionString) owns nothing: whatever code runs
/// on its connection, the journal and the audit trail can only be read and appended.
/// </summary>
public sealed class ApplicationLoginTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabaseWithLoginsAsync("login");

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Refused => new()
    {
        "UPDATE fundmanager.journal_entry SET narrative = 'edited'",
        "UPDATE fundmanager.journal_line SET usd_amount = usd_amount + 1",
        "DELETE FROM fundmanager.journal_entry",
        "DELETE FROM fundmanager.journal_line",
        "TRUNCATE fundmanager.journal_line, fundmanager.journal_entry",
        "UPDATE fundmanager.audit_event SET actor = 'mallory'",
        "DELETE FROM fundmanager.audit_event",
        "TRUNCATE fundmanager.audit_event",
        "UPDATE fundmanager.journal_balance SET debits = debits + 1",
        "SET session_replication_role = replica",
        "ALTER TABLE fundmanager.journal_entry DISABLE TRIGGER ALL",
        "ALTER TABLE fundmanager.journal_line DISABLE TRIGGER journal_line_append_only",
        "ALTER TABLE fundmanager.audit_event DISABLE TRIGGER audit_event_append_only",
        "DROP TRIGGER journal_entry_append_only ON fundmanager.journal_entry",
        "DROP TRIGGER audit_event_append_only ON fundmanager.audit_event",
        "DROP TABLE fundmanager.journal_line",
        "DROP TABLE fundmanager.audit_event",
        "DROP FUNCTION fundmanager.refuse_change() CASCADE",
        "DROP SCHEMA fundmanager CASCADE",
        "CREATE OR REPLACE FUNCTION fundmanager.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$",
        "CREATE TABLE fundmanager.shadow (id int)",
        "SELECT password FROM fundmanager_owner.application_login",
        "ALTER ROLE CURRENT_USER SUPERUSER",
        "CREATE ROLE mallory SUPERUSER LOGIN",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task the_application_login_is_refused_what_could_change_or_unprotect_the_journal_and_the_audit_trail(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.Application);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task the_application_login_owns_nothing_and_holds_no_special_rights()
    {
        await using var connection = new NpgsqlConnection(_database.Application);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)
                 + (SELECT count(*) FROM pg_namespace n WHERE n.nspowner = r.oid)
                 + (SELECT count(*) FROM pg_proc p WHERE p.proowner = r.oid)
                 + (SELECT count(*) FROM pg_database d WHERE d.datdba = r.oid),
                   (SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid)
              FROM pg_roles r WHERE r.rolname = current_user
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(_database.Owner).Username, reader.GetString(0));
        Assert.False(reader.GetBoolean(1), "superuser");
        Assert.False(reader.GetBoolean(2), "may create roles");
        Assert.False(reader.GetBoolean(3), "may create databases");
        Assert.False(reader.GetBoolean(4), "replication");
        Assert.False(reader.GetBoolean(5), "bypasses row security");
        Assert.Equal(0L, reader.GetInt64(6));
        Assert.Equal(0L, reader.GetInt64(7));
    }

    [Fact]
    public async Task every_start_finds_the_same_application_login_and_grants_it_the_same_rights()
    {
        var again = await FundDatabase.PrepareSchemaAsync(_database.Owner, NullLogger.Instance);

        Assert.Equal(_database.Application, again);
        await using var connection = new NpgsqlConnection(again);
        await connection.OpenAsync();
        await using var append = new NpgsqlCommand("INSERT INTO fundmanager.setting (key, value) VALUES ('login-test', 'x')", connection);
        Assert.Equal(1, await append.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task an_operator_login_named_in_the_configuration_is_granted_the_application_rights()
    {
        var operatorLogin = $"operator_{Guid.NewGuid():N}"[..30];
        await using (var owner = new NpgsqlConnection(_database.Owner))
        {
            await owner.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE {operatorLogin} LOGIN PASSWORD 'operator-pass'", owner);
            await create.ExecuteNonQueryAsync();
        }
        var configured = new NpgsqlConnectionStringBuilder(_database.Owner) { Username = operatorLogin, Password = "operator-pass" }.ConnectionString;

        var used = await FundDatabase.PrepareSchemaAsync(_database.Owner, NullLogger.Instance, configured);

        Assert.Equal(configured, used);
        await using var connection = new NpgsqlConnection(used);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT count(*) FROM fundmanager.journal_entry", connection);
        Assert.Equal(0L, await read.ExecuteScalarAsync());
        await using var delete = new NpgsqlCommand("DELETE FROM fundmanager.audit_event", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task an_owner_that_may_not_create_roles_still_runs_the_system_as_before()
    {
        var name = $"fm_plain_{Guid.NewGuid():N}"[..30];
        await using (var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.Owner) { Database = "postgres" }.ConnectionString))
        {
            await server.OpenAsync();
            foreach (var sql in new[] { $"CREATE ROLE {name} LOGIN PASSWORD 'plain-owner-pass' NOCREATEROLE", $"CREATE DATABASE {name} OWNER {name}" })
            {
                await using var create = new NpgsqlCommand(sql, server);
                await create.ExecuteNonQueryAsync();
            }
        }
        var owner = new NpgsqlConnectionStringBuilder(_database.Owner) { Database = name, Username = name, Password = "plain-owner-pass" }.ConnectionString;

        var used = await FundDatabase.PrepareSchemaAsync(owner, NullLogger.Instance);

        Assert.Equal(owner, used);
        await using var connection = new NpgsqlConnection(used);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT count(*) FROM fundmanager.schema_migration", connection);
        Assert.True((long)(await read.ExecuteScalarAsync())! > 0);
    }
}
