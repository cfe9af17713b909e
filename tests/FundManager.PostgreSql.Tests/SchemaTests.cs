using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.PostgreSql.Tests;

public sealed class SchemaTests
{
    [Fact]
    public async Task migrations_started_together_apply_each_migration_once()
    {
        var database = await TestPostgres.CreateDatabaseAsync("schema");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => FundDatabase.PrepareSchemaAsync(database, NullLogger.Instance)));

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*), count(DISTINCT version) FROM fundmanager.schema_migration", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(SchemaMigrator.Migrations.Count, reader.GetInt64(0));
        Assert.Equal(SchemaMigrator.Migrations.Count, reader.GetInt64(1));
    }

    [Fact]
    public async Task the_orleans_query_table_holds_every_statement_the_providers_read()
    {
        var database = await TestPostgres.CreateDatabaseAsync("queries");
        string[] required =
        [
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
            "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        ];

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { SearchPath = "orleans" }.ConnectionString);
        await connection.OpenAsync();
        // Exactly the statement the providers run: unquoted names found through the search path.
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }
        Assert.Empty(required.Except(keys));
    }
}
