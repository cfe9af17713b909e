using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;

namespace FundManager.Grains.Oversight;

/// <summary>
/// The figures the fund overview and the public transparency page share, each read from where it
/// is kept (the journal's balances and entries, the project grains), so both pages agree with the
/// position and the reports by construction.
/// </summary>
internal static class FundFigures
{
    /// <summary>Pledged, received and outstanding per donor: the fund's position rebuilt from each donor's own balances.</summary>
    public static async Task<ImmutableList<DonorFigures>> DonorsAsync(IGrainFactory grains, IJournal journal, string fundId, Caller reader)
    {
        var balances = await journal.BalancesAsync(new LedgerQuery(fundId));
        var byDonor = balances.Where(b => b.DonorId is not null).GroupBy(b => b.DonorId!.Value)
            .Select(g => (DonorId: g.Key, Position: FundPosition.From(fundId, null, g)))
            .Where(d => !d.Position.Pledged.IsZero || !d.Position.Received.IsZero)
            .ToList();
        var views = await Task.WhenAll(byDonor.Select(d => grains.GetGrain<IDonorGrain>(d.DonorId).Describe(reader)));
        return [.. byDonor.Zip(views, (d, v) => new DonorFigures(d.DonorId, v.Profile.Name, d.Position.Pledged, d.Position.Received, d.Position.Outstanding, v.Anonymous))
            .OrderByDescending(d => d.Pledged.Amount).ThenBy(d => d.Name, StringComparer.Ordinal)];
    }

    /// <summary>Direct costs and PSC disbursed per month of value date, net of reversals.</summary>
    public static async Task<ImmutableList<MonthFigures>> DisbursementsByMonthAsync(IJournal journal, string fundId)
    {
        var entries = await journal.EntriesAsync(new LedgerQuery(fundId, Kinds: [EntryKind.Disbursement, EntryKind.Reversal]));
        return [.. entries
            .GroupBy(e => (e.ValueDate.Year, e.ValueDate.Month))
            .Select(g => new MonthFigures(g.Key.Year, g.Key.Month, NetDebit(g, LedgerAccount.DirectExpenditure), NetDebit(g, LedgerAccount.PscExpenditure)))
            .Where(m => !m.Disbursed.IsZero || !m.Psc.IsZero)
            .OrderBy(m => m.Year).ThenBy(m => m.Month)];
    }

    /// <summary>The fund's projects with their money and their results as the outcome report assesses them on <paramref name="asOf"/>.</summary>
    public static async Task<ImmutableList<(Project Project, ProjectFigures Figures)>> ProjectsAsync(IGrainFactory grains, string fundId, Caller reader, DateOnly asOf)
    {
        var ids = await grains.GetGrain<IFundGrain>(fundId).Projects(reader);
        var projects = await Task.WhenAll(ids.Select(id => grains.GetGrain<IProjectGrain>(id).Describe(reader)));
        return [.. projects.OrderBy(p => p.Design.Code, StringComparer.Ordinal).Select(p => (p, new ProjectFigures(
            p.Id, p.Design.Code, p.Design.Title, p.Design.ThematicArea, p.Design.Country, p.Design.Region, p.Status,
            p.Allocated, p.Disbursed, [.. IndicatorProgress.Assess(p, asOf).Select(IndicatorFigures.Of)])))];
    }

    private static Money NetDebit(IEnumerable<JournalEntry> entries, LedgerAccount account) =>
        Money.Usd(entries.SelectMany(e => e.Lines).Where(l => l.Account == account).Sum(l => l.SignedUsd));
}
