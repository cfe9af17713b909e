using FundManager.Domain.Audit;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Persistence;

public static class LedgerRegistration
{
    /// <summary>
    /// The journal, the audit trail, the project register and the alert board (where an effect the
    /// ledger refuses for good is held) on PostgreSQL, writing through one group commit per process,
    /// with the audit chain under <paramref name="chain"/>. Needs an <c>NpgsqlDataSource</c> and a <c>TimeProvider</c>.
    /// </summary>
    public static IServiceCollection AddPostgresLedger(this IServiceCollection services, AuditChain chain)
    {
        services.AddSingleton(chain);
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<IJournal, PostgresJournal>();
        services.AddSingleton<IAuditTrail, PostgresAuditTrail>();
        services.AddSingleton<IProjectRegister, PostgresProjectRegister>();
        services.AddSingleton<IAlertBoard, PostgresAlertBoard>();
        return services;
    }
}
