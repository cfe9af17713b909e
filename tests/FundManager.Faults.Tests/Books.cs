using System.Globalization;
using Npgsql;

namespace FundManager.Faults.Tests;

/// <summary>What the database holds, read directly: the journal, the audit trail and Hangfire's record of a job.</summary>
public static class Books
{
    /// <summary>Every disbursement entry of a fund, as project, tranche and key.</summary>
    public static async Task<IReadOnlyList<(Guid Project, int Tranche, string Key)>> DisbursementsAsync(NpgsqlDataSource database, string fund)
    {
        await using var command = database.CreateCommand("""
            SELECT DISTINCT l.project_id, l.tranche_no, e.idempotency_key
              FROM fundmanager.journal_entry e JOIN fundmanager.journal_line l ON l.entry_no = e.entry_no
             WHERE e.fund_id = @fund AND e.kind = 4 AND l.project_id IS NOT NULL
            """);
        command.Parameters.AddWithValue("fund", fund);
        var found = new List<(Guid, int, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2)));
        }
        return found;
    }

    /// <summary>How many disbursements a run has posted so far (its entries carry the run's mark).</summary>
    public static async Task<long> PaidByRunAsync(NpgsqlDataSource database, string runId)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM fundmanager.journal_entry WHERE kind = 4 AND narrative LIKE @mark");
        command.Parameters.AddWithValue("mark", $"%[run {runId}]");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A Hangfire job's state, and the server of its latest Processing state.</summary>
    public static async Task<(string? State, string? Server)> JobAsync(NpgsqlDataSource database, string hangfireJobId)
    {
        await using var command = database.CreateCommand("""
            SELECT (SELECT statename FROM hangfire.job WHERE id = @job),
                   (SELECT data::jsonb ->> 'ServerId' FROM hangfire.state WHERE jobid = @job AND name = 'Processing' ORDER BY id DESC LIMIT 1)
            """);
        command.Parameters.AddWithValue("job", long.Parse(hangfireJobId, CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
