using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Reports;

namespace FundManager.Contracts;

/// <summary>The stored reports, for the people entitled to read them.</summary>
[Alias("fm.IReportsGrain")]
public interface IReportsGrain : IGrainWithIntegerKey
{
    Task<ImmutableList<ReportInfo>> List(Caller caller, string? kind, int limit);

    Task<ReportInfo> Describe(Caller caller, Guid reportId);

    Task<ReportFile> Download(Caller caller, Guid reportId, string format);
}
