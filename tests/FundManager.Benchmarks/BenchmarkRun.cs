using System.Diagnostics;
using System.Runtime.InteropServices;
using Npgsql;

namespace FundManager.Benchmarks;

/// <summary>
/// One run of the harness: one durable PostgreSQL server and one fresh database, the system
/// started in process, the chosen workloads one after the other on the same books, the product's
/// reconciliation afterwards, and one table of every figure beside the baseline measured in the
/// same run. Nothing is compared with a number from another machine or another day.
/// </summary>
public sealed class BenchmarkRun(HarnessOptions options)
{
    public async Task<int> RunAsync()
    {
        var total = Stopwatch.StartNew();
        Console.WriteLine($"FundManager benchmark{(options.Smoke ? " (smoke)" : string.Empty)}: {options.Workloads}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");

        await using var postgres = await BenchmarkPostgres.StartAsync();
        var settings = await ServerSettings.ReadAsync(postgres.ConnectionString);
        Console.WriteLine($"Database: {postgres.Origin}");
        Console.WriteLine($"  {settings}");
        if (!settings.Durable)
        {
            Console.WriteLine("  WARNING: fsync or synchronous_commit is off; commits cost nothing here and every figure below is flattered.");
        }

        var table = new ResultTable();
        var checks = new List<Check>();
        var intake = options.Runs(Workloads.Intake) ? new IntakeHarness(options, postgres.ConnectionString) : null;
        if (intake is not null)
        {
            await intake.MeasureBaselinesAsync();
        }

        if (options.Runs(Workloads.Intake | Workloads.Disbursements | Workloads.Reports | Workloads.Flatness))
        {
            Console.WriteLine("Starting the silo and the dashboards in process…");
            await using var system = await SystemUnderTest.StartAsync(postgres.ConnectionString);
            Console.WriteLine($"  ready at {system.BaseAddress} after {system.StartedIn.TotalSeconds:F1} s");
            checks.AddRange(await RunOnBooksAsync(system, postgres.ConnectionString, intake, table));
        }

        if (options.Runs(Workloads.Startup))
        {
            checks.AddRange(await MeasureStartupAsync(postgres, table));
        }

        Console.WriteLine();
        Console.WriteLine($"Results ({Environment.ProcessorCount} cores; PostgreSQL {settings.Version}, fsync={settings.Value("fsync")}, synchronous_commit={settings.Value("synchronous_commit")}{Scale()}):");
        Console.WriteLine();
        Console.Write(table.ToMarkdown());
        Console.WriteLine();
        var failed = checks.Where(c => !c.Passed).ToList();
        var verdict = checks.Count == 0 ? "no correctness checks in this mode" : string.Join("; ", (failed.Count > 0 ? failed : checks).Select(c => c.Summary));
        Console.WriteLine($"{(failed.Count > 0 ? "FAILED" : "OK")}: {verdict}; {total.Elapsed.TotalSeconds:F0} s in all");
        return failed.Count > 0 ? 1 : 0;
    }

    private string Scale()
    {
        var parts = new List<string>();
        if (options.Runs(Workloads.Intake))
        {
            parts.Add($"{options.PaymentsPerRun:N0} payments per intake run");
        }
        if (options.Runs(Workloads.Disbursements | Workloads.Reports))
        {
            parts.Add($"{options.Projects:N0} projects");
        }
        if (options.Runs(Workloads.Reports))
        {
            parts.Add($"{options.Donors:N0} donors and {options.Entries:N0} entries for the reports");
        }
        return parts.Count == 0 ? string.Empty : "; " + string.Join(", ", parts);
    }

    /// <summary>The workloads that write to the benchmark fund, then the reconciliation of everything they wrote.</summary>
    private async Task<IReadOnlyList<Check>> RunOnBooksAsync(SystemUnderTest system, string connectionString, IntakeHarness? intake, ResultTable table)
    {
        var checks = new List<Check>();
        var clock = Stopwatch.StartNew();
        var flatness = options.Runs(Workloads.Flatness) ? new FlatnessWorkload(options) : null;
        var fund = await BenchmarkFund.SetUpAsync(system.SealedClient, (intake?.PaymentsNeeded ?? 0) + (flatness is null ? 0 : (flatness.Windows * flatness.Window) + 1_000), options.PaymentsPerPledge);
        Console.WriteLine($"  fund set up through the grains in {clock.Elapsed.TotalSeconds:F1} s: fund '{BenchmarkFund.FundId}', {fund.Donors.Count} donors, {fund.Pledges} pledges (1 in 4 in EUR), finance officer '{BenchmarkFund.FinanceOfficer}'");

        using var api = await FundApi.SignInAsync(system.BaseAddress, BenchmarkFund.FinanceOfficer, BenchmarkFund.FinancePassword);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var journal = new JournalCensus(dataSource);
        if (intake is not null)
        {
            checks.AddRange(await intake.RunAsync(system, fund, api, journal, table));
        }
        if (options.Runs(Workloads.Disbursements))
        {
            checks.AddRange(await new DisbursementWorkload(options, dataSource, journal).RunAsync(system, table));
        }
        if (flatness is not null)
        {
            checks.AddRange(await flatness.RunAsync(system, fund, journal, table));
        }
        if (options.Runs(Workloads.Reports))
        {
            checks.AddRange(await new ReportsWorkload(options, dataSource).RunAsync(system, api, table));
        }

        Console.WriteLine("Reconciliation:");
        var reconciliation = await FundReconciliation.RunAsync(api);
        Console.WriteLine($"  in {reconciliation.Elapsed.TotalSeconds:F1} s: {reconciliation.Entries:N0} entries, {reconciliation.Breaks.Count} breaks");
        foreach (var line in reconciliation.Breaks.Take(10))
        {
            Console.WriteLine($"    break: {line}");
        }
        table.Add("reconciliation after the workloads", $"{reconciliation.Breaks.Count} breaks in {reconciliation.Entries:N0} entries", "0 breaks", null);
        checks.Add(new Check($"{reconciliation.Breaks.Count} reconciliation breaks", reconciliation.Breaks.Count == 0));
        return checks;
    }

    /// <summary>
    /// Once the system above has stopped, so nothing else runs beside the children: the product's
    /// start and a bare silo's, each in a fresh process of its own on a database of its own (a
    /// start finds an installation, not this run's books).
    /// </summary>
    private async Task<IReadOnlyList<Check>> MeasureStartupAsync(BenchmarkPostgres postgres, ResultTable table)
    {
        var turns = options.Smoke ? 1 : 3;
        Console.WriteLine($"Start-up ({turns} turns, a fresh process each):");
        var (full, bare) = await new StartupComparison(await postgres.CreateDatabaseAsync(), turns).MeasureAsync();
        Console.WriteLine($"  median: silo and dashboards until GET /health answered 200 {full.TotalSeconds:F2} s; bare Orleans silo until its host started {bare.TotalSeconds:F2} s");
        table.Add($"start-up: silo + dashboards, process start until GET /health = 200 (median of {turns})", $"{full.TotalSeconds:F2} s",
            $"bare Orleans silo, same ADO.NET clustering and database, process start until host started: {bare.TotalSeconds:F2} s", full / bare);
        return [];
    }
}
