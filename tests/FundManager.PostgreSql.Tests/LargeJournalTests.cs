using FundManager.Domain.Audit;
using FundManager.Domain.Ledger;
using FundManager.Persistence;
using FundManager.Reports;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.PostgreSql.Tests;

/// <summary>A report over a fund with a million journal lines streams them: memory stays bounded however long the journal is.</summary>
public sealed class LargeJournalTests
{
    private const int Entries = 250_000;
    private const int LinesPerEntry = 4;

    [Fact]
    public async Task a_million_journal_lines_stream_into_a_csv_report_with_bounded_memory()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("large_journal"));
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // Balanced payments written set-wise, as the group commit would, only many more.
            await using var fill = new NpgsqlCommand($"""
                INSERT INTO fundmanager.journal_entry (idempotency_key, fingerprint, fund_id, kind, value_date, recorded_at, recorded_by, narrative)
                SELECT 'large-' || g, 'large', 'large', 2, date '2026-01-01' + (g % 365), now(), 'chen', 'payment ' || g FROM generate_series(1, {Entries}) g;
                INSERT INTO fundmanager.journal_line (entry_no, line_no, account, side, usd_amount, contribution_id)
                SELECT e.entry_no, s.line_no, s.account, s.side, 100.00, '11111111-1111-1111-1111-111111111111'
                  FROM fundmanager.journal_entry e
                 CROSS JOIN (VALUES (1::smallint, 1000::smallint, 'D'), (2, 1100, 'C'), (3, 9000, 'D'), (4, 9100, 'C')) AS s (line_no, account, side)
                 WHERE e.fund_id = 'large';
                """, connection, transaction) { CommandTimeout = 600 };
            await fill.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        await using var commits = new GroupCommit(dataSource, new AuditChain(new byte[32]), NullLogger<GroupCommit>.Instance);
        var journal = new PostgresJournal(dataSource, commits);
        var output = new CountingStream();

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var lines = 0;
        var entries = 0;
        await using (var csv = new CsvReport(output))
        {
            csv.Table("Journal", [new ReportColumn("Entry"), new ReportColumn("Account"), new ReportColumn("USD", CellKind.Money)]);
            await foreach (var entry in journal.StreamAsync(new LedgerQuery("large")))
            {
                foreach (var line in entry.Lines)
                {
                    csv.Row([entry.IdempotencyKey, ((int)line.Account).ToString(System.Globalization.CultureInfo.InvariantCulture), ReportCell.Money(line.Usd.Amount, "USD", 2)]);
                    lines++;
                }
                if (++entries % 25_000 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
            }
        }

        Assert.Equal(Entries * LinesPerEntry, lines);
        Assert.True(output.Length > 20_000_000, $"the CSV holds every line ({output.Length} bytes)");
        // Gathered first, 250,000 entries of 4 lines would hold well over 150 MB; streamed, a few buffers.
        Assert.True(peak < 32 * 1024 * 1024, $"memory held while streaming grew by {peak / 1024 / 1024} MB");
    }

    /// <summary>Counts what is written and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}
