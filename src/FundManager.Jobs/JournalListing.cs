using System.Collections.Immutable;
using FundManager.Domain.Ledger;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>
/// Every line of a fund's journal for a period, one row per line, for auditors and finance officers
/// to work with in a spreadsheet. It is the report that grows with the fund, so it is streamed:
/// rows are made from entries as the journal reads them, never gathered first.
/// </summary>
public static class JournalListing
{
    public static ImmutableList<ReportColumn> Columns(ReportText t) =>
    [
        new(t["ValueDate"], CellKind.Date), new(t["Entry"]), new(t["EntryKind"]), new(t["Narrative"]), new(t["Account"]), new(t["Debit"], CellKind.Money), new(t["Credit"], CellKind.Money),
        new(t["Currency"]), new(t["OriginalAmount"], CellKind.Money), new(t["Rate"], CellKind.Number), new(t["Donor"]), new(t["Contribution"]), new(t["Project"]), new(t["Tranche"], CellKind.Number),
    ];

    public static IEnumerable<ImmutableList<ReportCell>> RowsOf(JournalEntry entry)
    {
        foreach (var line in entry.Lines)
        {
            var amount = Formatting.Cell(line.Usd);
            yield return
            [
                ReportCell.On(entry.ValueDate), entry.IdempotencyKey, entry.Kind.ToString(), entry.Narrative, $"{(int)line.Account} {line.Account}",
                line.Side == EntrySide.Debit ? amount : ReportCell.Empty, line.Side == EntrySide.Credit ? amount : ReportCell.Empty,
                line.Original?.Original.Currency.Code ?? "", line.Original is { } o ? Formatting.Cell(o.Original) : ReportCell.Empty, ReportCell.NumberOrEmpty(line.Original?.Rate, 6),
                line.DonorId?.ToString() ?? "", line.ContributionId?.ToString() ?? "", line.ProjectId?.ToString() ?? "", line.TrancheNumber is { } n ? ReportCell.Count(n) : ReportCell.Empty,
            ];
        }
    }
}
