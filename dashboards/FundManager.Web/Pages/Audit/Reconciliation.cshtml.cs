using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Reports;

namespace FundManager.Web.Pages.Audit;

/// <summary>The reconciliation: the reports it wrote, the alerts it raised (acknowledged by those whose role may), and a check of the books now.</summary>
public sealed class ReconciliationModel : FundPage
{
    public ImmutableList<Alert> Alerts { get; private set; } = [];

    public ImmutableList<ReportInfo> Reports { get; private set; } = [];

    public ImmutableList<ReconciliationResult> Checked { get; private set; } = [];

    /// <summary>Acknowledging is offered to the roles the alerts' grain lets acknowledge; the grain decides either way.</summary>
    public bool MayAcknowledge => Caller.Has(Role.FinanceOfficer) || Caller.Has(Role.Administrator);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task OnPostCheckAsync()
    {
        var funds = await Grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(Caller);
        var results = ImmutableList.CreateBuilder<ReconciliationResult>();
        await AttemptAsync(async () =>
        {
            foreach (var fund in funds.Order(StringComparer.Ordinal))
            {
                results.Add(await Grains.GetGrain<IFundMaintenanceGrain>(0).Reconcile(Caller, fund));
            }
        });
        Checked = results.ToImmutable();
        await LoadAsync();
    }

    public async Task OnPostAcknowledgeAsync(Guid alertId)
    {
        if (await AttemptAsync(() => Grains.GetGrain<IAlertsGrain>(0).Acknowledge(Caller, alertId)))
        {
            Response.StatusCode = 200;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var alerts = Grains.GetGrain<IAlertsGrain>(0).List(Caller, openOnly: false);
        var reports = Grains.GetGrain<IReportsGrain>(0).List(Caller, ReportKinds.Reconciliation, 10);
        Alerts = [.. (await alerts).OrderBy(a => a.AcknowledgedAt is not null).ThenByDescending(a => a.RaisedAt)];
        Reports = await reports;
    }
}
