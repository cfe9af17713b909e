using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Reports;
using Orleans.Concurrency;

namespace FundManager.Grains;

/// <summary>
/// Reads the report archive on behalf of a caller: staff read every stored report; a donor only the
/// statements about itself (every other report covers the whole fund).
/// </summary>
[StatelessWorker]
public sealed class ReportsGrain(IReportArchive archive) : Grain, IReportsGrain
{
    async Task<ImmutableList<ReportInfo>> IReportsGrain.List(Caller caller, string? kind, int limit, string? fundId, Guid? donorId)
    {
        if (caller.IsStaff)
        {
            return [.. await archive.ListAsync(kind, limit, fundId: fundId, donorId: donorId)];
        }
        var own = OwnDonor(caller);
        if (donorId is { } asked && asked != own)
        {
            caller.RequireDonorAccess(asked);
        }
        if (kind is not null && kind != StatementKinds.DonorStatement)
        {
            return [];
        }
        return [.. await archive.ListAsync(StatementKinds.DonorStatement, limit, fundId: fundId, donorId: own)];
    }

    async Task<ReportInfo> IReportsGrain.Describe(Caller caller, Guid reportId)
    {
        var report = await archive.FindAsync(reportId) ?? throw RuleViolationException.NotFound("unknown-report", $"There is no report {reportId}.");
        RequireReader(caller, report);
        return report;
    }

    Task<ReportInfo?> IReportsGrain.FindRun(Caller caller, string kind, string runId)
    {
        caller.RequireStaff();
        return archive.FindRunAsync(kind, runId);
    }

    async Task<ReportFile> IReportsGrain.Download(Caller caller, Guid reportId, string format)
    {
        if (!ReportFormats.ContentTypes.ContainsKey(format))
        {
            throw RuleViolationException.Invalid("unknown-format", $"Reports come as {string.Join(", ", ReportFormats.ContentTypes.Keys)}, not '{format}'.");
        }
        var report = await archive.FindAsync(reportId) ?? throw RuleViolationException.NotFound("unknown-report", $"There is no report {reportId}.");
        RequireReader(caller, report);
        return await archive.FileAsync(reportId, format) ?? throw RuleViolationException.NotFound("unknown-report", $"There is no report {reportId} in {format}.");
    }

    private static Guid OwnDonor(Caller caller)
    {
        if (caller.Has(Role.Donor) && caller.DonorId is { } donor)
        {
            return donor;
        }
        caller.RequireStaff();
        throw new InvalidOperationException("unreachable: RequireStaff refused a caller who is neither staff nor a donor");
    }

    // A donor reads a stored statement about itself, and nothing else.
    private static void RequireReader(Caller caller, ReportInfo report)
    {
        if (caller.IsStaff)
        {
            return;
        }
        var own = OwnDonor(caller);
        if (report.Kind != StatementKinds.DonorStatement || report.Summary.GetValueOrDefault(ReportSummaryKeys.DonorId) != own.ToString())
        {
            throw RuleViolationException.Forbidden("other-donor", "A donor sees only its own donor record, pledges, payments and statements.");
        }
    }
}
