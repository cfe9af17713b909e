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
    async Task<Alert> IAlertsGrain.RetryUndelivered(Caller caller, Guid alertId)
    {
        caller.Require(Role.FinanceOfficer, Role.Administrator);
        var alert = await UndeliveredAsync(alertId);
        await GrainFactory.GetGrain<IHeldEffectsGrain>(GrainId.Parse(alert.Subject)).Retry(caller, alertId);
        return await board.AcknowledgeAsync(alertId, caller.UserName) ?? alert;
    }

    async Task<Alert> IAlertsGrain.SetAsideUndelivered(Caller caller, Guid alertId, string reason)
    {
        caller.Require(Role.FinanceOfficer, Role.Administrator);
        var alert = await UndeliveredAsync(alertId);
        await GrainFactory.GetGrain<IHeldEffectsGrain>(GrainId.Parse(alert.Subject)).SetAside(caller, alertId, reason);
        return await board.AcknowledgeAsync(alertId, caller.UserName) ?? alert;
    }

    private async Task<Alert> UndeliveredAsync(Guid alertId)
    {
        var alert = await board.FindAsync(alertId)
            ?? throw RuleViolationException.NotFound("unknown-alert", $"There is no alert {alertId}.");
        return alert.Source == IAlertsGrain.UndeliverableSource
            ? alert
            : throw RuleViolationException.Conflict("nothing-to-deliver", $"Alert {alertId} is not about an undeliverable effect; acknowledge it once it is dealt with.");
    }

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
