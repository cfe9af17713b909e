using System.Collections.Immutable;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;

namespace FundManager.Domain.Funds;

/// <summary>
/// The cash one contribution has put in the fund and that no project holds yet. Pools are kept
/// per contribution so that every allocated dollar can be traced to the agreement it came from.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.FundingPool")]
public sealed record FundingPool(
    [property: Id(0)] Guid ContributionId,
    [property: Id(1)] Guid DonorId,
    [property: Id(2)] Earmark Earmark,
    [property: Id(3)] PscRate Psc,
    [property: Id(4)] DateOnly FirstReceived,
    [property: Id(5)] Money Available,
    [property: Id(6)] bool RefundUnspent = false,
    [property: Id(7)] Money? Received = null)
{
    /// <summary>Cash credited to the pool so far, net of reversals.</summary>
    public Money ReceivedSoFar => Received ?? Money.Zero(Currency.Usd);
}

/// <summary>What one contribution pays towards a project: direct costs and the PSC on them.</summary>
[GenerateSerializer, Immutable, Alias("fm.FundingSource")]
public sealed record FundingSource(
    [property: Id(0)] Guid ContributionId,
    [property: Id(1)] Guid DonorId,
    [property: Id(2)] EarmarkLevel Level,
    [property: Id(3)] PscRate Psc,
    [property: Id(4)] Money Direct,
    [property: Id(5)] Money PscAmount)
{
    public Money Total => Direct + PscAmount;
}

/// <summary>The sources an approval draws on, in the order they will be spent.</summary>
[GenerateSerializer, Immutable, Alias("fm.Allocation")]
public sealed record Allocation([property: Id(0)] ImmutableList<FundingSource> Sources)
{
    public Money Direct => Money.Sum(Sources.Select(s => s.Direct), Currency.Usd);
    public Money Psc => Money.Sum(Sources.Select(s => s.PscAmount), Currency.Usd);
    public Money Total => Direct + Psc;
}

/// <summary>
/// How an approval draws on the fund's money. The rule, in order:
/// <list type="number">
/// <item>only pools whose earmark allows the project take part;</item>
/// <item>the tightest earmark is spent first (project, then country, then theme or region,
/// then unearmarked money), so restricted money is used where it is allowed before money that
/// could go anywhere;</item>
/// <item>within one level, the oldest money first (first receipt date), then by contribution id,
/// so the result never depends on the order pools happen to be listed;</item>
/// <item>each pool pays direct costs plus the PSC of its own agreement on them, and no pool gives
/// more than it holds.</item>
/// </list>
/// If the matching pools cannot cover the direct costs and their PSC, nothing is allocated.
/// </summary>
public static class AllocationRule
{
    public static Allocation Plan(IEnumerable<FundingPool> pools, EarmarkProfile project, Money directCosts)
    {
        if (!directCosts.IsPositive || directCosts.Currency != Currency.Usd)
        {
            throw new ArgumentException("Direct costs to allocate are a positive USD amount.", nameof(directCosts));
        }
        var matching = pools
            .Where(p => p.Available.IsPositive && p.Earmark.Allows(project))
            .OrderByDescending(p => p.Earmark.Level)
            .ThenBy(p => p.FirstReceived)
            .ThenBy(p => p.ContributionId)
            .ToList();

        var sources = ImmutableList.CreateBuilder<FundingSource>();
        var remaining = directCosts;
        foreach (var pool in matching)
        {
            if (!remaining.IsPositive)
            {
                break;
            }
            var direct = Money.Min(remaining, LargestDirectCovered(pool.Available, pool.Psc));
            if (!direct.IsPositive)
            {
                continue;
            }
            sources.Add(new FundingSource(pool.ContributionId, pool.DonorId, pool.Earmark.Level, pool.Psc, direct, pool.Psc.ChargeOn(direct)));
            remaining -= direct;
        }
        if (remaining.IsPositive)
        {
            var coverable = directCosts - remaining;
            throw RuleViolationException.Conflict(
                "insufficient-funds",
                $"Funds received under earmarks that allow project {project.ProjectCode} cover {coverable} of its {directCosts} direct costs (with PSC on top); {remaining} is missing. Approvals draw on cash received, never on pledges.");
        }
        return new Allocation(sources.ToImmutable());
    }

    /// <summary>The most direct cost d a pool can pay such that d + PSC(d) fits in what it holds.</summary>
    public static Money LargestDirectCovered(Money available, PscRate psc)
    {
        var step = Money.Of(0.01m, Currency.Usd);
        var guess = Money.Round(decimal.Floor(available.Amount / (1m + psc.Value) * 100m) / 100m, Currency.Usd);
        while (guess.IsPositive && guess + psc.ChargeOn(guess) > available)
        {
            guess -= step;
        }
        while (guess + step + psc.ChargeOn(guess + step) <= available)
        {
            guess += step;
        }
        return guess.IsNegative ? Money.Zero(Currency.Usd) : guess;
    }
}
