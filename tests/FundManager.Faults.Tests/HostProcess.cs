using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace FundManager.Faults.Tests;

/// <summary>
/// A silo or the dashboards as a process of its own, started with <c>dotnet</c> on the built
/// assembly as run.sh starts it (from its output folder, its settings as environment variables), so
/// a test can kill it with SIGKILL or freeze it with SIGSTOP. What it writes is kept for failure messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="assembly"/> (FundManager.Silo or FundManager.Dashboards) with <paramref name="settings"/> ("A:B" keys).</summary>
    public static HostProcess Start(string name, string assembly, IReadOnlyDictionary<string, string?> settings)
    {
        var folder = OutputFolderOf(assembly);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, assembly + ".dll"));
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        return new HostProcess(name, process);
    }

    /// <summary>SIGKILL: the process ends at once, as in a crash, with nothing flushed or stopped.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            Signal("KILL");
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGSTOP: the process stops running but keeps its sockets and its claims, as a paused machine would.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT: a frozen process carries on where it was.</summary>
    public void Thaw() => Signal("CONT");

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Tail(int lines = 40) => $"--- last output of {Name} (pid {_process.Id}) ---{Environment.NewLine}" +
        string.Join(Environment.NewLine, _output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                Signal("CONT");
                Signal("KILL");
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (InvalidOperationException)
            {
                // Ended meanwhile.
            }
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The host's own build output, in the configuration this test was built in (tests/X/bin/Debug/net10.0).</summary>
    private static string OutputFolderOf(string assembly)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "FundManager.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException($"No FundManager.sln above {AppContext.BaseDirectory}.");
        }
        var kind = assembly.EndsWith(".Silo", StringComparison.Ordinal) ? "silo" : "dashboards";
        var folder = Path.Combine(root.FullName, kind, assembly, "bin", configuration, framework);
        return File.Exists(Path.Combine(folder, assembly + ".dll"))
            ? folder
            : throw new InvalidOperationException($"{assembly} is not built in {folder}; build the solution first.");
    }
}
