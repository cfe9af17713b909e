using FundManager.Domain.Ledger;
using FundManager.Testing;
using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>Counts what the product's journal holds, straight from its tables, to check what the workloads were told.</summary>
public sealed class JournalCensus(NpgsqlDataSource dataSource)
{
    public async Task<long> LinesAsync()
    {
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM fundmanager.journal_line");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The fund's disbursement entries and how many projects they pay: equal counts, and one entry
    /// per project, mean no tranche was paid twice.
    /// </summary>
    public async Task<(long Entries, long Projects)> DisbursementsAsync(string fundId)
    {
        await using var count = dataSource.CreateCommand("""
            SELECT count(DISTINCT e.entry_no), count(DISTINCT l.project_id)
              FROM fundmanager.journal_entry e
              JOIN fundmanager.journal_line l ON l.entry_no = e.entry_no
             WHERE e.fund_id = @fund AND e.kind = @kind
            """);
        count.Parameters.AddWithValue("fund", fundId);
        count.Parameters.AddWithValue("kind", (short)EntryKind.Disbursement);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// The acknowledged payments whose journal entry is not there. A payment's entry is written
    /// before the grain answers unless delivery failed, in which case the grain retries on a timer;
    /// so this asks again until all are in or the deadline passes.
    /// </summary>
    public async Task<IReadOnlyList<string>> MissingPaymentsAsync(IEnumerable<PaymentSlot> acknowledged, TimeSpan deadline)
    {
        var expected = acknowledged.Select(s => PostingRules.PaymentKey(s.ContributionId, s.Key)).ToHashSet(StringComparer.Ordinal);
        var missing = expected.ToList();
        try
        {
            await Eventually.PollAsync(async () =>
            {
                var present = await PaymentKeysAsync();
                missing = [.. expected.Where(k => !present.Contains(k))];
                return missing.Count == 0 ? "complete" : null;
            }, deadline, "every acknowledged payment to be in the journal");
        }
        catch (TimeoutException)
        {
            // Reported by the caller with the keys still missing.
        }
        return missing;
    }

    private async Task<HashSet<string>> PaymentKeysAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var select = dataSource.CreateCommand("SELECT idempotency_key FROM fundmanager.journal_entry WHERE kind = @kind");
        select.Parameters.AddWithValue("kind", (short)EntryKind.Payment);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }
}
