using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;

namespace FundManager.Grains.Funds;

public sealed class FundDirectoryGrain([PersistentState("fund-directory", StorageNames.Grains)] IPersistentState<DirectoryState> state)
    : DirectoryGrain(state), IFundDirectoryGrain, IFundDirectoryRegistrar
{
    Task<ImmutableList<string>> IFundDirectoryGrain.List(Caller caller)
    {
        // Donors may see which funds exist (to pledge to them); nothing else about them.
        return Task.FromResult(Members.ToImmutableList());
    }

    Task IFundDirectoryRegistrar.Register(string fundId) => AddAsync(fundId);
}
