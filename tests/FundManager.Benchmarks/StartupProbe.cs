using System.Diagnostics;
using System.Globalization;

namespace FundManager.Benchmarks;

/// <summary>
/// The child side of the start-up workload: a fresh process that starts one thing (the silo and
/// the dashboards, or a bare silo) on the database its parent names, prints how long after the
/// process itself started that thing was ready, and stops it. A fresh process each time, so both
/// pay the same runtime start and JIT, and neither finds the other's code already compiled.
/// </summary>
public static class StartupProbe
{
    public const string Mode = "startup-probe";
    public const string DatabaseVariable = "FUNDMANAGER_BENCH_PROBE_DATABASE";
    public const string ReadyPrefix = "ready-after-ms ";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var database = Environment.GetEnvironmentVariable(DatabaseVariable);
        if (args.Count != 1 || string.IsNullOrWhiteSpace(database))
        {
            await Console.Error.WriteLineAsync($"usage: {Mode} full|bare, with {DatabaseVariable} naming the database");
            return 2;
        }
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        switch (args[0])
        {
            case "full":
                await using (var system = await SystemUnderTest.StartAsync(database))
                {
                    Ready(started);
                }
                return 0;
            case "bare":
                using (var host = await BareSiloStartup.StartAsync(database))
                {
                    Ready(started);
                    await host.StopAsync();
                }
                return 0;
            default:
                await Console.Error.WriteLineAsync($"{Mode} starts 'full' or 'bare', not '{args[0]}'.");
                return 2;
        }
    }

    private static void Ready(DateTime started) =>
        Console.WriteLine(ReadyPrefix + (DateTime.UtcNow - started).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture));
}
