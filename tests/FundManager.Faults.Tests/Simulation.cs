using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using FundManager.EndToEnd.Tests;
using FundManager.Reports;
using FundManager.Testing;
using Npgsql;

namespace FundManager.Faults.Tests;

/// <summary>Which faults a simulation injects, as chances per step.</summary>
public sealed record FaultMix(double SiloKill, double JobCrash, double DatabaseRestart, double Duplicate)
{
    public static FaultMix None { get; } = new(0, 0, 0, 0);
}

/// <summary>
/// A seeded sequence of what the fund's people do through the HTTP API (donors, pledges, payments,
/// rate changes, project drafts and steps, approvals, releases, disbursement runs, reversals),
/// interleaved with faults (silos killed and started again, a job's silo killed while it runs, the
/// database killed and restarted, the same idempotency key delivered twice at once), with the books
/// and the audit trail checked as it goes. The same seed makes the same choices; every failure
/// names the seed and the step, so a failing sequence can be run again.
/// </summary>
public sealed class Simulation(ProcessSystem system, FundScenario fund, int seed, PrivatePostgres? database = null, Action<string>? log = null)
{
    public const string SeedVariable = "FUNDMANAGER_SIMULATION_SEED";
    public const string StepsVariable = "FUNDMANAGER_SIMULATION_STEPS";

    private static readonly string[] Currencies = ["USD", "EUR", "NOK"];
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Random _random = new(seed);
    private readonly object _gate = new();
    private readonly List<Guid> _donors = [];
    private readonly List<(Guid Id, string Currency)> _pledges = [];
    private readonly List<(Guid Id, string Code)> _projects = [];
    private readonly List<(Guid Pledge, string Key, decimal Amount, string Currency)> _payments = [];
    private readonly ConcurrentDictionary<string, bool> _acknowledgedEntries = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _restartSiloAtStep = [];
    private int _step;
    private long _acknowledged;

    public int Seed => seed;

    /// <summary>Commands answered with success so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>The seed: FUNDMANAGER_SIMULATION_SEED when set, else a new one (printed by the caller, so it can be replayed).</summary>
    public static int SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : Random.Shared.Next();

    /// <summary>FUNDMANAGER_SIMULATION_STEPS when set, else <paramref name="fallback"/>.</summary>
    public static int StepsFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(StepsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var steps) ? steps : fallback;

    private string Where => $"[seed {seed}, step {_step}]";

    /// <summary>The month's rates, a first donor with a pledge in each currency, and cash for approvals.</summary>
    public async Task PrepareAsync()
    {
        await fund.CreateAsync(pledge: 50_000_000m, cash: 2_000_000m);
        _donors.Add(fund.Donor);
        _pledges.Add((fund.Pledge, "USD"));
        foreach (var (currency, rate) in new[] { ("EUR", 0.92m), ("NOK", 10.5m) })
        {
            (await system.Api.PutAsync($"/api/exchange-rates/{currency}/{FundScenario.Iso(FundScenario.MonthStart)}", fund.Recorder, new { unitsPerUsd = rate })).Expect(HttpStatusCode.OK);
        }
    }

    /// <summary>Runs <paramref name="steps"/> steps one after another, checking the books every <paramref name="checkEvery"/> steps and in full at the end.</summary>
    public async Task RunAsync(int steps, int checkEvery, FaultMix faults)
    {
        for (_step = 1; _step <= steps; _step++)
        {
            await RestartDueSilosAsync();
            var roll = _random.NextDouble();
            string what;
            if ((roll -= faults.SiloKill) < 0)
            {
                what = await KillSiloAsync();
            }
            else if ((roll -= faults.JobCrash) < 0)
            {
                what = await CrashJobAsync();
            }
            else if ((roll -= faults.DatabaseRestart) < 0 && database is not null)
            {
                what = await RestartDatabaseAsync();
            }
            else
            {
                what = await ActAsync(_random, _step, duplicate: _random.NextDouble() < faults.Duplicate);
            }
            log?.Invoke($"{Where} {what}");
            if (_step % checkEvery == 0)
            {
                await CheckAsync(complete: false);
            }
        }
        await FinishAsync();
    }

    /// <summary>
    /// <paramref name="workers"/> callers act at once, each from a seed of its own derived from the
    /// simulation's, <paramref name="actionsEach"/> actions each, while the only silo is killed
    /// after every <paramref name="killEvery"/> acknowledged commands (give or take, by the seed) and
    /// started again. Then everything is checked.
    /// </summary>
    public async Task RunUnderKillsAsync(int workers, int actionsEach, int kills, int killEvery)
    {
        var done = 0;
        var acting = Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            var random = new Random(HashCode.Combine(seed, worker));
            for (var i = 0; i < actionsEach; i++)
            {
                var what = await ActAsync(random, (worker * 10_000) + i, duplicate: random.NextDouble() < 0.1);
                log?.Invoke($"[seed {seed}, worker {worker}, action {i}] {what}");
            }
            Interlocked.Increment(ref done);
        }));
        for (var kill = 1; kill <= kills && Volatile.Read(ref done) < workers; kill++)
        {
            var target = Acknowledged + _random.Next(killEvery / 2, (killEvery * 3 / 2) + 1);
            await Eventually.PollAsync(() => Task.FromResult(Acknowledged >= target || Volatile.Read(ref done) == workers ? "due" : null),
                Patience, $"[seed {seed}] {target} commands acknowledged before kill {kill}");
            _step = kill;
            log?.Invoke($"[seed {seed}, kill {kill}] SIGKILL to the silo after {Acknowledged} acknowledged commands");
            await system.KillSiloAsync(0);
            await system.StartSiloAsync(0);
        }
        await acting;
        await FinishAsync();
    }

    /// <summary>All silos up, every grain asked once (so each delivers what it owes), then every check, the audit trail's coverage too.</summary>
    public async Task FinishAsync()
    {
        for (var silo = 0; silo < system.SiloCount; silo++)
        {
            if (!system.IsRunning(silo))
            {
                await system.StartSiloAsync(silo);
            }
        }
        _restartSiloAtStep.Clear();
        await system.WaitHealthyAsync(Patience, $"{Where} before the final checks");
        foreach (var (id, _) in _pledges.ToList())
        {
            await SendAsync("read pledge", HttpMethod.Get, $"/api/pledges/{id}", fund.Recorder, null);
        }
        foreach (var (id, _) in _projects.ToList())
        {
            await SendAsync("read project", HttpMethod.Get, $"/api/projects/{id}", fund.Drafter, null);
        }
        foreach (var id in _donors.ToList())
        {
            await SendAsync("read donor", HttpMethod.Get, $"/api/donors/{id}", fund.Recorder, null);
        }
        await CheckAsync(complete: true);
    }

    /// <summary>
    /// The books reconcile, the audit chain verifies, every acknowledged payment is in the journal
    /// exactly once and no tranche is paid twice; <paramref name="complete"/> adds that every change
    /// has its audit record (only meaningful once the grains have delivered their outboxes).
    /// </summary>
    public async Task CheckAsync(bool complete)
    {
        var reconciliation = await SendAsync("reconcile", HttpMethod.Post, $"/api/funds/{fund.Fund}/reconciliation", fund.Releaser, null);
        Assert.True(reconciliation.Status == HttpStatusCode.OK, $"{Where} the reconciliation answered {(int)reconciliation.Status}: {reconciliation.Text}");
        var breaks = reconciliation.Json["breaks"]!.AsArray();
        Assert.True(breaks.Count == 0, $"{Where} the books do not reconcile: {breaks.ToJsonString()}");

        var verification = await SendAsync("verify the audit trail", HttpMethod.Post, "/api/audit/verify", fund.Auditor, new { expectedHead = (string?)null });
        Assert.True(verification.Status == HttpStatusCode.OK, $"{Where} the audit verification answered {(int)verification.Status}: {verification.Text}");
        Assert.True(verification.Json["intact"]!.GetValue<bool>(), $"{Where} the audit trail does not verify: {verification.Text}");

        var stored = await CountByKeyAsync(system.Database, [.. _acknowledgedEntries.Keys]);
        foreach (var key in _acknowledgedEntries.Keys)
        {
            var times = stored.GetValueOrDefault(key);
            Assert.True(times == 1, $"{Where} the acknowledged entry {key} is in the journal {times} times.");
        }
        var paid = await Books.DisbursementsAsync(system.Database, fund.Fund);
        var standing = await StandingDisbursementsAsync(system.Database, fund.Fund);
        Assert.True(standing.All(s => s.Count <= 1), $"{Where} a tranche is paid more than once: {string.Join(", ", standing.Where(s => s.Count > 1))}");
        if (complete)
        {
            var gaps = await AuditCoverage.GapsAsync(system.Database, system.Api, fund);
            Assert.True(gaps.Count == 0, $"{Where} changes without their audit record:{Environment.NewLine}{string.Join(Environment.NewLine, gaps)}");
        }
        log?.Invoke($"{Where} checked: books reconcile, {verification.Json["events"]} audit events verify, {_acknowledgedEntries.Count} acknowledged entries once, {paid.Count} disbursements, none twice{(complete ? ", every change audited" : string.Empty)}");
    }

    private async Task<string> ActAsync(Random random, int step, bool duplicate)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 6 => await RegisterDonorAsync(step),
            < 14 => await PledgeAsync(random, step, duplicate),
            < 40 => await PayAsync(random, step, duplicate),
            < 46 => await ChangeRateAsync(random),
            < 56 => await DraftProjectAsync(random, step),
            < 84 => await AdvanceProjectAsync(random),
            < 90 => await StartRunAsync(),
            < 95 => await ReversePaymentAsync(random),
            _ => await ReverseDisbursementAsync(random),
        };
    }

    private async Task<string> RegisterDonorAsync(int step)
    {
        var reply = await CommandAsync("register a donor", HttpMethod.Post, "/api/donors", fund.Recorder,
            new { name = $"Donor {step}", type = "Government", country = "NO", iatiIdentifier = (string?)null });
        if (reply.Status == HttpStatusCode.Created)
        {
            lock (_gate)
            {
                _donors.Add(reply.Json["id"]!.GetValue<Guid>());
            }
        }
        return $"register donor {step}: {(int)reply.Status}";
    }

    private async Task<string> PledgeAsync(Random random, int step, bool duplicate)
    {
        Guid donor;
        lock (_gate)
        {
            donor = _donors[random.Next(_donors.Count)];
        }
        var currency = Currencies[random.Next(Currencies.Length)];
        var amount = random.Next(20, 200) * 1_000m;
        var body = fund.PledgeBody($"sim-{seed}-{step}", amount, currency);
        var reply = await CommandAsync("pledge", HttpMethod.Post, $"/api/donors/{donor}/pledges", fund.Recorder, body, duplicate);
        if (reply.Status == HttpStatusCode.Created)
        {
            var id = reply.Json["id"]!.GetValue<Guid>();
            lock (_gate)
            {
                _pledges.Add((id, currency));
            }
            _acknowledgedEntries[$"pledge:{id:N}"] = true;
        }
        return $"pledge {currency} {amount} by donor {donor}{(duplicate ? " (delivered twice)" : string.Empty)}: {(int)reply.Status}";
    }

    private async Task<string> PayAsync(Random random, int step, bool duplicate)
    {
        (Guid Id, string Currency) pledge;
        (Guid Pledge, string Key, decimal Amount, string Currency)? again = null;
        lock (_gate)
        {
            pledge = _pledges[random.Next(_pledges.Count)];
            if (duplicate && _payments.Count > 0)
            {
                again = _payments[random.Next(_payments.Count)];
            }
        }
        // A duplicate is either the same payment twice at once or an earlier one delivered again.
        var (target, key, amount, currency) = again is { } earlier && random.Next(2) == 0
            ? earlier
            : (pledge.Id, $"sim-{seed}-{step}", random.Next(5_000, 200_000) / 100m, pledge.Currency);
        var reply = await CommandAsync("pay", HttpMethod.Post, $"/api/pledges/{target}/payments", fund.Recorder,
            new { idempotencyKey = key, amount, currency, valueDate = FundScenario.Iso(FundScenario.Today) }, duplicate);
        if (reply.Status == HttpStatusCode.Created)
        {
            lock (_gate)
            {
                if (!_payments.Any(p => p.Pledge == target && p.Key == key))
                {
                    _payments.Add((target, key, amount, currency));
                }
            }
            _acknowledgedEntries[$"payment:{target:N}:{key}"] = true;
        }
        return $"pay {currency} {amount} into {target} under {key}{(duplicate ? " (delivered twice)" : string.Empty)}: {(int)reply.Status}";
    }

    private async Task<string> ChangeRateAsync(Random random)
    {
        var currency = random.Next(2) == 0 ? "EUR" : "NOK";
        var from = FundScenario.MonthStart.AddDays(random.Next(FundScenario.Today.Day));
        var rate = currency == "EUR" ? random.Next(880, 960) / 1000m : random.Next(1000, 1100) / 100m;
        var reply = await CommandAsync("set a rate", HttpMethod.Put, $"/api/exchange-rates/{currency}/{FundScenario.Iso(from)}", fund.Recorder, new { unitsPerUsd = rate });
        return $"rate {currency} {rate} from {FundScenario.Iso(from)}: {(int)reply.Status}";
    }

    private async Task<string> DraftProjectAsync(Random random, int step)
    {
        var code = $"SIM-{step}";
        var reply = await CommandAsync("draft a project", HttpMethod.Post, $"/api/funds/{fund.Fund}/projects", fund.Drafter,
            FundScenario.ProjectBody(code, random.Next(5, 40) * 100m));
        if (reply.Status == HttpStatusCode.Created)
        {
            lock (_gate)
            {
                _projects.Add((reply.Json["id"]!.GetValue<Guid>(), code));
            }
        }
        return $"draft {code}: {(int)reply.Status}";
    }

    /// <summary>Takes a project one step further along its life: submit, review, approve, activate, release its first tranche.</summary>
    private async Task<string> AdvanceProjectAsync(Random random)
    {
        (Guid Id, string Code) project;
        lock (_gate)
        {
            if (_projects.Count == 0)
            {
                return "no project to advance";
            }
            // The latest few, so projects get all the way to a paid tranche within a short run.
            project = _projects[_projects.Count - 1 - random.Next(Math.Min(3, _projects.Count))];
        }
        var read = await SendAsync("read a project", HttpMethod.Get, $"/api/projects/{project.Id}", fund.Drafter, null);
        Expect(read, "read a project", HttpStatusCode.OK);
        var status = read.Json["status"]!.GetValue<string>();
        var released = read.Json["releases"]?.AsArray().Count > 0;
        var (step, by) = status switch
        {
            "Draft" => ("submit", fund.Drafter),
            "Submitted" => ("start-review", fund.Reviewer),
            "UnderReview" => ("approve", fund.Reviewer),
            "Approved" => ("activate", fund.Drafter),
            "Active" when !released => ("tranches/1/release", fund.Releaser),
            _ => (null, null),
        };
        if (step is null)
        {
            return $"{project.Code} is {status}{(released ? ", released" : string.Empty)}: nothing to do";
        }
        var body = step.StartsWith("tranches", StringComparison.Ordinal) ? null : new { reason = (string?)"simulated" };
        var reply = await CommandAsync(step, HttpMethod.Post, $"/api/projects/{project.Id}/{step}", by!, body);
        return $"{step} {project.Code} (was {status}): {(int)reply.Status}";
    }

    private async Task<string> StartRunAsync()
    {
        var reply = await CommandAsync("run the disbursements", HttpMethod.Post, "/api/jobs/disbursement-run", fund.Releaser, null);
        return $"disbursement run {(reply.Status == HttpStatusCode.Accepted ? reply.Json["runId"] : null)}: {(int)reply.Status}";
    }

    private async Task<string> ReversePaymentAsync(Random random)
    {
        (Guid Pledge, string Key, decimal Amount, string Currency) payment;
        lock (_gate)
        {
            if (_payments.Count == 0)
            {
                return "no payment to reverse";
            }
            payment = _payments[random.Next(_payments.Count)];
        }
        var reply = await CommandAsync("reverse a payment", HttpMethod.Post, $"/api/pledges/{payment.Pledge}/payments/{Uri.EscapeDataString(payment.Key)}/reversal", fund.Recorder, new { reason = "returned by the bank" });
        if (reply.Status == HttpStatusCode.OK)
        {
            _acknowledgedEntries[$"reversal:payment:{payment.Pledge:N}:{payment.Key}"] = true;
        }
        return $"reverse payment {payment.Key}: {(int)reply.Status}";
    }

    private async Task<string> ReverseDisbursementAsync(Random random)
    {
        (Guid Id, string Code) project;
        lock (_gate)
        {
            if (_projects.Count == 0)
            {
                return "no project to reverse a disbursement of";
            }
            project = _projects[random.Next(_projects.Count)];
        }
        var read = await SendAsync("read a project", HttpMethod.Get, $"/api/projects/{project.Id}", fund.Releaser, null);
        Expect(read, "read a project", HttpStatusCode.OK);
        var standing = read.Json["payments"]?.AsArray().FirstOrDefault(p => p!["reversal"] is null);
        if (standing is null)
        {
            return $"{project.Code} has no standing disbursement";
        }
        var (tranche, attempt) = (standing["number"]!.GetValue<int>(), standing["attempt"]!.GetValue<int>());
        var reply = await CommandAsync("reverse a disbursement", HttpMethod.Post, $"/api/projects/{project.Id}/tranches/{tranche}/payments/{attempt}/reversal", fund.Releaser, new { reason = "returned by the partner" });
        return $"reverse disbursement {tranche}/{attempt} of {project.Code}: {(int)reply.Status}";
    }

    private async Task<string> KillSiloAsync()
    {
        var running = Enumerable.Range(0, system.SiloCount).Where(system.IsRunning).ToList();
        if (running.Count < 2)
        {
            return "silo kill skipped: only one silo is up";
        }
        var silo = running[_random.Next(running.Count)];
        await system.KillSiloAsync(silo);
        _restartSiloAtStep[silo] = _step + _random.Next(1, 6);
        return $"SIGKILL to silo {silo}; it starts again at step {_restartSiloAtStep[silo]}";
    }

    /// <summary>Starts a disbursement run and kills the silo whose server runs it, as soon as it is running.</summary>
    private async Task<string> CrashJobAsync()
    {
        if (Enumerable.Range(0, system.SiloCount).Count(system.IsRunning) < 2)
        {
            return "job crash skipped: only one silo is up";
        }
        var reply = await CommandAsync("run the disbursements", HttpMethod.Post, "/api/jobs/disbursement-run", fund.Releaser, null);
        if (reply.Status != HttpStatusCode.Accepted)
        {
            return $"job crash: the run was not started ({(int)reply.Status})";
        }
        var runId = reply.Json["runId"]!.GetValue<string>();
        var (state, server) = await Eventually.PollAsync(async () =>
        {
            var job = await Books.JobAsync(system.Database, ReportKinds.HangfireJobIdOf(runId)!);
            return job.Server is not null || job.State == "Succeeded" ? new Tuple<string?, string?>(job.State, job.Server) : null;
        }, Patience, $"{Where} the run {runId} to start");
        if (state == "Succeeded" || server is null)
        {
            return $"job crash: the run {runId} finished before its silo could be killed";
        }
        var silo = system.SiloOfServer(server);
        await system.KillSiloAsync(silo);
        _restartSiloAtStep[silo] = _step + _random.Next(1, 6);
        return $"job crash: SIGKILL to silo {silo} while it ran {runId}; it starts again at step {_restartSiloAtStep[silo]}";
    }

    private async Task<string> RestartDatabaseAsync()
    {
        await database!.KillAsync();
        await database.StartAgainAsync();
        // The checks' own connections died with the server too.
        system.Database.Clear();
        await system.WaitHealthyAsync(Patience, $"{Where} after the database restarted");
        return "SIGKILL to PostgreSQL, started again";
    }

    private async Task RestartDueSilosAsync()
    {
        foreach (var (silo, at) in _restartSiloAtStep.ToList())
        {
            if (at <= _step)
            {
                await system.StartSiloAsync(silo);
                _restartSiloAtStep.Remove(silo);
                log?.Invoke($"{Where} silo {silo} started again");
            }
        }
    }

    /// <summary>
    /// Sends a command until it is answered by something other than "try again", twice at once when
    /// <paramref name="duplicate"/>. Success and refusals of the domain (409) are answers; anything
    /// else fails the simulation with its seed and step.
    /// </summary>
    private async Task<Reply> CommandAsync(string what, HttpMethod method, string path, string user, object? body, bool duplicate = false)
    {
        Reply reply;
        if (duplicate)
        {
            var both = await Task.WhenAll(SendAsync(what, method, path, user, body), SendAsync(what, method, path, user, body));
            Assert.True(both[0].Status == both[1].Status, $"{Where} the same {what} delivered twice at once was answered {(int)both[0].Status} and {(int)both[1].Status}: {both[0].Text} / {both[1].Text}");
            reply = both[0];
        }
        else
        {
            reply = await SendAsync(what, method, path, user, body);
        }
        if ((int)reply.Status is >= 200 and < 300)
        {
            Interlocked.Increment(ref _acknowledged);
        }
        else
        {
            Assert.True(reply.Status == HttpStatusCode.Conflict, $"{Where} {what} ({method} {path}) answered {(int)reply.Status}: {reply.Text}");
        }
        return reply;
    }

    /// <summary>Sends until the answer is not 503 (or no answer at all, while a process is down), within a deadline.</summary>
    private async Task<Reply> SendAsync(string what, HttpMethod method, string path, string user, object? body)
    {
        var last = "nothing yet";
        try
        {
            return await Eventually.PollAsync(async () =>
            {
                try
                {
                    var reply = await system.Api.SendAsync(method, path, user, body);
                    if (reply.Status == HttpStatusCode.ServiceUnavailable)
                    {
                        last = reply.Text;
                        return null;
                    }
                    Assert.True((int)reply.Status < 500, $"{Where} {what} ({method} {path}) answered {(int)reply.Status}, not 503: {reply.Text}");
                    return reply;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    last = e.Message;
                    return null;
                }
            }, Patience, $"{Where} {what} ({method} {path}) to be answered; last: {last}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}{Environment.NewLine}{system.Tails()}", e);
        }
    }

    private void Expect(Reply reply, string what, HttpStatusCode status) =>
        Assert.True(reply.Status == status, $"{Where} {what} answered {(int)reply.Status}: {reply.Text}");

    private static async Task<Dictionary<string, long>> CountByKeyAsync(NpgsqlDataSource database, string[] keys)
    {
        await using var command = database.CreateCommand("SELECT idempotency_key, count(*) FROM fundmanager.journal_entry WHERE idempotency_key = ANY (@keys) GROUP BY idempotency_key");
        command.Parameters.AddWithValue("keys", keys);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counts;
    }

    /// <summary>Per project and tranche, how many of its disbursements stand (are not reversed).</summary>
    private static async Task<List<(Guid Project, int Tranche, long Count)>> StandingDisbursementsAsync(NpgsqlDataSource database, string fund)
    {
        await using var command = database.CreateCommand("""
            SELECT l.project_id, l.tranche_no, count(DISTINCT e.entry_no)
              FROM fundmanager.journal_entry e JOIN fundmanager.journal_line l ON l.entry_no = e.entry_no
             WHERE e.fund_id = @fund AND e.kind = 4 AND l.project_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM fundmanager.journal_entry r WHERE r.reverses = e.idempotency_key)
             GROUP BY l.project_id, l.tranche_no
            """);
        command.Parameters.AddWithValue("fund", fund);
        var standing = new List<(Guid, int, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            standing.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetInt64(2)));
        }
        return standing;
    }
}
