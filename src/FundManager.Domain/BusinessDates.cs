namespace FundManager.Domain;

/// <summary>The range of calendar dates the books accept; anything outside is a typing mistake.</summary>
public static class BusinessDates
{
    public static DateOnly Earliest { get; } = new(1990, 1, 1);
    public static DateOnly Latest { get; } = new(2100, 12, 31);

    public static void EnsureInRange(DateOnly date, string what)
    {
        if (date < Earliest || date > Latest)
        {
            throw RuleViolationException.Invalid("date-out-of-range", $"{what} ({date:yyyy-MM-dd}) must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.");
        }
    }

    /// <summary>Refuses a date that is not the last day of its month, or is outside the books' range.</summary>
    public static void EnsureMonthEnd(DateOnly date, string what)
    {
        EnsureInRange(date, what);
        if (date.Day != DateTime.DaysInMonth(date.Year, date.Month))
        {
            throw RuleViolationException.Invalid("not-a-month-end", $"{what} ({date:yyyy-MM-dd}) must be the last day of its month, {new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month)):yyyy-MM-dd}.");
        }
    }
}
