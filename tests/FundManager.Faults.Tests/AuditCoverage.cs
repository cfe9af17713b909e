using System.Net;
using System.Text.Json.Nodes;
using FundManager.Contracts;
using FundManager.EndToEnd.Tests;
using Npgsql;

namespace FundManager.Faults.Tests;

/// <summary>
/// No change without its audit record: every journal entry is named by the record of the command
/// that posted it, and every change the grains hold (a rate, a donor, a pledge, a project's steps
/// and releases) has a record of the command that made it. Read from the database and the API
/// after the grains have delivered what they owed.
/// </summary>
public static class AuditCoverage
{
    /// <summary>What is missing its record, one line each (empty when nothing is).</summary>
    public static async Task<IReadOnlyList<string>> GapsAsync(NpgsqlDataSource database, Api api, FundScenario fund)
    {
        var gaps = new List<string>();
        var pledged = await PledgedAsync(database);
        var records = await DoneRecordsAsync(database);
        var posted = records.SelectMany(r => PostedKey.Matches(r.After ?? string.Empty).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        bool DecidedBy(string action, string project, string? step = null) => records.Any(r =>
            r.Action == action && TargetIs(r.Target, Guid.ParseExact(project, "N")) && (step is null || r.Arguments.Contains($"\"step\":\"{step}\"", StringComparison.Ordinal)));
        await using (var entries = database.CreateCommand("SELECT idempotency_key, kind FROM fundmanager.journal_entry WHERE fund_id = @fund ORDER BY entry_no"))
        {
            entries.Parameters.AddWithValue("fund", fund.Fund);
            await using var reader = await entries.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = reader.GetString(0);
                var parts = key.Split(':');
                // A payment, a disbursement and a payment's reversal are posted by their command, and its
                // record names them; an entry an outbox posts is recorded with the decision it came from.
                var recorded = posted.Contains(key) || parts switch
                {
                    ["pledge", var contribution] => pledged.Contains(Guid.ParseExact(contribution, "N")),
                    ["allocation", var project] => DecidedBy("IProjectGrain.Advance", project, "Approve"),
                    ["release", var project] => DecidedBy("IProjectGrain.Advance", project, "Close"),
                    ["reversal", "disbursement", var project, ..] => DecidedBy("IProjectGrain.ReverseDisbursement", project),
                    _ => false,
                };
                if (!recorded)
                {
                    gaps.Add($"journal entry {key} (kind {reader.GetInt16(1)}) has no audit record of the command that posted it");
                }
            }
        }

        foreach (var rate in (await api.GetAsync("/api/exchange-rates", fund.Recorder)).Expect(HttpStatusCode.OK).Json.AsArray())
        {
            var currency = rate!["currency"]!.GetValue<string>();
            var from = rate["effectiveFrom"]!.GetValue<string>();
            var value = rate["unitsPerUsd"]!.GetValue<decimal>();
            if (!await RecordedAsync(database, "IExchangeRatesGrain.Set", null,
                    "(arguments::jsonb ->> 'currency') = @a AND (arguments::jsonb ->> 'effectiveFrom') = @b AND (arguments::jsonb ->> 'unitsPerUsd')::numeric = @c",
                    ("a", currency), ("b", from), ("c", value)))
            {
                gaps.Add($"the rate {currency} {value} from {from} has no audit record of being set");
            }
        }

        foreach (var donor in (await api.GetAsync("/api/donors", fund.Recorder)).Expect(HttpStatusCode.OK).Json.AsArray())
        {
            var id = donor!["id"]!.GetValue<Guid>();
            if (!await RecordedAsync(database, "IDonorGrain.Register", id.ToString(), null))
            {
                gaps.Add($"the donor {id} has no audit record of its registration");
            }
            foreach (var pledge in (await api.GetAsync($"/api/donors/{id}/pledges", fund.Recorder)).Expect(HttpStatusCode.OK).Json.AsArray())
            {
                var contribution = pledge!["id"]!.GetValue<Guid>();
                if (!pledged.Contains(contribution))
                {
                    gaps.Add($"the pledge {contribution} of donor {id} has no audit record");
                }
            }
        }

        foreach (var summary in (await api.GetAsync($"/api/funds/{fund.Fund}/projects", fund.Drafter)).Expect(HttpStatusCode.OK).Json.AsArray())
        {
            var id = summary!["id"]!.GetValue<Guid>();
            var project = (await api.GetAsync($"/api/projects/{id}", fund.Drafter)).Expect(HttpStatusCode.OK).Json;
            // One done command per step in the project's history (a command that changed nothing may add more).
            var steps = project["history"]!.AsArray().Count;
            var recorded = await CountAsync(database, id.ToString(), "action IN ('IProjectGrain.Draft', 'IProjectGrain.Revise', 'IProjectGrain.Advance')");
            if (recorded < steps)
            {
                gaps.Add($"project {id} went through {steps} steps but only {recorded} commands are recorded: {project["history"]!.ToJsonString()}");
            }
            foreach (var release in project["releases"]?.AsArray() ?? [])
            {
                var tranche = release!["number"]!.GetValue<int>();
                if (!await RecordedAsync(database, "IProjectGrain.ReleaseTranche", id.ToString(), "(arguments::jsonb ->> 'tranche')::int = @a", ("a", tranche)))
                {
                    gaps.Add($"the release of tranche {tranche} of project {id} has no audit record");
                }
            }
        }
        return gaps;
    }

    private static readonly System.Text.RegularExpressions.Regex PostedKey = new("\"posted\":\"([^\"]+)\"");

    private static bool TargetIs(string target, Guid id) =>
        target.Contains(id.ToString("N"), StringComparison.OrdinalIgnoreCase) || target.Contains(id.ToString("D"), StringComparison.OrdinalIgnoreCase);

    private static async Task<List<(string Action, string Target, string Arguments, string? After)>> DoneRecordsAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT action, target, arguments, after_state FROM fundmanager.audit_event WHERE outcome = 'done'");
        var records = new List<(string, string, string, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return records;
    }

    /// <summary>The contributions the recorded pledge commands opened: each is named by its donor and idempotency key.</summary>
    private static async Task<HashSet<Guid>> PledgedAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT target, arguments::jsonb -> 'command' ->> 'IdempotencyKey' FROM fundmanager.audit_event WHERE action = 'IDonorGrain.Pledge' AND outcome = 'done'");
        var opened = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var target = reader.GetString(0);
            if (!reader.IsDBNull(1) && Guid.TryParse(target[(target.LastIndexOf('/') + 1)..], out var donor))
            {
                opened.Add(StableIds.Contribution(donor, reader.GetString(1)));
            }
        }
        return opened;
    }

    private static async Task<bool> RecordedAsync(NpgsqlDataSource database, string action, string? target, string? condition, params (string Name, object Value)[] parameters)
    {
        await using var command = database.CreateCommand($"""
            SELECT EXISTS (SELECT 1 FROM fundmanager.audit_event
                            WHERE action = @action AND outcome = 'done' AND (@target::text IS NULL OR target LIKE '%' || @target || '%' OR target LIKE '%' || replace(@target, '-', '') || '%')
                              {(condition is null ? string.Empty : "AND " + condition)})
            """);
        command.Parameters.AddWithValue("action", action);
        command.Parameters.AddWithValue("target", (object?)target ?? DBNull.Value);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource database, string target, string condition)
    {
        await using var command = database.CreateCommand($"SELECT count(*) FROM fundmanager.audit_event WHERE outcome = 'done' AND (target LIKE '%' || @target || '%' OR target LIKE '%' || replace(@target, '-', '') || '%') AND {condition}");
        command.Parameters.AddWithValue("target", target);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The audit trail's own verification through the API: its hash chain is intact.</summary>
    public static async Task<JsonNode> VerifyAsync(Api api, FundScenario fund) =>
        (await api.PostAsync("/api/audit/verify", fund.Auditor, new { expectedHead = (string?)null })).Expect(HttpStatusCode.OK).Json;
}
