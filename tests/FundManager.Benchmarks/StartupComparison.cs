using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace FundManager.Benchmarks;

/// <summary>
/// The start-up workload: this program started again as a child, once for the silo and the
/// dashboards (until GET /health answers 200) and once for a bare Orleans silo (until its host has
/// started), on the same database, taking turns, each child timing itself from its own process
/// start. The median of a few turns each, since one start is one sample.
/// </summary>
public sealed class StartupComparison(string database, int turns)
{
    private static readonly TimeSpan ChildDeadline = TimeSpan.FromMinutes(3);

    public async Task<(TimeSpan Full, TimeSpan Bare)> MeasureAsync()
    {
        var full = new List<TimeSpan>();
        var bare = new List<TimeSpan>();
        for (var turn = 0; turn < turns; turn++)
        {
            full.Add(await StartChildAsync("full"));
            bare.Add(await StartChildAsync("bare"));
            Console.WriteLine($"  turn {turn + 1}: silo and dashboards {full[^1].TotalSeconds:F2} s, bare silo {bare[^1].TotalSeconds:F2} s");
        }
        return (Median(full), Median(bare));
    }

    private static TimeSpan Median(List<TimeSpan> samples) => samples.Order().ElementAt(samples.Count / 2);

    private async Task<TimeSpan> StartChildAsync(string what)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Started as "dotnet FundManager.Benchmarks.dll" the program is an argument; as its apphost, the process itself.
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no path to start again.");
        start.FileName = path;
        if (string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        start.ArgumentList.Add(StartupProbe.Mode);
        start.ArgumentList.Add(what);
        start.Environment[StartupProbe.DatabaseVariable] = database;

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {what} start-up probe.");
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ChildDeadline);
        try
        {
            await child.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"The {what} start-up probe did not finish within {ChildDeadline}.");
        }
        var text = await output;
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(StartupProbe.ReadyPrefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The {what} start-up probe exited {child.ExitCode}: {text}{await errors}");
        }
        return TimeSpan.FromMilliseconds(double.Parse(line[StartupProbe.ReadyPrefix.Length..], CultureInfo.InvariantCulture));
    }
}
