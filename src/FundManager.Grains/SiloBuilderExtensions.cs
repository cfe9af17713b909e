using FundManager.Contracts;
using FundManager.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace FundManager.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// What every silo running these grains needs, whatever its storage: the grains' own serializer
    /// for state (state types are [GenerateSerializer] records with stable ids), the outbox courier,
    /// the filter that keeps clients out of grain-to-grain interfaces, and the audit filter. With a
    /// <paramref name="callerKey"/>, a call from a client is taken only when it is sealed with it
    /// for that grain, method and arguments (checked before anything is audited), and the silo's
    /// own jobs seal theirs; every process of the cluster needs the same key. The host provides
    /// the journal, the audit trail, the report archive, the alert board and the clock.
    /// </summary>
    public static ISiloBuilder AddFundManagerGrains(this ISiloBuilder silo, byte[]? callerKey = null)
    {
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton<OutboxCourier>();
        // UTC unless the host names the fund's time zone.
        silo.Services.TryAddSingleton(sp => new FundCalendar(sp.GetRequiredService<TimeProvider>()));
        // First, so it sees what every other filter and the grain throw.
        silo.AddIncomingGrainCallFilter<ServiceFaultFilter>();
        silo.AddIncomingGrainCallFilter<InternalCallFilter>();
        if (callerKey is not null)
        {
            silo.Services.AddSingleton(sp => new CallerSeal(callerKey, sp.GetRequiredService<TimeProvider>()));
            silo.AddIncomingGrainCallFilter<SealedCallerFilter>();
            silo.AddOutgoingGrainCallFilter<CallerSealingFilter>();
        }
        silo.AddIncomingGrainCallFilter<AuditFilter>();
        return silo;
    }
}
