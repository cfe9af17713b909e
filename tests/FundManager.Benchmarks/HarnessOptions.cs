using System.Globalization;

namespace FundManager.Benchmarks;

/// <summary>What the harness is asked to do, from its command line.</summary>
public sealed record HarnessOptions
{
    public const string Usage = """
        usage: [all|intake|disbursements|reports|startup|flatness] [--smoke] [--payments N] [--concurrency 16,64,256] [--payments-per-pledge 64] [--projects N] [--donors N] [--entries N]
          all                    every workload below, one table (the default)
          intake                 payments through the grains and HTTP, reads under load, against insert/COPY baselines
          disbursements          the disbursement job over N projects (run twice), against one INSERT ... SELECT of the same entries
          reports                the fund's position and every donor statement over a long journal, against hand-written SQL
          startup                silo and dashboards until GET /health answers, against a bare Orleans silo
          flatness               --payments N through the grains in windows of 10,000 (not in all): the last window's rate against the first's
          --smoke                a tiny run for CI: few payments and projects, short baselines
          --payments N           payments recorded by the measured intake runs, split evenly between them (default 20000)
          --concurrency LIST     concurrent callers of each intake run, comma-separated (default 16,64,256)
          --payments-per-pledge  how many payments each pledge receives at most (default 64)
          --projects N           active projects whose first tranche the disbursement run pays (default 10000; smoke 40), and as many in the reports fund
          --donors N             donors of the reports workload, one pledge each (default 1000; smoke 10)
          --entries N            journal entries the reports workload reads over, most written by COPY (default 1000000; smoke 5000)
        bdn [BenchmarkDotNet arguments]   runs the BenchmarkDotNet classes, e.g. bdn --filter '*'
        The PostgreSQL server is the one FUNDMANAGER_BENCH_POSTGRES names, else a private one.
        """;

    public Workloads Workloads { get; init; } = Workloads.All;

    /// <summary>Payments across all measured intake runs (grains and HTTP at every concurrency).</summary>
    public int Payments { get; init; } = 20_000;

    public bool Smoke { get; init; }

    public IReadOnlyList<int> Concurrency { get; init; } = [16, 64, 256];

    /// <summary>Few enough that every pledge sees several callers, many enough that pledges are not the only queue.</summary>
    public int PaymentsPerPledge { get; init; } = 64;

    /// <summary>Projects the disbursement run pays one tranche each.</summary>
    public int Projects { get; init; } = 10_000;

    /// <summary>Donors of the reports workload, each with one pledge.</summary>
    public int Donors { get; init; } = 1_000;

    /// <summary>Journal entries in the fund when the reports are read.</summary>
    public int Entries { get; init; } = 1_000_000;

    /// <summary>Concurrent calls while the projects are set up: enough to keep the silo busy, not a measurement.</summary>
    public int SetUpConcurrency => 32;

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

    public bool Runs(Workloads workload) => (Workloads & workload) != 0;

    public static bool TryParse(IReadOnlyList<string> args, out HarnessOptions options, out string problem)
    {
        options = new HarnessOptions();
        problem = string.Empty;
        var rest = args.ToList();
        if (rest.Count > 0 && !rest[0].StartsWith("--", StringComparison.Ordinal))
        {
            Workloads? chosen = rest[0] switch
            {
                "all" => Workloads.All,
                "intake" => Workloads.Intake,
                "disbursements" => Workloads.Disbursements,
                "startup" => Workloads.Startup,
                "reports" => Workloads.Reports,
                "flatness" => Workloads.Flatness,
                _ => null,
            };
            if (chosen is null)
            {
                problem = $"Unknown mode '{rest[0]}'.";
                return false;
            }
            options = options with { Workloads = chosen.Value };
            rest.RemoveAt(0);
        }
        var payments = (int?)null;
        var projects = (int?)null;
        var donors = (int?)null;
        var entries = (int?)null;
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
                    case "--projects":
                        projects = Positive(Value(), argument);
                        break;
                    case "--donors":
                        donors = Positive(Value(), argument);
                        break;
                    case "--entries":
                        entries = Positive(Value(), argument);
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
        options = options with
        {
            Payments = payments ?? (options.Smoke ? 300 : options.Payments),
            Projects = projects ?? (options.Smoke ? 40 : options.Projects),
            Donors = donors ?? (options.Smoke ? 10 : options.Donors),
            Entries = entries ?? (options.Smoke ? 5_000 : options.Entries),
        };
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
