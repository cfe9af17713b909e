using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;

namespace FundManager.Domain.Contributions;

/// <summary>Cash received against a pledge, with how it was converted and what it settled.</summary>
[GenerateSerializer, Immutable, Alias("fm.ContributionPayment")]
public sealed record ContributionPayment(
    [property: Id(0)] string Key,
    [property: Id(1)] Money Amount,
    [property: Id(2)] DateOnly ValueDate,
    [property: Id(3)] UsdValue Received,
    [property: Id(4)] Money SettledReceivable,
    [property: Id(5)] string RecordedBy,
    [property: Id(6)] DateTimeOffset RecordedAt)
{
    /// <summary>Gain (positive) or loss (negative) against the receivable's booked value.</summary>
    public Money ExchangeDifference => Received.Usd - SettledReceivable;
}

/// <summary>What a donor promised: the terms of one contribution agreement.</summary>
[GenerateSerializer, Immutable, Alias("fm.PledgeTerms")]
public sealed record PledgeTerms(
    [property: Id(0)] Money Amount,
    [property: Id(1)] DateOnly PledgeDate,
    [property: Id(2)] Earmark Earmark,
    [property: Id(3)] PscRate Psc,
    [property: Id(4)] InstalmentSchedule Schedule,
    [property: Id(5)] string? Reference);

/// <summary>
/// A contribution agreement: the pledge, its booked USD value, and the payments made against it.
/// The single writer of "a payment above what is outstanding is refused".
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.Contribution")]
public sealed record Contribution
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string FundId { get; init; }
    [Id(2)] public required Guid DonorId { get; init; }
    [Id(3)] public required PledgeTerms Terms { get; init; }
    /// <summary>The pledge in USD at the pledge date's rate: the receivable as first booked.</summary>
    [Id(4)] public required UsdValue Booked { get; init; }
    [Id(5)] public required string RecordedBy { get; init; }
    [Id(6)] public required DateTimeOffset RecordedAt { get; init; }
    [Id(7)] public ImmutableList<ContributionPayment> Payments { get; init; } = [];

    public Currency Currency => Terms.Amount.Currency;
    public Money Paid => Money.Sum(Payments.Select(p => p.Amount), Currency);
    public Money Outstanding => Terms.Amount - Paid;
    public Money ReceivedUsd => Money.Sum(Payments.Select(p => p.Received.Usd), Currency.Usd);
    /// <summary>The receivable still on the books in USD.</summary>
    public Money ReceivableUsd => Booked.Usd - Money.Sum(Payments.Select(p => p.SettledReceivable), Currency.Usd);

    public static Contribution Pledge(Guid id, string fundId, Guid donorId, PledgeTerms terms, ExchangeRate pledgeDateRate, Caller by, DateTimeOffset at)
    {
        by.Require(Role.Donor, Role.FinanceOfficer);
        by.RequireDonorAccess(donorId);
        if (!terms.Amount.IsPositive)
        {
            throw RuleViolationException.Invalid("amount-not-positive", "A pledge must be greater than zero.");
        }
        if (terms.Schedule.Total != terms.Amount)
        {
            throw RuleViolationException.Invalid("schedule-does-not-add-up", $"The instalments add up to {terms.Schedule.Total}, not to the pledge of {terms.Amount}.");
        }
        return new Contribution
        {
            Id = id,
            FundId = fundId,
            DonorId = donorId,
            Terms = terms,
            Booked = pledgeDateRate.ToUsd(terms.Amount),
            RecordedBy = by.UserName,
            RecordedAt = at,
        };
    }

    /// <summary>The payment already recorded under this key, if the same payment is being retried.</summary>
    public ContributionPayment? Replay(string key, Money amount, DateOnly valueDate)
    {
        var existing = Payments.FirstOrDefault(p => p.Key == key);
        if (existing is null)
        {
            return null;
        }
        if (existing.Amount != amount || existing.ValueDate != valueDate)
        {
            throw RuleViolationException.Conflict(
                "idempotency-key-reused",
                $"Payment key '{key}' already recorded {existing.Amount} on {existing.ValueDate:yyyy-MM-dd}; a different payment needs a new key.");
        }
        return existing;
    }

    /// <summary>Every check a payment must pass that does not need its exchange rate.</summary>
    public void CheckPayment(string key, Money amount, DateOnly valueDate, Caller by, DateOnly today)
    {
        by.Require(Role.FinanceOfficer);
        if (string.IsNullOrWhiteSpace(key) || key.Length > 100)
        {
            throw RuleViolationException.Invalid("idempotency-key-required", "A payment carries an idempotency key of 1 to 100 characters.");
        }
        if (amount.Currency != Currency)
        {
            throw RuleViolationException.Invalid("currency-mismatch", $"This pledge is in {Currency.Code}; record the payment in {Currency.Code}, not {amount.Currency.Code}.");
        }
        if (!amount.IsPositive)
        {
            throw RuleViolationException.Invalid("amount-not-positive", "A payment must be greater than zero.");
        }
        BusinessDates.EnsureInRange(valueDate, "The value date");
        if (valueDate > today)
        {
            throw RuleViolationException.Invalid("value-date-in-future", $"The value date {valueDate:yyyy-MM-dd} is in the future; record cash once it has arrived.");
        }
        if (valueDate < Terms.PledgeDate)
        {
            throw RuleViolationException.Invalid("value-date-before-pledge", $"The value date {valueDate:yyyy-MM-dd} is before the pledge date {Terms.PledgeDate:yyyy-MM-dd}.");
        }
        if (amount > Outstanding)
        {
            throw RuleViolationException.Conflict(
                "payment-exceeds-outstanding",
                $"A payment of {amount} is more than the {Outstanding} outstanding on this pledge.");
        }
    }

    /// <summary>
    /// Records cash received. It settles the receivable at its booked value, in proportion to the
    /// amount paid (all of what is left when the pledge is paid in full, so no stray cent stays on
    /// the books); the difference to the USD actually received is an exchange gain or loss.
    /// </summary>
    public (Contribution After, ContributionPayment Payment) RecordPayment(
        string key, Money amount, DateOnly valueDate, ExchangeRate rate, Caller by, DateTimeOffset at, DateOnly today)
    {
        CheckPayment(key, amount, valueDate, by, today);
        var received = rate.ToUsd(amount);
        var settled = amount == Outstanding
            ? ReceivableUsd
            : Money.Round(ReceivableUsd.Amount * amount.Amount / Outstanding.Amount, Currency.Usd);
        var payment = new ContributionPayment(key, amount, valueDate, received, settled, by.UserName, at);
        return (this with { Payments = Payments.Add(payment) }, payment);
    }
}
