namespace FundManager.Domain;

/// <summary>
/// What day it is for the fund: the date in the fund's time zone (the one its jobs are scheduled
/// in), so "today" changes at the fund's midnight and not at UTC's. A job at 01:00 on the 1st east
/// of UTC revalues the month just ended, not the one before. The one way to ask for today.
/// </summary>
public sealed class FundCalendar(TimeProvider clock, TimeZoneInfo zone)
{
    /// <summary>A calendar for UTC, the default when no time zone is configured.</summary>
    public FundCalendar(TimeProvider clock) : this(clock, TimeZoneInfo.Utc)
    {
    }

    public TimeZoneInfo Zone => zone;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
}
