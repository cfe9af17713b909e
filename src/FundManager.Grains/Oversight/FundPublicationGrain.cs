using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;

namespace FundManager.Grains.Oversight;

[GenerateSerializer, Alias("fm.FundPublicationState")]
public sealed record FundPublicationState([property: Id(0)] bool Published = false, [property: Id(1)] string? ChangedBy = null, [property: Id(2)] DateTimeOffset? ChangedAt = null);

/// <summary>Whether a fund publishes its figures; a fund publishes nothing until an administrator says so.</summary>
public sealed class FundPublicationGrain(
    [PersistentState("fund-publication", StorageNames.Grains)] IPersistentState<FundPublicationState> state,
    IGrainFactory grains,
    TimeProvider clock)
    : Grain, IFundPublicationGrain, IAuditable
{
    public object? AuditState() => new { state.State.Published };

    private string FundId => this.GetPrimaryKeyString();

    Task<bool> IFundPublicationGrain.IsPublished() => Task.FromResult(state.State.Published);

    async Task<bool> IFundPublicationGrain.SetPublished(Caller caller, bool published)
    {
        caller.Require(Role.Administrator);
        Domain.Funds.Fund.RequireValidId(FundId);
        if (!await grains.GetGrain<IFundBooksGrain>(FundId).Exists())
        {
            throw RuleViolationException.NotFound("unknown-fund", $"There is no fund '{FundId}'.");
        }
        if (state.State.Published != published)
        {
            await state.CommitAsync(new FundPublicationState(published, caller.UserName, clock.GetUtcNow()), this);
        }
        return state.State.Published;
    }
}
