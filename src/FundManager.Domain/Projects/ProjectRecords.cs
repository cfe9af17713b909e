using System.Collections.Immutable;
using FundManager.Domain.Currencies;

namespace FundManager.Domain.Projects;

/// <summary>One step of the life cycle: who moved the project, when, and why.</summary>
[GenerateSerializer, Immutable, Alias("fm.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] ProjectStatus From,
    [property: Id(1)] ProjectStatus To,
    [property: Id(2)] string By,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Reason);

[GenerateSerializer, Immutable, Alias("fm.Approval")]
public sealed record Approval([property: Id(0)] string By, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string? Comment);

/// <summary>A finance officer's release of a tranche for payment once its conditions hold.</summary>
[GenerateSerializer, Immutable, Alias("fm.TrancheRelease")]
public sealed record TrancheRelease([property: Id(0)] int Number, [property: Id(1)] string By, [property: Id(2)] DateTimeOffset At);

/// <summary>What one funding source paid towards a disbursement.</summary>
[GenerateSerializer, Immutable, Alias("fm.SourceDraw")]
public sealed record SourceDraw(
    [property: Id(0)] Guid ContributionId,
    [property: Id(1)] Guid DonorId,
    [property: Id(2)] Money Direct,
    [property: Id(3)] Money Psc);

/// <summary>A tranche paid to the implementing partner, with the PSC charged on it.</summary>
[GenerateSerializer, Immutable, Alias("fm.TranchePayment")]
public sealed record TranchePayment(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly PaidOn,
    [property: Id(2)] string RunId,
    [property: Id(3)] ImmutableList<SourceDraw> Draws,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] int Attempt = 0,
    [property: Id(6)] Contributions.Correction? Reversal = null)
{
    public Money Direct => Money.Sum(Draws.Select(d => d.Direct), Currency.Usd);
    public Money Psc => Money.Sum(Draws.Select(d => d.Psc), Currency.Usd);
    public bool IsReversed => Reversal is not null;
}

[GenerateSerializer, Immutable, Alias("fm.ReportAcceptance")]
public sealed record ReportAcceptance([property: Id(0)] int TrancheNumber, [property: Id(1)] string By, [property: Id(2)] DateTimeOffset At);

/// <summary>A result recorded against an indicator for one of its periods. The latest one counts.</summary>
[GenerateSerializer, Immutable, Alias("fm.IndicatorActual")]
public sealed record IndicatorActual(
    [property: Id(0)] string IndicatorCode,
    [property: Id(1)] ReportingPeriod Period,
    [property: Id(2)] decimal Value,
    [property: Id(3)] string? Note,
    [property: Id(4)] string By,
    [property: Id(5)] DateTimeOffset At);

/// <summary>Why a due tranche was not paid, as the officers see it.</summary>
[GenerateSerializer, Immutable, Alias("fm.TrancheHold")]
public sealed record TrancheHold([property: Id(0)] int Number, [property: Id(1)] DateOnly AsOf, [property: Id(2)] ImmutableList<string> Reasons);

/// <summary>What the disbursement rules decided for one due tranche.</summary>
public abstract record TrancheDecision(int Number)
{
    public sealed record Pay(int Number, ImmutableList<SourceDraw> Draws) : TrancheDecision(Number);
    public sealed record Hold(int Number, ImmutableList<string> Reasons) : TrancheDecision(Number);
}
