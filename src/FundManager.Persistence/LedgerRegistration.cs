using FundManager.Domain.Audit;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Persistence;

public static class LedgerRegistration
{
    /// <summary>
    /// The journal, the audit trail and the project register on PostgreSQL, writing through one group commit per process,
    /// with the audit chain under <paramref name="chain"/>. Needs an <c>NpgsqlDataSource</c>.
    /// </summary>
    public static IServiceCollection AddPostgresLedger(this IServiceCollection services, AuditChain chain)
    {
        services.AddSingleton(chain);
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<IJournal, PostgresJournal>();
        services.AddSingleton<IAuditTrail, PostgresAuditTrail>();
        services.AddSingleton<IProjectRegister, PostgresProjectRegister>();
        return services;
    }
}
