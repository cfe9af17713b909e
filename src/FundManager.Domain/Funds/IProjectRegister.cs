namespace FundManager.Domain.Funds;

/// <summary>
/// Every fund's projects, one row each, kept where a project code's uniqueness within its fund is
/// a unique key: the fund asks it instead of holding a list that grows with every project.
/// </summary>
public interface IProjectRegister
{
    /// <summary>
    /// Registers the project under its code; registering it again changes nothing. Refuses with
    /// duplicate-project-code when another project of the fund holds the code.
    /// </summary>
    /// <returns>Whether the project is new to the register.</returns>
    Task<bool> RegisterAsync(string fundId, Guid projectId, string code, CancellationToken cancellationToken = default);

    /// <summary>The fund's projects, in the order they were registered.</summary>
    Task<IReadOnlyList<Guid>> ProjectsAsync(string fundId, CancellationToken cancellationToken = default);

    Task<int> CountAsync(string fundId, CancellationToken cancellationToken = default);
}
