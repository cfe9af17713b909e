using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;

namespace FundManager.Jobs;

/// <summary>
/// What the financial statements read about one fund, on behalf of one caller: balances from the
/// journal (as of a date), and contributions, projects and donors through their grains, each read
/// once per report. The grains check what the caller may see.
/// </summary>
public sealed class FundBooks(IGrainFactory grains, IJournal journal, Caller caller, string fundId)
{
    private readonly Dictionary<Guid, string> _donorNames = [];
    private ImmutableList<Contribution>? _contributions;
    private ImmutableList<Project>? _projects;

    public string FundId => fundId;

    public Caller Caller => caller;

    /// <summary>The journal's balances by account, donor, contribution and project, from entries dated on or before <paramref name="asOf"/>.</summary>
    public async Task<IReadOnlyList<AccountBalance>> BalancesAsync(DateOnly asOf)
    {
        caller.RequireStaff();
        return await journal.BalancesAsync(new LedgerQuery(fundId, asOf));
    }

    public Task<FundPosition> PositionAsync(DateOnly asOf) => grains.GetGrain<IFundGrain>(fundId).Position(caller, asOf);

    public async Task<ImmutableList<Contribution>> ContributionsAsync()
    {
        if (_contributions is null)
        {
            var ids = await grains.GetGrain<IFundGrain>(fundId).Contributions(caller);
            _contributions = [.. (await Task.WhenAll(ids.Select(id => grains.GetGrain<IContributionGrain>(id).Describe(caller)))).OrderBy(c => c.Terms.PledgeDate).ThenBy(c => c.Id)];
        }
        return _contributions;
    }

    public async Task<ImmutableList<Project>> ProjectsAsync()
    {
        if (_projects is null)
        {
            var ids = await grains.GetGrain<IFundGrain>(fundId).Projects(caller);
            _projects = [.. (await Task.WhenAll(ids.Select(id => grains.GetGrain<IProjectGrain>(id).Describe(caller)))).OrderBy(p => p.Design.Code, StringComparer.Ordinal)];
        }
        return _projects;
    }

    public async Task<Project> ProjectAsync(Guid projectId) =>
        (await ProjectsAsync()).FirstOrDefault(p => p.Id == projectId)
        ?? throw Domain.RuleViolationException.NotFound("unknown-project", $"Fund {fundId} has no project {projectId}.");

    public async Task<string> DonorNameAsync(Guid donorId)
    {
        if (!_donorNames.TryGetValue(donorId, out var name))
        {
            name = (await grains.GetGrain<IDonorGrain>(donorId).Describe(caller)).Profile.Name;
            _donorNames[donorId] = name;
        }
        return name;
    }

    public Task<DonorStatement> StatementAsync(Guid donorId, DateOnly asOf) => grains.GetGrain<IDonorGrain>(donorId).Statement(caller, fundId, asOf);

    /// <summary>Net debit (debits less credits) of an account over the balances, in USD.</summary>
    public static Money NetDebit(IEnumerable<AccountBalance> balances, LedgerAccount account) =>
        Money.Usd(balances.Where(b => b.Account == account).Sum(b => b.NetDebit));

    public static Money NetCredit(IEnumerable<AccountBalance> balances, LedgerAccount account) => -NetDebit(balances, account);
}
