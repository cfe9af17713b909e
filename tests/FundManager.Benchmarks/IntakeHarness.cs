namespace FundManager.Benchmarks;

/// <summary>
/// The intake workload: on one durable PostgreSQL server and one fresh database, what the bare
/// server does with journal-shaped rows, then what the running system does with payments (through
/// the grains and through HTTP, at several concurrencies), what intake costs readers, and whether
/// every acknowledged payment is in the journal. Every figure is printed beside the baseline
/// measured in the same run, since absolute numbers say more about the machine than the code.
/// </summary>
public sealed class IntakeHarness(HarnessOptions options, string connectionString)
{
    private static readonly TimeSpan JournalCatchUp = TimeSpan.FromMinutes(1);

    private PostgresBaselines? _baselines;

    /// <summary>Payments the benchmark fund's pledges must have room for: warm-ups, measured runs and the drift run.</summary>
    public int PaymentsNeeded => (options.WarmUpPayments * 2) + (options.PaymentsPerRun * 2 * options.Concurrency.Count) + DriftPayments;

    /// <summary>Before the system starts, so the bare server has the machine to itself.</summary>
    public async Task MeasureBaselinesAsync()
    {
        Console.WriteLine("Intake baselines (same server, same database):");
        _baselines = new PostgresBaselines(connectionString, options);
        await _baselines.RunAsync();
    }

    public async Task<IReadOnlyList<Check>> RunAsync(SystemUnderTest system, BenchmarkFund fund, FundApi api, JournalCensus journal, ResultTable table)
    {
        var baselines = _baselines ?? throw new InvalidOperationException("The intake baselines are measured before the system starts.");
        Console.WriteLine($"Intake: {options.PaymentsPerRun:N0} payments per run, callers {string.Join("/", options.Concurrency)}");
        var workload = new IntakeWorkload(journal, () => system.GroupCommits, options.RunDeadline);
        var grains = new GrainPaymentChannel(system.SealedClient);
        var http = new HttpPaymentChannel(api);
        var probe = new ReadProbe(api, BenchmarkFund.FundId, fund.Donors[0]);

        var acknowledged = new List<PaymentSlot>();
        // Unmeasured: JIT, grain activations and connection pools warm up on both paths.
        foreach (var channel in new IPaymentChannel[] { grains, http })
        {
            var warm = await workload.RunAsync(channel, fund.Take(options.WarmUpPayments, $"warm-{channel.Name.ToLowerInvariant()}"), options.Concurrency[0]);
            acknowledged.AddRange(warm.Acknowledged);
            Console.WriteLine($"  warm-up via {channel.Name}: {warm.Acknowledged.Count} payments, {warm.Failed} failed{Failure(warm)}");
        }
        var unloadedBefore = await probe.RunAsync(options.UnloadedReads, CancellationToken.None);
        Console.WriteLine($"  reads, nothing else running (before intake): {unloadedBefore}");

        var results = new List<(IntakeResult Grains, IntakeResult Http, ReadLatencies Reads)>();
        foreach (var concurrency in options.Concurrency)
        {
            var viaGrains = await workload.RunAsync(grains, fund.Take(options.PaymentsPerRun, $"g{concurrency}"), concurrency);
            Report(viaGrains);
            using var stop = new CancellationTokenSource();
            var reading = probe.RunAsync(int.MaxValue, stop.Token);
            var viaHttp = await workload.RunAsync(http, fund.Take(options.PaymentsPerRun, $"h{concurrency}"), concurrency);
            await stop.CancelAsync();
            var loaded = await reading;
            Report(viaHttp);
            Console.WriteLine($"    reads meanwhile: {loaded}");
            acknowledged.AddRange(viaGrains.Acknowledged);
            acknowledged.AddRange(viaHttp.Acknowledged);
            results.Add((viaGrains, viaHttp, loaded));
        }

        // The runs above go from few callers to many while the books grow: the first one again, on
        // the fullest books, tells how much of a slowdown is the books' size and not the callers.
        var first = results[0].Grains;
        var again = await workload.RunAsync(grains, fund.Take(DriftPayments, "drift"), first.Concurrency);
        again = again with { Channel = "grains (again, after all runs)" };
        Report(again);
        acknowledged.AddRange(again.Acknowledged);

        // Measured after intake, on the fullest books, so the loaded/unloaded ratio is not flattered by growth.
        var unloaded = await probe.RunAsync(options.UnloadedReads, CancellationToken.None);
        Console.WriteLine($"  reads, nothing else running (after intake): {unloaded}");

        var missing = await journal.MissingPaymentsAsync(acknowledged, JournalCatchUp);
        Console.WriteLine($"  acknowledged payments: {acknowledged.Count:N0}; missing from the journal: {missing.Count:N0}{(missing.Count > 0 ? $" (first: {missing[0]})" : string.Empty)}");

        Tabulate(table, baselines, results, again, unloaded, acknowledged.Count, missing.Count);
        return [new Check($"{missing.Count} acknowledged payments missing", missing.Count == 0)];
    }

    /// <summary>A quarter of a run: enough for a rate, cheap enough to add to every run.</summary>
    private int DriftPayments => Math.Max(20, options.PaymentsPerRun / 4);

    private static void Report(IntakeResult r) =>
        Console.WriteLine($"  {r.Name,-28} {r.Acknowledged.Count,7:N0} payments in {r.Elapsed.TotalSeconds,6:F2} s = {r.PaymentsPerSecond,7:N0} payments/s, {r.LinesPerSecond,8:N0} journal lines/s, " +
                          $"p50 {LatencySample.Milliseconds(r.P50)}, p99 {LatencySample.Milliseconds(r.P99)}, {r.PaymentsPerCommit:F1} payments per commit, {r.Failed} failed{Failure(r)}");

    private static string Failure(IntakeResult r) => r.FirstFailure is null ? string.Empty : $" (first: {r.FirstFailure})";

    private static void Tabulate(
        ResultTable table,
        PostgresBaselines baselines,
        IReadOnlyList<(IntakeResult Grains, IntakeResult Http, ReadLatencies Reads)> results,
        IntakeResult again,
        ReadLatencies unloaded,
        int acknowledged,
        int missing)
    {
        var copy = baselines.BinaryCopy!;
        var copyFigure = $"COPY {ResultTable.PerSecond(copy.RowsPerSecond, "rows")}";
        foreach (var baseline in baselines.All.Where(b => b != copy))
        {
            table.Add($"PostgreSQL {baseline.Name}", ResultTable.PerSecond(baseline.RowsPerSecond, "rows"), copyFigure, baseline.RowsPerSecond / copy.RowsPerSecond);
        }
        foreach (var (viaGrains, viaHttp, _) in results)
        {
            foreach (var run in new[] { viaGrains, viaHttp })
            {
                var failed = run.Failed > 0 ? $", {run.Failed} failed" : string.Empty;
                table.Add(run.Name,
                    $"{ResultTable.PerSecond(run.PaymentsPerSecond, "payments")}, {ResultTable.PerSecond(run.LinesPerSecond, "lines")}, p50 {LatencySample.Milliseconds(run.P50)}, p99 {LatencySample.Milliseconds(run.P99)}{failed}",
                    copyFigure, run.LinesPerSecond / copy.RowsPerSecond);
            }
            table.Add($"HTTP ÷ grains, {viaGrains.Concurrency} callers", $"HTTP {ResultTable.PerSecond(viaHttp.PaymentsPerSecond, "payments")}",
                $"grains {ResultTable.PerSecond(viaGrains.PaymentsPerSecond, "payments")}", viaHttp.PaymentsPerSecond / viaGrains.PaymentsPerSecond);
        }
        table.Add($"drift: {again.Name}", $"{ResultTable.PerSecond(again.PaymentsPerSecond, "payments")}, p50 {LatencySample.Milliseconds(again.P50)}, p99 {LatencySample.Milliseconds(again.P99)}",
            $"first run {ResultTable.PerSecond(results[0].Grains.PaymentsPerSecond, "payments")}", again.PaymentsPerSecond / results[0].Grains.PaymentsPerSecond);
        foreach (var (_, viaHttp, reads) in results)
        {
            table.Add($"position p99 during HTTP intake, {viaHttp.Concurrency} callers", $"{LatencySample.Milliseconds(reads.PositionP99)} ({reads.ReadsPerKind} reads)",
                $"unloaded {LatencySample.Milliseconds(unloaded.PositionP99)} ({unloaded.ReadsPerKind} reads, after intake)", reads.PositionP99 / unloaded.PositionP99);
            table.Add($"statement p99 during HTTP intake, {viaHttp.Concurrency} callers", $"{LatencySample.Milliseconds(reads.StatementP99)} ({reads.ReadsPerKind} reads)",
                $"unloaded {LatencySample.Milliseconds(unloaded.StatementP99)} ({unloaded.ReadsPerKind} reads, after intake)", reads.StatementP99 / unloaded.StatementP99);
        }
        table.Add("acknowledged payments missing from the journal", $"{missing:N0} of {acknowledged:N0}", "0", null);
    }
}
