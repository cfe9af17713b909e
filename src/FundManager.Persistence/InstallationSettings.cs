using Npgsql;

namespace FundManager.Persistence;

/// <summary>Key-value facts about the installation, such as whether the demo data is complete.</summary>
public sealed class InstallationSettings(NpgsqlDataSource dataSource)
{
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT value FROM fundmanager.setting WHERE key = @key");
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The value under <paramref name="key"/>, created once with <paramref name="create"/> however many processes ask at once.</summary>
    public async Task<string> GetOrCreateAsync(string key, Func<string> create, CancellationToken cancellationToken = default)
    {
        await using (var insert = dataSource.CreateCommand("INSERT INTO fundmanager.setting (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING"))
        {
            insert.Parameters.AddWithValue("key", key);
            insert.Parameters.AddWithValue("value", create());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return (await GetAsync(key, cancellationToken))!;
    }

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO fundmanager.setting (key, value) VALUES (@key, @value)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_at = now()
            """);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("value", value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
