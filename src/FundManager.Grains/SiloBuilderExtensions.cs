using FundManager.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace FundManager.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// What every silo running these grains needs, whatever its storage: the grains' own serializer
    /// for state (state types are [GenerateSerializer] records with stable ids), the outbox courier,
    /// the filter that keeps clients out of grain-to-grain interfaces, and the audit filter. The host
    /// provides the journal, the audit trail, the report archive, the alert board and the clock.
    /// </summary>
    public static ISiloBuilder AddFundManagerGrains(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton<OutboxCourier>();
        silo.AddIncomingGrainCallFilter<InternalCallFilter>();
        silo.AddIncomingGrainCallFilter<AuditFilter>();
        return silo;
    }

    /// <summary>
    /// Makes the silo accept callers from clients only when sealed with <paramref name="key"/>, and
    /// seals the calls the silo's own jobs make. Every process of the cluster needs the same key.
    /// </summary>
    public static ISiloBuilder RequireSealedCallers(this ISiloBuilder silo, byte[] key)
    {
        silo.Services.AddSingleton(new CallerSeal(key));
        silo.AddIncomingGrainCallFilter<SealedCallerFilter>();
        silo.AddOutgoingGrainCallFilter<CallerSealingFilter>();
        return silo;
    }
}
