using FundManager.Domain.Audit;
using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.PostgreSql.Tests;

/// <summary>The audit trail refuses changes, and its verification catches the ones made around the refusal.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    // The trail runs as the application login; the edits made around it, as the schema's owner.
    private NpgsqlDataSource _dataSource = null!;
    private NpgsqlDataSource _owner = null!;
    private GroupCommit _commits = null!;
    private PostgresAuditTrail _trail = null!;

    public async Task InitializeAsync()
    {
        var database = await TestPostgres.CreateDatabaseWithLoginsAsync("audit");
        _dataSource = NpgsqlDataSource.Create(database.Application);
        _owner = NpgsqlDataSource.Create(database.Owner);
        _commits = new GroupCommit(_dataSource, new AuditChain(Key), NullLogger<GroupCommit>.Instance);
        _trail = new PostgresAuditTrail(_dataSource, new AuditChain(Key), _commits);
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => _trail.AppendAsync(new AuditRecord(
            DateTimeOffset.UtcNow, $"user-{i % 3}", "FinanceOfficer", "IContributionGrain.RecordPayment", $"contribution/{i}",
            "{\"command\":{\"Key\":\"p" + i + "\"}}", "{\"Paid\":0}", "{\"Paid\":100}", "done"))));
    }

    public async Task DisposeAsync()
    {
        await _commits.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _owner.DisposeAsync();
    }

    [Fact]
    public async Task a_command_recorded_twice_is_kept_once_and_the_chain_holds()
    {
        var command = Guid.NewGuid();
        var record = new AuditRecord(DateTimeOffset.UtcNow, "chen", "FinanceOfficer", "IContributionGrain.Amend", "contribution/once", "{}", null, "{}", "done", command);

        await Task.WhenAll(_trail.AppendAsync(record), _trail.AppendAsync(record), _trail.AppendAsync(record with { Outcome = "failed: TimeoutException" }));
        await _trail.AppendAsync(record);

        var kept = (await _trail.ReadAsync(1, 1_000)).Where(e => e.Record.CommandId == command).ToList();
        Assert.Equal("done", Assert.Single(kept).Record.Outcome);
        Assert.True((await _trail.VerifyAsync(null)).Intact);
    }

    [Fact]
    public async Task concurrent_commands_form_one_intact_chain()
    {
        var verification = await _trail.VerifyAsync(null);

        Assert.True(verification.Intact, string.Join("; ", verification.Problems));
        Assert.Equal(20, verification.Events);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), (await _trail.ReadAsync(1, 100)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task the_database_refuses_to_edit_or_delete_audit_events()
    {
        var edit = await Assert.ThrowsAsync<PostgresException>(() => Execute("UPDATE fundmanager.audit_event SET actor = 'mallory' WHERE seq = 3"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => Execute("DELETE FROM fundmanager.audit_event WHERE seq = 3"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, edit.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, delete.SqlState);
    }

    [Fact]
    public async Task verification_detects_an_edit_made_directly_in_the_database()
    {
        await AsSuperuserAroundTriggers("UPDATE fundmanager.audit_event SET after_state = '{\"Paid\":1000000}' WHERE seq = 7");

        var verification = await _trail.VerifyAsync(null);

        Assert.False(verification.Intact);
        Assert.Contains("event 7 was changed after it was written", verification.Problems);
    }

    [Fact]
    public async Task verification_detects_a_deletion_made_directly_in_the_database()
    {
        await AsSuperuserAroundTriggers("DELETE FROM fundmanager.audit_event WHERE seq = 12");

        var verification = await _trail.VerifyAsync(null);

        Assert.False(verification.Intact);
        Assert.Contains("events 12 to 12 are missing", verification.Problems);
        Assert.Contains("event 13 does not follow the event before it", verification.Problems);
    }

    [Fact]
    public async Task verification_with_a_noted_head_detects_events_removed_at_the_end()
    {
        var head = (await _trail.VerifyAsync(null)).HeadHash;
        await AsSuperuserAroundTriggers("DELETE FROM fundmanager.audit_event WHERE seq = 20");

        var verification = await _trail.VerifyAsync(head);

        Assert.False(verification.Intact);
        Assert.Contains(verification.Problems, p => p.Contains("removed or added at the end", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_forger_without_the_key_cannot_rewrite_the_chain()
    {
        // Someone with database access rewrites an event and recomputes its hash with a key of their own.
        var events = await _trail.ReadAsync(5, 1);
        var forged = new AuditChain(new byte[32]).Append(5, events[0].Record with { Actor = "mallory" }, events[0].PreviousHash);
        await AsSuperuserAroundTriggers($"UPDATE fundmanager.audit_event SET actor = 'mallory', hash = '{forged.Hash}' WHERE seq = 5");

        var verification = await _trail.VerifyAsync(null);

        Assert.Contains("event 5 was changed after it was written", verification.Problems);
    }

    // What a database superuser can do: switch the refusing triggers off for the session.
    private async Task AsSuperuserAroundTriggers(string sql)
    {
        await using var connection = await _owner.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {sql}; SET session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task Execute(string sql)
    {
        await using var command = _owner.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
