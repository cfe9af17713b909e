using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Geography;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>
/// The report to the Commission on Crime Prevention and Criminal Justice on implementation
/// (General Assembly resolution 58/137, paragraph 17) for a period, in the register of a UN
/// report: numbered sections and paragraphs, tables and charts: contributions received, projects
/// by thematic area (the resolution's paragraphs) and region, disbursements, outcomes against targets.
/// </summary>
public static class CommissionReport
{
    /// <summary>The paragraph of resolution 58/137 each thematic area answers to.</summary>
    public static string ParagraphOf(ThematicArea area) => area switch
    {
        ThematicArea.InstitutionalCapacity => "2 (a)",
        ThematicArea.PreventionAndAwareness => "2 (b)",
        ThematicArea.PostConflictRegions => "2 (c)",
        ThematicArea.LegislativeAssistance => "4 (a)",
        ThematicArea.LawEnforcementCooperation => "4 (b)",
        ThematicArea.AntiMoneyLaundering => "4 (c)",
        ThematicArea.CriminalJusticeTraining => "5 (b)",
        ThematicArea.VictimProtection => "6",
        ThematicArea.DemandReduction => "12, 13",
        _ => "–",
    };

    public static async Task<ReportContent> BuildAsync(FundBooks books, DateOnly from, DateOnly to, ReportText t)
    {
        var before = from.AddDays(-1);
        var start = await books.BalancesAsync(before);
        var end = await books.BalancesAsync(to);
        var closing = await books.PositionAsync(to);
        // The period's movement of one account: its balance at the end less its balance the day before the start.
        IEnumerable<(Guid? Donor, Guid? Project, decimal NetDebit)> Movement(LedgerAccount account) =>
            end.Where(b => b.Account == account).Select(b => (b.DonorId, b.ProjectId, b.NetDebit))
                .Concat(start.Where(b => b.Account == account).Select(b => (b.DonorId, b.ProjectId, -b.NetDebit)));

        var received = new List<(string Donor, Money Amount)>();
        foreach (var donor in Movement(LedgerAccount.ReceiptsControl).GroupBy(m => m.Donor).Where(g => g.Sum(m => m.NetDebit) != 0m))
        {
            received.Add((donor.Key is { } id ? await books.DonorNameAsync(id) : t["Unspecified"], Money.Usd(donor.Sum(m => m.NetDebit))));
        }
        received = [.. received.OrderByDescending(r => r.Amount.Amount).ThenBy(r => r.Donor, StringComparer.Ordinal)];
        var totalReceived = Money.Sum(received.Select(r => r.Amount), Currency.Usd);

        var projects = (await books.ProjectsAsync()).Where(p => p.Allocation is not null && p.Status is not (ProjectStatus.Rejected or ProjectStatus.Draft)).ToList();
        var disbursedByProject = Movement(LedgerAccount.DirectExpenditure).Where(m => m.Project is not null).GroupBy(m => m.Project!.Value).ToDictionary(g => g.Key, g => Money.Usd(g.Sum(m => m.NetDebit)));
        Money DisbursedIn(Project p) => disbursedByProject.GetValueOrDefault(p.Id, Money.Zero(Currency.Usd));
        string Place(Project p) => p.Design.Region is { } region ? Region.NameOf(region) : p.Design.Country ?? t["Unspecified"];
        var byTheme = projects.GroupBy(p => p.Design.ThematicArea).OrderBy(g => g.Key).ToList();
        var byPlace = projects.GroupBy(Place).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var totalDisbursed = Money.Sum(projects.Select(DisbursedIn), Currency.Usd);
        var psc = Money.Usd(Movement(LedgerAccount.PscExpenditure).Sum(m => m.NetDebit));

        var disbursements = new List<(DateOnly Month, Money Amount)>();
        foreach (var project in projects)
        {
            foreach (var payment in project.StandingPayments.Where(p => p.PaidOn >= from && p.PaidOn <= to))
            {
                disbursements.Add((new DateOnly(payment.PaidOn.Year, payment.PaidOn.Month, 1), payment.Direct));
            }
        }
        var byMonth = disbursements.GroupBy(d => d.Month).OrderBy(g => g.Key)
            .Select(g => new ReportBar(g.Key.ToString("MMM yyyy", t.Culture), g.Sum(d => d.Amount.Amount))).ToList();

        var progress = projects.SelectMany(p => IndicatorProgress.Assess(p, to).Select(i => (Project: p, Progress: i))).ToList();
        var onTrack = progress.Count(p => p.Progress.Status == ProgressStatus.OnTrack);

        var usd = t["AmountUsdShort"];
        return new ReportContent(
            t["Commission.Title"],
            t.Format("Commission.Subtitle", books.FundId, t.Date(from), t.Date(to)),
            [],
            [],
            [])
        {
            Language = t.Language,
            Sections =
            [
                new ReportSection(t["Commission.Introduction"],
                [
                    t.Format("Commission.Para.Mandate", t.Date(from), t.Date(to)),
                    t["Commission.Para.Sources"],
                ], [], []),
                new ReportSection(t["Commission.Contributions"],
                [t.Format("Commission.Para.Contributions", t.Amount(totalReceived.Amount), received.Count)],
                [ReportTable.Of(t["Commission.Table.Contributions"], [new(t["Donor"]), new(t["ReceivedUsd"], CellKind.Money)],
                    received.Select(r => new ReportCell[] { r.Donor, Formatting.Cell(r.Amount) }).Append([t["Total"], Formatting.Cell(totalReceived)]), t["None"])],
                [new ReportChart(t["ReceivedByDonor"], usd, [.. received.Select(r => new ReportBar(r.Donor, r.Amount.Amount))])]),
                new ReportSection(t["Commission.Projects"],
                [t.Format("Commission.Para.Projects", projects.Count, byTheme.Count, byPlace.Count)],
                [
                    ReportTable.Of(t["Commission.Table.Themes"],
                        [new(t["Theme"]), new(t["Commission.Paragraph"]), new(t["Projects"], CellKind.Number), new(t["AllocatedUsd"], CellKind.Money), new(t["DisbursedInPeriod"], CellKind.Money)],
                        byTheme.Select(g => new ReportCell[] { t.Of(g.Key), ParagraphOf(g.Key), ReportCell.Count(g.Count()), Formatting.Cell(Money.Sum(g.Select(p => p.Allocated), Currency.Usd)), Formatting.Cell(Money.Sum(g.Select(DisbursedIn), Currency.Usd)) }),
                        t["None"]),
                    ReportTable.Of(t["Commission.Table.Regions"],
                        [new(t["Place"]), new(t["Projects"], CellKind.Number), new(t["AllocatedUsd"], CellKind.Money), new(t["DisbursedInPeriod"], CellKind.Money)],
                        byPlace.Select(g => new ReportCell[] { g.Key, ReportCell.Count(g.Count()), Formatting.Cell(Money.Sum(g.Select(p => p.Allocated), Currency.Usd)), Formatting.Cell(Money.Sum(g.Select(DisbursedIn), Currency.Usd)) }),
                        t["None"]),
                ],
                [new ReportChart(t["Commission.Chart.Themes"], usd, [.. byTheme.Select(g => new ReportBar(t.Of(g.Key), Money.Sum(g.Select(p => p.Allocated), Currency.Usd).Amount))])]),
                new ReportSection(t["Commission.Disbursements"],
                [t.Format("Commission.Para.Disbursements", t.Amount(totalDisbursed.Amount), t.Amount(psc.Amount), t.Amount(closing.Cash.Amount), t.Date(to))],
                [ReportTable.Of(t["Commission.Table.Disbursements"],
                    [new(t["Project"]), new(t["Title"]), new(t["Theme"]), new(t["Place"]), new(t["DisbursedInPeriod"], CellKind.Money)],
                    projects.Where(p => !DisbursedIn(p).IsZero).Select(p => new ReportCell[] { p.Design.Code, p.Design.Title, t.Of(p.Design.ThematicArea), Place(p), Formatting.Cell(DisbursedIn(p)) }),
                    t["None"])],
                [new ReportChart(t["Commission.Chart.Months"], usd, [.. byMonth], ChartKind.Columns)]),
                new ReportSection(t["Commission.Outcomes"],
                [t.Format("Commission.Para.Outcomes", progress.Count, onTrack)],
                [ReportTable.Of(t["ProgressByIndicator"],
                    [new(t["Project"]), new(t["Indicator"]), new(t["ResultType"]), new(t["Baseline"], CellKind.Number), new(t["Target"], CellKind.Number), new(t["Actual"], CellKind.Number), new(t["PercentOfTarget"], CellKind.Percent), new(t["Progress"])],
                    progress.Select(p => new ReportCell[]
                    {
                        p.Project.Design.Code, $"{p.Progress.IndicatorCode} {p.Progress.Title}", t.Of(p.Progress.ResultType), ReportCell.Number(p.Progress.Baseline),
                        ReportCell.NumberOrEmpty(p.Progress.Target), ReportCell.NumberOrEmpty(p.Progress.Actual), ReportCell.PercentOrEmpty(p.Progress.PercentOfTarget), t.Of(p.Progress.Status),
                    }),
                    t["NoIndicators"])],
                [new ReportChart(t["ActualAgainstTarget"], "", [.. progress.Where(p => p.Progress.Actual is not null).Select(p => new ReportBar($"{p.Project.Design.Code} {p.Progress.IndicatorCode}", p.Progress.Actual!.Value, p.Progress.Target))])]),
            ],
        };
    }
}
