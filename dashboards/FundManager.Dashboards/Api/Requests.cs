using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;

namespace FundManager.Dashboards.Api;

// The shapes callers send. Each one is turned into domain values here, at the edge, where a bad
// value becomes a 400 that names the field; the grains then trust what they receive. Every string
// in them is checked by RequestValidation against the TextRule its field's name gives it, and a
// request with rules of its own implements IValidatedRequest.

/// <summary>A request with rules beyond its fields' text: each names the field it is about.</summary>
public interface IValidatedRequest
{
    IEnumerable<FieldRule> Rules();
}

/// <summary>A check of one field; it throws a <see cref="RuleViolationException"/> when the field is wrong.</summary>
public sealed record FieldRule(string Field, Action Check);

/// <summary>
/// What text a field may hold. Nothing a caller sends may contain control characters (PostgreSQL
/// cannot store NUL, and no name or key means anything with a bell or an escape in it) or half a
/// surrogate pair (it is not text at all); prose may break lines. Lengths are generous for their
/// purpose and keep megabyte strings out of keys, indexes and the audit trail.
/// </summary>
public sealed record TextRule(int MaxLength, bool Prose, bool Secret = false)
{
    public static TextRule Key { get; } = new(100, Prose: false);
    public static TextRule Line { get; } = new(200, Prose: false);
    public static TextRule Text { get; } = new(4000, Prose: true);
    public static TextRule Token { get; } = new(4000, Prose: false);
    // A password is never stored or shown, only hashed: any character may be in it.
    public static TextRule Password { get; } = new(200, Prose: false, Secret: true);

    /// <summary>The rule for a field, by the name the caller sends it under.</summary>
    public static TextRule For(string field) => field switch
    {
        _ when field.EndsWith("password", StringComparison.OrdinalIgnoreCase) => Password,
        "refreshToken" => Token,
        _ when EndsWithAny(field, "description", "reason", "note", "comment") => Text,
        _ when EndsWithAny(field, "key", "id", "code", "identifier", "ref", "head") => Key,
        _ => Line,
    };

    /// <summary>What is wrong with the text, or null.</summary>
    public string? Problem(string text)
    {
        if (text.Length > MaxLength)
        {
            return $"is {text.Length} characters long; at most {MaxLength} are allowed.";
        }
        if (Secret)
        {
            return null;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return $"holds half a surrogate pair at position {i}, which is not text.";
            }
            if (char.IsControl(c) && !(Prose && c is '\n' or '\r' or '\t'))
            {
                return $"holds the control character U+{(int)c:X4} at position {i}; {(Prose ? "only line breaks and tabs are" : "none is")} allowed.";
            }
        }
        return null;
    }

    private static bool EndsWithAny(string field, params string[] endings) =>
        endings.Any(e => field.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}

public sealed record SignInRequest(string UserName, string Password);

public sealed record RefreshRequest(string RefreshToken);

public sealed record CreateFundRequest(string Id, string Name, string? Description, decimal SecondApproverAboveUsd) : IValidatedRequest
{
    public IEnumerable<FieldRule> Rules() => [new("id", () => Fund.RequireValidId(Id))];
}

public sealed record ThresholdRequest(decimal AmountUsd);

public sealed record PublicationRequest(bool Published);

public sealed record AnonymityRequest(bool Anonymous);

public sealed record CreateUserRequest(string UserName, string DisplayName, ImmutableSortedSet<Role> Roles, Guid? DonorId, string Password)
{
    public NewUser ToNewUser() => new(DisplayName, Roles ?? [], DonorId, Password);
}

/// <summary>A new password; changing one's own needs the current one too.</summary>
public sealed record PasswordRequest(string Password, string? CurrentPassword = null);

public sealed record DisabledRequest(bool Disabled);

public sealed record RegisterDonorRequest(string Name, DonorType Type, string? Country, string? IatiIdentifier)
{
    public DonorProfile ToProfile() => new(Name, Type, Country, IatiIdentifier);
}

public sealed record EarmarkRequest(int Level, EarmarkTarget Target = EarmarkTarget.None, string? Value = null)
{
    public Earmark ToEarmark() => Enum.IsDefined((EarmarkLevel)Level)
        ? Earmark.From((EarmarkLevel)Level, Target, Value)
        : throw RuleViolationException.Invalid("unknown-earmark-level", $"Earmark levels are the IATI codes 1 to 4, not {Level}.");
}

public sealed record InstalmentRequest(DateOnly DueDate, decimal Amount);

public sealed record PledgeRequest(
    string FundId,
    string IdempotencyKey,
    decimal Amount,
    string Currency,
    DateOnly PledgeDate,
    EarmarkRequest? Earmark,
    decimal? PscRate,
    ImmutableList<InstalmentRequest> Instalments,
    string? Reference,
    bool RefundUnspent = false)
{
    public PledgeCommand ToCommand()
    {
        var currency = Domain.Currencies.Currency.Parse(Currency);
        return new PledgeCommand(
            FundId ?? string.Empty,
            IdempotencyKey ?? string.Empty,
            Money.Positive(Amount, currency, "The pledge"),
            PledgeDate,
            Earmark?.ToEarmark() ?? Domain.Funds.Earmark.Unearmarked,
            PscRate is { } rate ? new PscRate(rate) : Domain.Contributions.PscRate.Standard,
            [.. (Instalments ?? []).Select(i => new InstalmentInput(i.DueDate, i.Amount))],
            Reference,
            RefundUnspent);
    }
}

public sealed record PaymentRequest(string IdempotencyKey, decimal Amount, string Currency, DateOnly ValueDate)
{
    public PaymentCommand ToCommand() =>
        new(IdempotencyKey ?? string.Empty, Money.Positive(Amount, Domain.Currencies.Currency.Parse(Currency), "The payment"), ValueDate);
}

public sealed record RateRequest(decimal UnitsPerUsd);

public sealed record ReasonRequest(string Reason);

public sealed record AmendmentRequest(
    string IdempotencyKey,
    AmendmentKind Kind,
    decimal? Amount,
    string? Currency,
    DateOnly EffectiveDate,
    ImmutableList<InstalmentRequest>? Instalments,
    string Reason)
{
    public AmendmentCommand ToCommand() => new(
        IdempotencyKey,
        Kind,
        Amount is { } amount ? Money.Positive(amount, Domain.Currencies.Currency.Parse(Currency), "The amendment") : null,
        EffectiveDate,
        [.. (Instalments ?? []).Select(i => new InstalmentInput(i.DueDate, i.Amount))],
        Reason);
}

public sealed record RevaluationRequest(DateOnly MonthEnd) : IValidatedRequest
{
    public IEnumerable<FieldRule> Rules() => [new("monthEnd", () => BusinessDates.EnsureMonthEnd(MonthEnd, "The month end"))];
}

public sealed record VerifyRequest(string? ExpectedHead);

public sealed record BudgetLineRequest(BudgetCategory Category, string Description, decimal AmountUsd);

public sealed record TrancheRequest(int Number, DateOnly DueDate, decimal AmountUsd, ImmutableList<TrancheCondition>? Conditions);

public sealed record PeriodRequest(DateOnly Start, DateOnly End)
{
    public ReportingPeriod ToPeriod() => new(Start, End);
}

public sealed record TargetRequest(DateOnly PeriodStart, DateOnly PeriodEnd, decimal Value);

public sealed record IndicatorRequest(
    string Code,
    ResultType ResultType,
    string Title,
    IndicatorMeasure Measure,
    decimal Baseline,
    int BaselineYear,
    ImmutableList<TargetRequest> Targets,
    ImmutableList<string>? Disaggregations);

public sealed record PartnerRequest(string Name, string? OrganisationRef);

public sealed record ProjectRequest(
    string Code,
    string Title,
    string? Description,
    string? Country,
    string? Region,
    ThematicArea ThematicArea,
    ImmutableList<PartnerRequest> ImplementingPartners,
    string DacSectorCode,
    DateOnly StartDate,
    DateOnly EndDate,
    ImmutableList<BudgetLineRequest> BudgetLines,
    decimal? PscRate,
    ImmutableList<TrancheRequest>? Tranches,
    ImmutableList<IndicatorRequest>? Indicators)
{
    public ProjectDesign ToDesign() => new(
        Code,
        Title,
        Description ?? string.Empty,
        Country,
        Region,
        ThematicArea,
        (ImplementingPartners ?? []).Select(p => new ImplementingPartner(p.Name, p.OrganisationRef)),
        DacSectorCode,
        StartDate,
        EndDate,
        (BudgetLines ?? []).Select(l => new BudgetLine(l.Category, l.Description ?? string.Empty, Money.Positive(l.AmountUsd, Currency.Usd, $"Budget line '{l.Description}'"))),
        PscRate is { } rate ? new PscRate(rate) : Domain.Contributions.PscRate.Standard,
        (Tranches ?? []).Select(t => new TranchePlan(t.Number, t.DueDate, Money.Positive(t.AmountUsd, Currency.Usd, $"Tranche {t.Number}"), [.. t.Conditions ?? []])),
        (Indicators ?? []).Select(i => new OutcomeIndicator(
            i.Code,
            i.ResultType,
            i.Title,
            i.Measure,
            i.Baseline,
            i.BaselineYear,
            [.. (i.Targets ?? []).Select(t => new IndicatorTarget(new ReportingPeriod(t.PeriodStart, t.PeriodEnd), t.Value))],
            i.Disaggregations ?? [])));
}

public sealed record StepRequest(string? Reason);

public sealed record ActualRequest(DateOnly PeriodStart, DateOnly PeriodEnd, decimal Value, string? Note);
