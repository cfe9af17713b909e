using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using Orleans.Concurrency;

namespace FundManager.Grains.Funds;

[StatelessWorker]
public sealed class FundMaintenanceGrain(IGrainFactory grains, IJournal journal, TimeProvider clock) : Grain, IFundMaintenanceGrain
{
    async Task<ImmutableList<RevaluationOutcome>> IFundMaintenanceGrain.RevalueOpenPledges(Caller caller, string fundId, DateOnly monthEnd)
    {
        caller.Require(Role.FinanceOfficer, Role.Scheduler);
        var outcomes = ImmutableList.CreateBuilder<RevaluationOutcome>();
        foreach (var id in await grains.GetGrain<IFundGrain>(fundId).Contributions(caller))
        {
            var contribution = grains.GetGrain<IContributionGrain>(id);
            var before = await contribution.Describe(caller);
            if (before.Currency == Currency.Usd || !before.Outstanding.IsPositive)
            {
                continue;
            }
            try
            {
                if (await contribution.Revalue(caller, monthEnd) is { } revaluation)
                {
                    outcomes.Add(new RevaluationOutcome(id, before.DonorId, revaluation.Outstanding, revaluation.Rate, revaluation.Difference, null));
                }
            }
            catch (RuleViolationException refused)
            {
                // One pledge without a rate (or already revalued later) must not stop the others.
                outcomes.Add(new RevaluationOutcome(id, before.DonorId, before.Outstanding, null, Money.Zero(Currency.Usd), refused.Message));
            }
        }
        return outcomes.ToImmutable();
    }

    async Task<ReconciliationResult> IFundMaintenanceGrain.Reconcile(Caller caller, string fundId)
    {
        caller.Require(Role.FinanceOfficer, Role.Auditor, Role.Scheduler);
        var first = await CheckAsync(caller, fundId);
        if (first.Breaks.IsEmpty)
        {
            return first;
        }
        // Grains and journal are read at slightly different moments; a break that is only a
        // posting in flight is gone on a second look. Only breaks seen twice are reported.
        var second = await CheckAsync(caller, fundId);
        return second with { Breaks = [.. second.Breaks.Where(first.Breaks.Contains)] };
    }

    private async Task<ReconciliationResult> CheckAsync(Caller caller, string fundId)
    {
        var fundGrain = grains.GetGrain<IFundGrain>(fundId);
        var fund = await fundGrain.Books(caller);
        var contributions = await Task.WhenAll(fund.Pools.Keys.Select(id => grains.GetGrain<IContributionGrain>(id).Describe(caller)));
        var projects = await Task.WhenAll((await fundGrain.Projects(caller)).Select(id => grains.GetGrain<IProjectGrain>(id).Describe(caller)));
        var entries = await journal.EntriesAsync(new LedgerQuery(fundId));
        var kept = await journal.BalancesAsync(new LedgerQuery(fundId));
        var fromLines = Reconciliation.Balances(entries);
        var breaks = Reconciliation.Check(fundId, entries.ToList(), fund, contributions, projects).Concat(Reconciliation.KeptBalances([.. kept], fromLines));
        var position = FundPosition.From(fundId, null, fromLines);
        return new ReconciliationResult(fundId, clock.GetUtcNow(), [.. breaks], entries.Count, contributions.Length, projects.Length, position);
    }
}
