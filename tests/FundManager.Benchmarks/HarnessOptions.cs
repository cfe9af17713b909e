using System.Globalization;

namespace FundManager.Benchmarks;

/// <summary>What the intake harness is asked to do, from its command line.</summary>
public sealed record HarnessOptions
{
    public const string Usage = """
        usage: intake [--payments N] [--smoke] [--concurrency 16,64,256] [--payments-per-pledge 64]
          --payments N           payments recorded by the measured intake runs, split evenly between them (default 20000)
          --smoke                a tiny run for CI: few payments, short baselines
          --concurrency LIST     concurrent callers of each intake run, comma-separated (default 16,64,256)
          --payments-per-pledge  how many payments each pledge receives at most (default 64)
        bdn [BenchmarkDotNet arguments]   runs the BenchmarkDotNet classes, e.g. bdn --filter '*'
        The PostgreSQL server is the one FUNDMANAGER_BENCH_POSTGRES names, else a private one.
        """;

    /// <summary>Payments across all measured intake runs (grains and HTTP at every concurrency).</summary>
    public int Payments { get; init; } = 20_000;

    public bool Smoke { get; init; }

    public IReadOnlyList<int> Concurrency { get; init; } = [16, 64, 256];

    /// <summary>Few enough that every pledge sees several callers, many enough that pledges are not the only queue.</summary>
    public int PaymentsPerPledge { get; init; } = 64;

    /// <summary>Each measured run records this many; two runs (grains, HTTP) per concurrency level.</summary>
    public int PaymentsPerRun => Math.Max(1, Payments / (2 * Concurrency.Count));

    /// <summary>A short unmeasured run first, so JIT and connection pools are warm when the clock starts.</summary>
    public int WarmUpPayments => Smoke ? 20 : Math.Clamp(Payments / 50, 50, 1_000);

    /// <summary>Reads per kind when nothing else runs: enough for a p99 that is not a single sample.</summary>
    public int UnloadedReads => Smoke ? 30 : 300;

    /// <summary>Rows of the one-insert-per-commit baselines: bounded, since each costs a WAL flush.</summary>
    public int SingleInsertRows => Smoke ? 200 : Math.Clamp(Payments / 4, 1_000, 5_000);

    public int ConcurrentInsertRows => Smoke ? 800 : Math.Clamp(Payments, 4_000, 20_000);

    /// <summary>Rows of the batched baselines: about as many lines as the intake runs write.</summary>
    public int BulkRows => Smoke ? 5_000 : Math.Max(50_000, Payments * 5);

    /// <summary>No run, however slow the machine, goes on longer than this.</summary>
    public TimeSpan RunDeadline => Smoke ? TimeSpan.FromMinutes(2) : TimeSpan.FromMinutes(15);

    public static bool TryParse(IReadOnlyList<string> args, out HarnessOptions options, out string problem)
    {
        options = new HarnessOptions();
        problem = string.Empty;
        var rest = args.Count > 0 && args[0] == "intake" ? args.Skip(1).ToList() : [.. args];
        var payments = (int?)null;
        for (var i = 0; i < rest.Count; i++)
        {
            var argument = rest[i];
            string Value() => i + 1 < rest.Count ? rest[++i] : throw new FormatException($"{argument} needs a value.");
            try
            {
                switch (argument)
                {
                    case "--smoke":
                        options = options with { Smoke = true };
                        break;
                    case "--payments":
                        payments = Positive(Value(), argument);
                        break;
                    case "--payments-per-pledge":
                        options = options with { PaymentsPerPledge = Positive(Value(), argument) };
                        break;
                    case "--concurrency":
                        options = options with { Concurrency = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Positive(v, argument))] };
                        break;
                    default:
                        problem = $"Unknown argument '{argument}'.";
                        return false;
                }
            }
            catch (FormatException e)
            {
                problem = e.Message;
                return false;
            }
        }
        options = options with { Payments = payments ?? (options.Smoke ? 300 : options.Payments) };
        if (options.Concurrency.Count == 0)
        {
            problem = "--concurrency names at least one level.";
            return false;
        }
        return true;
    }

    private static int Positive(string value, string argument) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"{argument} takes a positive whole number, not '{value}'.");
}
