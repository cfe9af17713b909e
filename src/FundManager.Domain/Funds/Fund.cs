using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;

namespace FundManager.Domain.Funds;

/// <summary>
/// A trust fund's money available for approvals: one pool per contribution. The single writer of
/// "never allocate more than is available under matching earmarks". What the pools hold comes from
/// the journal (<see cref="WithBalances"/>), and so do the allocations and releases already made
/// (one entry per project, under its key), so nothing here grows with the fund's history: the
/// fund keeps only what it decides on, the terms of each pool.
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
    // Id 7 held every project's allocation and Id 10 every project released at closure; both are
    // entries of the journal, found there under the project's keys.
    /// <summary>
    /// The projects of a fund stored before they had a register of their own (a state written by an
    /// earlier version): moved to the register when the fund activates, then emptied. Never added to.
    /// </summary>
    [Id(8)] public ImmutableDictionary<Guid, string> UnregisteredProjects { get; init; } = ImmutableDictionary<Guid, string>.Empty;
    // Id 9 held the keys of every receipt applied, which grew with each payment; receipts now stay in the journal.

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
    public Fund WithBalances(IEnumerable<PoolBalance> balances)
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

    /// <summary>
    /// Decides a new allocation of a project's direct costs and their PSC under
    /// <see cref="AllocationRule"/>, from the pools as the journal holds them. Whether the project
    /// already holds one is the journal's to say (its allocation entry, <see cref="PostingRules.AllocationOf"/>).
    /// </summary>
    public Allocation Allocate(EarmarkProfile project, Money directCosts, Money? atMost = null)
    {
        var allocation = Plan(project, directCosts);
        if (atMost is { } cap && allocation.Total > cap)
        {
            // The money under matching earmarks changed since the approver looked: a single approval no longer covers it.
            throw RuleViolationException.Conflict(
                "second-approval-needed",
                $"Allocating project {project.ProjectCode} now takes {allocation.Total}, above the {cap} one approver may approve; approve again, and a second approver will be asked for.");
        }
        foreach (var source in allocation.Sources)
        {
            if ((Pools[source.ContributionId].Available - source.Total).IsNegative)
            {
                throw new InvalidOperationException($"Allocation would overdraw contribution {source.ContributionId}.");
            }
        }
        return allocation;
    }

    /// <summary>
    /// The allocation a project already holds, read back from its journal entry, refused if it was
    /// made for other direct costs than those asked now.
    /// </summary>
    public Allocation AllocationHeld(JournalEntry allocationEntry, EarmarkProfile project, Money directCosts)
    {
        var existing = PostingRules.AllocationOf(allocationEntry, Pools);
        return existing.Direct == directCosts
            ? existing
            : throw RuleViolationException.Conflict("allocation-mismatch", $"Project {project.ProjectCode} already holds an allocation for {existing.Direct} of direct costs, not {directCosts}.");
    }

    /// <summary>What an approval would draw now, without drawing it; refuses like the approval would.</summary>
    public Allocation Plan(EarmarkProfile project, Money directCosts) => AllocationRule.Plan(Pools.Values, project, directCosts);

    public bool IsRefundable(Guid contributionId) => Pools.TryGetValue(contributionId, out var pool) && pool.RefundUnspent;

    private static Money EnsureThreshold(Money threshold) =>
        threshold.Currency == Currency.Usd && !threshold.IsNegative
            ? threshold
            : throw RuleViolationException.Invalid("invalid-threshold", "The second-approver threshold is a USD amount of zero or more.");
}
