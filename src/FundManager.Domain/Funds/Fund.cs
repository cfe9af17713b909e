using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Projects;

namespace FundManager.Domain.Funds;

/// <summary>
/// A trust fund's money available for approvals: one pool per contribution, and the allocation
/// each approved project holds. The single writer of "never allocate more than is available
/// under matching earmarks". What the pools hold comes from the journal (<see cref="WithBalances"/>);
/// allocations and releases are applied once per project, so a retried message changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.Fund")]
public sealed record Fund
{
    private static readonly Regex IdPattern = new("^[a-z0-9][a-z0-9-]{1,39}$", RegexOptions.CultureInvariant);

    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string Description { get; init; }
    /// <summary>Approvals of projects whose total exceeds this need a second, distinct approver.</summary>
    [Id(3)] public required Money SecondApproverAbove { get; init; }
    [Id(4)] public required string CreatedBy { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public ImmutableDictionary<Guid, FundingPool> Pools { get; init; } = ImmutableDictionary<Guid, FundingPool>.Empty;
    [Id(7)] public ImmutableDictionary<Guid, Allocation> Allocations { get; init; } = ImmutableDictionary<Guid, Allocation>.Empty;
    [Id(8)] public ImmutableDictionary<Guid, string> Projects { get; init; } = ImmutableDictionary<Guid, string>.Empty;
    // Id 9 held the keys of every receipt applied, which grew with each payment; receipts now stay in the journal.
    /// <summary>Projects whose unspent allocation was released at closure; each is released once.</summary>
    [Id(10)] public ImmutableHashSet<Guid> Released { get; init; } = [];

    public Money Available => Money.Sum(Pools.Values.Select(p => p.Available), Currency.Usd);

    public static Fund Create(string id, string name, string description, Money secondApproverAbove, Caller by, DateTimeOffset at)
    {
        by.Require(Role.Administrator);
        RequireValidId(id);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw RuleViolationException.Invalid("invalid-fund-name", "A fund's name is 1 to 200 characters.");
        }
        return new Fund
        {
            Id = id,
            Name = name.Trim(),
            Description = description?.Trim() ?? string.Empty,
            SecondApproverAbove = EnsureThreshold(secondApproverAbove),
            CreatedBy = by.UserName,
            CreatedAt = at,
        };
    }

    /// <summary>Refuses what cannot be a fund id, wherever one arrives: in a path, a query or a body.</summary>
    public static void RequireValidId(string? id)
    {
        if (id is null || !IdPattern.IsMatch(id))
        {
            throw RuleViolationException.Invalid("invalid-fund-id", "A fund id is 2 to 40 lower-case letters, digits or dashes.");
        }
    }

    public Fund WithSecondApproverAbove(Money threshold, Caller by)
    {
        by.Require(Role.Administrator);
        return this with { SecondApproverAbove = EnsureThreshold(threshold) };
    }

    /// <summary>Opens an empty pool for a new contribution; idempotent.</summary>
    public Fund RegisterContribution(Guid contributionId, Guid donorId, Earmark earmark, PscRate psc, DateOnly pledgeDate, bool refundUnspent)
    {
        if (Pools.ContainsKey(contributionId))
        {
            return this;
        }
        return this with { Pools = Pools.Add(contributionId, new FundingPool(contributionId, donorId, earmark, psc, pledgeDate, Money.Zero(Currency.Usd), refundUnspent)) };
    }

    /// <summary>
    /// The pools as the journal holds them: the cash each contribution has made available, net of
    /// reversals, allocations and releases, and the date of its oldest standing receipt. Receipts
    /// never pass through the fund: payments post straight to the journal, and the fund reads
    /// what they add up to when it decides. Money of a contribution not yet registered stays out.
    /// </summary>
    public Fund WithBalances(IEnumerable<Ledger.PoolBalance> balances)
    {
        var byContribution = balances.ToDictionary(b => b.ContributionId);
        var pools = Pools.ToImmutableDictionary(
            p => p.Key,
            p => byContribution.TryGetValue(p.Key, out var balance)
                ? p.Value with { Available = balance.Available, Received = balance.Received, FirstReceived = balance.FirstReceived ?? p.Value.FirstReceived }
                : p.Value with { Available = Money.Zero(Currency.Usd), Received = Money.Zero(Currency.Usd) });
        return this with { Pools = pools };
    }

    /// <summary>
    /// Whether cash whose payment is being reversed can be taken back: refused when approvals
    /// already hold it.
    /// </summary>
    public void CheckWithdrawal(Guid contributionId, Money usd)
    {
        var pool = Pools.GetValueOrDefault(contributionId)
            ?? throw new InvalidOperationException($"Contribution {contributionId} was never registered with fund {Id}.");
        if (usd > pool.Available)
        {
            throw RuleViolationException.Conflict(
                "reversal-exceeds-available",
                $"Only {pool.Available} of this contribution's cash is still unallocated; {usd} cannot be taken back until the projects holding it release it.");
        }
    }

    public Fund RegisterProject(Guid projectId, string code)
    {
        if (Projects.TryGetValue(projectId, out var existing))
        {
            return existing == code ? this : throw new InvalidOperationException($"Project {projectId} is already registered as {existing}.");
        }
        if (Projects.Values.Contains(code, StringComparer.Ordinal))
        {
            throw RuleViolationException.Conflict("duplicate-project-code", $"Fund {Id} already has a project {code}.");
        }
        return this with { Projects = Projects.Add(projectId, code) };
    }

    /// <summary>
    /// Allocates a project's direct costs and their PSC under <see cref="AllocationRule"/>. A
    /// project is allocated once: asking again returns the allocation it already has.
    /// </summary>
    public (Fund After, Allocation Allocation) Allocate(Guid projectId, EarmarkProfile project, Money directCosts, Money? atMost = null)
    {
        if (Allocations.TryGetValue(projectId, out var existing))
        {
            return existing.Direct == directCosts
                ? (this, existing)
                : throw RuleViolationException.Conflict("allocation-mismatch", $"Project {project.ProjectCode} already holds an allocation for {existing.Direct} of direct costs, not {directCosts}.");
        }
        var allocation = Plan(project, directCosts);
        if (atMost is { } cap && allocation.Total > cap)
        {
            // The money under matching earmarks changed since the approver looked: a single approval no longer covers it.
            throw RuleViolationException.Conflict(
                "second-approval-needed",
                $"Allocating project {project.ProjectCode} now takes {allocation.Total}, above the {cap} one approver may approve; approve again, and a second approver will be asked for.");
        }
        var pools = Pools;
        foreach (var source in allocation.Sources)
        {
            var pool = pools[source.ContributionId];
            var after = pool.Available - source.Total;
            if (after.IsNegative)
            {
                throw new InvalidOperationException($"Allocation would overdraw contribution {source.ContributionId}.");
            }
            pools = pools.SetItem(source.ContributionId, pool with { Available = after });
        }
        return (this with { Pools = pools, Allocations = Allocations.Add(projectId, allocation) }, allocation);
    }

    /// <summary>What an approval would draw now, without drawing it; refuses like the approval would.</summary>
    public Allocation Plan(EarmarkProfile project, Money directCosts) => AllocationRule.Plan(Pools.Values, project, directCosts);

    /// <summary>
    /// Gives what a closed project did not spend back to the pools it came from, except where the
    /// agreement says unspent money is refundable to the donor; applied once per project.
    /// </summary>
    public Fund ReleaseAllocation(Guid projectId, IEnumerable<SourceDraw> released)
    {
        if (Released.Contains(projectId))
        {
            return this;
        }
        var pools = Pools;
        foreach (var draw in released)
        {
            var pool = pools[draw.ContributionId];
            if (!pool.RefundUnspent)
            {
                pools = pools.SetItem(draw.ContributionId, pool with { Available = pool.Available + draw.Direct + draw.Psc });
            }
        }
        return this with { Pools = pools, Released = Released.Add(projectId) };
    }

    public bool IsRefundable(Guid contributionId) => Pools.TryGetValue(contributionId, out var pool) && pool.RefundUnspent;

    private static Money EnsureThreshold(Money threshold) =>
        threshold.Currency == Currency.Usd && !threshold.IsNegative
            ? threshold
            : throw RuleViolationException.Invalid("invalid-threshold", "The second-approver threshold is a USD amount of zero or more.");
}
