using FundManager.Domain.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace FundManager.Benchmarks;

/// <summary>
/// Writes a long history into the product's own journal tables quickly: binary COPY into staging
/// tables, then one INSERT … SELECT each for the entries and their lines, a chunk per transaction.
/// The journal's triggers run as for any write (append-only, lines in the entry's transaction, the
/// running balances), so what the grains and the reconciliation read is what the product would
/// have written, only faster to produce.
/// </summary>
public sealed class JournalHistory(NpgsqlDataSource dataSource)
{
    private const int EntriesPerTransaction = 50_000;

    public async Task WriteAsync(IEnumerable<JournalEntry> entries, Action<long>? progress = null)
    {
        var chunk = new List<JournalEntry>(EntriesPerTransaction);
        long written = 0;
        foreach (var entry in entries)
        {
            chunk.Add(entry);
            if (chunk.Count == EntriesPerTransaction)
            {
                await WriteChunkAsync(chunk);
                written += chunk.Count;
                progress?.Invoke(written);
                chunk.Clear();
            }
        }
        if (chunk.Count > 0)
        {
            await WriteChunkAsync(chunk);
            progress?.Invoke(written + chunk.Count);
        }
    }

    private async Task WriteChunkAsync(IReadOnlyList<JournalEntry> chunk)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TEMP TABLE history_entry (n integer, idempotency_key text, fingerprint text, fund_id text, kind smallint, value_date date,
                recorded_at timestamptz, recorded_by text, narrative text, stream text, stream_position integer) ON COMMIT DROP;
            CREATE TEMP TABLE history_line (idempotency_key text, line_no smallint, account smallint, side text, usd_amount numeric,
                original_amount numeric, original_currency text, rate numeric, rate_date date, donor_id uuid, contribution_id uuid,
                project_id uuid, tranche_no integer) ON COMMIT DROP;
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY history_entry (n, idempotency_key, fingerprint, fund_id, kind, value_date, recorded_at, recorded_by, narrative, stream, stream_position) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                var e = chunk[i];
                await copy.StartRowAsync();
                await copy.WriteAsync(i, NpgsqlDbType.Integer);
                await copy.WriteAsync(e.IdempotencyKey, NpgsqlDbType.Text);
                await copy.WriteAsync(e.Fingerprint(), NpgsqlDbType.Text);
                await copy.WriteAsync(e.FundId, NpgsqlDbType.Text);
                await copy.WriteAsync((short)e.Kind, NpgsqlDbType.Smallint);
                await copy.WriteAsync(e.ValueDate, NpgsqlDbType.Date);
                await copy.WriteAsync(e.RecordedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(e.RecordedBy, NpgsqlDbType.Text);
                await copy.WriteAsync(e.Narrative, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, e.Position?.Stream, NpgsqlDbType.Text);
                await WriteNullableAsync(copy, e.Position?.Position, NpgsqlDbType.Integer);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY history_line (idempotency_key, line_no, account, side, usd_amount, original_amount, original_currency, rate, rate_date, donor_id, contribution_id, project_id, tranche_no) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var e in chunk)
            {
                for (var n = 0; n < e.Lines.Count; n++)
                {
                    var l = e.Lines[n];
                    await copy.StartRowAsync();
                    await copy.WriteAsync(e.IdempotencyKey, NpgsqlDbType.Text);
                    await copy.WriteAsync((short)(n + 1), NpgsqlDbType.Smallint);
                    await copy.WriteAsync((short)l.Account, NpgsqlDbType.Smallint);
                    await copy.WriteAsync(l.Side == EntrySide.Debit ? "D" : "C", NpgsqlDbType.Text);
                    await copy.WriteAsync(l.Usd.Amount, NpgsqlDbType.Numeric);
                    await WriteNullableAsync(copy, l.Original?.Original.Amount, NpgsqlDbType.Numeric);
                    await WriteNullableAsync(copy, l.Original?.Original.Currency.Code, NpgsqlDbType.Text);
                    await WriteNullableAsync(copy, l.Original?.Rate, NpgsqlDbType.Numeric);
                    await WriteNullableAsync(copy, l.Original?.RateDate, NpgsqlDbType.Date);
                    await WriteNullableAsync(copy, l.DonorId, NpgsqlDbType.Uuid);
                    await WriteNullableAsync(copy, l.ContributionId, NpgsqlDbType.Uuid);
                    await WriteNullableAsync(copy, l.ProjectId, NpgsqlDbType.Uuid);
                    await WriteNullableAsync(copy, l.TrancheNumber, NpgsqlDbType.Integer);
                }
            }
            await copy.CompleteAsync();
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO fundmanager.journal_entry (idempotency_key, fingerprint, fund_id, kind, value_date, recorded_at, recorded_by, narrative, stream, stream_position)
            SELECT idempotency_key, fingerprint, fund_id, kind, value_date, recorded_at, recorded_by, narrative, stream, stream_position FROM history_entry ORDER BY n;
            INSERT INTO fundmanager.journal_line (entry_no, line_no, account, side, usd_amount, original_amount, original_currency, rate, rate_date,
                                                  donor_id, contribution_id, project_id, tranche_no)
            SELECT e.entry_no, l.line_no, l.account, l.side::char(1), l.usd_amount, l.original_amount, l.original_currency, l.rate, l.rate_date,
                   l.donor_id, l.contribution_id, l.project_id, l.tranche_no
              FROM history_line l JOIN fundmanager.journal_entry e ON e.idempotency_key = l.idempotency_key
             ORDER BY e.entry_no, l.line_no;
            """, connection, transaction) { CommandTimeout = 600 })
        {
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type) : copy.WriteNullAsync();

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type) =>
        value is { } v ? copy.WriteAsync(v, type) : copy.WriteNullAsync();
}
