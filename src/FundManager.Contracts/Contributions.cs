using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;

namespace FundManager.Contracts;

[GenerateSerializer, Immutable, Alias("fm.DonorView")]
public sealed record DonorView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DonorProfile Profile,
    [property: Id(2)] ImmutableList<Guid> Contributions,
    [property: Id(3)] string RegisteredBy,
    [property: Id(4)] DateTimeOffset RegisteredAt,
    [property: Id(5)] bool Anonymous = false);

[GenerateSerializer, Immutable, Alias("fm.InstalmentInput")]
public sealed record InstalmentInput([property: Id(0)] DateOnly DueDate, [property: Id(1)] decimal Amount);

/// <summary>A pledge as a donor or finance officer enters it.</summary>
[GenerateSerializer, Immutable, Alias("fm.PledgeCommand")]
public sealed record PledgeCommand(
    [property: Id(0)] string FundId,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] Money Amount,
    [property: Id(3)] DateOnly PledgeDate,
    [property: Id(4)] Earmark Earmark,
    [property: Id(5)] PscRate Psc,
    [property: Id(6)] ImmutableList<InstalmentInput> Instalments,
    [property: Id(7)] string? Reference,
    [property: Id(8)] bool RefundUnspent = false);

[GenerateSerializer, Immutable, Alias("fm.PaymentCommand")]
public sealed record PaymentCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] Money Amount,
    [property: Id(2)] DateOnly ValueDate);

/// <summary>A change to a pledge. Increase names the amount and its instalments; Decrease the amount; CancelUnpaidRest neither.</summary>
[GenerateSerializer, Immutable, Alias("fm.AmendmentCommand")]
public sealed record AmendmentCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] AmendmentKind Kind,
    [property: Id(2)] Money? Amount,
    [property: Id(3)] DateOnly EffectiveDate,
    [property: Id(4)] ImmutableList<InstalmentInput> Instalments,
    [property: Id(5)] string Reason);

/// <summary>A donor: its profile and the contributions it has pledged.</summary>
[Alias("fm.IDonorGrain")]
public interface IDonorGrain : IGrainWithGuidKey
{
    /// <summary>Registers the donor; registering it again with the same profile changes nothing.</summary>
    Task<DonorView> Register(Caller caller, DonorProfile profile);

    [Query, Orleans.Concurrency.AlwaysInterleave]
    Task<DonorView> Describe(Caller caller);

    /// <summary>Pledges a contribution. The same idempotency key always yields the same contribution.</summary>
    Task<Contribution> Pledge(Caller caller, PledgeCommand command);

    [Query]
    Task<ImmutableList<Contribution>> Contributions(Caller caller);

    /// <summary>The donor's statement as of a date (today when null), optionally for one fund.</summary>
    [Query]
    Task<DonorStatement> Statement(Caller caller, string? fundId, DateOnly? asOf);

    /// <summary>
    /// Whether the public pages name the donor (the default) or show it as an anonymous donor, as
    /// the donor asked (administrators and finance officers).
    /// </summary>
    Task<DonorView> SetAnonymous(Caller caller, bool anonymous);
}

/// <summary>What other grains ask of a donor; grain-to-grain only.</summary>
[Alias("fm.IDonorLedgerGrain")]
public interface IDonorLedgerGrain : IGrainWithGuidKey, IInternalGrain
{
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> Exists();
}

/// <summary>Every donor on this installation (one grain, key <see cref="Key"/>).</summary>
[Alias("fm.IDonorDirectoryGrain")]
public interface IDonorDirectoryGrain : IGrainWithStringKey
{
    const string Key = "all";

    [Query]
    Task<ImmutableList<DonorView>> List(Caller caller);
}

[Alias("fm.IDonorDirectoryRegistrar")]
public interface IDonorDirectoryRegistrar : IGrainWithStringKey, IInternalGrain
{
    Task Register(Guid donorId);
}

/// <summary>A contribution agreement: the single writer of its payments and what is outstanding.</summary>
[Alias("fm.IContributionGrain")]
public interface IContributionGrain : IGrainWithGuidKey
{
    [Query, Orleans.Concurrency.AlwaysInterleave]
    Task<Contribution> Describe(Caller caller);

    /// <summary>What this contribution paid for: the projects, tranches and dates, as of a date (today when null).</summary>
    [Query, Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableList<FundedDisbursement>> PaidFor(Caller caller, DateOnly? asOf);

    /// <summary>Records cash received; the same idempotency key records one payment, however often it is sent.</summary>
    Task<ContributionPayment> RecordPayment(Caller caller, PaymentCommand command);

    /// <summary>Takes back a payment recorded by mistake with a reversal entry that points to it; asking twice reverses once.</summary>
    Task<Contribution> ReversePayment(Caller caller, string paymentKey, string reason);

    /// <summary>Increases, decreases or cancels the unpaid rest of the pledge, journaled with who and why.</summary>
    Task<Contribution> Amend(Caller caller, AmendmentCommand command);

    /// <summary>Revalues what is outstanding at a month-end rate; null when there is nothing to revalue. Once per month.</summary>
    Task<Revaluation?> Revalue(Caller caller, DateOnly monthEnd);
}

/// <summary>How a donor opens a contribution, and what projects ask of it; grain-to-grain only.</summary>
[Alias("fm.IContributionAgreementGrain")]
public interface IContributionAgreementGrain : IGrainWithGuidKey, IInternalGrain
{
    Task<Contribution> Open(Caller caller, Guid donorId, PledgeCommand command);

    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> IsOpen();

    /// <summary>Who recorded payments into this contribution (for segregation of duties).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableSortedSet<string>> PaymentRecorders();
}

/// <summary>One disbursement a contribution paid for.</summary>
[GenerateSerializer, Immutable, Alias("fm.FundedDisbursement")]
public sealed record FundedDisbursement(
    [property: Id(0)] Guid ProjectId,
    [property: Id(1)] string ProjectCode,
    [property: Id(2)] string ProjectTitle,
    [property: Id(3)] int Tranche,
    [property: Id(4)] DateOnly PaidOn,
    [property: Id(5)] Money Direct,
    [property: Id(6)] Money Psc,
    [property: Id(7)] bool Reversal = false);

[GenerateSerializer, Immutable, Alias("fm.ContributionStatement")]
public sealed record ContributionStatement(
    [property: Id(0)] Guid ContributionId,
    [property: Id(1)] string FundId,
    [property: Id(2)] string? Reference,
    [property: Id(3)] Earmark Earmark,
    [property: Id(4)] DateOnly PledgeDate,
    [property: Id(5)] Money Pledged,
    [property: Id(6)] Money PledgedUsd,
    [property: Id(7)] Money Paid,
    [property: Id(8)] Money ReceivedUsd,
    [property: Id(9)] Money Outstanding,
    [property: Id(10)] ImmutableList<ContributionPayment> Payments,
    [property: Id(11)] ImmutableList<FundedDisbursement> PaidFor,
    [property: Id(12)] Money OutstandingUsd,
    [property: Id(13)] ImmutableList<PledgeAmendment> Amendments);

/// <summary>
/// A donor's statement as of a date: what it pledged and paid, what is outstanding, and what its
/// money paid for. USD figures come from the journal as of the date, so a past statement comes out
/// as it was then; amounts in the pledge's currency count amendments and payments dated by then.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.DonorStatement")]
public sealed record DonorStatement(
    [property: Id(0)] Guid DonorId,
    [property: Id(1)] string DonorName,
    [property: Id(2)] DateOnly AsOf,
    [property: Id(3)] ImmutableList<ContributionStatement> Contributions,
    [property: Id(4)] Money PledgedUsd,
    [property: Id(5)] Money ReceivedUsd,
    [property: Id(6)] Money DisbursedUsd,
    [property: Id(7)] Money PscUsd);
