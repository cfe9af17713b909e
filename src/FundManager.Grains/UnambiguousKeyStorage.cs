using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace FundManager.Grains;

/// <summary>
/// Puts a prefix on string grain keys before they reach the ADO.NET storage provider, which reads
/// a key that looks like a hexadecimal number as that number: without it "ada" and "0ada" (two
/// users), or "2024" and "02024" (two funds), would share one stored state. Guid keys, which the
/// provider stores by value, pass through unchanged.
/// </summary>
public sealed class UnambiguousKeyStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, Stored(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, Stored(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, Stored(grainId), grainState);

    // Only a key written exactly as Orleans writes a Guid passes through: the provider would read
    // "ABC…" and "abc…" as the same Guid.
    public static GrainId Stored(GrainId grainId) =>
        grainId.TryGetGuidKey(out var guid, out var extension) && extension is null && grainId.Key.ToString() == guid.ToString("N")
            ? grainId
            : GrainId.Create(grainId.Type, "s:" + grainId.Key.ToString());
}

public static class UnambiguousKeyStorageExtensions
{
    /// <summary>Registers <see cref="StorageNames.Grains"/> as the provider registered under <paramref name="providerName"/>, with unambiguous keys.</summary>
    public static ISiloBuilder UseUnambiguousKeys(this ISiloBuilder silo, string providerName)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Grains, (sp, _) => new UnambiguousKeyStorage(sp.GetRequiredKeyedService<IGrainStorage>(providerName)));
        return silo;
    }
}
