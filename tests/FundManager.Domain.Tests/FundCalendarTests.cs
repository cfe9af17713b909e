using Microsoft.Extensions.Time.Testing;

namespace FundManager.Domain.Tests;

public sealed class FundCalendarTests
{
    [Fact]
    public void east_of_utc_the_first_of_the_month_begins_at_the_funds_midnight()
    {
        // 01:00 on 1 December in Tokyo is still 30 November in UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero));

        var tokyo = new FundCalendar(clock, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));

        Assert.Equal(new DateOnly(2026, 12, 1), tokyo.Today);
        Assert.Equal(new DateOnly(2026, 11, 30), new FundCalendar(clock).Today);
    }

    [Fact]
    public void west_of_utc_the_day_ends_later()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 3, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 31), new FundCalendar(clock, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).Today);
    }
}
