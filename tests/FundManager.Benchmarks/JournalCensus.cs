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
