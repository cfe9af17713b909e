namespace FundManager.Reports;

/// <summary>
/// Which report to make, and for what: the fund, a period (<see cref="From"/> to <see cref="To"/>,
/// both included) or an as-of date, a donor or project where the report is about one, and the
/// language. The parameters a kind does not use are ignored.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.ReportRequest")]
public sealed record ReportRequest(
    [property: Id(0)] string Kind,
    [property: Id(1)] string FundId,
    [property: Id(2)] DateOnly? From = null,
    [property: Id(3)] DateOnly? To = null,
    [property: Id(4)] DateOnly? AsOf = null,
    [property: Id(5)] Guid? DonorId = null,
    [property: Id(6)] Guid? ProjectId = null,
    [property: Id(7)] string Language = ReportLanguage.English)
{
    /// <summary>
    /// What names one report's document among runs: the kind, fund, dates, donor, project and
    /// language. A run for the same name is the same document, however often it is retried.
    /// </summary>
    public string Name => string.Join(':', new[]
    {
        Kind, FundId, From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        AsOf?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), DonorId?.ToString("N"), ProjectId?.ToString("N"), Language,
    }.Select(p => p ?? "-"));
}

/// <summary>The financial statements made on request or on a schedule (the jobs' own reports are in <see cref="ReportKinds"/>).</summary>
public static class StatementKinds
{
    public const string ContributionsByDonor = "contributions-by-donor";
    public const string SourcesAndUses = "sources-and-uses";
    public const string BalanceSheet = "balance-sheet";
    public const string BudgetAgainstActual = "budget-against-actual";
    public const string DonorStatement = "donor-statement";
    public const string Receivables = "receivables";
    public const string CommissionReport = "commission-report";

    public static IReadOnlyList<string> All { get; } = [ContributionsByDonor, SourcesAndUses, BalanceSheet, BudgetAgainstActual, DonorStatement, Receivables, CommissionReport];

    /// <summary>The kinds over a period rather than as of a date.</summary>
    public static bool IsForPeriod(string kind) => kind is SourcesAndUses or CommissionReport;
}
