using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FundManager.Domain.Audit;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>
/// Many grains posting at once: the batching journal (many entries per commit) against the same
/// journal with batching off (one commit per entry), on the same PostgreSQL server in the same run.
/// The Ratio column is the answer; absolute times depend on the machine.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class JournalBatching
{
    private NpgsqlDataSource _dataSource = null!;
    private GroupCommit _batchedCommits = null!;
    private GroupCommit _unbatchedCommits = null!;
    private PostgresJournal _batched = null!;
    private PostgresJournal _unbatched = null!;
    private int _round;

    [Params(2000)]
    public int ConcurrentPostings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dataSource = NpgsqlDataSource.Create(TestPostgres.CreateDatabaseAsync("bench").GetAwaiter().GetResult());
        var chain = new AuditChain(new byte[32]);
        _batchedCommits = new GroupCommit(_dataSource, chain, NullLogger<GroupCommit>.Instance);
        _unbatchedCommits = new GroupCommit(_dataSource, chain, NullLogger<GroupCommit>.Instance, maxBatch: 1);
        _batched = new PostgresJournal(_dataSource, _batchedCommits);
        _unbatched = new PostgresJournal(_dataSource, _unbatchedCommits);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batchedCommits.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _unbatchedCommits.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dataSource.Dispose();
    }

    [Benchmark(Baseline = true, Description = "one commit per entry")]
    public Task OneCommitPerEntry() => PostAll(_unbatched);

    [Benchmark(Description = "batched commits")]
    public Task BatchedCommits() => PostAll(_batched);

    private Task PostAll(PostgresJournal journal)
    {
        var round = Interlocked.Increment(ref _round);
        return Task.WhenAll(Enumerable.Range(0, ConcurrentPostings).Select(i => journal.AppendAsync(Entry($"r{round}-{i}", 1m + i))));
    }

    private static JournalEntry Entry(string key, decimal usd) =>
        new(key, "bench", EntryKind.Payment, new DateOnly(2026, 6, 1), DateTimeOffset.UtcNow, "bench", "benchmark",
        [
            JournalLine.Debit(LedgerAccount.Cash, Money.Usd(usd)),
            JournalLine.Credit(LedgerAccount.PledgesReceivable, Money.Usd(usd)),
        ]);
}
