using FundManager.Domain.Projects;
using static FundManager.Domain.Tests.Samples;

namespace FundManager.Domain.Tests;

public sealed class IndicatorProgressTests
{
    [Theory]
    [InlineData(0, 100, 80, 80)]
    [InlineData(40, 60, 50, 50)]
    [InlineData(50, 20, 26, 80)]
    [InlineData(10, 10, 10, 100)]
    [InlineData(0, 100, 150, 150)]
    [InlineData(40, 60, 30, 0)]
    public void progress_is_the_share_of_the_way_from_baseline_to_target(int baseline, int target, int actual, int percent)
    {
        Assert.Equal(percent, IndicatorProgress.ShareOfTarget(baseline, target, actual));
    }

    [Fact]
    public void an_indicator_below_eighty_percent_is_off_track_and_a_missing_actual_becomes_overdue()
    {
        var project = Active().RecordActual("IND-1", FirstPeriod, 79m, null, Amina, Now);

        Assert.Equal(ProgressStatus.OffTrack, IndicatorProgress.Assess(project, new DateOnly(2026, 4, 15)).Single().Status);
        Assert.Equal(ProgressStatus.AwaitingData, IndicatorProgress.Assess(Active(), new DateOnly(2026, 4, 15)).Single().Status);
        Assert.Equal(ProgressStatus.Overdue, IndicatorProgress.Assess(Active(), new DateOnly(2026, 5, 15)).Single().Status);
        Assert.Equal(ProgressStatus.NotYetDue, IndicatorProgress.Assess(Active(), new DateOnly(2026, 3, 1)).Single().Status);
    }

    [Fact]
    public void the_latest_actual_for_a_period_counts()
    {
        var project = Active().RecordActual("IND-1", FirstPeriod, 50m, null, Amina, Now).RecordActual("IND-1", FirstPeriod, 95m, "corrected", Amina, Now);

        var progress = IndicatorProgress.Assess(project, new DateOnly(2026, 4, 15)).Single();

        Assert.Equal(95m, progress.Actual);
        Assert.Equal(ProgressStatus.OnTrack, progress.Status);
    }
}
