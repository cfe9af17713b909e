using System.Globalization;
using System.Text.Json;
using FundManager.Domain.Ledger;

namespace FundManager.Grains;

/// <summary>A journal entry as the audit trail shows it: its key, kind, date and lines, small and readable.</summary>
internal static class EntrySummary
{
    public static string Of(JournalEntry entry) => JsonSerializer.Serialize(new
    {
        posted = entry.IdempotencyKey,
        kind = entry.Kind.ToString(),
        valueDate = entry.ValueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        reverses = entry.Reverses,
        lines = entry.Lines.Select(l => new
        {
            account = l.Account.ToString(),
            side = l.Side == EntrySide.Debit ? "D" : "C",
            usd = l.Usd.Amount,
            original = l.Original is { } o ? $"{o.Original.Amount.ToString(CultureInfo.InvariantCulture)} {o.Original.Currency.Code} at {o.Rate.ToString(CultureInfo.InvariantCulture)}" : null,
            contribution = l.ContributionId,
            project = l.ProjectId,
            tranche = l.TrancheNumber,
        }),
    });
}
