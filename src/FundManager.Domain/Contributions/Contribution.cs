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
    [property: Id(6)] DateTimeOffset RecordedAt,
    [property: Id(7)] Correction? Reversal = null)
{
    /// <summary>Gain (positive) or loss (negative) against the receivable's carrying value.</summary>
    public Money ExchangeDifference => Received.Usd - SettledReceivable;

    public bool IsReversed => Reversal is not null;
}

/// <summary>Who corrected something, when and why.</summary>
[GenerateSerializer, Immutable, Alias("fm.Correction")]
public sealed record Correction([property: Id(0)] string By, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string Reason);

/// <summary>A month-end revaluation of what is outstanding on a foreign-currency pledge.</summary>
[GenerateSerializer, Immutable, Alias("fm.Revaluation")]
public sealed record Revaluation(
    [property: Id(0)] DateOnly MonthEnd,
    [property: Id(1)] decimal Rate,
    [property: Id(2)] Money Outstanding,
    [property: Id(3)] Money Difference,
    [property: Id(4)] string By,
    [property: Id(5)] DateTimeOffset At);

public enum AmendmentKind
{
    Increase = 1,
    Decrease = 2,
    CancelUnpaidRest = 3,
}

/// <summary>A change to what a donor promised, journaled with who made it and why.</summary>
[GenerateSerializer, Immutable, Alias("fm.PledgeAmendment")]
public sealed record PledgeAmendment(
    [property: Id(0)] int Number,
    [property: Id(1)] AmendmentKind Kind,
    [property: Id(2)] Money Change,
    [property: Id(3)] Money UsdChange,
    [property: Id(4)] decimal Rate,
    [property: Id(5)] DateOnly EffectiveDate,
    [property: Id(6)] string By,
    [property: Id(7)] DateTimeOffset At,
    [property: Id(8)] string Reason,
    [property: Id(9)] string Key);

/// <summary>What a donor promised: the terms of one contribution agreement.</summary>
[GenerateSerializer, Immutable, Alias("fm.PledgeTerms")]
public sealed record PledgeTerms(
    [property: Id(0)] Money Amount,
    [property: Id(1)] DateOnly PledgeDate,
    [property: Id(2)] Earmark Earmark,
    [property: Id(3)] PscRate Psc,
    [property: Id(4)] InstalmentSchedule Schedule,
    [property: Id(5)] string? Reference,
    [property: Id(6)] bool RefundUnspent = false);

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
    [Id(8)] public ImmutableList<Revaluation> Revaluations { get; init; } = [];
    [Id(9)] public ImmutableList<PledgeAmendment> Amendments { get; init; } = [];

    public Currency Currency => Terms.Amount.Currency;
    public IEnumerable<ContributionPayment> Standing => Payments.Where(p => !p.IsReversed);
    public Money Paid => Money.Sum(Standing.Select(p => p.Amount), Currency);
    public Money Outstanding => Terms.Amount - Paid;
    public Money ReceivedUsd => Money.Sum(Standing.Select(p => p.Received.Usd), Currency.Usd);

    /// <summary>The receivable still on the books in USD: as booked, amended and revalued, less what payments settled.</summary>
    public Money ReceivableUsd =>
        Booked.Usd
        + Money.Sum(Amendments.Select(a => a.UsdChange), Currency.Usd)
        + Money.Sum(Revaluations.Select(r => r.Difference), Currency.Usd)
        - Money.Sum(Standing.Select(p => p.SettledReceivable), Currency.Usd);

    /// <summary>The receivable's carrying rate: units of the pledge currency per USD it is on the books at.</summary>
    public decimal CarryingRate => ReceivableUsd.IsPositive ? decimal.Round(Outstanding.Amount / ReceivableUsd.Amount, 10) : Booked.Rate;

    public static Contribution Pledge(Guid id, string fundId, Guid donorId, PledgeTerms terms, ExchangeRate pledgeDateRate, Caller by, DateTimeOffset at)
    {
        by.Require(Role.Donor, Role.FinanceOfficer);
        by.RequireDonorAccess(donorId);
        // The PSC rate and what happens to unspent money are terms finance agrees with the donor;
        // a donor pledging on its own gets the fund's standard terms and cannot set others.
        if (!by.Has(Role.FinanceOfficer) && (terms.Psc != PscRate.Standard || terms.RefundUnspent))
        {
            throw RuleViolationException.Forbidden(
                "terms-set-by-finance",
                $"A donor's own pledge carries the standard PSC rate of {PscRate.Standard} and no refund of unspent money; a finance officer sets other terms.");
        }
        if (!terms.Amount.IsPositive)
        {
            throw RuleViolationException.Invalid("amount-not-positive", "A pledge must be greater than zero.");
        }
        if (terms.Schedule.Total != terms.Amount)
        {
            throw RuleViolationException.Invalid("schedule-does-not-add-up", $"The instalments add up to {terms.Schedule.Total}, not to the pledge of {terms.Amount}.");
        }
        var booked = pledgeDateRate.ToUsd(terms.Amount);
        if (booked.Usd.IsZero)
        {
            throw RuleViolationException.Invalid("amount-too-small", $"{terms.Amount} is worth less than a cent; the books cannot record it.");
        }
        return new Contribution
        {
            Id = id,
            FundId = fundId,
            DonorId = donorId,
            Terms = terms,
            Booked = booked,
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
        if (received.Usd.IsZero || settled.IsZero)
        {
            throw RuleViolationException.Invalid("payment-too-small", $"{amount} is worth less than a cent; the books cannot record it.");
        }
        var payment = new ContributionPayment(key, amount, valueDate, received, settled, by.UserName, at);
        return (this with { Payments = Payments.Add(payment) }, payment);
    }

    /// <summary>
    /// Revalues what is outstanding at a month-end rate. The difference to the carrying value is
    /// an unrealised exchange gain or loss. Months are revalued in order, each once.
    /// </summary>
    public (Contribution After, Revaluation Revaluation) Revalue(DateOnly monthEnd, ExchangeRate rate, Caller by, DateTimeOffset at)
    {
        by.Require(Role.FinanceOfficer, Role.Scheduler);
        if (Currency == Currency.Usd)
        {
            throw RuleViolationException.Invalid("nothing-to-revalue", "A USD pledge needs no revaluation.");
        }
        if (monthEnd.AddDays(1).Day != 1)
        {
            throw RuleViolationException.Invalid("not-a-month-end", $"{monthEnd:yyyy-MM-dd} is not the last day of a month.");
        }
        if (monthEnd < Terms.PledgeDate)
        {
            throw RuleViolationException.Invalid("revaluation-before-pledge", $"The pledge of {Terms.PledgeDate:yyyy-MM-dd} did not exist at {monthEnd:yyyy-MM-dd}.");
        }
        if (Revaluations.Any(r => r.MonthEnd >= monthEnd))
        {
            throw RuleViolationException.Conflict("already-revalued", $"This pledge is already revalued at {Revaluations.Max(r => r.MonthEnd):yyyy-MM-dd}; months are revalued in order, once.");
        }
        if (!Outstanding.IsPositive)
        {
            throw RuleViolationException.Invalid("nothing-to-revalue", "Nothing is outstanding on this pledge.");
        }
        var carried = rate.ToUsd(Outstanding).Usd;
        var revaluation = new Revaluation(monthEnd, rate.UnitsPerUsd, Outstanding, carried - ReceivableUsd, by.UserName, at);
        return (this with { Revaluations = Revaluations.Add(revaluation) }, revaluation);
    }

    /// <summary>Takes back a payment recorded by mistake; the pledge is outstanding again by that amount. Idempotent.</summary>
    public (Contribution After, ContributionPayment Reversed) ReversePayment(string key, string reason, Caller by, DateTimeOffset at)
    {
        by.Require(Role.FinanceOfficer);
        var payment = Payments.FirstOrDefault(p => p.Key == key)
            ?? throw RuleViolationException.NotFound("unknown-payment", $"This pledge has no payment '{key}'.");
        if (payment.IsReversed)
        {
            // Asking again changes nothing: a reversal happens once.
            return (this, payment);
        }
        if (Revaluations.Any(r => r.At > payment.RecordedAt))
        {
            throw RuleViolationException.Conflict("revalued-since", $"Payment '{key}' was followed by a revaluation; amend the pledge instead of reversing the payment.");
        }
        var reversed = payment with { Reversal = new Correction(by.UserName, at, RequireReason(reason)) };
        return (this with { Payments = Payments.Replace(payment, reversed) }, reversed);
    }

    /// <summary>Adds to a pledge: the increase is booked at the rate in force on its effective date.</summary>
    public (Contribution After, PledgeAmendment Amendment) Increase(
        string key, Money amount, DateOnly effectiveDate, IReadOnlyList<(DateOnly DueDate, decimal Amount)> instalments, ExchangeRate rate, string reason, Caller by, DateTimeOffset at)
    {
        by.Require(Role.FinanceOfficer);
        if (amount.Currency != Currency || !amount.IsPositive)
        {
            throw RuleViolationException.Invalid("invalid-amendment", $"An increase is a positive amount in {Currency.Code}.");
        }
        BusinessDates.EnsureInRange(effectiveDate, "The amendment's effective date");
        var added = InstalmentSchedule.For(amount, effectiveDate, instalments);
        var schedule = InstalmentSchedule.For(
            Terms.Amount + amount,
            Terms.PledgeDate,
            [.. Terms.Schedule.Instalments.Concat(added.Instalments).OrderBy(i => i.DueDate).Select(i => (i.DueDate, i.Amount.Amount))]);
        var usd = rate.ToUsd(amount).Usd;
        if (usd.IsZero)
        {
            throw RuleViolationException.Invalid("amount-too-small", $"{amount} is worth less than a cent; the books cannot record it.");
        }
        var amendment = new PledgeAmendment(Amendments.Count + 1, AmendmentKind.Increase, amount, usd, rate.UnitsPerUsd, effectiveDate, by.UserName, at, RequireReason(reason), RequireKey(key));
        return (this with { Terms = Terms with { Amount = Terms.Amount + amount, Schedule = schedule }, Amendments = Amendments.Add(amendment) }, amendment);
    }

    /// <summary>
    /// Reduces what is still to be paid; the last instalments shrink first. The receivable falls by
    /// its carrying value of the amount (all of it when nothing is left, so no cent stays behind).
    /// </summary>
    public (Contribution After, PledgeAmendment Amendment) Decrease(string key, Money amount, DateOnly effectiveDate, string reason, Caller by, DateTimeOffset at, bool cancelRest = false)
    {
        by.Require(Role.FinanceOfficer);
        if (amount.Currency != Currency || !amount.IsPositive)
        {
            throw RuleViolationException.Invalid("invalid-amendment", $"A decrease is a positive amount in {Currency.Code}.");
        }
        if (amount > Outstanding)
        {
            throw RuleViolationException.Conflict("decrease-exceeds-outstanding", $"Only {Outstanding} is still to be paid; a pledge cannot shrink below what was paid.");
        }
        BusinessDates.EnsureInRange(effectiveDate, "The amendment's effective date");
        var usd = amount == Outstanding ? ReceivableUsd : Money.Round(ReceivableUsd.Amount * amount.Amount / Outstanding.Amount, Currency.Usd);
        if (usd.IsZero && amount != Outstanding)
        {
            throw RuleViolationException.Invalid("amount-too-small", $"{amount} is worth less than a cent; the books cannot record it.");
        }
        var remaining = amount;
        var instalments = new List<(DateOnly, decimal)>();
        foreach (var instalment in Terms.Schedule.Instalments.Reverse())
        {
            var cut = Money.Min(remaining, instalment.Amount);
            remaining -= cut;
            if ((instalment.Amount - cut).IsPositive)
            {
                instalments.Insert(0, (instalment.DueDate, (instalment.Amount - cut).Amount));
            }
        }
        var newAmount = Terms.Amount - amount;
        var schedule = newAmount.IsPositive ? InstalmentSchedule.For(newAmount, Terms.PledgeDate, instalments) : InstalmentSchedule.None(Currency);
        var kind = cancelRest ? AmendmentKind.CancelUnpaidRest : AmendmentKind.Decrease;
        var amendment = new PledgeAmendment(Amendments.Count + 1, kind, -amount, -usd, CarryingRate, effectiveDate, by.UserName, at, RequireReason(reason), RequireKey(key));
        return (this with { Terms = Terms with { Amount = newAmount, Schedule = schedule }, Amendments = Amendments.Add(amendment) }, amendment);
    }

    /// <summary>The amendment already made under this key, when the same amendment is retried.</summary>
    public PledgeAmendment? ReplayAmendment(string key) => Amendments.FirstOrDefault(a => a.Key == key);

    private string RequireKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 100)
        {
            throw RuleViolationException.Invalid("idempotency-key-required", "An amendment carries an idempotency key of 1 to 100 characters.");
        }
        return ReplayAmendment(key) is null ? key : throw RuleViolationException.Conflict("idempotency-key-reused", $"Amendment key '{key}' was already used.");
    }

    private static string RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? throw RuleViolationException.Invalid("reason-required", "Say why: corrections and amendments need a reason.")
            : reason.Trim();
}
