using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;

namespace FundManager.Domain.Ledger;

/// <summary>
/// How each money event is written to the journal. Every rule here produces one balanced entry
/// with a key derived from the event's identity, so replaying the event can never post twice.
/// </summary>
public static class PostingRules
{
    public static string PledgeKey(Guid contributionId) => $"pledge:{contributionId:N}";
    public static string PaymentKey(Guid contributionId, string paymentKey) => $"payment:{contributionId:N}:{paymentKey}";
    public static string AllocationKey(Guid projectId) => $"allocation:{projectId:N}";
    public static string DisbursementKey(Guid projectId, int tranche) => $"disbursement:{projectId:N}:{tranche}";
    public static string ReleaseKey(Guid projectId) => $"release:{projectId:N}";

    /// <summary>Dr pledges receivable, Cr contribution revenue, at the pledge date's rate.</summary>
    public static JournalEntry Pledge(Contribution contribution) =>
        new(
            PledgeKey(contribution.Id),
            contribution.FundId,
            EntryKind.Pledge,
            contribution.Terms.PledgeDate,
            contribution.RecordedAt,
            contribution.RecordedBy,
            $"Pledge {contribution.Terms.Amount} ({contribution.Terms.Earmark})",
            [
                Line(LedgerAccount.PledgesReceivable, EntrySide.Debit, contribution.Booked.Usd, contribution) with { Original = contribution.Booked },
                Line(LedgerAccount.ContributionRevenue, EntrySide.Credit, contribution.Booked.Usd, contribution) with { Original = contribution.Booked },
            ]);

    /// <summary>
    /// Dr cash at the payment's rate, Cr the receivable at its booked value, the difference to
    /// exchange gain or loss; and in the budgetary ledger the cash becomes available for approvals.
    /// </summary>
    public static JournalEntry Payment(Contribution contribution, ContributionPayment payment)
    {
        var difference = payment.ExchangeDifference;
        return new JournalEntry(
            PaymentKey(contribution.Id, payment.Key),
            contribution.FundId,
            EntryKind.Payment,
            payment.ValueDate,
            payment.RecordedAt,
            payment.RecordedBy,
            $"Payment {payment.Amount} at {payment.Received.Rate} per USD",
            [
                Line(LedgerAccount.Cash, EntrySide.Debit, payment.Received.Usd, contribution) with { Original = payment.Received },
                Line(LedgerAccount.PledgesReceivable, EntrySide.Credit, payment.SettledReceivable, contribution),
                Line(LedgerAccount.ExchangeDifference, difference.IsNegative ? EntrySide.Debit : EntrySide.Credit, difference.IsNegative ? -difference : difference, contribution),
                Line(LedgerAccount.ReceiptsControl, EntrySide.Debit, payment.Received.Usd, contribution),
                Line(LedgerAccount.AvailableForAllocation, EntrySide.Credit, payment.Received.Usd, contribution),
            ]);
    }

    /// <summary>Budgetary: each source's share moves from available to allocated to the project.</summary>
    public static JournalEntry Allocation(string fundId, Guid projectId, string projectCode, Allocation allocation, DateOnly valueDate, string by, DateTimeOffset at) =>
        new(
            AllocationKey(projectId),
            fundId,
            EntryKind.Allocation,
            valueDate,
            at,
            by,
            $"Allocation to {projectCode}: direct {allocation.Direct}, PSC {allocation.Psc}",
            allocation.Sources.SelectMany(s => new[]
            {
                new JournalLine(LedgerAccount.AvailableForAllocation, EntrySide.Debit, s.Total, DonorId: s.DonorId, ContributionId: s.ContributionId),
                new JournalLine(LedgerAccount.Allocated, EntrySide.Credit, s.Total, DonorId: s.DonorId, ContributionId: s.ContributionId, ProjectId: projectId),
            }));

    /// <summary>Dr direct expenditure, Cr cash; Dr PSC expenditure, Cr PSC income; per source.</summary>
    public static JournalEntry Disbursement(string fundId, Guid projectId, string projectCode, TranchePayment payment, string by) =>
        new(
            DisbursementKey(projectId, payment.Number),
            fundId,
            EntryKind.Disbursement,
            payment.PaidOn,
            payment.At,
            by,
            $"Tranche {payment.Number} of {projectCode}: {payment.Direct} plus PSC {payment.Psc}",
            payment.Draws.SelectMany(d => new[]
            {
                new JournalLine(LedgerAccount.DirectExpenditure, EntrySide.Debit, d.Direct, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId, TrancheNumber: payment.Number),
                new JournalLine(LedgerAccount.Cash, EntrySide.Credit, d.Direct, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId, TrancheNumber: payment.Number),
                new JournalLine(LedgerAccount.PscExpenditure, EntrySide.Debit, d.Psc, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId, TrancheNumber: payment.Number),
                new JournalLine(LedgerAccount.PscIncome, EntrySide.Credit, d.Psc, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId, TrancheNumber: payment.Number),
            }));

    /// <summary>Budgetary: what a closed project did not spend goes back to its sources.</summary>
    public static JournalEntry AllocationRelease(string fundId, Guid projectId, string projectCode, IEnumerable<SourceDraw> released, DateOnly valueDate, string by, DateTimeOffset at) =>
        new(
            ReleaseKey(projectId),
            fundId,
            EntryKind.AllocationRelease,
            valueDate,
            at,
            by,
            $"Closure of {projectCode}: unspent allocation released",
            released.SelectMany(d => new[]
            {
                new JournalLine(LedgerAccount.Allocated, EntrySide.Debit, d.Direct + d.Psc, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId),
                new JournalLine(LedgerAccount.AvailableForAllocation, EntrySide.Credit, d.Direct + d.Psc, DonorId: d.DonorId, ContributionId: d.ContributionId),
            }));

    private static JournalLine Line(LedgerAccount account, EntrySide side, Money usd, Contribution contribution) =>
        new(account, side, usd, DonorId: contribution.DonorId, ContributionId: contribution.Id);
}
