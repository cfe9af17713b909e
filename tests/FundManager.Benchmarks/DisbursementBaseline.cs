using System.Diagnostics;
using FundManager.Domain.Ledger;
using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>
/// What the same server does with a disbursement run's entries when nothing decides anything: one
/// statement, in one transaction, writing N entries of four lines each (direct cost and PSC, each
/// debit and credit, as a tranche from one source posts) into tables made LIKE the journal's, with
/// their keys, checks, indexes and identity, and the lines' reference to their entry. The journal's
/// triggers (append-only, balanced at commit) are left out: this is the bare server's floor.
/// </summary>
public sealed class DisbursementBaseline(NpgsqlDataSource dataSource)
{
    public async Task<TimeSpan> MeasureAsync(int entries)
    {
        await using (var create = dataSource.CreateCommand("""
            CREATE SCHEMA IF NOT EXISTS bench_baseline;
            CREATE TABLE bench_baseline.journal_entry (LIKE fundmanager.journal_entry INCLUDING ALL);
            CREATE TABLE bench_baseline.journal_line (LIKE fundmanager.journal_line INCLUDING ALL,
                FOREIGN KEY (entry_no) REFERENCES bench_baseline.journal_entry (entry_no));
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        // Keys, narratives and amounts as PostingRules.Disbursement writes them; project ids are made
        // up in SQL and read back from the key, so the statement needs nothing from the client.
        await using var post = dataSource.CreateCommand("""
            WITH entries AS (
                INSERT INTO bench_baseline.journal_entry (idempotency_key, fingerprint, fund_id, kind, value_date, recorded_at, recorded_by, narrative)
                SELECT 'disbursement:' || replace(p.id::text, '-', '') || ':1',
                       encode(sha256(convert_to(p.id::text, 'UTF8')), 'hex'),
                       @fund, @kind, current_date, now(), 'scheduler',
                       'Tranche 1 of BASE-' || lpad(p.n::text, 6, '0') || ': 1,000.00 USD plus PSC 130.00 USD'
                  FROM (SELECT n, md5('baseline-project-' || n)::uuid AS id FROM generate_series(1, @entries) AS n) AS p
                RETURNING entry_no, idempotency_key
            )
            INSERT INTO bench_baseline.journal_line (entry_no, line_no, account, side, usd_amount, donor_id, contribution_id, project_id, tranche_no)
            SELECT e.entry_no, l.line_no, l.account, l.side, l.usd, @donor, @contribution, substr(e.idempotency_key, 14, 32)::uuid, 1
              FROM entries AS e
             CROSS JOIN (VALUES (1::smallint, @direct, 'D'::char(1), 1000.00::numeric),
                                (2::smallint, @cash, 'C'::char(1), 1000.00::numeric),
                                (3::smallint, @psc, 'D'::char(1), 130.00::numeric),
                                (4::smallint, @pscIncome, 'C'::char(1), 130.00::numeric)) AS l (line_no, account, side, usd)
            """);
        post.CommandTimeout = 0;
        post.Parameters.AddWithValue("fund", BenchmarkFund.FundId);
        post.Parameters.AddWithValue("kind", (short)EntryKind.Disbursement);
        post.Parameters.AddWithValue("entries", entries);
        post.Parameters.AddWithValue("donor", Guid.NewGuid());
        post.Parameters.AddWithValue("contribution", Guid.NewGuid());
        post.Parameters.AddWithValue("direct", (short)LedgerAccount.DirectExpenditure);
        post.Parameters.AddWithValue("cash", (short)LedgerAccount.Cash);
        post.Parameters.AddWithValue("psc", (short)LedgerAccount.PscExpenditure);
        post.Parameters.AddWithValue("pscIncome", (short)LedgerAccount.PscIncome);
        var clock = Stopwatch.StartNew();
        var lines = await post.ExecuteNonQueryAsync();
        var elapsed = clock.Elapsed;
        if (lines != entries * 4)
        {
            throw new InvalidOperationException($"The baseline wrote {lines} lines, not {entries * 4}.");
        }
        return elapsed;
    }
}
