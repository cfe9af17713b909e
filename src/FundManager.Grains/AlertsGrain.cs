using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Reports;
using Orleans.Concurrency;

namespace FundManager.Grains;

[StatelessWorker]
public sealed class AlertsGrain(IAlertBoard board) : Grain, IAlertsGrain
{
    async Task<ImmutableList<Alert>> IAlertsGrain.List(Caller caller, bool openOnly)
    {
        caller.RequireStaff();
        return [.. await board.ListAsync(openOnly, 200)];
    }

    async Task<int> IAlertsGrain.OpenCount() => (await board.ListAsync(openOnly: true, IAlertsGrain.OpenCountLimit)).Count;

    async Task<Alert> IAlertsGrain.Acknowledge(Caller caller, Guid alertId)
    {
        caller.Require(Role.FinanceOfficer, Role.Administrator);
        return await board.AcknowledgeAsync(alertId, caller.UserName)
            ?? throw RuleViolationException.NotFound("unknown-alert", $"There is no alert {alertId}.");
    }
}
