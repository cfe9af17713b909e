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

[GenerateSerializer, Alias("fm.ContributionState")]
public sealed record ContributionState([property: Id(0)] Contribution? Contribution, [property: Id(1)] Outbox Outbox) : IOutboxState<ContributionState>
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
    [property: Id(5)] DateOnly PledgeDate) : OutboxMessage
{
    public override Task DeliverAsync(IGrainFactory grains) =>
        grains.GetGrain<IFundBooksGrain>(FundId).RegisterContribution(ContributionId, DonorId, Earmark, Psc, PledgeDate);
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
    TimeProvider clock,
    ILogger<ContributionGrain> logger)
    : OutboxGrain<ContributionState>(state, courier, logger), IContributionGrain, IContributionAgreementGrain
{
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
        var terms = new PledgeTerms(command.Amount, command.PledgeDate, command.Earmark, command.Psc, schedule, command.Reference);
        if (!await grains.GetGrain<IFundBooksGrain>(command.FundId).Exists())
        {
            throw RuleViolationException.NotFound("unknown-fund", $"There is no fund '{command.FundId}'.");
        }
        var rate = await grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).InForceOn(command.Amount.Currency, command.PledgeDate);
        var contribution = Contribution.Pledge(ContributionId, command.FundId, donorId, terms, rate, caller, clock.GetUtcNow());
        var outbox = State.Outbox
            .Post(PostingRules.Pledge(contribution))
            .Send(new OpenFundingPool(command.FundId, ContributionId, donorId, terms.Earmark, terms.Psc, terms.PledgeDate));
        await CommitAsync(new ContributionState(contribution, outbox));
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

    async Task<ContributionPayment> IContributionGrain.RecordPayment(Caller caller, PaymentCommand command)
    {
        var contribution = Existing;
        caller.Require(Role.FinanceOfficer);
        if (contribution.Replay(command.IdempotencyKey, command.Amount, command.ValueDate) is { } recorded)
        {
            await FlushAsync(CancellationToken.None);
            return recorded;
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        contribution.CheckPayment(command.IdempotencyKey, command.Amount, command.ValueDate, caller, today);
        var rate = await grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).InForceOn(contribution.Currency, command.ValueDate);
        var (after, payment) = contribution.RecordPayment(command.IdempotencyKey, command.Amount, command.ValueDate, rate, caller, clock.GetUtcNow(), today);
        var outbox = State.Outbox
            .Post(PostingRules.Payment(after, payment))
            .Send(new CreditFundingPool(after.FundId, PostingRules.PaymentKey(after.Id, payment.Key), after.Id, payment.Received.Usd, payment.ValueDate));
        await CommitAsync(new ContributionState(after, outbox));
        return payment;
    }

    private static bool SameTerms(Contribution existing, Guid donorId, PledgeCommand command) =>
        existing.DonorId == donorId
        && existing.FundId == command.FundId
        && existing.Terms.Amount == command.Amount
        && existing.Terms.PledgeDate == command.PledgeDate
        && existing.Terms.Earmark == command.Earmark
        && existing.Terms.Psc == command.Psc;
}
