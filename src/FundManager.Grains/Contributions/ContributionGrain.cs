using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains.Contributions;

/// <summary>
/// What the contribution keeps in grain storage: the agreement's terms, amendments and
/// revaluations (rare events) and their outbox. Payments are not here: they live in the journal
/// only, and are read back from it when the grain activates. (Id 2 held a pending reversal, which
/// the fund now posts itself.)
/// </summary>
[GenerateSerializer, Alias("fm.ContributionState")]
public sealed record ContributionState(
    [property: Id(0)] Contribution? Contribution,
    [property: Id(1)] Outbox Outbox) : IOutboxState<ContributionState>
{
    public ContributionState() : this(null, Outbox.Empty)
    {
    }

    public ContributionState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

[GenerateSerializer, Alias("fm.OpenFundingPool")]
public sealed record OpenFundingPool(
    [property: Id(0)] string FundId,
    [property: Id(1)] Guid ContributionId,
    [property: Id(2)] Guid DonorId,
    [property: Id(3)] Earmark Earmark,
    [property: Id(4)] PscRate Psc,
    [property: Id(5)] DateOnly PledgeDate,
    [property: Id(6)] bool RefundUnspent) : OutboxMessage
{
    public override Task DeliverAsync(IGrainFactory grains) =>
        grains.GetGrain<IFundBooksGrain>(FundId).RegisterContribution(ContributionId, DonorId, Earmark, Psc, PledgeDate, RefundUnspent);
}

/// <summary>
/// A contribution agreement: the pledge and the payments against it. A payment is one journal
/// entry and nothing else: acknowledged when that entry (with its audit record) is durable, in a
/// commit shared with the other payments in flight. The grain holds the payments in memory as a
/// projection of the journal, rebuilt when it activates, so storage never grows with them.
/// </summary>
public sealed class ContributionGrain(
    [PersistentState("contribution", StorageNames.Grains)] IPersistentState<ContributionState> state,
    OutboxCourier courier,
    IGrainFactory grains,
    IJournal journal,
    TimeProvider clock,
    FundCalendar calendar,
    ILogger<ContributionGrain> logger)
    : OutboxGrain<ContributionState>(state, courier, logger), IContributionGrain, IContributionAgreementGrain, IAuditable
{
    private ImmutableList<ContributionPayment> _payments = [];

    public object? AuditState() => State.Contribution;

    private Guid ContributionId => this.GetPrimaryKey();

    /// <summary>The contribution with its payments, as the journal holds them.</summary>
    private Contribution Existing =>
        State.Contribution is { } stored
            ? stored with { Payments = _payments }
            : throw RuleViolationException.NotFound("unknown-contribution", $"There is no contribution {ContributionId}.");

    async Task<Contribution> IContributionAgreementGrain.Open(Caller caller, Guid donorId, PledgeCommand command)
    {
        if (State.Contribution is { } existing)
        {
            return SameTerms(existing, donorId, command)
                ? existing
                : throw RuleViolationException.Conflict("idempotency-key-reused", $"Pledge key '{command.IdempotencyKey}' was already used for a different pledge.");
        }
        caller.Require(Role.Donor, Role.FinanceOfficer);
        caller.RequireDonorAccess(donorId);
        BusinessDates.EnsureInRange(command.PledgeDate, "The pledge date");
        var schedule = InstalmentSchedule.For(command.Amount, command.PledgeDate, [.. command.Instalments.Select(i => (i.DueDate, i.Amount))]);
        var terms = new PledgeTerms(command.Amount, command.PledgeDate, command.Earmark, command.Psc, schedule, command.Reference, command.RefundUnspent);
        if (!await grains.GetGrain<IFundBooksGrain>(command.FundId).Exists())
        {
            throw RuleViolationException.NotFound("unknown-fund", $"There is no fund '{command.FundId}'.");
        }
        var rate = await grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).InForceOn(command.Amount.Currency, command.PledgeDate);
        var contribution = Contribution.Pledge(ContributionId, command.FundId, donorId, terms, rate, caller, clock.GetUtcNow());
        var outbox = State.Outbox
            .Post(PostingRules.Pledge(contribution))
            .Send(new OpenFundingPool(command.FundId, ContributionId, donorId, terms.Earmark, terms.Psc, terms.PledgeDate, terms.RefundUnspent));
        await CommitAsync(State with { Contribution = contribution, Outbox = outbox });
        return contribution;
    }

    Task<bool> IContributionAgreementGrain.IsOpen() => Task.FromResult(State.Contribution is not null);

    Task<ImmutableSortedSet<string>> IContributionAgreementGrain.PaymentRecorders() =>
        Task.FromResult(_payments.Select(p => p.RecordedBy).ToImmutableSortedSet());

    Task<Contribution> IContributionGrain.Describe(Caller caller)
    {
        var contribution = Existing;
        caller.RequireDonorAccess(contribution.DonorId);
        return Task.FromResult(contribution);
    }

    async Task<ImmutableList<FundedDisbursement>> IContributionGrain.PaidFor(Caller caller, DateOnly? asOf)
    {
        var contribution = Existing;
        caller.RequireDonorAccess(contribution.DonorId);
        var entries = await journal.EntriesAsync(new LedgerQuery(contribution.FundId, asOf, ContributionId: contribution.Id));
        var paidFor = ImmutableList.CreateBuilder<FundedDisbursement>();
        var projects = new Dictionary<Guid, Domain.Projects.Project>();
        foreach (var entry in entries)
        {
            var lines = entry.Lines.Where(l => l.ContributionId == contribution.Id && l.Account is LedgerAccount.DirectExpenditure or LedgerAccount.PscExpenditure).ToList();
            if (lines.Count == 0)
            {
                continue;
            }
            var projectId = lines[0].ProjectId!.Value;
            if (!projects.TryGetValue(projectId, out var project))
            {
                // Grain to grain, on the donor's behalf: the donor learns only the project's code and title.
                project = await grains.GetGrain<IProjectGrain>(projectId).Describe(Caller.Scheduler);
                projects[projectId] = project;
            }
            Money Net(LedgerAccount account) => Money.Sum(lines.Where(l => l.Account == account).Select(l => l.Side == EntrySide.Debit ? l.Usd : -l.Usd), Currency.Usd);
            paidFor.Add(new FundedDisbursement(projectId, project.Design.Code, project.Design.Title, lines[0].TrancheNumber ?? 0, entry.ValueDate,
                Net(LedgerAccount.DirectExpenditure), Net(LedgerAccount.PscExpenditure), entry.Kind == EntryKind.Reversal));
        }
        return paidFor.ToImmutable();
    }

    async Task<ContributionPayment> IContributionGrain.RecordPayment(Caller caller, PaymentCommand command)
    {
        var contribution = Existing;
        caller.Require(Role.FinanceOfficer);
        if (contribution.Replay(command.IdempotencyKey, command.Amount, command.ValueDate) is { } recorded)
        {
            return recorded;
        }
        var today = calendar.Today;
        contribution.CheckPayment(command.IdempotencyKey, command.Amount, command.ValueDate, caller, today);
        var rate = await Rates.InForceOn(contribution.Currency, command.ValueDate);
        var (after, payment) = contribution.RecordPayment(command.IdempotencyKey, command.Amount, command.ValueDate, rate, caller, clock.GetUtcNow(), today);
        // The pledge's own entry goes first, so the journal never settles a receivable it does not hold.
        await FlushAsync(CancellationToken.None);
        await AcknowledgedAsync(() => journal.PostAsync(PostingRules.Payment(after, payment) with { Position = NextPosition }));
        _payments = after.Payments;
        return payment;
    }

    async Task<Contribution> IContributionGrain.ReversePayment(Caller caller, string paymentKey, string reason)
    {
        var contribution = Existing;
        var (after, reversed) = contribution.ReversePayment(paymentKey, reason, caller, Now);
        if (ReferenceEquals(after, contribution))
        {
            return contribution;
        }
        await FlushAsync(CancellationToken.None);
        var entry = PostingRules.PaymentReversal(after, reversed) with { Position = NextPosition };
        // The fund checks that no approval holds the cash and posts the reversal in one turn.
        await AcknowledgedAsync(() => CommandAudit.PostAsync(entry, audit => grains.GetGrain<IFundBooksGrain>(contribution.FundId).ReversePayment(contribution.Id, entry, audit)));
        _payments = after.Payments;
        return after;
    }

    async Task<Contribution> IContributionGrain.Amend(Caller caller, AmendmentCommand command)
    {
        var contribution = Existing;
        caller.Require(Role.FinanceOfficer);
        if (contribution.ReplayAmendment(command.IdempotencyKey) is not null)
        {
            await DeliverPendingAsync();
            return contribution;
        }
        var (after, amendment) = command.Kind switch
        {
            AmendmentKind.Increase when command.Amount is { } amount => contribution.Increase(
                command.IdempotencyKey, amount, command.EffectiveDate, [.. command.Instalments.Select(i => (i.DueDate, i.Amount))],
                await Rates.InForceOn(contribution.Currency, command.EffectiveDate), command.Reason, caller, Now),
            AmendmentKind.Decrease when command.Amount is { } amount =>
                contribution.Decrease(command.IdempotencyKey, amount, command.EffectiveDate, command.Reason, caller, Now),
            AmendmentKind.CancelUnpaidRest =>
                contribution.Decrease(command.IdempotencyKey, contribution.Outstanding, command.EffectiveDate, command.Reason, caller, Now, cancelRest: true),
            _ => throw RuleViolationException.Invalid("invalid-amendment", "An increase or a decrease names its amount."),
        };
        await CommitAsync(State with { Contribution = after, Outbox = State.Outbox.Post(PostingRules.Amendment(after, amendment)) });
        return after;
    }

    async Task<Revaluation?> IContributionGrain.Revalue(Caller caller, DateOnly monthEnd)
    {
        var contribution = Existing;
        caller.Require(Role.FinanceOfficer, Role.Scheduler);
        if (contribution.Revaluations.FirstOrDefault(r => r.MonthEnd == monthEnd) is { } done)
        {
            await DeliverPendingAsync();
            return done;
        }
        if (contribution.Currency == Currency.Usd || !contribution.Outstanding.IsPositive || monthEnd < contribution.Terms.PledgeDate)
        {
            return null;
        }
        var rate = await Rates.InForceOn(contribution.Currency, monthEnd);
        var (after, revaluation) = contribution.Revalue(monthEnd, rate, caller, Now);
        var outbox = revaluation.Difference.IsZero ? State.Outbox : State.Outbox.Post(PostingRules.Revaluation(after, revaluation));
        await CommitAsync(State with { Contribution = after, Outbox = outbox });
        return revaluation;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Contribution is { } stored)
        {
            var entries = await journal.EntriesAsync(
                new LedgerQuery(stored.FundId, ContributionId: ContributionId, Kinds: [EntryKind.Payment, EntryKind.Reversal]), cancellationToken);
            _payments = PostingRules.PaymentsOf(ContributionId, entries);
        }
    }

    /// <summary>
    /// Runs a post whose outcome is the command's. If it fails, this activation may be behind the
    /// journal (the commit's fate unknown, or another activation wrote first), so it ends and the
    /// next call starts from the journal.
    /// </summary>
    private async Task AcknowledgedAsync(Func<Task> post)
    {
        try
        {
            await post();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>The place of the next payment or reversal in this contribution's stream: one entry each so far.</summary>
    private StreamPosition NextPosition => new($"contribution:{ContributionId:N}", _payments.Count + _payments.Count(p => p.IsReversed) + 1);

    /// <summary>Payments are kept by the journal, never in grain storage: they stay in memory.</summary>
    protected override ContributionState Kept(ContributionState next)
    {
        if (next.Contribution is not { } contribution || ReferenceEquals(contribution, State.Contribution))
        {
            return next;
        }
        _payments = contribution.Payments;
        return next with { Contribution = contribution with { Payments = [] } };
    }

    private IExchangeRatesGrain Rates => grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key);

    private DateTimeOffset Now => clock.GetUtcNow();

    private static bool SameTerms(Contribution existing, Guid donorId, PledgeCommand command) =>
        existing.DonorId == donorId
        && existing.FundId == command.FundId
        && existing.Terms.Amount == command.Amount
        && existing.Terms.PledgeDate == command.PledgeDate
        && existing.Terms.Earmark == command.Earmark
        && existing.Terms.Psc == command.Psc
        && existing.Terms.RefundUnspent == command.RefundUnspent;
}
