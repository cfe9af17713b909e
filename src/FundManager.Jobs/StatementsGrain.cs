using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Ledger;
using FundManager.Reports;
using Orleans.Concurrency;

namespace FundManager.Jobs;

/// <summary>
/// Makes a financial statement from the books. The grains it reads check the caller; the fund-wide
/// statements need staff, a donor statement the donor itself or staff.
/// </summary>
[StatelessWorker]
public sealed class StatementsGrain(IJournal journal, FundCalendar calendar) : Grain, IStatementsGrain
{
    async Task<ReportContent> IStatementsGrain.Build(Caller caller, ReportRequest request)
    {
        if (!ReportLanguage.IsKnown(request.Language))
        {
            throw RuleViolationException.Invalid("unknown-language", $"Reports are written in {string.Join(", ", ReportLanguage.All)}, not '{request.Language}'.");
        }
        var t = new ReportText(request.Language);
        var books = new FundBooks(GrainFactory, journal, caller, request.FundId);
        var today = calendar.Today;
        var asOf = request.AsOf ?? today;
        if (request.Kind != StatementKinds.DonorStatement)
        {
            caller.RequireStaff();
        }
        switch (request.Kind)
        {
            case StatementKinds.ContributionsByDonor:
                return await ContributionsByDonorReport.BuildAsync(books, asOf, t);
            case StatementKinds.SourcesAndUses:
            {
                var (from, to) = PeriodOf(request, today);
                return await SourcesAndUsesReport.BuildAsync(books, from, to, t);
            }
            case StatementKinds.BalanceSheet:
                return await BalanceSheetReport.BuildAsync(books, asOf, t);
            case StatementKinds.BudgetAgainstActual:
                return await BudgetReport.BuildAsync(books, asOf, request.ProjectId, t);
            case StatementKinds.DonorStatement:
            {
                var donorId = request.DonorId ?? caller.DonorId
                    ?? throw RuleViolationException.Invalid("donor-required", "A donor statement needs the donor (donorId).");
                caller.RequireDonorAccess(donorId);
                // Once the statement is allowed, the silo reads the donor's schedules and its projects' results for it.
                return await DonorStatementReport.BuildAsync(books, new FundBooks(GrainFactory, journal, Caller.Scheduler, request.FundId), donorId, asOf, t);
            }
            case StatementKinds.Receivables:
                return await ReceivablesReport.BuildAsync(books, asOf, t);
            case StatementKinds.CommissionReport:
            {
                var (from, to) = PeriodOf(request, today);
                return await CommissionReport.BuildAsync(books, from, to, t);
            }
            default:
                throw RuleViolationException.NotFound("unknown-report", $"There is no report '{request.Kind}'; the reports are {string.Join(", ", StatementKinds.All)}.");
        }
    }

    Task<System.Collections.Immutable.ImmutableList<ReportColumn>> IStatementsGrain.JournalColumns(string language) =>
        Task.FromResult(JournalListing.Columns(new ReportText(ReportLanguage.IsKnown(language) ? language : ReportLanguage.English)));

    async IAsyncEnumerable<System.Collections.Immutable.ImmutableList<ReportCell>> IStatementsGrain.JournalRows(Caller caller, string fundId, DateOnly? from, DateOnly? to)
    {
        caller.RequireStaff();
        await foreach (var entry in journal.StreamAsync(new LedgerQuery(fundId, to), from))
        {
            foreach (var row in JournalListing.RowsOf(entry))
            {
                yield return row;
            }
        }
    }

    /// <summary>A period needs both ends, in order; without them it is the calendar year to date.</summary>
    private static (DateOnly From, DateOnly To) PeriodOf(ReportRequest request, DateOnly today)
    {
        var to = request.To ?? today;
        var from = request.From ?? new DateOnly(to.Year, 1, 1);
        if (to < from)
        {
            throw RuleViolationException.Invalid("period-backwards", $"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
        }
        return (from, to);
    }
}
