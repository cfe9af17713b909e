using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>
/// Budget against actual, per project and per budget line, with the delivery rate (actual over
/// budget). The PSC line is at the funding agreements' own rates, one line per rate, each saying
/// the rate it shows; before approval it is indicative, at the project's rate. A closed project
/// shows what it spent, with what closure released on its own line.
/// </summary>
public static class BudgetReport
{
    public static async Task<ReportContent> BuildAsync(FundBooks books, DateOnly asOf, Guid? projectId, ReportText t)
    {
        var projects = projectId is { } id ? [await books.ProjectAsync(id)] : (await books.ProjectsAsync()).Where(p => p.Allocation is not null).ToList();
        var balances = await books.BalancesAsync(asOf);
        var byProject = new List<ReportCell[]>();
        var byLine = new List<ReportCell[]>();
        var chart = new List<ReportBar>();
        foreach (var project in projects)
        {
            var lines = balances.Where(b => b.ProjectId == project.Id).ToList();
            var direct = FundBooks.NetDebit(lines, LedgerAccount.DirectExpenditure);
            // Approval credits the allocation; only closure debits it, with what it releases.
            var released = Money.Usd(lines.Where(b => b.Account == LedgerAccount.Allocated).Sum(b => b.Debits));
            var directBudget = project.Allocation?.Direct ?? project.Design.DirectCosts;
            ReportCell[] Line(string label, Money budget, Money? actual) =>
            [
                project.Design.Code, label, Formatting.Cell(budget), actual is { } a ? Formatting.Cell(a) : ReportCell.Empty,
                actual is { } b ? Formatting.Cell(budget - b) : ReportCell.Empty,
                actual is { } c && budget.IsPositive ? ReportCell.Percent(decimal.Round(c.Amount / budget.Amount * 100m, 1)) : ReportCell.Empty,
            ];
            // Direct costs are paid by tranche, not by line: each line has its budget; the direct total has the actual.
            foreach (var line in project.Design.BudgetLines)
            {
                byLine.Add(Line($"{t.Of(line.Category)}: {line.Description}", line.Amount, null));
            }
            byLine.Add(Line(t["DirectCosts"], directBudget, direct));
            var pscLines = new List<(string Label, Money Budget, Money Actual)>();
            if (project.Allocation is { } allocation)
            {
                foreach (var rate in allocation.Sources.GroupBy(s => s.Psc.Value).OrderByDescending(g => g.Key))
                {
                    var contributions = rate.Select(s => s.ContributionId).ToHashSet();
                    var actual = Money.Usd(lines.Where(b => b.Account == LedgerAccount.PscExpenditure && b.ContributionId is { } c && contributions.Contains(c)).Sum(b => b.NetDebit));
                    pscLines.Add((t.Format("PscLineAt", Rate(rate.Key, t)), Money.Sum(rate.Select(s => s.PscAmount), Currency.Usd), actual));
                }
            }
            else
            {
                pscLines.Add((t.Format("PscLineAt", Rate(project.Design.PscRate.Value, t) + ", " + t["Indicative"]), project.Design.IndicativePsc, Money.Zero(Currency.Usd)));
            }
            foreach (var psc in pscLines)
            {
                byLine.Add(Line(psc.Label, psc.Budget, psc.Actual));
            }
            var budget = directBudget + Money.Sum(pscLines.Select(p => p.Budget), Currency.Usd);
            var spent = direct + Money.Sum(pscLines.Select(p => p.Actual), Currency.Usd);
            if (released.IsPositive)
            {
                // After closure the allocation is what was spent; what closure released stands on its own line.
                byLine.Add(Line(t["ReleasedAtClosure"], -released, null));
                budget -= released;
            }
            byLine.Add(Line(t["Total"], budget, spent));
            byProject.Add([project.Design.Code, project.Design.Title, t.Of(project.Status), Formatting.Cell(budget), Formatting.Cell(spent), Formatting.Cell(budget - spent),
                budget.IsPositive ? ReportCell.Percent(decimal.Round(spent.Amount / budget.Amount * 100m, 1)) : ReportCell.Empty]);
            if (budget.IsPositive)
            {
                chart.Add(new ReportBar(project.Design.Code, decimal.Round(spent.Amount / budget.Amount * 100m, 1), 100m));
            }
        }
        return new ReportContent(
            t["Budget.Title"],
            t.Format("Budget.Subtitle", books.FundId, t.Date(asOf)),
            [new(t["Projects"], ReportCell.Count(projects.Count))],
            [
                ReportTable.Of(t["ByProject"],
                    [new(t["Project"]), new(t["Title"]), new(t["Status"]), new(t["Budget"], CellKind.Money), new(t["ActualUsd"], CellKind.Money), new(t["Remaining"], CellKind.Money), new(t["Delivery"], CellKind.Percent)],
                    byProject, t["None"]),
                ReportTable.Of(t["ByLine"],
                    [new(t["Project"]), new(t["Line"]), new(t["Budget"], CellKind.Money), new(t["ActualUsd"], CellKind.Money), new(t["Remaining"], CellKind.Money), new(t["Delivery"], CellKind.Percent)],
                    byLine, t["None"]),
            ],
            [new ReportChart(t["DeliveryByProject"], "%", [.. chart])])
        {
            Language = t.Language,
        };
    }

    private static string Rate(decimal fraction, ReportText t) => (fraction * 100m).ToString("0.##", t.Culture) + (t.Language == ReportLanguage.French ? " %" : "%");
}
