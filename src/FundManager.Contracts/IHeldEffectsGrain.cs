using FundManager.Domain.Access;

namespace FundManager.Contracts;

/// <summary>
/// A grain whose outbox holds effects it could not deliver (the database or the receiving grain
/// refused them), each under the alert raised for it. Reached from <see cref="IAlertsGrain"/> by
/// the grain id the alert names, whatever the grain's kind.
/// </summary>
[Alias("fm.IHeldEffectsGrain")]
public interface IHeldEffectsGrain : IGrain, IInternalGrain
{
    /// <summary>Delivers the effect held under <paramref name="alertId"/> again; nothing happens if none is held under it (already resolved).</summary>
    Task Retry(Caller caller, Guid alertId);

    /// <summary>Drops the effect held under <paramref name="alertId"/> for <paramref name="reason"/>; its command's audit record is still written.</summary>
    Task SetAside(Caller caller, Guid alertId, string reason);
}
