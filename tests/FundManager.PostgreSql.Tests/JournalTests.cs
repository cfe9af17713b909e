using FundManager.Domain;
using FundManager.Domain.Audit;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.PostgreSql.Tests;

public sealed class JournalTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);
    // The journal runs as the application login, as in production; the tests that write around it
    // (tampering, the triggers' last line of defence) use the schema's owner.
    private NpgsqlDataSource _dataSource = null!;
    private NpgsqlDataSource _owner = null!;
    private GroupCommit _commits = null!;
    private PostgresJournal _journal = null!;

    public async Task InitializeAsync()
    {
        var database = await TestPostgres.CreateDatabaseWithLoginsAsync("journal");
        _dataSource = NpgsqlDataSource.Create(database.Application);
        _owner = NpgsqlDataSource.Create(database.Owner);
        _commits = new GroupCommit(_dataSource, Chain, NullLogger<GroupCommit>.Instance);
        _journal = new PostgresJournal(_dataSource, _commits);
    }

    public async Task DisposeAsync()
    {
        await _commits.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _owner.DisposeAsync();
    }

    private static JournalEntry Payment(string key, decimal usd, DateOnly? valueDate = null, string fund = "fund") =>
        new(key, fund, EntryKind.Payment, valueDate ?? new DateOnly(2026, 6, 1), Now, "chen", "payment",
        [
            new JournalLine(LedgerAccount.Cash, EntrySide.Debit, Money.Usd(usd),
                new UsdValue(Money.Round(usd * 0.92m, Currency.Parse("EUR")), 0.92m, new DateOnly(2026, 6, 1), Money.Usd(usd)), ContributionId: Guid.Parse("11111111-1111-1111-1111-111111111111")),
            new JournalLine(LedgerAccount.PledgesReceivable, EntrySide.Credit, Money.Usd(usd), ContributionId: Guid.Parse("11111111-1111-1111-1111-111111111111")),
        ]);

    [Fact]
    public async Task the_same_entry_appended_twice_is_recorded_once()
    {
        Assert.Equal(AppendOutcome.Appended, await _journal.AppendAsync(Payment("pay-1", 100m)));
        Assert.Equal(AppendOutcome.AlreadyRecorded, await _journal.AppendAsync(Payment("pay-1", 100.00m)));

        Assert.Equal(1L, await Scalar<long>("SELECT count(*) FROM fundmanager.journal_entry WHERE idempotency_key = 'pay-1'"));
    }

    [Fact]
    public async Task a_different_entry_under_a_used_key_is_refused()
    {
        await _journal.AppendAsync(Payment("pay-2", 100m));

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => _journal.AppendAsync(Payment("pay-2", 101m)));

        Assert.Equal("idempotency-key-reused", refused.Code);
    }

    [Fact]
    public async Task the_same_entry_sent_many_times_at_once_is_recorded_once()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => _journal.AppendAsync(Payment("pay-burst", 42m))));

        Assert.Single(outcomes, o => o == AppendOutcome.Appended);
        Assert.Equal(1L, await Scalar<long>("SELECT count(*) FROM fundmanager.journal_entry WHERE idempotency_key = 'pay-burst'"));
    }

    [Fact]
    public async Task concurrent_appends_share_commits()
    {
        var before = _commits.Commits;

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => _journal.AppendAsync(Payment($"batch-{i}", 1m + i))));

        Assert.Equal(300L, await Scalar<long>("SELECT count(*) FROM fundmanager.journal_entry WHERE idempotency_key LIKE 'batch-%'"));
        Assert.True(_commits.Commits - before < 300, $"300 entries took {_commits.Commits - before} commits");
    }

    [Theory]
    [InlineData("UPDATE fundmanager.journal_line SET usd_amount = usd_amount + 1")]
    [InlineData("UPDATE fundmanager.journal_entry SET narrative = 'edited'")]
    [InlineData("DELETE FROM fundmanager.journal_line")]
    [InlineData("DELETE FROM fundmanager.journal_entry")]
    [InlineData("TRUNCATE fundmanager.journal_line, fundmanager.journal_entry")]
    public async Task the_database_refuses_to_change_or_remove_journal_rows(string sql)
    {
        await _journal.AppendAsync(Payment($"immutable-{Guid.NewGuid():N}", 10m));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_database_refuses_an_unbalanced_entry_written_around_the_application()
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute("""
            WITH e AS (
                INSERT INTO fundmanager.journal_entry (idempotency_key, fingerprint, fund_id, kind, value_date, recorded_at, recorded_by, narrative)
                VALUES ('forged', 'x', 'fund', 2, '2026-06-01', now(), 'mallory', 'forged') RETURNING entry_no)
            INSERT INTO fundmanager.journal_line (entry_no, line_no, account, side, usd_amount)
            SELECT entry_no, 1, 1000, 'D', 1000000 FROM e
            """));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal(0L, await Scalar<long>("SELECT count(*) FROM fundmanager.journal_entry WHERE idempotency_key = 'forged'"));
    }

    [Fact]
    public async Task lines_cannot_be_added_to_an_entry_written_earlier()
    {
        await _journal.AppendAsync(Payment("pay-late", 10m));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute("""
            INSERT INTO fundmanager.journal_line (entry_no, line_no, account, side, usd_amount)
            SELECT entry_no, 9, 1000, 'D', 5 FROM fundmanager.journal_entry WHERE idempotency_key = 'pay-late'
            UNION ALL
            SELECT entry_no, 10, 1100, 'C', 5 FROM fundmanager.journal_entry WHERE idempotency_key = 'pay-late'
            """));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task balances_as_of_a_date_leave_out_later_entries()
    {
        await _journal.AppendAsync(Payment("asof-1", 100m, new DateOnly(2026, 5, 31), fund: "asof"));
        await _journal.AppendAsync(Payment("asof-2", 50m, new DateOnly(2026, 6, 30), fund: "asof"));

        var may = FundPosition.From("asof", new DateOnly(2026, 5, 31), await _journal.BalancesAsync(new LedgerQuery("asof", new DateOnly(2026, 5, 31))));
        var june = FundPosition.From("asof", null, await _journal.BalancesAsync(new LedgerQuery("asof")));

        Assert.Equal(100m, may.Cash.Amount);
        Assert.Equal(150m, june.Cash.Amount);
    }

    [Fact]
    public async Task entries_come_back_as_written_with_their_original_currency()
    {
        var written = Payment("round-trip", 123.45m, fund: "rt");
        await _journal.AppendAsync(written);

        var read = await _journal.FindAsync("round-trip");

        Assert.NotNull(read);
        Assert.Equal(written.Fingerprint(), read.Fingerprint());
        Assert.Equal(Money.Of(113.57m, "EUR"), read.Lines[0].Original!.Original);
        Assert.Single(await _journal.EntriesAsync(new LedgerQuery("rt", ContributionId: Guid.Parse("11111111-1111-1111-1111-111111111111"))));
    }

    [Fact]
    public async Task an_entry_and_the_audit_record_of_its_command_are_committed_together()
    {
        var trail = new PostgresAuditTrail(_dataSource, Chain, _commits);

        await _journal.AppendAsync(Payment("audited-1", 10m, fund: "audited"), Record("audited-1"));
        await _journal.AppendAsync(Payment("audited-2", 20m, fund: "audited"), Record("audited-2"));

        var events = await trail.ReadAsync(1, 100);
        Assert.Equal(["audited-1", "audited-2"], events.Where(e => e.Record.Target.StartsWith("audited-", StringComparison.Ordinal)).Select(e => e.Record.Target));
        Assert.True((await trail.VerifyAsync(null)).Intact);
        Assert.Equal(2L, await Scalar<long>("SELECT count(*) FROM fundmanager.journal_entry WHERE fund_id = 'audited'"));
    }

    [Fact]
    public async Task an_entry_refused_for_a_reused_key_leaves_no_audit_record_of_success()
    {
        await _journal.AppendAsync(Payment("reused-audit", 10m));

        await Assert.ThrowsAsync<RuleViolationException>(() => _journal.AppendAsync(Payment("reused-audit", 11m), Record("reused-audit-second")));

        Assert.Equal(0L, await Scalar<long>("SELECT count(*) FROM fundmanager.audit_event WHERE target = 'reused-audit-second'"));
    }

    [Fact]
    public async Task two_entries_for_one_place_in_a_stream_are_never_both_written_and_the_rest_of_the_batch_is()
    {
        var stream = $"contribution:{Guid.NewGuid():N}";
        var first = Payment("stream-a", 10m) with { Position = new StreamPosition(stream, 1) };
        var rival = Payment("stream-b", 10m) with { Position = new StreamPosition(stream, 1) };
        var bystanders = Enumerable.Range(0, 20).Select(i => Payment($"stream-bystander-{i}", 1m + i)).ToList();

        var outcomes = await Task.WhenAll(new[] { first, rival }.Concat(bystanders).Select(async e =>
        {
            try
            {
                return await _journal.AppendAsync(e) == AppendOutcome.Appended ? "appended" : "already";
            }
            catch (RuleViolationException refused)
            {
                return refused.Code;
            }
        }));

        Assert.Equal(["appended", "concurrent-change"], outcomes.Take(2).Order());
        Assert.All(outcomes.Skip(2), o => Assert.Equal("appended", o));
        Assert.Equal(1L, await Scalar<long>($"SELECT count(*) FROM fundmanager.journal_entry WHERE stream = '{stream}'"));
    }

    [Fact]
    public async Task todays_balances_are_kept_by_the_database_whoever_writes_the_lines()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => _journal.AppendAsync(Payment($"kept-{i}", 10m + i, fund: "kept"))));
        // Written around the application: the database keeps the balance all the same.
        await Execute("""
            SELECT * FROM fundmanager.append_journal_entry('kept-direct', 'x', 'kept', 2::smallint, '2026-06-02', now(), 'mallory', 'direct',
                NULL, ARRAY[1000, 2000]::smallint[], ARRAY['D', 'C'], ARRAY[7, 7]::numeric[], ARRAY[NULL, NULL]::numeric[],
                ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::numeric[], ARRAY[NULL, NULL]::date[], ARRAY[NULL, NULL]::uuid[],
                ARRAY[NULL, NULL]::uuid[], ARRAY[NULL, NULL]::uuid[], ARRAY[NULL, NULL]::integer[])
            """);

        var kept = await _journal.BalancesAsync(new LedgerQuery("kept"));
        var fromLines = Reconciliation.Balances(await _journal.EntriesAsync(new LedgerQuery("kept")));

        Assert.Empty(Reconciliation.KeptBalances([.. kept], fromLines));
        Assert.Equal(fromLines.Sum(b => b.Debits), kept.Sum(b => b.Debits));
        Assert.Equal(50 * 10m + (49 * 50 / 2) + 7m, kept.Where(b => b.Account == LedgerAccount.Cash).Sum(b => b.Debits));
    }

    [Fact]
    public async Task a_kept_balance_edited_in_the_database_is_a_break()
    {
        await _journal.AppendAsync(Payment("kept-edit", 10m, fund: "kept-edit"));
        await Execute("UPDATE fundmanager.journal_balance SET debits = debits + 1 WHERE fund_id = 'kept-edit' AND account = 1000");

        var kept = await _journal.BalancesAsync(new LedgerQuery("kept-edit"));
        var fromLines = Reconciliation.Balances(await _journal.EntriesAsync(new LedgerQuery("kept-edit")));

        Assert.Contains(Reconciliation.KeptBalances([.. kept], fromLines), b => b.Check == Reconciliation.BalancesKept);
    }

    private static readonly AuditChain Chain = new(new byte[32]);

    private static AuditRecord Record(string target) =>
        new(Now, "chen", "FinanceOfficer", "IContributionGrain.RecordPayment", target, "{}", null, "{\"posted\":true}", "done");

    private async Task Execute(string sql)
    {
        await using var command = _owner.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
