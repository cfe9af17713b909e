using System.Collections.Immutable;
using FundManager.Domain.Currencies;

namespace FundManager.Domain.Contributions;

/// <summary>One promised payment of a pledge.</summary>
[GenerateSerializer, Immutable, Alias("fm.Instalment")]
public sealed record Instalment([property: Id(0)] int Number, [property: Id(1)] DateOnly DueDate, [property: Id(2)] Money Amount);

/// <summary>
/// When a pledge will be paid. The instalments add up to the pledge exactly, are positive, and
/// fall due in order; a schedule that does not is refused when it is built.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.InstalmentSchedule")]
public sealed record InstalmentSchedule
{
    private InstalmentSchedule(Currency currency, ImmutableList<Instalment> instalments)
    {
        Currency = currency;
        Instalments = instalments;
    }

    [Id(0)] public ImmutableList<Instalment> Instalments { get; }
    [Id(1)] public Currency Currency { get; }

    public Money Total => Money.Sum(Instalments.Select(i => i.Amount), Currency);

    /// <summary>The schedule of a pledge whose unpaid rest was cancelled before anything was paid.</summary>
    public static InstalmentSchedule None(Currency currency) => new(currency, []);

    /// <summary>Checks a schedule against the pledge it belongs to.</summary>
    public static InstalmentSchedule For(Money pledge, DateOnly pledgeDate, IReadOnlyList<(DateOnly DueDate, decimal Amount)> instalments)
    {
        if (instalments.Count == 0)
        {
            throw RuleViolationException.Invalid("schedule-empty", "A pledge needs at least one instalment.");
        }
        if (instalments.Count > 120)
        {
            throw RuleViolationException.Invalid("schedule-too-long", "A pledge can have at most 120 instalments.");
        }
        var built = ImmutableList.CreateBuilder<Instalment>();
        DateOnly? previous = null;
        for (var i = 0; i < instalments.Count; i++)
        {
            var (dueDate, amount) = instalments[i];
            BusinessDates.EnsureInRange(dueDate, $"Instalment {i + 1}'s due date");
            if (dueDate < pledgeDate)
            {
                throw RuleViolationException.Invalid("instalment-before-pledge", $"Instalment {i + 1} falls due on {dueDate:yyyy-MM-dd}, before the pledge date {pledgeDate:yyyy-MM-dd}.");
            }
            if (previous is { } p && dueDate < p)
            {
                throw RuleViolationException.Invalid("instalments-out-of-order", $"Instalment {i + 1} falls due before instalment {i}.");
            }
            built.Add(new Instalment(i + 1, dueDate, Money.Positive(amount, pledge.Currency, $"Instalment {i + 1}")));
            previous = dueDate;
        }
        var schedule = new InstalmentSchedule(pledge.Currency, built.ToImmutable());
        if (schedule.Total != pledge)
        {
            throw RuleViolationException.Invalid(
                "schedule-does-not-add-up",
                $"The instalments add up to {schedule.Total}, not to the pledge of {pledge}.");
        }
        return schedule;
    }

    /// <summary>
    /// Splits a pledge into equal instalments a number of months apart. When the amount does not
    /// divide evenly in the currency's minor units, the first instalments carry one unit more, so
    /// the schedule still adds up exactly.
    /// </summary>
    public static InstalmentSchedule Even(Money pledge, DateOnly pledgeDate, DateOnly firstDue, int count, int monthsApart)
    {
        if (count < 1)
        {
            throw RuleViolationException.Invalid("schedule-empty", "A pledge needs at least one instalment.");
        }
        var unit = 1m / Pow10(pledge.Currency.MinorUnits);
        var units = pledge.Amount / unit;
        var baseUnits = decimal.Floor(units / count);
        var extra = (int)(units - (baseUnits * count));
        var parts = Enumerable.Range(0, count)
            .Select(i => (firstDue.AddMonths(i * monthsApart), (baseUnits + (i < extra ? 1 : 0)) * unit))
            .ToList();
        return For(pledge, pledgeDate, parts);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }
        return result;
    }
}
