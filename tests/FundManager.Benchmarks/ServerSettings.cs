using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>The PostgreSQL settings that decide what a commit costs, read with SHOW on the server measured.</summary>
public sealed record ServerSettings(IReadOnlyList<(string Name, string Value)> Values, string Version)
{
    private static readonly string[] Names = ["fsync", "synchronous_commit", "wal_level", "shared_buffers", "commit_delay", "max_connections", "wal_sync_method", "full_page_writes"];

    public bool Durable => Value("fsync") == "on" && Value("synchronous_commit") == "on";

    public string Value(string name) => Values.FirstOrDefault(v => v.Name == name).Value ?? "?";

    public static async Task<ServerSettings> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var values = new List<(string, string)>();
        foreach (var name in Names)
        {
            await using var show = new NpgsqlCommand($"SHOW {name}", connection);
            values.Add((name, (string)(await show.ExecuteScalarAsync())!));
        }
        await using var version = new NpgsqlCommand("SHOW server_version", connection);
        return new ServerSettings(values, (string)(await version.ExecuteScalarAsync())!);
    }

    public override string ToString() =>
        $"PostgreSQL {Version}: " + string.Join(", ", Values.Select(v => $"{v.Name}={v.Value}"));
}
