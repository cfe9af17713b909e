using System.Runtime.CompilerServices;
using FundManager.Domain;
using FundManager.Domain.Audit;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace FundManager.Persistence;

/// <summary>
/// The journal on PostgreSQL. Appends go through the silo's <see cref="GroupCommit"/>, so many
/// concurrent postings (and the audit records of the commands that made them) share a commit.
/// </summary>
public sealed class PostgresJournal(NpgsqlDataSource dataSource, GroupCommit commits) : IJournal
{
    private readonly NpgsqlDataSource _dataSource = dataSource;

    public async Task<AppendOutcome> AppendAsync(JournalEntry entry, AuditRecord? audit = null, CancellationToken cancellationToken = default)
    {
        var write = new LedgerWrite(entry, audit);
        StoredEntry stored;
        try
        {
            stored = (await commits.WriteAsync(write, cancellationToken)).Entry!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "journal_entry_stream")
        {
            throw RuleViolationException.Conflict("concurrent-change", $"Another change to the same books was recorded at the same moment ({entry.Position}); nothing was recorded for '{entry.IdempotencyKey}', try again.");
        }
        if (stored.Appended)
        {
            return AppendOutcome.Appended;
        }
        return stored.Fingerprint == write.Fingerprint
            ? AppendOutcome.AlreadyRecorded
            : throw RuleViolationException.Conflict("idempotency-key-reused", $"The journal already holds a different entry under '{entry.IdempotencyKey}'.");
    }

    public async Task<IReadOnlyList<PoolBalance>> PoolBalancesAsync(string fundId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT contribution_id,
                   coalesce(sum(credits - debits) FILTER (WHERE account = @available), 0),
                   coalesce(sum(debits - credits) FILTER (WHERE account = @receipts), 0),
                   min(first_debit_on) FILTER (WHERE account = @receipts)
              FROM fundmanager.journal_balance
             WHERE fund_id = @fund AND account IN (@available, @receipts) AND contribution_id IS NOT NULL
             GROUP BY contribution_id
            """);
        command.Parameters.AddWithValue("fund", fundId);
        command.Parameters.AddWithValue("available", (short)LedgerAccount.AvailableForAllocation);
        command.Parameters.AddWithValue("receipts", (short)LedgerAccount.ReceiptsControl);
        var pools = new List<PoolBalance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pools.Add(new PoolBalance(
                reader.GetGuid(0),
                Money.Usd(reader.GetDecimal(1)),
                Money.Usd(reader.GetDecimal(2)),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3)));
        }
        return pools;
    }

    public async Task<IReadOnlyList<AccountBalance>> BalancesAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        // Today's balances are kept as running totals; a past date or a kind of entry needs the lines.
        await using var command = query is { AsOf: null, Kinds: null }
            ? _dataSource.CreateCommand("""
                SELECT account, donor_id, contribution_id, project_id, debits, credits
                  FROM fundmanager.journal_balance
                 WHERE fund_id = @fund
                   AND (@donor::uuid IS NULL OR donor_id = @donor)
                   AND (@contribution::uuid IS NULL OR contribution_id = @contribution)
                   AND (@project::uuid IS NULL OR project_id = @project)
                """)
            : _dataSource.CreateCommand($"""
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

    public async IAsyncEnumerable<JournalEntry> StreamAsync(LedgerQuery query, DateOnly? from = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One pass over the fund's entries in the order they were written, read as they come from the server.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT e.entry_no, e.idempotency_key, e.fund_id, e.kind, e.value_date, e.recorded_at, e.recorded_by, e.narrative, e.reverses,
                   l.account, l.side, l.usd_amount, l.original_amount, l.original_currency, l.rate, l.rate_date,
                   l.donor_id, l.contribution_id, l.project_id, l.tranche_no
              FROM fundmanager.journal_entry e
              JOIN fundmanager.journal_line l ON l.entry_no = e.entry_no
             WHERE e.fund_id = @fund
               AND (@as_of::date IS NULL OR e.value_date <= @as_of)
               AND (@from::date IS NULL OR e.value_date >= @from)
               AND (@kinds::smallint[] IS NULL OR e.kind = ANY (@kinds))
             ORDER BY e.entry_no, l.line_no
            """, connection);
        if (query.DonorId is not null || query.ContributionId is not null || query.ProjectId is not null)
        {
            throw new ArgumentException("The journal streams whole entries of a fund; a donor, contribution or project filter would split them.", nameof(query));
        }
        Bind(command, query);
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("from", NpgsqlDbType.Date) { TypedValue = from });
        await foreach (var entry in StreamEntriesAsync(command, cancellationToken))
        {
            yield return entry;
        }
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

    public async Task<int> StreamLengthAsync(string stream, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT coalesce(max(stream_position), 0) FROM fundmanager.journal_entry WHERE stream = @stream");
        command.Parameters.AddWithValue("stream", stream);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private const string Filter = """
        e.fund_id = @fund
        AND (@as_of::date IS NULL OR e.value_date <= @as_of)
        AND (@donor::uuid IS NULL OR l.donor_id = @donor)
        AND (@contribution::uuid IS NULL OR l.contribution_id = @contribution)
        AND (@project::uuid IS NULL OR l.project_id = @project)
        AND (@kinds::smallint[] IS NULL OR e.kind = ANY (@kinds))
        """;

    private static void Bind(NpgsqlCommand command, LedgerQuery query)
    {
        command.Parameters.AddWithValue("fund", query.FundId);
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("as_of", NpgsqlDbType.Date) { TypedValue = query.AsOf });
        command.Parameters.Add(new NpgsqlParameter<Guid?>("donor", NpgsqlDbType.Uuid) { TypedValue = query.DonorId });
        command.Parameters.Add(new NpgsqlParameter<Guid?>("contribution", NpgsqlDbType.Uuid) { TypedValue = query.ContributionId });
        command.Parameters.Add(new NpgsqlParameter<Guid?>("project", NpgsqlDbType.Uuid) { TypedValue = query.ProjectId });
        command.Parameters.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Smallint)
        {
            Value = query.Kinds is { } kinds ? kinds.Select(k => (short)k).ToArray() : DBNull.Value,
        });
    }

    private static async Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in StreamEntriesAsync(command, cancellationToken))
        {
            entries.Add(entry);
        }
        return entries;
    }

    // Entries as the reader goes: one entry's lines at a time are held, never the whole result.
    private static async IAsyncEnumerable<JournalEntry> StreamEntriesAsync(NpgsqlCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long? current = null;
        var lines = new List<JournalLine>();
        EntryHead? head = null;

        JournalEntry? Flush()
        {
            if (head is null)
            {
                return null;
            }
            var entry = new JournalEntry(head.Key, head.Fund, head.Kind, head.ValueDate, head.RecordedAt, head.By, head.Narrative, lines, head.Reverses);
            lines = [];
            return entry;
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            var entryNo = reader.GetInt64(0);
            if (entryNo != current)
            {
                if (Flush() is { } done)
                {
                    yield return done;
                }
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
        if (Flush() is { } last)
        {
            yield return last;
        }
    }

    private sealed record EntryHead(string Key, string Fund, EntryKind Kind, DateOnly ValueDate, DateTimeOffset RecordedAt, string By, string Narrative, string? Reverses);

}
