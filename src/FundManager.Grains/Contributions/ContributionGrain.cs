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

/// <summary>A payment reversal written down before the fund is asked to give the cash back, so a crash in between is finished later.</summary>
[GenerateSerializer, Immutable, Alias("fm.PendingReversal")]
public sealed record PendingReversal([property: Id(0)] string PaymentKey, [property: Id(1)] Caller By, [property: Id(2)] DateTimeOffset At, [property: Id(3)] string Reason);

[GenerateSerializer, Alias("fm.ContributionState")]
public sealed record ContributionState(
    [property: Id(0)] Contribution? Contribution,
    [property: Id(1)] Outbox Outbox,
    [property: Id(2)] PendingReversal? PendingReversal = null) : IOutboxState<ContributionState>
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

[GenerateSerializer, Alias("fm.CreditFundingPool")]
public sealed record CreditFundingPool(
    [property: Id(0)] string FundId,
    [property: Id(1)] string Key,
    [property: Id(2)] Guid ContributionId,
    [property: Id(3)] Money Usd,
    [property: Id(4)] DateOnly ValueDate) : OutboxMessage
{
    public override Task DeliverAsync(IGrainFactory grains) =>
        grains.GetGrain<IFundBooksGrain>(FundId).CreditReceipt(Key, ContributionId, Usd, ValueDate);
}

/// <summary>A contribution agreement: the pledge and the payments against it.</summary>
public sealed class ContributionGrain(
    [PersistentState("contribution", StorageNames.Grains)] IPersistentState<ContributionState> state,
    OutboxCourier courier,
    IGrainFactory grains,
    IJournal journal,
    TimeProvider clock,
    ILogger<ContributionGrain> logger)
    : OutboxGrain<ContributionState>(state, courier, logger), IContributionGrain, IContributionAgreementGrain, IAuditable
{
    public object? AuditState() => State.Contribution;

    private readonly ILogger<ContributionGrain> _logger = logger;

    private Guid ContributionId => this.GetPrimaryKey();

    private Contribution Existing =>
        State.Contribution ?? throw RuleViolationException.NotFound("unknown-contribution", $"There is no contribution {ContributionId}.");

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
        Task.FromResult(State.Contribution?.Payments.Select(p => p.RecordedBy).ToImmutableSortedSet() ?? []);

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
        await FinishPendingReversalAsync();
        var contribution = Existing;
        caller.Require(Role.FinanceOfficer);
        if (contribution.Replay(command.IdempotencyKey, command.Amount, command.ValueDate) is { } recorded)
        {
            await DeliverPendingAsync();
            return recorded;
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        contribution.CheckPayment(command.IdempotencyKey, command.Amount, command.ValueDate, caller, today);
        var rate = await grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).InForceOn(contribution.Currency, command.ValueDate);
        var (after, payment) = contribution.RecordPayment(command.IdempotencyKey, command.Amount, command.ValueDate, rate, caller, clock.GetUtcNow(), today);
        var outbox = State.Outbox
            .Post(PostingRules.Payment(after, payment))
            .Send(new CreditFundingPool(after.FundId, PostingRules.PaymentKey(after.Id, payment.Key), after.Id, payment.Received.Usd, payment.ValueDate));
        await CommitAsync(State with { Contribution = after, Outbox = outbox });
        return payment;
    }

    async Task<Contribution> IContributionGrain.ReversePayment(Caller caller, string paymentKey, string reason)
    {
        await FinishPendingReversalAsync();
        var contribution = Existing;
        var (_, reversed) = contribution.ReversePayment(paymentKey, reason, caller, Now);
        if (contribution.Payments.Single(p => p.Key == paymentKey).IsReversed)
        {
            await DeliverPendingAsync();
            return contribution;
        }
        await CommitAsync(State with { PendingReversal = new PendingReversal(paymentKey, caller, reversed.Reversal!.At, reversed.Reversal.Reason) });
        return await CompleteReversalAsync(State.PendingReversal!);
    }

    async Task<Contribution> IContributionGrain.Amend(Caller caller, AmendmentCommand command)
    {
        await FinishPendingReversalAsync();
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
        await FinishPendingReversalAsync();
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
        try
        {
            await FinishPendingReversalAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Could not finish the pending reversal of payment {Payment} on contribution {Contribution}", State.PendingReversal?.PaymentKey, ContributionId);
        }
    }

    /// <summary>A reversal interrupted half-way is finished (or found refused) before anything else touches the money.</summary>
    private async Task FinishPendingReversalAsync()
    {
        if (State.PendingReversal is not { } pending)
        {
            return;
        }
        // The fund must know this contribution's cash before it can give any of it back.
        await FlushAsync(CancellationToken.None);
        try
        {
            await CompleteReversalAsync(pending);
        }
        catch (RuleViolationException)
        {
            // The fund refused; the pending reversal is cleared and nothing changed.
        }
    }

    private async Task<Contribution> CompleteReversalAsync(PendingReversal pending)
    {
        var contribution = Existing;
        var (after, reversed) = contribution.ReversePayment(pending.PaymentKey, pending.Reason, pending.By, pending.At);
        var key = PostingRules.ReversalKey(PostingRules.PaymentKey(contribution.Id, reversed.Key));
        try
        {
            await grains.GetGrain<IFundBooksGrain>(contribution.FundId).WithdrawReceipt(key, contribution.Id, reversed.Received.Usd);
        }
        catch (RuleViolationException)
        {
            // Refused (the cash is allocated): nothing was taken back, so nothing is reversed.
            await CommitAsync(State with { PendingReversal = null });
            throw;
        }
        await CommitAsync(State with { Contribution = after, PendingReversal = null, Outbox = State.Outbox.Post(PostingRules.PaymentReversal(after, reversed)) });
        return after;
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
