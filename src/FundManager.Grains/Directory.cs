using System.Collections.Immutable;

namespace FundManager.Grains;

[GenerateSerializer, Alias("fm.DirectoryState")]
public sealed record DirectoryState([property: Id(0)] ImmutableSortedSet<string> Members)
{
    public DirectoryState() : this(ImmutableSortedSet<string>.Empty)
    {
    }
}

/// <summary>
/// A list of the members of one kind (funds, donors, users) so they can be listed without a
/// database scan. Adding is idempotent.
/// </summary>
public abstract class DirectoryGrain(IPersistentState<DirectoryState> state) : Grain
{
    protected ImmutableSortedSet<string> Members => state.State.Members;

    protected async Task AddAsync(string member)
    {
        if (state.State.Members.Contains(member))
        {
            return;
        }
        await state.CommitAsync(new DirectoryState(state.State.Members.Add(member)), this);
    }
}
