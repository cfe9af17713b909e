namespace FundManager.Contracts;

/// <summary>
/// Marks grain interfaces that only other grains may call: the silo refuses calls to them that
/// come from a client, so the dashboards (or anything else holding a client) cannot bypass the
/// rules by calling a fund's bookkeeping directly.
/// </summary>
public interface IInternalGrain
{
}
