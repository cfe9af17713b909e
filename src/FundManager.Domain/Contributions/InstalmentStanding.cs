using System.Collections.Immutable;
using FundManager.Domain.Currencies;

namespace FundManager.Domain.Contributions;

/// <summary>Where one instalment stands: what payments settled of it, what is left, and whether it is overdue.</summary>
public sealed record InstalmentStanding(Instalment Instalment, Money Paid, Money Outstanding, bool Overdue);

public static class InstalmentStandings
{
    /// <summary>
    /// Payments settle instalments in the order they fall due, so what a pledge has been paid is
    /// spread over its schedule from the first instalment on. An instalment is overdue when its due
    /// date has passed and something of it is still unpaid.
    /// </summary>
    public static ImmutableList<InstalmentStanding> Standing(this InstalmentSchedule schedule, Money paid, DateOnly today)
    {
        var left = paid;
        var standings = ImmutableList.CreateBuilder<InstalmentStanding>();
        foreach (var instalment in schedule.Instalments)
        {
            var settled = Money.Max(Money.Zero(schedule.Currency), Money.Min(left, instalment.Amount));
            left -= settled;
            var outstanding = instalment.Amount - settled;
            standings.Add(new InstalmentStanding(instalment, settled, outstanding, outstanding.IsPositive && instalment.DueDate < today));
        }
        return standings.ToImmutable();
    }
}
