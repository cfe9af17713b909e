using FundManager.Domain;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FundManager.Persistence;

/// <summary>
/// The journal on PostgreSQL. Appends from every grain go through one <see cref="BatchingWriter{TItem, TResult}"/>,
/// so many concurrent postings share a commit.
/// </summary>
public sealed class PostgresJournal : IJournal, IAsyncDisposable
{
    /// <summary>How many entries one commit takes at most.</summary>
    public const int DefaultMaxBatch = 200;

    private readonly NpgsqlDataSource _dataSource;
    private readonly BatchingWriter<PendingAppend, StoredEntry> _writer;

    public PostgresJournal(NpgsqlDataSource dataSource, ILogger<PostgresJournal> logger)
        : this(dataSource, logger, DefaultMaxBatch)
    {
    }

    /// <summary>A journal whose commits take at most <paramref name="maxBatch"/> entries (1 turns batching off, for comparison).</summary>
    public PostgresJournal(NpgsqlDataSource dataSource, ILogger<PostgresJournal> logger, int maxBatch)
    {
        _dataSource = dataSource;
        _writer = new BatchingWriter<PendingAppend, StoredEntry>(WriteAsync, maxBatch, logger);
    }

    /// <summary>How many commits the writer has made; lets benchmarks and tests see batching at work.</summary>
    public long Commits => _writer.Commits;

    public async Task<AppendOutcome> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        var fingerprint = entry.Fingerprint();
        var stored = await _writer.WriteAsync(new PendingAppend(entry, fingerprint), cancellationToken);
        if (stored.Appended)
        {
            return AppendOutcome.Appended;
        }
        return stored.Fingerprint == fingerprint
            ? AppendOutcome.AlreadyRecorded
            : throw RuleViolationException.Conflict("idempotency-key-reused", $"The journal already holds a different entry under '{entry.IdempotencyKey}'.");
    }

    public async Task<IReadOnlyList<AccountBalance>> BalancesAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"""
            SELECT l.account, l.donor_id, l.contribution_id, l.project_id,
                   coalesce(sum(l.usd_amount) FILTER (WHERE l.side = 'D'), 0),
                   coalesce(sum(l.usd_amount) FILTER (WHERE l.side = 'C'), 0)
              FROM fundmanager.journal_line l
              JOIN fundmanager.journal_entry e ON e.entry_no = l.entry_no
             WHERE {Filter}
             GROUP BY l.account, l.donor_id, l.contribution_id, l.project_id
            """);
        Bind(command, query);
        var balances = new List<AccountBalance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            balances.Add(new AccountBalance(
                (LedgerAccount)reader.GetInt16(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetDecimal(4),
                reader.GetDecimal(5)));
        }
        return balances;
    }

    public async Task<IReadOnlyList<JournalEntry>> EntriesAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"""
            SELECT e.entry_no, e.idempotency_key, e.fund_id, e.kind, e.value_date, e.recorded_at, e.recorded_by, e.narrative, e.reverses,
                   l.account, l.side, l.usd_amount, l.original_amount, l.original_currency, l.rate, l.rate_date,
                   l.donor_id, l.contribution_id, l.project_id, l.tranche_no
              FROM fundmanager.journal_entry e
              JOIN fundmanager.journal_line l ON l.entry_no = e.entry_no
             WHERE e.entry_no IN (SELECT e.entry_no FROM fundmanager.journal_entry e
                                  JOIN fundmanager.journal_line l ON l.entry_no = e.entry_no WHERE {Filter})
             ORDER BY e.entry_no, l.line_no
            """);
        Bind(command, query);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<JournalEntry?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT e.entry_no, e.idempotency_key, e.fund_id, e.kind, e.value_date, e.recorded_at, e.recorded_by, e.narrative, e.reverses,
                   l.account, l.side, l.usd_amount, l.original_amount, l.original_currency, l.rate, l.rate_date,
                   l.donor_id, l.contribution_id, l.project_id, l.tranche_no
              FROM fundmanager.journal_entry e
              JOIN fundmanager.journal_line l ON l.entry_no = e.entry_no
             WHERE e.idempotency_key = @key
             ORDER BY l.line_no
            """);
        command.Parameters.AddWithValue("key", idempotencyKey);
        var entries = await ReadEntriesAsync(command, cancellationToken);
        return entries.Count == 0 ? null : entries[0];
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private const string Filter = """
        e.fund_id = @fund
        AND (@as_of::date IS NULL OR e.value_date <= @as_of)
        AND (@donor::uuid IS NULL OR l.donor_id = @donor)
        AND (@contribution::uuid IS NULL OR l.contribution_id = @contribution)
        AND (@project::uuid IS NULL OR l.project_id = @project)
        """;

    private static void Bind(NpgsqlCommand command, LedgerQuery query)
    {
        command.Parameters.AddWithValue("fund", query.FundId);
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("as_of", NpgsqlDbType.Date) { TypedValue = query.AsOf });
        command.Parameters.Add(new NpgsqlParameter<Guid?>("donor", NpgsqlDbType.Uuid) { TypedValue = query.DonorId });
        command.Parameters.Add(new NpgsqlParameter<Guid?>("contribution", NpgsqlDbType.Uuid) { TypedValue = query.ContributionId });
        command.Parameters.Add(new NpgsqlParameter<Guid?>("project", NpgsqlDbType.Uuid) { TypedValue = query.ProjectId });
    }

    private static async Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long? current = null;
        var lines = new List<JournalLine>();
        EntryHead? head = null;

        void Flush()
        {
            if (head is not null)
            {
                entries.Add(new JournalEntry(head.Key, head.Fund, head.Kind, head.ValueDate, head.RecordedAt, head.By, head.Narrative, lines, head.Reverses));
                lines = [];
            }
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            var entryNo = reader.GetInt64(0);
            if (entryNo != current)
            {
                Flush();
                current = entryNo;
                head = new EntryHead(reader.GetString(1), reader.GetString(2), (EntryKind)reader.GetInt16(3), reader.GetFieldValue<DateOnly>(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8));
            }
            var usd = Money.Usd(reader.GetDecimal(11));
            UsdValue? original = null;
            if (!reader.IsDBNull(12))
            {
                var currency = Currency.Parse(reader.GetString(13));
                original = new UsdValue(
                    Money.Of(decimal.Round(reader.GetDecimal(12), currency.MinorUnits), currency),
                    reader.GetDecimal(14),
                    reader.GetFieldValue<DateOnly>(15),
                    usd);
            }
            lines.Add(new JournalLine(
                (LedgerAccount)reader.GetInt16(9),
                reader.GetString(10) == "D" ? EntrySide.Debit : EntrySide.Credit,
                usd,
                original,
                reader.IsDBNull(16) ? null : reader.GetGuid(16),
                reader.IsDBNull(17) ? null : reader.GetGuid(17),
                reader.IsDBNull(18) ? null : reader.GetGuid(18),
                reader.IsDBNull(19) ? null : reader.GetInt32(19)));
        }
        Flush();
        return entries;
    }

    private async Task<IReadOnlyList<StoredEntry>> WriteAsync(IReadOnlyList<PendingAppend> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var commands = new NpgsqlBatch(connection, transaction);
        foreach (var pending in batch)
        {
            commands.BatchCommands.Add(AppendCommand(pending));
        }
        var results = new List<StoredEntry>(batch.Count);
        await using (var reader = await commands.ExecuteReaderAsync())
        {
            do
            {
                if (!await reader.ReadAsync())
                {
                    throw new InvalidOperationException("append_journal_entry returned no row.");
                }
                results.Add(new StoredEntry(reader.GetInt16(0) == 1, reader.GetString(2)));
            }
            while (await reader.NextResultAsync());
        }
        await transaction.CommitAsync();
        return results;
    }

    private static NpgsqlBatchCommand AppendCommand(PendingAppend pending)
    {
        var entry = pending.Entry;
        var lines = entry.Lines;
        var command = new NpgsqlBatchCommand("""
            SELECT outcome, entry_no, fingerprint FROM fundmanager.append_journal_entry(
                @key, @fingerprint, @fund, @kind, @value_date, @recorded_at, @recorded_by, @narrative, @reverses,
                @accounts, @sides, @usd, @original_amounts, @original_currencies, @rates, @rate_dates,
                @donors, @contributions, @projects, @tranches)
            """);
        var p = command.Parameters;
        p.AddWithValue("key", entry.IdempotencyKey);
        p.AddWithValue("fingerprint", pending.Fingerprint);
        p.AddWithValue("fund", entry.FundId);
        p.AddWithValue("kind", (short)entry.Kind);
        p.AddWithValue("value_date", entry.ValueDate);
        p.AddWithValue("recorded_at", entry.RecordedAt.ToUniversalTime());
        p.AddWithValue("recorded_by", entry.RecordedBy);
        p.AddWithValue("narrative", entry.Narrative);
        p.Add(new NpgsqlParameter<string?>("reverses", NpgsqlDbType.Text) { TypedValue = entry.Reverses });
        p.AddWithValue("accounts", lines.Select(l => (short)l.Account).ToArray());
        p.AddWithValue("sides", lines.Select(l => l.Side == EntrySide.Debit ? "D" : "C").ToArray());
        p.AddWithValue("usd", lines.Select(l => l.Usd.Amount).ToArray());
        p.Add(Array("original_amounts", NpgsqlDbType.Numeric, lines.Select(l => (object?)l.Original?.Original.Amount)));
        p.Add(Array("original_currencies", NpgsqlDbType.Text, lines.Select(l => (object?)l.Original?.Original.Currency.Code)));
        p.Add(Array("rates", NpgsqlDbType.Numeric, lines.Select(l => (object?)l.Original?.Rate)));
        p.Add(Array("rate_dates", NpgsqlDbType.Date, lines.Select(l => (object?)l.Original?.RateDate)));
        p.Add(Array("donors", NpgsqlDbType.Uuid, lines.Select(l => (object?)l.DonorId)));
        p.Add(Array("contributions", NpgsqlDbType.Uuid, lines.Select(l => (object?)l.ContributionId)));
        p.Add(Array("projects", NpgsqlDbType.Uuid, lines.Select(l => (object?)l.ProjectId)));
        p.Add(Array("tranches", NpgsqlDbType.Integer, lines.Select(l => (object?)l.TrancheNumber)));
        return command;
    }

    private static NpgsqlParameter Array(string name, NpgsqlDbType elementType, IEnumerable<object?> values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values.Select(v => v ?? DBNull.Value).ToArray() };

    private sealed record EntryHead(string Key, string Fund, EntryKind Kind, DateOnly ValueDate, DateTimeOffset RecordedAt, string By, string Narrative, string? Reverses);

    private sealed record PendingAppend(JournalEntry Entry, string Fingerprint);

    /// <summary>Whether the entry was appended now, and the fingerprint of what the journal holds under its key.</summary>
    private sealed record StoredEntry(bool Appended, string Fingerprint);
}
