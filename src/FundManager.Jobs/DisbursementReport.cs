using FundManager.Contracts;
using FundManager.Domain.Currencies;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>What a disbursement run paid, what it held and why, and the totals officers reconcile against.</summary>
public static class DisbursementReport
{
    public static ReportContent Build(string runId, DateOnly asOf, IReadOnlyList<TrancheOutcome> outcomes, string language = ReportLanguage.English)
    {
        var t = new ReportText(language);
        var paid = outcomes.Where(o => o.Paid).OrderBy(o => o.FundId).ThenBy(o => o.ProjectCode).ThenBy(o => o.Tranche).ToList();
        var held = outcomes.Where(o => !o.Paid).OrderBy(o => o.FundId).ThenBy(o => o.ProjectCode).ThenBy(o => o.Tranche).ToList();
        var direct = Money.Sum(paid.Select(o => o.Amount), Currency.Usd);
        var psc = Money.Sum(paid.Select(o => o.Psc), Currency.Usd);
        IEnumerable<ReportCell> Totals(string key, IEnumerable<TrancheOutcome> group) =>
        [
            key, ReportCell.Count(group.Count()),
            Formatting.Cell(Money.Sum(group.Select(o => o.Amount), Currency.Usd)),
            Formatting.Cell(Money.Sum(group.Select(o => o.Psc), Currency.Usd)),
        ];
        var byPartner = paid.GroupBy(o => o.ImplementingPartner).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

        return new ReportContent(
            t.Format("DisbursementRun.Title", runId),
            t.Format("DisbursementRun.Subtitle", t.Date(asOf)),
            [
                new(t["TranchesPaid"], ReportCell.Count(paid.Count)),
                new(t["DirectDisbursedUsd"], Formatting.Cell(direct)),
                new(t["PscChargedUsd"], Formatting.Cell(psc)),
                new(t["TranchesHeld"], ReportCell.Count(held.Count)),
            ],
            [
                ReportTable.Of(
                    t["Paid"],
                    [new(t["Fund"]), new(t["Project"]), new(t["ImplementingPartner"]), new(t["Tranche"], CellKind.Number), new(t["Due"], CellKind.Date), new(t["AmountUsd"], CellKind.Money), new(t["PscUsd"], CellKind.Money)],
                    paid.Select(o => new ReportCell[] { o.FundId, o.ProjectCode, o.ImplementingPartner, ReportCell.Count(o.Tranche), ReportCell.On(o.DueDate), Formatting.Cell(o.Amount), Formatting.Cell(o.Psc) }),
                    t["NonePaid"]),
                ReportTable.Of(
                    t["Held"],
                    [new(t["Fund"]), new(t["Project"]), new(t["ImplementingPartner"]), new(t["Tranche"], CellKind.Number), new(t["Due"], CellKind.Date), new(t["AmountUsd"], CellKind.Money), new(t["HeldBecause"])],
                    held.Select(o => new ReportCell[] { o.FundId, o.ProjectCode, o.ImplementingPartner, ReportCell.Count(o.Tranche), ReportCell.On(o.DueDate), Formatting.Cell(o.Amount), string.Join("; ", o.HeldBecause) }),
                    t["NoneHeld"]),
                ReportTable.Of(
                    t["TotalsByFund"],
                    [new(t["Fund"]), new(t["Tranches"], CellKind.Number), new(t["DirectCosts"], CellKind.Money), new(t["Psc"], CellKind.Money)],
                    paid.GroupBy(o => o.FundId).Select(g => Totals(g.Key, g))),
                ReportTable.Of(
                    t["TotalsByPartner"],
                    [new(t["ImplementingPartner"]), new(t["Tranches"], CellKind.Number), new(t["DirectCosts"], CellKind.Money), new(t["Psc"], CellKind.Money)],
                    byPartner.Select(g => Totals(g.Key, g))),
            ],
            [new ReportChart(t["DisbursedByPartner"], "USD", [.. byPartner.Select(g => new ReportBar(g.Key, g.Sum(o => o.Amount.Amount)))])])
        {
            Language = t.Language,
        };
    }
}
