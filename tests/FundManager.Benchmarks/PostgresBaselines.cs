using System.Diagnostics;
using NpgsqlTypes;
using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>
/// What the same server, in the same database and run, does with rows shaped like journal lines
/// (a unique text key, amounts in numeric, a currency, a rate, dates) written four ways: one row
/// per commit on one connection and on sixteen, a hundred rows per commit, and binary COPY. They
/// bound what any journal design can reach here: a commit per line at best, a COPY at most.
/// </summary>
public sealed class PostgresBaselines(string connectionString, HarnessOptions options)
{
    private const string Table = "bench_baseline.payment_line";
    private const string Insert =
        $"INSERT INTO {Table} (line_key, contribution_id, usd_amount, original_amount, original_currency, rate, value_date, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private static readonly DateOnly ValueDate = DateOnly.FromDateTime(DateTime.UtcNow);

    public BaselineResult? OneRowPerCommit { get; private set; }
    public BaselineResult? OneRowPerCommitConcurrent { get; private set; }
    public BaselineResult? HundredRowsPerCommit { get; private set; }
    public BaselineResult? BinaryCopy { get; private set; }

    public IEnumerable<BaselineResult> All => new[] { OneRowPerCommit, OneRowPerCommitConcurrent, HundredRowsPerCommit, BinaryCopy }.OfType<BaselineResult>();

    public async Task RunAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await CreateTableAsync(dataSource);
        OneRowPerCommit = await SingleInsertsAsync(dataSource, "(a) 1 INSERT per commit, 1 connection", "a", connections: 1, options.SingleInsertRows);
        Report(OneRowPerCommit);
        OneRowPerCommitConcurrent = await SingleInsertsAsync(dataSource, "(b) 1 INSERT per commit, 16 connections", "b", connections: 16, options.ConcurrentInsertRows);
        Report(OneRowPerCommitConcurrent);
        HundredRowsPerCommit = await BatchedInsertsAsync(dataSource, "(c) 100 rows per commit (NpgsqlBatch)", "c", options.BulkRows);
        Report(HundredRowsPerCommit);
        BinaryCopy = await CopyAsync(dataSource, "(d) binary COPY", "d", options.BulkRows);
        Report(BinaryCopy);
    }

    private static void Report(BaselineResult result) =>
        Console.WriteLine($"  {result.Name,-44} {result.Rows,9:N0} rows in {result.Elapsed.TotalSeconds,6:F2} s = {result.RowsPerSecond,10:N0} rows/s");

    private static async Task CreateTableAsync(NpgsqlDataSource dataSource)
    {
        await using var create = dataSource.CreateCommand($"""
            CREATE SCHEMA IF NOT EXISTS bench_baseline;
            CREATE TABLE {Table}
            (
                line_key          text           NOT NULL UNIQUE,
                contribution_id   uuid           NOT NULL,
                usd_amount        numeric(20,2)  NOT NULL,
                original_amount   numeric(24,4)  NULL,
                original_currency char(3)        NULL,
                rate              numeric(28,10) NULL,
                value_date        date           NOT NULL,
                recorded_at       timestamptz    NOT NULL DEFAULT now()
            );
            """);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>Autocommit inserts: every row waits for its own WAL flush, as a naive journal would.</summary>
    private async Task<BaselineResult> SingleInsertsAsync(NpgsqlDataSource dataSource, string name, string prefix, int connections, int rows)
    {
        var deadline = Stopwatch.StartNew();
        var next = -1;
        var written = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand(Insert, connection);
            AddParameters(insert.Parameters);
            await insert.PrepareAsync();
            int i;
            while ((i = Interlocked.Increment(ref next)) < rows && deadline.Elapsed < options.RunDeadline)
            {
                Fill(insert.Parameters, prefix, i);
                await insert.ExecuteNonQueryAsync();
                Interlocked.Increment(ref written);
            }
        }));
        return new BaselineResult(name, written, clock.Elapsed);
    }

    private async Task<BaselineResult> BatchedInsertsAsync(NpgsqlDataSource dataSource, string name, string prefix, int rows)
    {
        const int perCommit = 100;
        await using var connection = await dataSource.OpenConnectionAsync();
        var clock = Stopwatch.StartNew();
        var written = 0;
        while (written < rows && clock.Elapsed < options.RunDeadline)
        {
            // A batch runs in one implicit transaction: one WAL flush for its hundred rows.
            await using var batch = new NpgsqlBatch(connection);
            for (var j = 0; j < perCommit && written + j < rows; j++)
            {
                var command = new NpgsqlBatchCommand(Insert);
                AddParameters(command.Parameters);
                Fill(command.Parameters, prefix, written + j);
                batch.BatchCommands.Add(command);
            }
            written += await batch.ExecuteNonQueryAsync();
        }
        return new BaselineResult(name, written, clock.Elapsed);
    }

    private async Task<BaselineResult> CopyAsync(NpgsqlDataSource dataSource, string name, string prefix, int rows)
    {
        // Several COPYs of 10,000 rows, each its own commit, rather than one huge transaction.
        const int perCopy = 10_000;
        await using var connection = await dataSource.OpenConnectionAsync();
        var clock = Stopwatch.StartNew();
        var written = 0L;
        while (written < rows && clock.Elapsed < options.RunDeadline)
        {
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY {Table} (line_key, contribution_id, usd_amount, original_amount, original_currency, rate, value_date, recorded_at) FROM STDIN (FORMAT BINARY)");
            var end = Math.Min(rows, written + perCopy);
            var now = DateTimeOffset.UtcNow;
            for (var i = written; i < end; i++)
            {
                var (key, contribution, usd, original, currency, rate) = Row(prefix, i);
                await importer.StartRowAsync();
                await importer.WriteAsync(key, NpgsqlDbType.Text);
                await importer.WriteAsync(contribution, NpgsqlDbType.Uuid);
                await importer.WriteAsync(usd, NpgsqlDbType.Numeric);
                await importer.WriteAsync(original, NpgsqlDbType.Numeric);
                await importer.WriteAsync(currency, NpgsqlDbType.Char);
                await importer.WriteAsync(rate, NpgsqlDbType.Numeric);
                await importer.WriteAsync(ValueDate, NpgsqlDbType.Date);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            written += (long)await importer.CompleteAsync();
        }
        return new BaselineResult(name, written, clock.Elapsed);
    }

    private static void AddParameters(NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Numeric });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Numeric });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Char });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Numeric });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz });
    }

    private static void Fill(NpgsqlParameterCollection parameters, string prefix, long i)
    {
        var (key, contribution, usd, original, currency, rate) = Row(prefix, i);
        parameters[0].Value = key;
        parameters[1].Value = contribution;
        parameters[2].Value = usd;
        parameters[3].Value = original;
        parameters[4].Value = currency;
        parameters[5].Value = rate;
        parameters[6].Value = ValueDate;
        parameters[7].Value = DateTimeOffset.UtcNow;
    }

    /// <summary>A line of a euro payment: ten euros at 0.92 per dollar, keyed like a journal line.</summary>
    private static (string Key, Guid Contribution, decimal Usd, decimal Original, string Currency, decimal Rate) Row(string prefix, long i) =>
        ($"{prefix}:payment:{i:D9}:{i % 5}", new Guid((int)(i / 64), 0, 0, new byte[8]), 10.87m, 10.0000m, "EUR", 0.92m);
}
