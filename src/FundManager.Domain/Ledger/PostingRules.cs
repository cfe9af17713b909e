using System.Collections.Immutable;
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
    public static string RevaluationKey(Guid contributionId, DateOnly monthEnd) => $"revaluation:{contributionId:N}:{monthEnd:yyyy-MM}";
    public static string AmendmentKey(Guid contributionId, int number) => $"amendment:{contributionId:N}:{number}";
    public static string ReversalKey(string originalKey) => $"reversal:{originalKey}";

    /// <summary>The first payment of a tranche keeps the plain key; a payment after a reversal counts its attempt.</summary>
    public static string DisbursementKey(Guid projectId, int tranche, int attempt) =>
        attempt == 0 ? DisbursementKey(projectId, tranche) : $"disbursement:{projectId:N}:{tranche}:{attempt}";

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
                Line(LedgerAccount.PledgesReceivable, EntrySide.Credit, payment.SettledReceivable, contribution) with { Original = AtCarryingValue(payment.Amount, payment.SettledReceivable, payment.ValueDate) },
                Line(LedgerAccount.ExchangeDifference, difference.IsNegative ? EntrySide.Debit : EntrySide.Credit, difference.IsNegative ? -difference : difference, contribution),
                Line(LedgerAccount.ReceiptsControl, EntrySide.Debit, payment.Received.Usd, contribution),
                Line(LedgerAccount.AvailableForAllocation, EntrySide.Credit, payment.Received.Usd, contribution),
            ]);
    }

    /// <summary>A payment taken back: every line of its entry on the other side.</summary>
    public static JournalEntry PaymentReversal(Contribution contribution, ContributionPayment payment)
    {
        var correction = payment.Reversal ?? throw new InvalidOperationException($"Payment {payment.Key} is not reversed.");
        return Payment(contribution, payment with { Reversal = null })
            .Reverse(ReversalKey(PaymentKey(contribution.Id, payment.Key)), DateOnly.FromDateTime(correction.At.UtcDateTime), correction.At, correction.By, ReversalNarrative(payment.Key, correction.Reason));
    }

    /// <summary>
    /// A contribution's payments read back from the journal, where they live: each payment entry
    /// with its reversal if it has one. The inverse of <see cref="Payment"/> and <see cref="PaymentReversal"/>.
    /// </summary>
    public static ImmutableList<ContributionPayment> PaymentsOf(Guid contributionId, IEnumerable<JournalEntry> entries)
    {
        var prefix = PaymentKey(contributionId, string.Empty);
        var all = entries.ToList();
        var reversals = all.Where(e => e.Kind == EntryKind.Reversal && e.Reverses is { } r && r.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Reverses!, StringComparer.Ordinal);
        return [.. all
            .Where(e => e.Kind == EntryKind.Payment && e.IdempotencyKey.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e =>
            {
                var key = e.IdempotencyKey[prefix.Length..];
                var cash = e.Lines.Single(l => l.Account == LedgerAccount.Cash && l.Side == EntrySide.Debit);
                var received = cash.Original ?? throw new InvalidOperationException($"Payment entry {e.IdempotencyKey} has no original amount.");
                var settled = e.Lines.Single(l => l.Account == LedgerAccount.PledgesReceivable && l.Side == EntrySide.Credit).Usd;
                var reversal = reversals.GetValueOrDefault(e.IdempotencyKey) is { } r
                    ? new Correction(r.RecordedBy, r.RecordedAt, ReasonOf(key, r.Narrative))
                    : null;
                return new ContributionPayment(key, received.Original, e.ValueDate, received, settled, e.RecordedBy, e.RecordedAt, reversal);
            })
            // In the order they were recorded, whatever order the entries came in.
            .OrderBy(p => p.RecordedAt)
            .ThenBy(p => p.Key, StringComparer.Ordinal)];
    }

    private static string ReversalNarrative(string paymentKey, string reason) => $"Reversal of payment {paymentKey}: {reason}";

    private static string ReasonOf(string paymentKey, string narrative) => After(narrative, ReversalNarrative(paymentKey, string.Empty));

    /// <summary>Month-end revaluation: the receivable moves to its value at the month-end rate; the difference is unrealised.</summary>
    public static JournalEntry Revaluation(Contribution contribution, Revaluation revaluation)
    {
        var gain = revaluation.Difference.IsPositive;
        var amount = gain ? revaluation.Difference : -revaluation.Difference;
        return new JournalEntry(
            RevaluationKey(contribution.Id, revaluation.MonthEnd),
            contribution.FundId,
            EntryKind.Revaluation,
            revaluation.MonthEnd,
            revaluation.At,
            revaluation.By,
            $"Revaluation of {revaluation.Outstanding} outstanding at {revaluation.Rate} per USD",
            [
                Line(LedgerAccount.PledgesReceivable, gain ? EntrySide.Debit : EntrySide.Credit, amount, contribution),
                Line(LedgerAccount.UnrealisedExchangeDifference, gain ? EntrySide.Credit : EntrySide.Debit, amount, contribution),
            ]);
    }

    /// <summary>An increase books more receivable and revenue; a decrease or cancellation takes them back at the carrying value.</summary>
    public static JournalEntry Amendment(Contribution contribution, PledgeAmendment amendment)
    {
        var increase = amendment.Change.IsPositive;
        var original = increase ? amendment.Change : -amendment.Change;
        var usd = increase ? amendment.UsdChange : -amendment.UsdChange;
        var value = new UsdValue(original, amendment.Rate, amendment.EffectiveDate, usd);
        return new JournalEntry(
            AmendmentKey(contribution.Id, amendment.Number),
            contribution.FundId,
            EntryKind.PledgeAmendment,
            amendment.EffectiveDate,
            amendment.At,
            amendment.By,
            $"{amendment.Kind} of the pledge by {original}: {amendment.Reason}",
            [
                Line(LedgerAccount.PledgesReceivable, increase ? EntrySide.Debit : EntrySide.Credit, usd, contribution) with { Original = value },
                Line(LedgerAccount.ContributionRevenue, increase ? EntrySide.Credit : EntrySide.Debit, usd, contribution) with { Original = value },
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

    /// <summary>
    /// A project's allocation read back from its entry: the inverse of <see cref="Allocation"/>.
    /// Each source's line holds its direct costs plus the PSC of its pool's agreement on them; as
    /// d + PSC(d) rises with every cent of d, the direct part is the largest d that fits the line.
    /// </summary>
    public static Allocation AllocationOf(JournalEntry entry, IReadOnlyDictionary<Guid, FundingPool> pools) =>
        new([.. entry.Lines
            .Where(l => l.Account == LedgerAccount.AvailableForAllocation && l.Side == EntrySide.Debit)
            .Select(l =>
            {
                var pool = pools.GetValueOrDefault(l.ContributionId!.Value)
                    ?? throw new InvalidOperationException($"Allocation {entry.IdempotencyKey} draws on contribution {l.ContributionId}, which its fund does not hold.");
                var direct = AllocationRule.LargestDirectCovered(l.Usd, pool.Psc);
                return new FundingSource(pool.ContributionId, pool.DonorId, pool.Earmark.Level, pool.Psc, direct, l.Usd - direct);
            })]);

    /// <summary>Dr direct expenditure, Cr cash; Dr PSC expenditure, Cr PSC income; per source.</summary>
    public static JournalEntry Disbursement(string fundId, Guid projectId, string projectCode, TranchePayment payment, string by) =>
        new(
            DisbursementKey(projectId, payment.Number, payment.Attempt),
            fundId,
            EntryKind.Disbursement,
            payment.PaidOn,
            payment.At,
            by,
            $"Tranche {payment.Number} of {projectCode}: {payment.Direct} plus PSC {payment.Psc}{RunMark(payment.RunId)}",
            payment.Draws.SelectMany(d => new[]
            {
                new JournalLine(LedgerAccount.DirectExpenditure, EntrySide.Debit, d.Direct, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId, TrancheNumber: payment.Number),
                new JournalLine(LedgerAccount.Cash, EntrySide.Credit, d.Direct, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId, TrancheNumber: payment.Number),
                new JournalLine(LedgerAccount.PscExpenditure, EntrySide.Debit, d.Psc, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId, TrancheNumber: payment.Number),
                new JournalLine(LedgerAccount.PscIncome, EntrySide.Credit, d.Psc, DonorId: d.DonorId, ContributionId: d.ContributionId, ProjectId: projectId, TrancheNumber: payment.Number),
            }));

    /// <summary>A disbursement taken back: every line of its entry on the other side.</summary>
    public static JournalEntry DisbursementReversal(string fundId, Guid projectId, string projectCode, TranchePayment payment)
    {
        var correction = payment.Reversal ?? throw new InvalidOperationException($"Tranche {payment.Number} is not reversed.");
        return Disbursement(fundId, projectId, projectCode, payment with { Reversal = null }, correction.By)
            .Reverse(ReversalKey(DisbursementKey(projectId, payment.Number, payment.Attempt)), DateOnly.FromDateTime(correction.At.UtcDateTime), correction.At, correction.By,
                $"{TrancheReversalPrefix(payment.Number, projectCode)}{correction.Reason}");
    }

    /// <summary>
    /// A project's disbursements read back from the journal, where they live: each disbursement
    /// entry with its reversal if it has one. The inverse of <see cref="Disbursement"/> and
    /// <see cref="DisbursementReversal"/>; entries of another project are left out.
    /// </summary>
    public static ImmutableList<TranchePayment> DisbursementsOf(Guid projectId, string projectCode, IEnumerable<JournalEntry> entries)
    {
        var prefix = $"disbursement:{projectId:N}:";
        var all = entries.ToList();
        var reversals = all.Where(e => e.Kind == EntryKind.Reversal && e.Reverses is { } r && r.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Reverses!, StringComparer.Ordinal);
        return [.. all
            .Where(e => e.Kind == EntryKind.Disbursement && e.IdempotencyKey.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e =>
            {
                var parts = e.IdempotencyKey[prefix.Length..].Split(':');
                var number = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                var attempt = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
                var draws = e.Lines
                    .Where(l => l.Side == EntrySide.Debit && l.Account is LedgerAccount.DirectExpenditure or LedgerAccount.PscExpenditure)
                    .GroupBy(l => (l.ContributionId!.Value, l.DonorId!.Value))
                    .Select(g => new SourceDraw(
                        g.Key.Item1,
                        g.Key.Item2,
                        Money.Sum(g.Where(l => l.Account == LedgerAccount.DirectExpenditure).Select(l => l.Usd), Currency.Usd),
                        Money.Sum(g.Where(l => l.Account == LedgerAccount.PscExpenditure).Select(l => l.Usd), Currency.Usd)))
                    .ToImmutableList();
                var reversal = reversals.GetValueOrDefault(e.IdempotencyKey) is { } r
                    ? new Correction(r.RecordedBy, r.RecordedAt, After(r.Narrative, TrancheReversalPrefix(number, projectCode)))
                    : null;
                return new TranchePayment(number, e.ValueDate, RunOf(e.Narrative), draws, e.RecordedAt, attempt, reversal);
            })
            .OrderBy(p => p.Number)
            .ThenBy(p => p.Attempt)];
    }

    private static string TrancheReversalPrefix(int number, string projectCode) => $"Reversal of tranche {number} of {projectCode}: ";

    // The run that paid a tranche travels in the entry's narrative, so the project can tell a retried run what it paid.
    private static string RunMark(string runId) => $" [run {runId}]";

    private static string RunOf(string narrative)
    {
        var start = narrative.LastIndexOf(" [run ", StringComparison.Ordinal);
        return start >= 0 && narrative.EndsWith(']') ? narrative[(start + 6)..^1] : string.Empty;
    }

    private static string After(string narrative, string prefix) =>
        narrative.StartsWith(prefix, StringComparison.Ordinal) ? narrative[prefix.Length..] : narrative;

    /// <summary>
    /// Budgetary: what a closed project did not spend goes back to its sources, or is set aside for
    /// the donor where its agreement says unspent money is refundable.
    /// </summary>
    public static JournalEntry AllocationRelease(string fundId, Guid projectId, string projectCode, IEnumerable<SourceDraw> released, Func<Guid, bool> refundable, DateOnly valueDate, string by, DateTimeOffset at) =>
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
                new JournalLine(
                    refundable(d.ContributionId) ? LedgerAccount.RefundableToDonors : LedgerAccount.AvailableForAllocation,
                    EntrySide.Credit, d.Direct + d.Psc, DonorId: d.DonorId, ContributionId: d.ContributionId),
            }));

    // The receivable leaves the books at the value it was carried at; its rate is implied by the two amounts.
    private static UsdValue AtCarryingValue(Money original, Money usd, DateOnly date) =>
        new(original, usd.IsPositive ? decimal.Round(original.Amount / usd.Amount, 10) : 0m, date, usd);

    private static JournalLine Line(LedgerAccount account, EntrySide side, Money usd, Contribution contribution) =>
        new(account, side, usd, DonorId: contribution.DonorId, ContributionId: contribution.Id);
}
