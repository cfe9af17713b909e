using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace FundManager.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// What every silo running these grains needs, whatever its storage: the grains' own serializer
    /// for state (state types are [GenerateSerializer] records with stable ids), the outbox courier,
    /// and the filter that keeps clients out of grain-to-grain interfaces.
    /// </summary>
    public static ISiloBuilder AddFundManagerGrains(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton<OutboxCourier>();
        silo.AddIncomingGrainCallFilter<InternalCallFilter>();
        return silo;
    }
}
