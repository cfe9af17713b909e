using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using Orleans.Concurrency;

namespace FundManager.Grains.Oversight;

/// <summary>A fund at a glance for its staff; every figure comes from the grain or journal that owns it, read as the caller.</summary>
[StatelessWorker]
public sealed class FundOverviewGrain(IGrainFactory grains, IJournal journal, FundCalendar calendar) : Grain, IFundOverviewGrain
{
    async Task<FundOverview> IFundOverviewGrain.Overview(Caller caller, string fundId)
    {
        caller.RequireStaff();
        Fund.RequireValidId(fundId);
        var fund = grains.GetGrain<IFundGrain>(fundId);
        var view = await fund.Describe(caller);
        var today = calendar.Today;
        var position = fund.Position(caller, null);
        var pools = fund.Pools(caller);
        var donors = FundFigures.DonorsAsync(grains, journal, fundId, caller);
        var months = FundFigures.DisbursementsByMonthAsync(journal, fundId);
        var projects = FundFigures.ProjectsAsync(grains, fundId, caller, today);
        var byEarmark = (await pools)
            .GroupBy(p => p.Earmark)
            .Select(g => new EarmarkPoolFigures(g.Key, g.Count(), Money.Sum(g.Select(p => p.ReceivedSoFar), Currency.Usd), Money.Sum(g.Select(p => p.Available), Currency.Usd)))
            .OrderBy(p => p.Earmark.Level).ThenBy(p => p.Earmark.Value, StringComparer.Ordinal)
            .ToImmutableList();
        return new FundOverview(view, await position, await donors, await months, [.. (await projects).Select(p => p.Figures)], byEarmark, today);
    }
}
