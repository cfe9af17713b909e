using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Reports;
using Hangfire.Server;

namespace FundManager.Jobs;

/// <summary>What every job run shares: its name and the funds it goes through.</summary>
public static class JobRuns
{
    /// <summary>A run is named after its Hangfire job, so Hangfire's retries of one job are one run.</summary>
    public static string RunIdFor(PerformContext? context) =>
        context?.BackgroundJob?.Id is { } id ? ReportKinds.RunIdOf(id) : $"adhoc-{Guid.CreateVersion7():N}";

    /// <summary>The date a run counts as, in UTC.</summary>
    /// <summary>Every fund on the installation.</summary>
    public static Task<ImmutableList<string>> AllFundsAsync(this IGrainFactory grains) =>
        grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(Caller.Scheduler);
}
