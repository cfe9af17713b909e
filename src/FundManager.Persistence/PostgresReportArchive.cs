using System.Collections.Immutable;
using System.Text.Json;
using FundManager.Reports;
using Npgsql;
using NpgsqlTypes;

namespace FundManager.Persistence;

/// <summary>Stored reports on PostgreSQL, each kept in every format so a download is a plain read.</summary>
public sealed class PostgresReportArchive(NpgsqlDataSource dataSource, TimeProvider clock) : IReportArchive
{
    private static readonly IReadOnlyList<string> Formats = ReportFormats.All;

    public async Task<ReportInfo> SaveAsync(string kind, string? fundId, string? runId, string createdBy, ReportContent content, IReadOnlyDictionary<string, string> summary, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid? id;
        // A run stores one document: a retry of a run already stored is answered with the stored
        // one, never a second copy and never a silent replacement.
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO fundmanager.report (id, kind, fund_id, title, created_at, created_by, run_id, summary)
            VALUES (@id, @kind, @fund, @title, @created_at, @created_by, @run, @summary)
            ON CONFLICT (kind, run_id) WHERE run_id IS NOT NULL DO NOTHING
            RETURNING id
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("kind", kind);
            insert.Parameters.Add(new NpgsqlParameter<string?>("fund", NpgsqlDbType.Text) { TypedValue = fundId });
            insert.Parameters.AddWithValue("title", content.Title);
            insert.Parameters.AddWithValue("created_at", clock.GetUtcNow());
            insert.Parameters.AddWithValue("created_by", createdBy);
            insert.Parameters.Add(new NpgsqlParameter<string?>("run", NpgsqlDbType.Text) { TypedValue = runId });
            insert.Parameters.Add(new NpgsqlParameter("summary", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(summary) });
            id = (Guid?)await insert.ExecuteScalarAsync(cancellationToken);
        }
        if (id is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (await FindRunAsync(kind, runId!, cancellationToken))!;
        }
        var stored = id.Value;
        foreach (var format in Formats)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO fundmanager.report_file (report_id, format, content_type, content) VALUES (@id, @format, @type, @content)", connection, transaction);
            insert.Parameters.AddWithValue("id", stored);
            insert.Parameters.AddWithValue("format", format);
            insert.Parameters.AddWithValue("type", ReportFormats.ContentTypes[format]);
            insert.Parameters.AddWithValue("content", ReportFormats.Render(content, format));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(stored, cancellationToken))!;
    }

    public async Task<IReadOnlyList<ReportInfo>> ListAsync(string? kind, int limit, CancellationToken cancellationToken = default, string? fundId = null, Guid? donorId = null)
    {
        await using var command = dataSource.CreateCommand(Select + """
             WHERE (@kind::text IS NULL OR r.kind = @kind)
               AND (@fund::text IS NULL OR r.fund_id = @fund)
               AND (@donor::text IS NULL OR r.summary->>'donorId' = @donor)
             ORDER BY r.created_at DESC LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string?>("kind", NpgsqlDbType.Text) { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<string?>("fund", NpgsqlDbType.Text) { TypedValue = fundId });
        command.Parameters.Add(new NpgsqlParameter<string?>("donor", NpgsqlDbType.Text) { TypedValue = donorId?.ToString() });
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 1000));
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<ReportInfo?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Select + " WHERE r.id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<ReportInfo?> FindRunAsync(string kind, string runId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Select + " WHERE r.kind = @kind AND r.run_id = @run");
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("run", runId);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<ReportFile?> FileAsync(Guid id, string format, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT r.kind, r.created_at, f.content_type, f.content
              FROM fundmanager.report_file f JOIN fundmanager.report r ON r.id = f.report_id
             WHERE f.report_id = @id AND f.format = @format
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("format", format);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var fileName = $"{reader.GetString(0)}-{reader.GetFieldValue<DateTimeOffset>(1):yyyyMMdd-HHmmss}.{format}";
        return new ReportFile(fileName, reader.GetString(2), reader.GetFieldValue<byte[]>(3));
    }

    private const string Select = """
        SELECT r.id, r.kind, r.fund_id, r.title, r.created_at, r.created_by, r.run_id, r.summary::text,
               (SELECT array_agg(f.format ORDER BY f.format) FROM fundmanager.report_file f WHERE f.report_id = r.id)
          FROM fundmanager.report r
        """;

    private static async Task<IReadOnlyList<ReportInfo>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reports = new List<ReportInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reports.Add(new ReportInfo(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(8) ? [] : [.. reader.GetFieldValue<string[]>(8)],
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7))?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty));
        }
        return reports;
    }
}
