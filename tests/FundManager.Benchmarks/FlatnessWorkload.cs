namespace FundManager.Benchmarks;

/// <summary>
/// Whether intake stays as fast as the books grow: one long run of payments through the grains at
/// one concurrency, cut into windows (10,000 payments each, or a tenth of the run if it is
/// shorter), the first window's rate beside the last one's. Not part of <c>all</c>: at its full
/// size (a million payments) it runs for hours on a small machine.
/// </summary>
public sealed class FlatnessWorkload(HarnessOptions options)
{
    private static readonly TimeSpan JournalCatchUp = TimeSpan.FromMinutes(1);

    public int Window => Math.Clamp(options.Payments / 10, 1, 10_000);

    public int Windows => Math.Max(1, options.Payments / Window);

    public async Task<IReadOnlyList<Check>> RunAsync(SystemUnderTest system, BenchmarkFund fund, JournalCensus journal, ResultTable table)
    {
        var concurrency = options.Concurrency.Max();
        Console.WriteLine($"Flatness: {Windows:N0} windows of {Window:N0} payments through the grains, {concurrency} callers");
        var workload = new IntakeWorkload(journal, () => system.GroupCommits, options.RunDeadline * Windows);
        var grains = new GrainPaymentChannel(system.SealedClient);
        await workload.RunAsync(grains, fund.Take(Math.Min(Window, 1_000), "flat-warm"), concurrency);
        var acknowledged = new List<PaymentSlot>();
        var rates = new List<double>();
        for (var w = 0; w < Windows; w++)
        {
            var result = await workload.RunAsync(grains, fund.Take(Window, $"flat-{w}"), concurrency);
            acknowledged.AddRange(result.Acknowledged);
            rates.Add(result.PaymentsPerSecond);
            if (w == 0 || w == Windows - 1 || (w + 1) % Math.Max(1, Windows / 10) == 0)
            {
                Console.WriteLine($"    window {w + 1:N0} of {Windows:N0}: {result.PaymentsPerSecond:N0} payments/s, p99 {LatencySample.Milliseconds(result.P99)}, {result.Failed} failed");
            }
        }
        var missing = await journal.MissingPaymentsAsync(acknowledged, JournalCatchUp);
        table.Add($"flatness: intake via grains, {concurrency} callers, last {Window:N0} of {acknowledged.Count:N0} payments",
            ResultTable.PerSecond(rates[^1], "payments"), $"first {Window:N0}: {ResultTable.PerSecond(rates[0], "payments")}", rates[^1] / rates[0]);
        table.Add("flatness: slowest window against the first", ResultTable.PerSecond(rates.Min(), "payments"), ResultTable.PerSecond(rates[0], "payments"), rates.Min() / rates[0]);
        return [new Check($"{missing.Count} acknowledged payments missing after the flatness run", missing.Count == 0)];
    }
}
