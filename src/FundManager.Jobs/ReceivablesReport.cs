using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>
/// Receivables: instalments due and not paid as of a date, per donor, by age band (0-30, 31-90,
/// 91-180, over 180 days overdue), in each pledge's currency. Payments settle the oldest
/// instalments first, and nothing counts beyond what the pledge still has outstanding.
/// </summary>
public static class ReceivablesReport
{
    /// <summary>The upper bound in days of each band; the last has none.</summary>
    public static readonly int[] BandLimits = [30, 90, 180];

    public static int BandOf(int daysOverdue) => daysOverdue <= 30 ? 0 : daysOverdue <= 90 ? 1 : daysOverdue <= 180 ? 2 : 3;

    /// <summary>The instalments of a contribution still unpaid at <paramref name="asOf"/>, with how much of each and how many days overdue.</summary>
    public static IEnumerable<(Instalment Instalment, Money Unpaid, int DaysOverdue)> Overdue(Contribution contribution, DateOnly asOf)
    {
        var paid = Money.Sum(contribution.Standing.Where(p => p.ValueDate <= asOf).Select(p => p.Amount), contribution.Currency);
        // Only what the pledge still has outstanding can be overdue (a decrease or cancellation lowers it).
        var outstanding = contribution.Outstanding + (contribution.Paid - paid);
        var due = Money.Zero(contribution.Currency);
        var counted = Money.Zero(contribution.Currency);
        foreach (var instalment in contribution.Terms.Schedule.Instalments.Where(i => i.DueDate < asOf).OrderBy(i => i.DueDate))
        {
            due += instalment.Amount;
            var unpaid = Money.Min(Money.Min(instalment.Amount, due - paid), outstanding - counted);
            if (unpaid.IsPositive)
            {
                counted += unpaid;
                yield return (instalment, unpaid, asOf.DayNumber - instalment.DueDate.DayNumber);
            }
        }
    }

    public static async Task<ReportContent> BuildAsync(FundBooks books, DateOnly asOf, ReportText t)
    {
        var rows = new List<(string Donor, Contribution Contribution, Instalment Instalment, Money Unpaid, int Days)>();
        foreach (var contribution in (await books.ContributionsAsync()).Where(c => c.Terms.PledgeDate <= asOf))
        {
            var donor = await books.DonorNameAsync(contribution.DonorId);
            rows.AddRange(Overdue(contribution, asOf).Select(o => (donor, contribution, o.Instalment, o.Unpaid, o.DaysOverdue)));
        }
        var bands = new[] { t["Band0"], t["Band31"], t["Band91"], t["Band181"] };
        var byDonor = rows.GroupBy(r => (r.Donor, r.Unpaid.Currency))
            .OrderBy(g => g.Key.Donor, StringComparer.Ordinal).ThenBy(g => g.Key.Currency.Code, StringComparer.Ordinal)
            .Select(g => new ReportCell[] { g.Key.Donor, g.Key.Currency.Code }
                .Concat(Enumerable.Range(0, 4).Select(b => Formatting.Cell(Money.Sum(g.Where(r => BandOf(r.Days) == b).Select(r => r.Unpaid), g.Key.Currency))))
                .Append(Formatting.Cell(Money.Sum(g.Select(r => r.Unpaid), g.Key.Currency))));
        return new ReportContent(
            t["Receivables.Title"],
            t.Format("Receivables.Subtitle", books.FundId, t.Date(asOf)),
            [new(t["OverdueInstalments"], ReportCell.Count(rows.Count))],
            [
                ReportTable.Of(t["OverdueByDonor"],
                    [new(t["Donor"]), new(t["Currency"]), .. bands.Select(b => new ReportColumn(b, CellKind.Money)), new(t["OverdueTotal"], CellKind.Money)],
                    byDonor, t["NoneOverdueInstalment"]),
                ReportTable.Of(t["OverdueInstalments"],
                    [new(t["Donor"]), new(t["Reference"]), new(t["Due"], CellKind.Date), new(t["DaysOverdue"], CellKind.Number), new(t["Currency"]), new(t["UnpaidAmount"], CellKind.Money)],
                    rows.OrderBy(r => r.Donor, StringComparer.Ordinal).ThenBy(r => r.Instalment.DueDate).Select(r => new ReportCell[]
                    {
                        r.Donor, r.Contribution.Terms.Reference ?? r.Contribution.Id.ToString(), ReportCell.On(r.Instalment.DueDate), ReportCell.Count(r.Days), r.Unpaid.Currency.Code, Formatting.Cell(r.Unpaid),
                    }),
                    t["NoneOverdueInstalment"]),
            ],
            [])
        {
            Language = t.Language,
        };
    }
}
