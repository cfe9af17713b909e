using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>Contributions by donor and year: pledged, paid and outstanding, by earmark level and currency, with their USD values from the journal.</summary>
public static class ContributionsByDonorReport
{
    public static async Task<ReportContent> BuildAsync(FundBooks books, DateOnly asOf, ReportText t)
    {
        var contributions = await books.ContributionsAsync();
        var rows = new List<(string Donor, int Year, EarmarkLevel Level, Domain.Contributions.Contribution Contribution, Contracts.ContributionStatement Statement)>();
        foreach (var donorId in contributions.Where(c => c.Terms.PledgeDate <= asOf).Select(c => c.DonorId).Distinct())
        {
            var statement = await books.StatementAsync(donorId, asOf);
            foreach (var line in statement.Contributions.Where(s => s.FundId == books.FundId && s.PledgeDate <= asOf))
            {
                rows.Add((statement.DonorName, line.PledgeDate.Year, line.Earmark.Level, contributions.Single(c => c.Id == line.ContributionId), line));
            }
        }
        var groups = rows
            .GroupBy(r => (r.Donor, r.Year, r.Level, Currency: r.Statement.Pledged.Currency))
            .OrderBy(g => g.Key.Donor, StringComparer.Ordinal).ThenBy(g => g.Key.Year).ThenBy(g => g.Key.Level).ThenBy(g => g.Key.Currency.Code, StringComparer.Ordinal)
            .ToList();
        Money Usd(IEnumerable<Money> amounts) => Money.Sum(amounts, Currency.Usd);
        var pledgedUsd = Usd(rows.Select(r => r.Statement.PledgedUsd));
        var receivedUsd = Usd(rows.Select(r => r.Statement.ReceivedUsd));
        var outstandingUsd = Usd(rows.Select(r => r.Statement.OutstandingUsd));
        var byDonor = rows.GroupBy(r => r.Donor).Select(g => new ReportBar(g.Key, Usd(g.Select(r => r.Statement.ReceivedUsd)).Amount)).OrderByDescending(b => b.Value).ToList();
        return new ReportContent(
            t["ByDonorYear.Title"],
            t.Format("ByDonorYear.Subtitle", books.FundId, t.Date(asOf)),
            [
                new(t["PledgedUsd"], Formatting.Cell(pledgedUsd)),
                new(t["ReceivedUsd"], Formatting.Cell(receivedUsd)),
                new(t["OutstandingUsd"], Formatting.Cell(outstandingUsd)),
            ],
            [ReportTable.Of(
                t["ByDonorYearTable"],
                [new(t["Donor"]), new(t["Year"]), new(t["Earmark"]), new(t["Currency"]), new(t["PledgedOriginal"], CellKind.Money), new(t["PaidOriginal"], CellKind.Money), new(t["OutstandingOriginal"], CellKind.Money),
                 new(t["PledgedUsd"], CellKind.Money), new(t["ReceivedUsd"], CellKind.Money), new(t["OutstandingUsd"], CellKind.Money)],
                groups.Select(g => new ReportCell[]
                {
                    g.Key.Donor, g.Key.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Of(g.Key.Level), g.Key.Currency.Code,
                    Formatting.Cell(Money.Sum(g.Select(r => r.Statement.Pledged), g.Key.Currency)),
                    Formatting.Cell(Money.Sum(g.Select(r => r.Statement.Paid), g.Key.Currency)),
                    Formatting.Cell(Money.Sum(g.Select(r => r.Statement.Outstanding), g.Key.Currency)),
                    Formatting.Cell(Usd(g.Select(r => r.Statement.PledgedUsd))),
                    Formatting.Cell(Usd(g.Select(r => r.Statement.ReceivedUsd))),
                    Formatting.Cell(Usd(g.Select(r => r.Statement.OutstandingUsd))),
                }).Append([t["Total"], ReportCell.Empty, ReportCell.Empty, ReportCell.Empty, ReportCell.Empty, ReportCell.Empty, ReportCell.Empty, Formatting.Cell(pledgedUsd), Formatting.Cell(receivedUsd), Formatting.Cell(outstandingUsd)]),
                t["None"])],
            [new ReportChart(t["ReceivedByDonor"], "USD", [.. byDonor])])
        {
            Language = t.Language,
        };
    }
}
