namespace FundManager.Domain.Projects;

/// <summary>Where an indicator stands against its target for the last period that has ended.</summary>
public enum ProgressStatus
{
    /// <summary>At least <see cref="IndicatorProgress.OnTrackPercent"/>% of the way from baseline to target.</summary>
    OnTrack = 1,
    OffTrack = 2,
    /// <summary>The period has ended, the grace period for reporting has not.</summary>
    AwaitingData = 3,
    /// <summary>No actual was recorded within the grace period after the period ended.</summary>
    Overdue = 4,
    /// <summary>No target period has ended yet.</summary>
    NotYetDue = 5,
}

/// <summary>Progress of one indicator against its target, as the outcome report shows it.</summary>
public sealed record IndicatorProgress(
    string IndicatorCode,
    string Title,
    ResultType ResultType,
    IndicatorMeasure Measure,
    decimal Baseline,
    ReportingPeriod? Period,
    decimal? Target,
    decimal? Actual,
    decimal? PercentOfTarget,
    ProgressStatus Status)
{
    /// <summary>An indicator is on track when it has covered this share of the way from baseline to target.</summary>
    public const decimal OnTrackPercent = 80m;

    /// <summary>Days after a period ends before a missing actual counts as an overdue results report.</summary>
    public const int ReportingGraceDays = 30;

    public static IReadOnlyList<IndicatorProgress> Assess(Project project, DateOnly asOf)
    {
        var actuals = project.CurrentActuals().ToDictionary(a => (a.IndicatorCode, a.Period), a => a.Value);
        return project.Design.Indicators.Select(indicator =>
        {
            var ended = indicator.Targets.Where(t => t.Period.End <= asOf).OrderBy(t => t.Period.End).LastOrDefault();
            if (ended is null)
            {
                var next = indicator.Targets.OrderBy(t => t.Period.End).FirstOrDefault();
                return new IndicatorProgress(indicator.Code, indicator.Title, indicator.ResultType, indicator.Measure, indicator.Baseline,
                    next?.Period, next?.Value, null, null, ProgressStatus.NotYetDue);
            }
            if (!actuals.TryGetValue((indicator.Code, ended.Period), out var actual))
            {
                var status = asOf > ended.Period.End.AddDays(ReportingGraceDays) ? ProgressStatus.Overdue : ProgressStatus.AwaitingData;
                return new IndicatorProgress(indicator.Code, indicator.Title, indicator.ResultType, indicator.Measure, indicator.Baseline,
                    ended.Period, ended.Value, null, null, status);
            }
            var percent = ShareOfTarget(indicator.Baseline, ended.Value, actual);
            return new IndicatorProgress(indicator.Code, indicator.Title, indicator.ResultType, indicator.Measure, indicator.Baseline,
                ended.Period, ended.Value, actual, percent, percent >= OnTrackPercent ? ProgressStatus.OnTrack : ProgressStatus.OffTrack);
        }).ToList();
    }

    /// <summary>
    /// The share of the way from baseline to target that the actual covers, in percent, rounded to
    /// one decimal. Works for targets below the baseline too (fewer cases, lower prevalence).
    /// </summary>
    public static decimal ShareOfTarget(decimal baseline, decimal target, decimal actual)
    {
        if (target == baseline)
        {
            return actual >= target ? 100m : 0m;
        }
        var percent = (actual - baseline) / (target - baseline) * 100m;
        return decimal.Round(Math.Max(percent, 0m), 1, MidpointRounding.AwayFromZero);
    }
}
