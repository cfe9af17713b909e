using FundManager.Domain;
using FundManager.Domain.Funds;
using Npgsql;

namespace FundManager.Persistence;

/// <summary>The project register on PostgreSQL: one row per project, the code unique within its fund.</summary>
public sealed class PostgresProjectRegister(NpgsqlDataSource dataSource) : IProjectRegister
{
    public async Task<bool> RegisterAsync(string fundId, Guid projectId, string code, CancellationToken cancellationToken = default)
    {
        // One round trip, one implicit transaction: the insert (nothing if either key is taken),
        // then whoever holds the project's id or the fund's code.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO fundmanager.project_register (project_id, fund_id, code) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            """)
        {
            Parameters = { new() { Value = projectId }, new() { Value = fundId }, new() { Value = code } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT project_id, fund_id, code, xmin::text = (txid_current() % 4294967296)::text
              FROM fundmanager.project_register WHERE project_id = $1 OR (fund_id = $2 AND code = $3)
            """)
        {
            Parameters = { new() { Value = projectId }, new() { Value = fundId }, new() { Value = code } },
        });
        var holders = new List<(Guid Project, string Fund, string Code, bool New)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // The insert has no result set of its own: the reader starts on the select's.
            while (await reader.ReadAsync(cancellationToken))
            {
                holders.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
            }
        }
        foreach (var holder in holders)
        {
            if (holder.Project == projectId && (holder.Fund != fundId || holder.Code != code))
            {
                throw new InvalidOperationException($"Project {projectId} is already registered as {holder.Code} of fund {holder.Fund}.");
            }
            if (holder.Project != projectId)
            {
                throw RuleViolationException.Conflict("duplicate-project-code", $"Fund {fundId} already has a project {code}.");
            }
        }
        return holders.Count == 1 ? holders[0].New : throw new InvalidOperationException($"Project {projectId} could not be registered.");
    }

    public async Task<IReadOnlyList<Guid>> ProjectsAsync(string fundId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT project_id FROM fundmanager.project_register WHERE fund_id = $1 ORDER BY registration_no");
        command.Parameters.Add(new() { Value = fundId });
        var projects = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            projects.Add(reader.GetGuid(0));
        }
        return projects;
    }

    public async Task<int> CountAsync(string fundId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM fundmanager.project_register WHERE fund_id = $1");
        command.Parameters.Add(new() { Value = fundId });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
