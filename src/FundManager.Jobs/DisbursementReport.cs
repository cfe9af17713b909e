using FundManager.Contracts;
using FundManager.Domain.Currencies;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>What a disbursement run paid, what it held and why, and the totals officers reconcile against.</summary>
public static class DisbursementReport
{
    public static ReportContent Build(string runId, DateOnly asOf, IReadOnlyList<TrancheOutcome> outcomes)
    {
        var paid = outcomes.Where(o => o.Paid).OrderBy(o => o.FundId).ThenBy(o => o.ProjectCode).ThenBy(o => o.Tranche).ToList();
        var held = outcomes.Where(o => !o.Paid).OrderBy(o => o.FundId).ThenBy(o => o.ProjectCode).ThenBy(o => o.Tranche).ToList();
        var direct = Money.Sum(paid.Select(o => o.Amount), Currency.Usd);
        var psc = Money.Sum(paid.Select(o => o.Psc), Currency.Usd);

        var byFund = paid.GroupBy(o => o.FundId).Select(g => new[]
        {
            g.Key, "USD", Formatting.Count(g.Count()),
            Formatting.Amount(Money.Sum(g.Select(o => o.Amount), Currency.Usd)),
            Formatting.Amount(Money.Sum(g.Select(o => o.Psc), Currency.Usd)),
        });
        var byPartner = paid.GroupBy(o => o.ImplementingPartner).OrderBy(g => g.Key).ToList();

        return new ReportContent(
            $"Disbursement run {runId}",
            $"Tranches due on or before {Formatting.Date(asOf)}",
            [
                new("Tranches paid", Formatting.Count(paid.Count)),
                new("Direct costs disbursed (USD)", Formatting.Amount(direct)),
                new("PSC charged (USD)", Formatting.Amount(psc)),
                new("Tranches held", Formatting.Count(held.Count)),
            ],
            [
                ReportTable.Of(
                    "Paid",
                    [new("Fund"), new("Project"), new("Implementing partner"), new("Tranche", CellKind.Number), new("Due"), new("Amount (USD)", CellKind.Money), new("PSC (USD)", CellKind.Money)],
                    paid.Select(o => new[] { o.FundId, o.ProjectCode, o.ImplementingPartner, Formatting.Count(o.Tranche), Formatting.Date(o.DueDate), Formatting.Amount(o.Amount), Formatting.Amount(o.Psc) }),
                    "No tranche was paid in this run."),
                ReportTable.Of(
                    "Held",
                    [new("Fund"), new("Project"), new("Implementing partner"), new("Tranche", CellKind.Number), new("Due"), new("Amount (USD)", CellKind.Money), new("Held because")],
                    held.Select(o => new[] { o.FundId, o.ProjectCode, o.ImplementingPartner, Formatting.Count(o.Tranche), Formatting.Date(o.DueDate), Formatting.Amount(o.Amount), string.Join("; ", o.HeldBecause) }),
                    "No due tranche was held."),
                ReportTable.Of(
                    "Totals by fund",
                    [new("Fund"), new("Currency"), new("Tranches", CellKind.Number), new("Direct costs", CellKind.Money), new("PSC", CellKind.Money)],
                    byFund),
                ReportTable.Of(
                    "Totals by implementing partner",
                    [new("Implementing partner"), new("Currency"), new("Tranches", CellKind.Number), new("Direct costs", CellKind.Money), new("PSC", CellKind.Money)],
                    byPartner.Select(g => new[]
                    {
                        g.Key, "USD", Formatting.Count(g.Count()),
                        Formatting.Amount(Money.Sum(g.Select(o => o.Amount), Currency.Usd)),
                        Formatting.Amount(Money.Sum(g.Select(o => o.Psc), Currency.Usd)),
                    })),
            ],
            [new ReportChart("Disbursed by implementing partner", "USD", [.. byPartner.Select(g => new ReportBar(g.Key, g.Sum(o => o.Amount.Amount)))])]);
    }
}
