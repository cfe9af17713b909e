using System.Diagnostics;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Jobs;
using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>
/// The reports workload: many donors, many projects and a long journal, then the fund's position
/// and every donor's statement asked for through HTTP, one at a time, each set beside hand-written
/// SQL reading the same figures from the same tables. Donors, pledges and projects are made through
/// the grains, as people would; the long history of payments is written by COPY through the
/// journal's own schema (<see cref="JournalHistory"/>), each entry exactly as the contribution
/// grain would have posted it, so the grains load it and the reconciliation checks it.
/// </summary>
public sealed class ReportsWorkload(HarnessOptions options, NpgsqlDataSource dataSource)
{
    private static readonly Caller Administrator = new(SystemUnderTest.AdministratorName, [Role.Administrator]);

    public async Task<IReadOnlyList<Check>> RunAsync(SystemUnderTest system, FundApi api, ResultTable table)
    {
        var (donorCount, projectCount, entryTarget) = (options.Donors, options.Projects, options.Entries);
        Console.WriteLine($"Reports: {donorCount:N0} donors, {projectCount:N0} projects, {entryTarget:N0} journal entries");
        var grains = system.SealedClient;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var clock = Stopwatch.StartNew();

        var portfolio = await ProjectPortfolio.SetUpAsync(grains, projectCount, options.SetUpConcurrency, "reports");
        await system.SiloService<DisbursementRun>().RunAsync($"bench-reports-{Guid.NewGuid():N}", portfolio.DueOn);
        Console.WriteLine($"  {projectCount:N0} projects set up and paid through the grains in {clock.Elapsed.TotalSeconds:F1} s");

        // Each donor pledges once and pays once through the grains; the rest of its payments are history.
        var existing = await EntriesAsync();
        var perDonor = (int)Math.Max(0, (entryTarget - existing - (2L * donorCount) + donorCount - 1) / donorCount);
        clock.Restart();
        var donors = new Guid[donorCount];
        var contributions = new Contribution[donorCount];
        await Parallel.ForAsync(0, donorCount, new ParallelOptions { MaxDegreeOfParallelism = options.SetUpConcurrency }, async (i, _) =>
        {
            var donor = Guid.Parse($"d15b0001-0000-4000-8000-{i:D12}");
            await grains.GetGrain<IDonorGrain>(donor).Register(Administrator, new DonorProfile($"Reports donor {i + 1}", DonorType.Government, "NO", null));
            var pledged = Money.Usd((perDonor + 1) * BenchmarkFund.PaymentAmount + 100m);
            var contribution = await grains.GetGrain<IDonorGrain>(donor).Pledge(BenchmarkFund.Finance, new PledgeCommand(
                BenchmarkFund.FundId, $"bench-reports-{i}", pledged, today, Earmark.Unearmarked, PscRate.Standard,
                [new InstalmentInput(today, pledged.Amount)], "Reports benchmark agreement"));
            await grains.GetGrain<IContributionGrain>(contribution.Id).RecordPayment(BenchmarkFund.Finance, new PaymentCommand("reports-0", Money.Usd(BenchmarkFund.PaymentAmount), today));
            donors[i] = donor;
            contributions[i] = await grains.GetGrain<IContributionGrain>(contribution.Id).Describe(BenchmarkFund.Finance);
        });
        Console.WriteLine($"  {donorCount:N0} donors pledged and paid once through the grains in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        await new JournalHistory(dataSource).WriteAsync(History(contributions, perDonor), written =>
        {
            if (written % 200_000 == 0)
            {
                Console.WriteLine($"    {written:N0} history entries written after {clock.Elapsed.TotalSeconds:F0} s");
            }
        });
        var entries = await EntriesAsync();
        Console.WriteLine($"  {perDonor * (long)donorCount:N0} history entries written by COPY in {clock.Elapsed.TotalSeconds:F1} s; the fund's journal holds {entries:N0}");
        // Grains active before the history was written would answer from what they read then.
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakBefore = process.PeakWorkingSet64;
        var positionTimes = new LatencySample(options.UnloadedReads);
        var positionSql = new LatencySample(options.UnloadedReads);
        for (var i = 0; i < options.UnloadedReads; i++)
        {
            positionTimes.Add(await TimeAsync(() => api.GetOkAsync($"/api/funds/{BenchmarkFund.FundId}/position")));
            positionSql.Add(await TimeAsync(PositionSqlAsync));
        }
        var statementTimes = new LatencySample(donorCount);
        var statementSql = new LatencySample(donorCount);
        var statementsTotal = TimeSpan.Zero;
        var sqlTotal = TimeSpan.Zero;
        foreach (var donor in donors)
        {
            var product = await TimeAsync(() => api.GetOkAsync($"/api/donors/{donor}/statement?fundId={BenchmarkFund.FundId}"));
            var sql = await TimeAsync(() => StatementSqlAsync(donor, today));
            statementTimes.Add(product);
            statementSql.Add(sql);
            statementsTotal += TimeSpan.FromSeconds(product / (double)Stopwatch.Frequency);
            sqlTotal += TimeSpan.FromSeconds(sql / (double)Stopwatch.Frequency);
        }
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        Console.WriteLine($"  position p50 {LatencySample.Milliseconds(positionTimes.Percentile(50))} (SQL {LatencySample.Milliseconds(positionSql.Percentile(50))}); " +
                          $"{donorCount:N0} donor statements in {statementsTotal.TotalSeconds:F2} s (SQL {sqlTotal.TotalSeconds:F2} s); peak working set {Mb(peakBefore)} before the reads, {Mb(peak)} after");

        table.Add($"fund position over {entries:N0} entries, HTTP, p50 ({options.UnloadedReads} reads)", LatencySample.Milliseconds(positionTimes.Percentile(50)),
            $"hand-written SQL over journal_balance: {LatencySample.Milliseconds(positionSql.Percentile(50))}", positionTimes.Percentile(50) / positionSql.Percentile(50));
        table.Add($"every donor statement ({donorCount:N0}, {perDonor + 1:N0} payments each), HTTP, one at a time", $"{statementsTotal.TotalSeconds:F2} s, p99 {LatencySample.Milliseconds(statementTimes.Percentile(99))}",
            $"hand-written SQL of each donor's lines: {sqlTotal.TotalSeconds:F2} s, p99 {LatencySample.Milliseconds(statementSql.Percentile(99))}", statementsTotal / sqlTotal);
        table.Add("peak working set of the process (silo, dashboards, harness)", $"{Mb(peak)} after the reports", $"{Mb(peakBefore)} before them", (double)peak / peakBefore);
        return [new Check($"{entries:N0} of at least {entryTarget:N0} entries in the reports fund", entries >= entryTarget)];
    }

    /// <summary>Payments 2… of each contribution, as its grain would post them: the first payment's entry under a new key, at the stream's next place.</summary>
    private static IEnumerable<JournalEntry> History(IReadOnlyList<Contribution> contributions, int perDonor)
    {
        foreach (var contribution in contributions)
        {
            var first = contribution.Payments.Single();
            for (var n = 1; n <= perDonor; n++)
            {
                // The contribution grain's stream: one place per payment, after the grain's own first one.
                yield return PostingRules.Payment(contribution, first with { Key = $"reports-{n}" })
                    with { Position = new StreamPosition($"contribution:{contribution.Id:N}", n + 1) };
            }
        }
    }

    private async Task<long> EntriesAsync()
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM fundmanager.journal_entry WHERE fund_id = $1");
        command.Parameters.Add(new() { Value = BenchmarkFund.FundId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The position's figures: every account's debits and credits in the fund, from the running balances the product reads too.</summary>
    private async Task PositionSqlAsync()
    {
        await using var command = dataSource.CreateCommand("""
            SELECT account, sum(debits), sum(credits) FROM fundmanager.journal_balance WHERE fund_id = $1 GROUP BY account
            """);
        command.Parameters.Add(new() { Value = BenchmarkFund.FundId });
        await DrainAsync(command);
    }

    /// <summary>What a donor statement is made of: every line of the donor's entries up to the date, with its entry.</summary>
    private async Task StatementSqlAsync(Guid donor, DateOnly asOf)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT e.idempotency_key, e.kind, e.value_date, e.recorded_at, e.recorded_by, e.narrative,
                   l.account, l.side, l.usd_amount, l.original_amount, l.original_currency, l.rate, l.contribution_id, l.project_id, l.tranche_no
              FROM fundmanager.journal_line l JOIN fundmanager.journal_entry e ON e.entry_no = l.entry_no
             WHERE e.fund_id = $1 AND l.donor_id = $2 AND e.value_date <= $3
             ORDER BY e.entry_no, l.line_no
            """);
        command.Parameters.Add(new() { Value = BenchmarkFund.FundId });
        command.Parameters.Add(new() { Value = donor });
        command.Parameters.Add(new() { Value = asOf });
        await DrainAsync(command);
    }

    private static async Task DrainAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
        }
    }

    private static async Task<long> TimeAsync(Func<Task> read)
    {
        var started = Stopwatch.GetTimestamp();
        await read();
        return Stopwatch.GetTimestamp() - started;
    }

    private static string Mb(long bytes) => $"{bytes / (1024 * 1024):N0} MB";
}
