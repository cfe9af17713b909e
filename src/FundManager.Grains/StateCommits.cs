namespace FundManager.Grains;

public static class StateCommits
{
    /// <summary>
    /// Writes <paramref name="next"/> as the grain's state. If the write fails, the grain forgets
    /// the new state in memory too and deactivates, so the next call starts from what storage holds.
    /// </summary>
    public static async Task CommitAsync<T>(this IPersistentState<T> state, T next, Grain grain)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
