using FundManager.Reports;
using Npgsql;
using NpgsqlTypes;

namespace FundManager.Persistence;

public sealed class PostgresAlertBoard(NpgsqlDataSource dataSource, TimeProvider clock) : IAlertBoard
{
    private const string Select = "SELECT id, raised_at, source, subject, title, detail, report_id, acknowledged_at, acknowledged_by FROM fundmanager.alert";

    public async Task<Alert> RaiseAsync(string source, string subject, string title, string detail, Guid? reportId, CancellationToken cancellationToken = default)
    {
        var alert = new Alert(Guid.CreateVersion7(), clock.GetUtcNow(), source, subject, title, detail, reportId, null, null);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO fundmanager.alert (id, raised_at, source, subject, title, detail, report_id)
            VALUES (@id, @at, @source, @subject, @title, @detail, @report)
            """);
        command.Parameters.AddWithValue("id", alert.Id);
        command.Parameters.AddWithValue("at", alert.RaisedAt);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("subject", subject);
        command.Parameters.AddWithValue("title", title);
        command.Parameters.AddWithValue("detail", detail);
        command.Parameters.Add(new NpgsqlParameter<Guid?>("report", NpgsqlDbType.Uuid) { TypedValue = reportId });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return alert;
    }

    public async Task<IReadOnlyList<Alert>> ListAsync(bool openOnly, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE (NOT @open OR acknowledged_at IS NULL) ORDER BY raised_at DESC LIMIT @limit");
        command.Parameters.AddWithValue("open", openOnly);
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 1000));
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<Alert?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<Alert?> AcknowledgeAsync(Guid id, string by, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE fundmanager.alert SET acknowledged_at = coalesce(acknowledged_at, @at), acknowledged_by = coalesce(acknowledged_by, @by)
             WHERE id = @id
            RETURNING id, raised_at, source, subject, title, detail, report_id, acknowledged_at, acknowledged_by
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("at", clock.GetUtcNow());
        command.Parameters.AddWithValue("by", by);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<Alert>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new Alert(
                reader.GetGuid(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetGuid(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return alerts;
    }
}
