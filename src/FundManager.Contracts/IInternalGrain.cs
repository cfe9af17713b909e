namespace FundManager.Contracts;

// Reads that other grains make while they are themselves in the middle of a command are marked
// [AlwaysInterleave] on their interfaces: grains are otherwise one call at a time, and two grains
// each waiting for the other would wait until the call timed out.

/// <summary>
/// Marks grain interfaces that only other grains may call: the silo refuses calls to them that
/// come from a client, so the dashboards (or anything else holding a client) cannot bypass the
/// rules by calling a fund's bookkeeping directly.
/// </summary>
public interface IInternalGrain
{
}
