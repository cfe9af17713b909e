using System.Globalization;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;

namespace FundManager.Domain.Ledger;

/// <summary>One thing the books get wrong: which check, about what, and how.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReconciliationBreak")]
public sealed record ReconciliationBreak([property: Id(0)] string Check, [property: Id(1)] string Subject, [property: Id(2)] string Detail);

/// <summary>
/// The proofs that the books are right. Each check is a pure function of the journal and of what
/// the grains hold, so the reconciliation job and the property-based tests run the same code.
/// </summary>
public static class Reconciliation
{
    public const string EntryBalances = "entry-balances";
    public const string CurrencyBalances = "currency-balances";
    public const string TotalsBalance = "totals-balance";
    public const string PositionIdentities = "position-identities";
    public const string ContributionsAgree = "contributions-agree";
    public const string ProjectsAgree = "projects-agree";
    public const string NothingNegative = "nothing-negative";
    public const string WithinAllocation = "within-allocation";
    public const string BalancesKept = "balances-kept";

    /// <summary>Every check, over one fund's journal and the grains that own its money.</summary>
    public static IReadOnlyList<ReconciliationBreak> Check(
        string fundId,
        IReadOnlyCollection<JournalEntry> entries,
        Fund fund,
        IReadOnlyCollection<Contribution> contributions,
        IReadOnlyCollection<Project> projects)
    {
        var balances = Balances(entries);
        var breaks = new List<ReconciliationBreak>();
        breaks.AddRange(Entries(entries));
        breaks.AddRange(Position(FundPosition.From(fundId, null, balances)));
        breaks.AddRange(Pools(fund, balances));
        breaks.AddRange(ContributionBooks(contributions, balances));
        breaks.AddRange(ProjectBooks(projects, balances));
        return breaks;
    }

    /// <summary>Each entry balances in USD and, line by line, in every original currency; so do all entries together.</summary>
    public static IEnumerable<ReconciliationBreak> Entries(IEnumerable<JournalEntry> entries)
    {
        decimal totalDebits = 0m, totalCredits = 0m;
        var perCurrency = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var imbalance = entry.Lines.Sum(l => l.SignedUsd);
            if (imbalance != 0m)
            {
                yield return new(EntryBalances, entry.IdempotencyKey, $"debits and credits differ by {Usd(imbalance)}");
            }
            foreach (var currency in entry.Lines.Where(l => l.Original is not null).GroupBy(l => l.Original!.Original.Currency.Code))
            {
                var net = currency.Sum(l => l.Side == EntrySide.Debit ? l.Original!.Original.Amount : -l.Original!.Original.Amount);
                perCurrency[currency.Key] = perCurrency.GetValueOrDefault(currency.Key) + net;
                if (net != 0m)
                {
                    yield return new(CurrencyBalances, entry.IdempotencyKey, $"{currency.Key} debits and credits differ by {net.ToString(CultureInfo.InvariantCulture)}");
                }
            }
            totalDebits += entry.Lines.Where(l => l.Side == EntrySide.Debit).Sum(l => l.Usd.Amount);
            totalCredits += entry.Lines.Where(l => l.Side == EntrySide.Credit).Sum(l => l.Usd.Amount);
        }
        if (totalDebits != totalCredits)
        {
            yield return new(TotalsBalance, "USD", $"all debits {Usd(totalDebits)} against all credits {Usd(totalCredits)}");
        }
        foreach (var (currency, net) in perCurrency.Where(c => c.Value != 0m))
        {
            yield return new(TotalsBalance, currency, $"all {currency} debits and credits differ by {net.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>The position's identities, and no negative cash, availability or outstanding.</summary>
    public static IEnumerable<ReconciliationBreak> Position(FundPosition position)
    {
        foreach (var identity in position.Breaks())
        {
            yield return new(PositionIdentities, position.FundId, identity);
        }
        if (position.Cash.IsNegative)
        {
            yield return new(NothingNegative, position.FundId, $"the fund's cash is {position.Cash}");
        }
        if (position.Outstanding.IsNegative)
        {
            yield return new(NothingNegative, position.FundId, $"outstanding pledges are {position.Outstanding}");
        }
    }

    /// <summary>
    /// No pool and no earmark is negative. (The fund reads its pools from the journal, so there is
    /// no second copy to compare: what a pool holds is checked through its contribution's receipts.)
    /// </summary>
    public static IEnumerable<ReconciliationBreak> Pools(Fund fund, IReadOnlyCollection<AccountBalance> balances)
    {
        foreach (var pool in fund.Pools.Values)
        {
            var journal = NetCredit(balances, LedgerAccount.AvailableForAllocation, b => b.ContributionId == pool.ContributionId);
            if (pool.Available.IsNegative || journal < 0m)
            {
                yield return new(NothingNegative, pool.ContributionId.ToString(), $"the money available under earmark {pool.Earmark} is negative");
            }
        }
        foreach (var earmark in fund.Pools.Values.GroupBy(p => p.Earmark))
        {
            var available = Money.Sum(earmark.Select(p => p.Available), Currency.Usd);
            if (available.IsNegative)
            {
                yield return new(NothingNegative, earmark.Key.ToString(), $"earmark {earmark.Key} has {available} available");
            }
        }
    }

    /// <summary>Each contribution grain's receivable and receipts equal the journal's.</summary>
    public static IEnumerable<ReconciliationBreak> ContributionBooks(IEnumerable<Contribution> contributions, IReadOnlyCollection<AccountBalance> balances)
    {
        foreach (var contribution in contributions)
        {
            bool Mine(AccountBalance b) => b.ContributionId == contribution.Id;
            var receivable = NetDebit(balances, LedgerAccount.PledgesReceivable, Mine);
            if (receivable != contribution.ReceivableUsd.Amount)
            {
                yield return new(ContributionsAgree, contribution.Id.ToString(), $"the contribution carries {contribution.ReceivableUsd} receivable, the journal {Usd(receivable)}");
            }
            var received = NetDebit(balances, LedgerAccount.ReceiptsControl, Mine);
            if (received != contribution.ReceivedUsd.Amount)
            {
                yield return new(ContributionsAgree, contribution.Id.ToString(), $"the contribution received {contribution.ReceivedUsd}, the journal {Usd(received)}");
            }
            if (contribution.Outstanding.IsNegative || contribution.ReceivableUsd.IsNegative)
            {
                yield return new(NothingNegative, contribution.Id.ToString(), $"outstanding {contribution.Outstanding}, receivable {contribution.ReceivableUsd}");
            }
        }
    }

    /// <summary>Each project grain's allocation and spending equal the journal's, and no project spent beyond its allocation.</summary>
    public static IEnumerable<ReconciliationBreak> ProjectBooks(IEnumerable<Project> projects, IReadOnlyCollection<AccountBalance> balances)
    {
        foreach (var project in projects.Where(p => p.Allocation is not null))
        {
            bool Mine(AccountBalance b) => b.ProjectId == project.Id;
            var released = Money.Sum(project.ReleasedAtClosure.Select(r => r.Direct + r.Psc), Currency.Usd);
            var held = project.Allocated - released;
            var allocated = NetCredit(balances, LedgerAccount.Allocated, Mine);
            var disbursed = NetDebit(balances, LedgerAccount.DirectExpenditure, Mine);
            var psc = NetDebit(balances, LedgerAccount.PscExpenditure, Mine);
            if (allocated != held.Amount)
            {
                yield return new(ProjectsAgree, project.Design.Code, $"the project holds {held}, the journal {Usd(allocated)} allocated");
            }
            if (disbursed != project.Disbursed.Amount || psc != project.PscCharged.Amount)
            {
                yield return new(ProjectsAgree, project.Design.Code, $"the project paid {project.Disbursed} plus {project.PscCharged} PSC, the journal {Usd(disbursed)} plus {Usd(psc)}");
            }
            if (disbursed + psc > allocated)
            {
                yield return new(WithinAllocation, project.Design.Code, $"disbursed {Usd(disbursed)} plus PSC {Usd(psc)} exceeds the allocation of {Usd(allocated)}");
            }
        }
    }

    /// <summary>
    /// The running balances the database keeps for quick reads equal the sums of the journal's
    /// lines, account by account and dimension by dimension.
    /// </summary>
    public static IEnumerable<ReconciliationBreak> KeptBalances(IReadOnlyCollection<AccountBalance> kept, IReadOnlyCollection<AccountBalance> fromLines)
    {
        static (LedgerAccount, Guid?, Guid?, Guid?) Key(AccountBalance b) => (b.Account, b.DonorId, b.ContributionId, b.ProjectId);
        var keptByKey = kept.ToDictionary(Key);
        var linesByKey = fromLines.ToDictionary(Key);
        foreach (var key in keptByKey.Keys.Union(linesByKey.Keys))
        {
            var held = keptByKey.GetValueOrDefault(key);
            var summed = linesByKey.GetValueOrDefault(key);
            if ((held?.Debits ?? 0m) != (summed?.Debits ?? 0m) || (held?.Credits ?? 0m) != (summed?.Credits ?? 0m))
            {
                yield return new(BalancesKept, $"{key.Item1} {key.Item2} {key.Item3} {key.Item4}".TrimEnd(),
                    $"the kept balance is {Usd(held?.Debits ?? 0m)} debit / {Usd(held?.Credits ?? 0m)} credit, the lines add up to {Usd(summed?.Debits ?? 0m)} / {Usd(summed?.Credits ?? 0m)}");
            }
        }
    }

    public static IReadOnlyCollection<AccountBalance> Balances(IEnumerable<JournalEntry> entries) =>
        entries.SelectMany(e => e.Lines)
            .GroupBy(l => (l.Account, l.DonorId, l.ContributionId, l.ProjectId))
            .Select(g => new AccountBalance(g.Key.Account, g.Key.DonorId, g.Key.ContributionId, g.Key.ProjectId,
                g.Where(l => l.Side == EntrySide.Debit).Sum(l => l.Usd.Amount),
                g.Where(l => l.Side == EntrySide.Credit).Sum(l => l.Usd.Amount)))
            .ToList();

    private static decimal NetDebit(IEnumerable<AccountBalance> balances, LedgerAccount account, Func<AccountBalance, bool> filter) =>
        balances.Where(b => b.Account == account && filter(b)).Sum(b => b.NetDebit);

    private static decimal NetCredit(IEnumerable<AccountBalance> balances, LedgerAccount account, Func<AccountBalance, bool> filter) =>
        -NetDebit(balances, account, filter);

    private static string Usd(decimal amount) => Money.Round(amount, Currency.Usd).ToString();
}
