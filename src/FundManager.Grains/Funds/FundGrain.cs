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

/// <summary>
/// A trust fund: the single writer of what lowers its pools. Its state holds the fund's terms and
/// one pool per contribution, what approvals are decided on, and nothing that grows with history:
/// allocations and releases are journal entries (found by their keys when a project asks again),
/// and the projects are in the project register, whose unique key keeps their codes apart. An
/// allocation is decided and posted in one turn and acknowledged when its entry is durable; its
/// place in the fund's stream makes a second activation deciding from the same pools fail to post.
/// </summary>
public sealed class FundGrain(
    [PersistentState("fund", StorageNames.Grains)] IPersistentState<FundState> state,
    OutboxCourier courier,
    IJournal journal,
    IProjectRegister register,
    TimeProvider clock,
    ILogger<FundGrain> logger)
    : OutboxGrain<FundState>(state, courier, logger), IFundGrain, IFundBooksGrain, IAuditable
{
    // Kept in memory, read from the journal and the register when the fund activates.
    private int _streamLength;
    private int _projectCount;

    public object? AuditState() => State.Fund is { } fund ? View(fund, _projectCount) : null;

    private string FundId => this.GetPrimaryKeyString();

    private string Stream => $"fund:{FundId}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The outbox first (base): an entry decided by an earlier version is posted before the stream is read.
        await base.OnActivateAsync(cancellationToken);
        if (State.Fund is not { } fund)
        {
            return;
        }
        if (!fund.UnregisteredProjects.IsEmpty)
        {
            // A state written before the register: its projects move there, once, and leave the state.
            foreach (var (projectId, code) in fund.UnregisteredProjects)
            {
                await register.RegisterAsync(FundId, projectId, code, cancellationToken);
            }
            await CommitAsync(State with { Fund = fund with { UnregisteredProjects = ImmutableDictionary<Guid, string>.Empty } }, audited: false);
        }
        _streamLength = await journal.StreamLengthAsync(Stream, cancellationToken);
        _projectCount = await register.CountAsync(FundId, cancellationToken);
    }

    private Fund Existing => State.Fund ?? throw RuleViolationException.NotFound("unknown-fund", $"There is no fund '{FundId}'.");

    async Task<FundView> IFundGrain.Create(Caller caller, string name, string description, Money secondApproverAbove)
    {
        var created = Fund.Create(FundId, name, description, secondApproverAbove, caller, clock.GetUtcNow());
        if (State.Fund is { } existing)
        {
            return existing.Name == created.Name
                ? View(existing, _projectCount)
                : throw RuleViolationException.Conflict("fund-exists", $"Fund '{FundId}' already exists as '{existing.Name}'.");
        }
        await CommitAsync(State with { Fund = created, Outbox = State.Outbox.Send(new RegisterFund(FundId)) });
        return View(created, _projectCount);
    }

    Task<FundView> IFundGrain.Describe(Caller caller)
    {
        caller.RequireStaff();
        return Task.FromResult(View(Existing, _projectCount));
    }

    async Task<FundView> IFundGrain.SetSecondApproverThreshold(Caller caller, Money threshold)
    {
        var next = Existing.WithSecondApproverAbove(threshold, caller);
        await CommitAsync(State with { Fund = next });
        return View(next, _projectCount);
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

    async Task<ImmutableList<Guid>> IFundGrain.Projects(Caller caller)
    {
        caller.RequireStaff();
        _ = Existing;
        return [.. await register.ProjectsAsync(FundId)];
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
        _ = Existing;
        if (await register.RegisterAsync(FundId, projectId, code))
        {
            _projectCount++;
        }
    }

    Task<bool> IFundBooksGrain.Exists() => Task.FromResult(State.Fund is not null);

    Task<Money> IFundBooksGrain.SecondApproverAbove() => Task.FromResult(Existing.SecondApproverAbove);

    async Task<Allocation> IFundBooksGrain.PlanAllocation(Guid projectId, EarmarkProfile profile, Money directCosts)
    {
        var fund = await CurrentAsync();
        return await journal.FindAsync(PostingRules.AllocationKey(projectId)) is { } made
            ? PostingRules.AllocationOf(made, fund.Pools)
            : fund.Plan(profile, directCosts);
    }

    async Task<Allocation> IFundBooksGrain.Allocate(Guid projectId, string projectCode, EarmarkProfile profile, Money directCosts, Money? atMost, string approvedBy, DateOnly valueDate)
    {
        var fund = await CurrentAsync();
        if (await journal.FindAsync(PostingRules.AllocationKey(projectId)) is { } made)
        {
            // A retried approval: the project holds what the first attempt allocated.
            return fund.AllocationHeld(made, profile, directCosts);
        }
        var allocation = fund.Allocate(profile, directCosts, atMost);
        // Decided and posted within this turn: no other approval draws on these pools in between.
        await PostAsync(PostingRules.Allocation(FundId, projectId, projectCode, allocation, valueDate, approvedBy, clock.GetUtcNow()));
        return allocation;
    }

    async Task IFundBooksGrain.ReleaseAllocation(Guid projectId, string projectCode, ImmutableList<SourceDraw> released, string closedBy, DateOnly valueDate)
    {
        var fund = Existing;
        if (!released.Any(r => r.Direct.IsPositive || r.Psc.IsPositive) || await journal.FindAsync(PostingRules.ReleaseKey(projectId)) is not null)
        {
            // Nothing left to release, or released already: the entry is in the journal once.
            return;
        }
        await PostAsync(PostingRules.AllocationRelease(FundId, projectId, projectCode, released, fund.IsRefundable, valueDate, closedBy, clock.GetUtcNow()));
    }

    /// <summary>
    /// Posts a decision of the fund at the next place of its stream. If the place is taken (another
    /// activation of this fund posted there) or the answer is lost, this activation's view of the
    /// pools may be stale: it deactivates, and the next one starts again from the journal.
    /// </summary>
    private async Task PostAsync(JournalEntry decision)
    {
        try
        {
            if (await journal.PostAsync(decision with { Position = new StreamPosition(Stream, _streamLength + 1) }) == AppendOutcome.Appended)
            {
                _streamLength++;
            }
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
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

    private static FundView View(Fund fund, int projects) =>
        new(fund.Id, fund.Name, fund.Description, fund.SecondApproverAbove, fund.CreatedBy, fund.CreatedAt, projects, fund.Pools.Count);
}
