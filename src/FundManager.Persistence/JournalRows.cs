using FundManager.Domain.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace FundManager.Persistence;

/// <summary>
/// Appends a batch of journal entries in two set-based statements (entries, then their lines),
/// however many the batch holds. A key already in the journal keeps what it holds; a key that
/// appears twice in one batch is written once, as if the two had come one after the other.
/// </summary>
internal static class JournalRows
{
    private const string InsertEntries = """
        WITH input AS (
            SELECT * FROM unnest(@keys, @fingerprints, @funds, @kinds, @value_dates, @recorded_at, @recorded_by, @narratives, @reverses, @streams, @positions)
                   WITH ORDINALITY AS i(key, fingerprint, fund, kind, value_date, recorded_at, recorded_by, narrative, reverses, stream, position, n)
        ), inserted AS (
            INSERT INTO fundmanager.journal_entry (idempotency_key, fingerprint, fund_id, kind, value_date, recorded_at, recorded_by, narrative, reverses, stream, stream_position)
            SELECT key, fingerprint, fund, kind, value_date, recorded_at, recorded_by, narrative, reverses, stream, position FROM input ORDER BY n
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING idempotency_key
        )
        SELECT i.n, ins.idempotency_key IS NOT NULL, coalesce(existing.fingerprint, i.fingerprint)
          FROM input i
          LEFT JOIN inserted ins ON ins.idempotency_key = i.key
          LEFT JOIN fundmanager.journal_entry existing ON existing.idempotency_key = i.key
         ORDER BY i.n
        """;

    // Lines join the entries this transaction wrote; an entry that was already there gets none.
    private const string InsertLines = """
        INSERT INTO fundmanager.journal_line (entry_no, line_no, account, side, usd_amount, original_amount, original_currency,
                                              rate, rate_date, donor_id, contribution_id, project_id, tranche_no)
        SELECT e.entry_no, l.line_no, l.account, l.side::char(1), l.usd, l.original_amount, l.original_currency,
               l.rate, l.rate_date, l.donor, l.contribution, l.project, l.tranche
          FROM unnest(@keys, @line_nos, @accounts, @sides, @usd, @original_amounts, @original_currencies, @rates, @rate_dates,
                      @donors, @contributions, @projects, @tranches)
               AS l(key, line_no, account, side, usd, original_amount, original_currency, rate, rate_date, donor, contribution, project, tranche)
          JOIN fundmanager.journal_entry e ON e.idempotency_key = l.key
         WHERE e.xmin::text = (txid_current() % 4294967296)::text
        """;

    /// <summary>Appends the entries of <paramref name="batch"/> and answers, for each write, what the journal holds under its key (null for a write without an entry).</summary>
    public static async Task<IReadOnlyList<StoredEntry?>> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LedgerWrite> batch)
    {
        var results = new StoredEntry?[batch.Count];
        // The first write of each key goes to the database; a repeat within the batch follows it.
        var firsts = new List<int>();
        var firstOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var repeats = new List<(int Index, int First)>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Entry is not { } entry)
            {
                continue;
            }
            if (firstOfKey.TryGetValue(entry.IdempotencyKey, out var first))
            {
                repeats.Add((i, first));
            }
            else
            {
                firstOfKey[entry.IdempotencyKey] = i;
                firsts.Add(i);
            }
        }
        if (firsts.Count == 0)
        {
            return results;
        }

        var entries = firsts.Select(i => batch[i].Entry!).ToList();
        await using (var command = new NpgsqlCommand(InsertEntries, connection, transaction))
        {
            var p = command.Parameters;
            p.Add(ArrayParameter.Of("keys", NpgsqlDbType.Text, entries.Select(e => e.IdempotencyKey)));
            p.Add(ArrayParameter.Of("fingerprints", NpgsqlDbType.Text, firsts.Select(i => batch[i].Fingerprint!)));
            p.Add(ArrayParameter.Of("funds", NpgsqlDbType.Text, entries.Select(e => e.FundId)));
            p.Add(ArrayParameter.Of("kinds", NpgsqlDbType.Smallint, entries.Select(e => (short)e.Kind)));
            p.Add(ArrayParameter.Of("value_dates", NpgsqlDbType.Date, entries.Select(e => e.ValueDate)));
            p.Add(ArrayParameter.Of("recorded_at", NpgsqlDbType.TimestampTz, entries.Select(e => e.RecordedAt.ToUniversalTime())));
            p.Add(ArrayParameter.Of("recorded_by", NpgsqlDbType.Text, entries.Select(e => e.RecordedBy)));
            p.Add(ArrayParameter.Of("narratives", NpgsqlDbType.Text, entries.Select(e => e.Narrative)));
            p.Add(ArrayParameter.Of("reverses", NpgsqlDbType.Text, entries.Select(e => e.Reverses)));
            p.Add(ArrayParameter.Of("streams", NpgsqlDbType.Text, entries.Select(e => e.Position?.Stream)));
            p.Add(ArrayParameter.Of("positions", NpgsqlDbType.Integer, entries.Select(e => e.Position?.Position)));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var index = firsts[(int)reader.GetInt64(0) - 1];
                results[index] = new StoredEntry(reader.GetBoolean(1), reader.GetString(2));
            }
        }

        var appended = entries.Where((_, n) => results[firsts[n]]!.Appended).ToList();
        if (appended.Count > 0)
        {
            var lines = appended.SelectMany(e => e.Lines.Select((line, n) => (e.IdempotencyKey, Number: (short)(n + 1), Line: line))).ToList();
            await using var command = new NpgsqlCommand(InsertLines, connection, transaction);
            var p = command.Parameters;
            p.Add(ArrayParameter.Of("keys", NpgsqlDbType.Text, lines.Select(l => l.IdempotencyKey)));
            p.Add(ArrayParameter.Of("line_nos", NpgsqlDbType.Smallint, lines.Select(l => l.Number)));
            p.Add(ArrayParameter.Of("accounts", NpgsqlDbType.Smallint, lines.Select(l => (short)l.Line.Account)));
            p.Add(ArrayParameter.Of("sides", NpgsqlDbType.Text, lines.Select(l => l.Line.Side == EntrySide.Debit ? "D" : "C")));
            p.Add(ArrayParameter.Of("usd", NpgsqlDbType.Numeric, lines.Select(l => l.Line.Usd.Amount)));
            p.Add(ArrayParameter.Of("original_amounts", NpgsqlDbType.Numeric, lines.Select(l => l.Line.Original?.Original.Amount)));
            p.Add(ArrayParameter.Of("original_currencies", NpgsqlDbType.Text, lines.Select(l => l.Line.Original?.Original.Currency.Code)));
            p.Add(ArrayParameter.Of("rates", NpgsqlDbType.Numeric, lines.Select(l => l.Line.Original?.Rate)));
            p.Add(ArrayParameter.Of("rate_dates", NpgsqlDbType.Date, lines.Select(l => l.Line.Original?.RateDate)));
            p.Add(ArrayParameter.Of("donors", NpgsqlDbType.Uuid, lines.Select(l => l.Line.DonorId)));
            p.Add(ArrayParameter.Of("contributions", NpgsqlDbType.Uuid, lines.Select(l => l.Line.ContributionId)));
            p.Add(ArrayParameter.Of("projects", NpgsqlDbType.Uuid, lines.Select(l => l.Line.ProjectId)));
            p.Add(ArrayParameter.Of("tranches", NpgsqlDbType.Integer, lines.Select(l => l.Line.TrancheNumber)));
            var written = await command.ExecuteNonQueryAsync();
            if (written != lines.Count)
            {
                throw new InvalidOperationException($"The journal took {written} of {lines.Count} lines; the batch is not committed.");
            }
        }

        foreach (var (index, first) in repeats)
        {
            // The second of two writes under one key finds the first one's entry.
            results[index] = new StoredEntry(false, results[first]!.Appended ? batch[first].Fingerprint! : results[first]!.Fingerprint);
        }
        return results;
    }
}
