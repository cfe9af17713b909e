using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FundManager.Domain.Currencies;

namespace FundManager.Domain.Ledger;

/// <summary>
/// One line of a journal entry: a USD amount on one side of one account, with the original
/// currency amount and its conversion where there was one, and the dimensions that let any
/// dollar be traced to the donor, contribution, project and tranche it belongs to.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.JournalLine")]
public sealed record JournalLine(
    [property: Id(0)] LedgerAccount Account,
    [property: Id(1)] EntrySide Side,
    [property: Id(2)] Money Usd,
    [property: Id(3)] UsdValue? Original = null,
    [property: Id(4)] Guid? DonorId = null,
    [property: Id(5)] Guid? ContributionId = null,
    [property: Id(6)] Guid? ProjectId = null,
    [property: Id(7)] int? TrancheNumber = null)
{
    public static JournalLine Debit(LedgerAccount account, Money usd) => new(account, EntrySide.Debit, usd);
    public static JournalLine Credit(LedgerAccount account, Money usd) => new(account, EntrySide.Credit, usd);

    /// <summary>Signed from the debit side: debits positive, credits negative.</summary>
    public decimal SignedUsd => Side == EntrySide.Debit ? Usd.Amount : -Usd.Amount;
}

/// <summary>The n-th entry (from 1) of one writer's stream, such as a contribution's payments.</summary>
[GenerateSerializer, Immutable, Alias("fm.StreamPosition")]
public sealed record StreamPosition([property: Id(0)] string Stream, [property: Id(1)] int Position);

/// <summary>
/// One balanced money event. Written once under its idempotency key, never changed: a mistake is
/// corrected by a new entry that reverses it. The constructor refuses an unbalanced entry, in
/// production as in tests.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.JournalEntry")]
public sealed record JournalEntry
{
    public JournalEntry(
        string idempotencyKey,
        string fundId,
        EntryKind kind,
        DateOnly valueDate,
        DateTimeOffset recordedAt,
        string recordedBy,
        string narrative,
        IEnumerable<JournalLine> lines,
        string? reverses = null)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 200)
        {
            throw new ArgumentException("An entry needs an idempotency key of at most 200 characters.", nameof(idempotencyKey));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(fundId);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        var kept = lines.Where(l => !l.Usd.IsZero).ToImmutableList();
        if (kept.Count < 2)
        {
            throw new InvalidOperationException($"Entry {idempotencyKey} needs at least two non-zero lines.");
        }
        foreach (var line in kept)
        {
            if (line.Usd.Currency != Currency.Usd || line.Usd.IsNegative)
            {
                throw new InvalidOperationException($"Entry {idempotencyKey}: every line is a positive USD amount ({line.Account} has {line.Usd}).");
            }
        }
        var imbalance = kept.Sum(l => l.SignedUsd);
        if (imbalance != 0m)
        {
            throw new InvalidOperationException($"Entry {idempotencyKey} does not balance: debits and credits differ by {imbalance.ToString(CultureInfo.InvariantCulture)} USD.");
        }
        IdempotencyKey = idempotencyKey;
        FundId = fundId;
        Kind = kind;
        ValueDate = valueDate;
        RecordedAt = recordedAt;
        RecordedBy = recordedBy;
        Narrative = narrative;
        Lines = kept;
        Reverses = reverses;
    }

    [Id(0)] public string IdempotencyKey { get; }
    [Id(1)] public string FundId { get; }
    [Id(2)] public EntryKind Kind { get; }
    [Id(3)] public DateOnly ValueDate { get; }
    [Id(4)] public DateTimeOffset RecordedAt { get; }
    [Id(5)] public string RecordedBy { get; }
    [Id(6)] public string Narrative { get; }
    [Id(7)] public ImmutableList<JournalLine> Lines { get; }
    /// <summary>The idempotency key of the entry this one reverses, if it is a reversal.</summary>
    [Id(8)] public string? Reverses { get; }

    /// <summary>
    /// Where the entry stands in the stream of the grain that decided it, if that grain keeps its
    /// state in the journal. The journal takes one entry per position, so two activations of one
    /// grain deciding from the same state cannot both be written. Not part of the fingerprint: a
    /// retried event is the same event wherever it was decided.
    /// </summary>
    [Id(9)] public StreamPosition? Position { get; init; }

    public decimal TotalDebits => Lines.Where(l => l.Side == EntrySide.Debit).Sum(l => l.Usd.Amount);

    /// <summary>
    /// A digest of what the entry says, leaving out when it was recorded, so a retry of the same
    /// event matches and a different event reusing the key does not.
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{FundId}|{Kind}|{ValueDate:yyyy-MM-dd}|{Reverses}");
        foreach (var line in Lines)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"|{(int)line.Account}:{line.Side}:{Plain(line.Usd.Amount)}:{Plain(line.Original?.Original.Amount)}:{line.Original?.Original.Currency.Code}:{Plain(line.Original?.Rate)}:{line.DonorId}:{line.ContributionId}:{line.ProjectId}:{line.TrancheNumber}");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // 1000, 1000.0 and 1000.00 are the same amount and must give the same fingerprint.
    private static string Plain(decimal? value) => value?.ToString("0.############################", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A new entry that undoes this one, line for line, on the other side.</summary>
    public JournalEntry Reverse(string idempotencyKey, DateOnly valueDate, DateTimeOffset recordedAt, string recordedBy, string reason) =>
        new(
            idempotencyKey,
            FundId,
            EntryKind.Reversal,
            valueDate,
            recordedAt,
            recordedBy,
            reason,
            Lines.Select(l => l with { Side = l.Side == EntrySide.Debit ? EntrySide.Credit : EntrySide.Debit }),
            reverses: IdempotencyKey);
}
