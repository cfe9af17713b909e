using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Audit;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains.Funds;

[GenerateSerializer, Alias("fm.FundState")]
public sealed record FundState([property: Id(0)] Fund? Fund, [property: Id(1)] Outbox Outbox) : IOutboxState<FundState>
{
    public FundState() : this(null, Outbox.Empty)
    {
    }

    public FundState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

[GenerateSerializer, Alias("fm.RegisterFund")]
public sealed record RegisterFund([property: Id(0)] string FundId) : OutboxMessage
{
    public override Task DeliverAsync(IGrainFactory grains) =>
        grains.GetGrain<IFundDirectoryRegistrar>(IFundDirectoryGrain.Key).Register(FundId);
}

public sealed class FundGrain(
    [PersistentState("fund", StorageNames.Grains)] IPersistentState<FundState> state,
    OutboxCourier courier,
    IJournal journal,
    TimeProvider clock,
    ILogger<FundGrain> logger)
    : OutboxGrain<FundState>(state, courier, logger), IFundGrain, IFundBooksGrain, IAuditable
{
    public object? AuditState() => State.Fund is { } fund ? View(fund) : null;

    private string FundId => this.GetPrimaryKeyString();

    private Fund Existing => State.Fund ?? throw RuleViolationException.NotFound("unknown-fund", $"There is no fund '{FundId}'.");

    async Task<FundView> IFundGrain.Create(Caller caller, string name, string description, Money secondApproverAbove)
    {
        var created = Fund.Create(FundId, name, description, secondApproverAbove, caller, clock.GetUtcNow());
        if (State.Fund is { } existing)
        {
            return existing.Name == created.Name
                ? View(existing)
                : throw RuleViolationException.Conflict("fund-exists", $"Fund '{FundId}' already exists as '{existing.Name}'.");
        }
        await CommitAsync(State with { Fund = created, Outbox = State.Outbox.Send(new RegisterFund(FundId)) });
        return View(created);
    }

    Task<FundView> IFundGrain.Describe(Caller caller)
    {
        caller.RequireStaff();
        return Task.FromResult(View(Existing));
    }

    async Task<FundView> IFundGrain.SetSecondApproverThreshold(Caller caller, Money threshold)
    {
        var next = Existing.WithSecondApproverAbove(threshold, caller);
        await CommitAsync(State with { Fund = next });
        return View(next);
    }

    async Task<FundPosition> IFundGrain.Position(Caller caller, DateOnly? asOf)
    {
        caller.RequireStaff();
        _ = Existing;
        var balances = await journal.BalancesAsync(new LedgerQuery(FundId, asOf));
        return FundPosition.From(FundId, asOf, balances);
    }

    async Task<Fund> IFundGrain.Books(Caller caller)
    {
        caller.RequireStaff();
        return await CurrentAsync();
    }

    async Task<ImmutableList<FundingPool>> IFundGrain.Pools(Caller caller)
    {
        caller.RequireStaff();
        return (await CurrentAsync()).Pools.Values.OrderBy(p => p.FirstReceived).ThenBy(p => p.ContributionId).ToImmutableList();
    }

    Task<ImmutableList<Guid>> IFundGrain.Projects(Caller caller)
    {
        caller.RequireStaff();
        return Task.FromResult(Existing.Projects.Keys.ToImmutableList());
    }

    Task<ImmutableList<Guid>> IFundGrain.Contributions(Caller caller)
    {
        caller.RequireStaff();
        return Task.FromResult(Existing.Pools.Keys.ToImmutableList());
    }

    async Task IFundBooksGrain.RegisterContribution(Guid contributionId, Guid donorId, Earmark earmark, PscRate psc, DateOnly pledgeDate, bool refundUnspent)
    {
        var next = Existing.RegisterContribution(contributionId, donorId, earmark, psc, pledgeDate, refundUnspent);
        if (!ReferenceEquals(next, Existing))
        {
            await CommitAsync(State with { Fund = next });
        }
    }

    async Task<AppendOutcome> IFundBooksGrain.ReversePayment(Guid contributionId, JournalEntry reversal, AuditRecord? audit)
    {
        if (await journal.FindAsync(reversal.IdempotencyKey) is not null)
        {
            // Posted by an earlier attempt: the cash is already out of the pool.
            return AppendOutcome.AlreadyRecorded;
        }
        var withdrawn = Money.Sum(
            reversal.Lines.Where(l => l.Account == LedgerAccount.AvailableForAllocation && l.Side == EntrySide.Debit && l.ContributionId == contributionId).Select(l => l.Usd),
            Currency.Usd);
        (await CurrentAsync()).CheckWithdrawal(contributionId, withdrawn);
        // Posted within this turn: no approval runs between the check and the entry.
        return await journal.AppendAsync(reversal, audit);
    }

    async Task IFundBooksGrain.RegisterProject(Guid projectId, string code)
    {
        var next = Existing.RegisterProject(projectId, code);
        if (!ReferenceEquals(next, Existing))
        {
            await CommitAsync(State with { Fund = next });
        }
    }

    Task<bool> IFundBooksGrain.Exists() => Task.FromResult(State.Fund is not null);

    Task<Money> IFundBooksGrain.SecondApproverAbove() => Task.FromResult(Existing.SecondApproverAbove);

    async Task<Allocation> IFundBooksGrain.PlanAllocation(Guid projectId, EarmarkProfile profile, Money directCosts)
    {
        var fund = await CurrentAsync();
        return fund.Allocations.TryGetValue(projectId, out var existing) ? existing : fund.Plan(profile, directCosts);
    }

    async Task<Allocation> IFundBooksGrain.Allocate(Guid projectId, string projectCode, EarmarkProfile profile, Money directCosts, Money? atMost, string approvedBy, DateOnly valueDate)
    {
        var fund = await CurrentAsync();
        var (next, allocation) = fund.Allocate(projectId, profile, directCosts, atMost);
        if (!ReferenceEquals(next, fund))
        {
            var entry = PostingRules.Allocation(FundId, projectId, projectCode, allocation, valueDate, approvedBy, clock.GetUtcNow());
            await CommitAsync(State with { Fund = next, Outbox = State.Outbox.Post(entry) });
        }
        else
        {
            // A retried approval: make sure the entry the first attempt decided on is delivered.
            await DeliverPendingAsync();
        }
        return allocation;
    }

    async Task IFundBooksGrain.ReleaseAllocation(Guid projectId, string projectCode, ImmutableList<SourceDraw> released, string closedBy, DateOnly valueDate)
    {
        var fund = Existing;
        var next = fund.ReleaseAllocation(projectId, released);
        if (ReferenceEquals(next, fund))
        {
            return;
        }
        var outbox = State.Outbox;
        if (released.Any(r => r.Direct.IsPositive || r.Psc.IsPositive))
        {
            outbox = outbox.Post(PostingRules.AllocationRelease(FundId, projectId, projectCode, released, fund.IsRefundable, valueDate, closedBy, clock.GetUtcNow()));
        }
        await CommitAsync(State with { Fund = next, Outbox = outbox });
    }

    /// <summary>
    /// The fund with its pools read from the journal. What this grain decided but has not posted
    /// yet is posted first, so the journal holds every allocation the fund has made.
    /// </summary>
    private async Task<Fund> CurrentAsync()
    {
        var fund = Existing;
        await FlushAsync(CancellationToken.None);
        return fund.WithBalances(await journal.PoolBalancesAsync(FundId));
    }

    private static FundView View(Fund fund) =>
        new(fund.Id, fund.Name, fund.Description, fund.SecondApproverAbove, fund.CreatedBy, fund.CreatedAt, fund.Projects.Count, fund.Pools.Count);
}
