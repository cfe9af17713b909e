using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Reports;
using Orleans.Concurrency;

namespace FundManager.Grains;

/// <summary>Reads the report archive on behalf of staff; stored reports cover the whole fund, so donors do not read them.</summary>
[StatelessWorker]
public sealed class ReportsGrain(IReportArchive archive) : Grain, IReportsGrain
{
    async Task<ImmutableList<ReportInfo>> IReportsGrain.List(Caller caller, string? kind, int limit)
    {
        caller.RequireStaff();
        return [.. await archive.ListAsync(kind, limit)];
    }

    async Task<ReportInfo> IReportsGrain.Describe(Caller caller, Guid reportId)
    {
        caller.RequireStaff();
        return await archive.FindAsync(reportId) ?? throw RuleViolationException.NotFound("unknown-report", $"There is no report {reportId}.");
    }

    Task<ReportInfo?> IReportsGrain.FindRun(Caller caller, string kind, string runId)
    {
        caller.RequireStaff();
        return archive.FindRunAsync(kind, runId);
    }

    async Task<ReportFile> IReportsGrain.Download(Caller caller, Guid reportId, string format)
    {
        caller.RequireStaff();
        if (!ReportFormats.ContentTypes.ContainsKey(format))
        {
            throw RuleViolationException.Invalid("unknown-format", $"Reports come as {string.Join(", ", ReportFormats.ContentTypes.Keys)}, not '{format}'.");
        }
        return await archive.FileAsync(reportId, format) ?? throw RuleViolationException.NotFound("unknown-report", $"There is no report {reportId} in {format}.");
    }
}
