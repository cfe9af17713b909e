using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FundManager.EndToEnd.Tests;
using FundManager.Testing;

namespace FundManager.Faults.Tests;

/// <summary>
/// A fund set up through the HTTP API as its people would: officers with separate duties, a donor
/// whose pledge is paid in cash, and active projects whose first tranche is due and released.
/// </summary>
public sealed class FundScenario(Api api, string fund)
{
    public const string Password = "fault-password-2026";

    public static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    public static readonly DateOnly MonthStart = new(Today.Year, Today.Month, 1);

    public string Fund => fund;

    /// <summary>Drafts, submits and revises projects.</summary>
    public string Drafter => $"{fund}-po1";

    /// <summary>Reviews and approves what the drafter submits.</summary>
    public string Reviewer => $"{fund}-po2";

    /// <summary>Records payments.</summary>
    public string Recorder => $"{fund}-fin1";

    /// <summary>Releases tranches (never funded by payments it recorded) and runs the jobs.</summary>
    public string Releaser => $"{fund}-fin2";

    public string Auditor => $"{fund}-aud";

    public Guid Donor { get; private set; }

    public Guid Pledge { get; private set; }

    /// <summary>The fund, its people, a donor, a USD pledge and <paramref name="cash"/> of it paid.</summary>
    public async Task CreateAsync(decimal pledge, decimal cash)
    {
        var admin = ProcessSystem.Administrator;
        (await api.PostAsync("/api/funds", admin, new { id = fund, name = fund, description = "fault tests", secondApproverAboveUsd = 100_000_000m })).Expect(HttpStatusCode.Created);
        foreach (var (name, role) in new[] { (Drafter, "ProgrammeOfficer"), (Reviewer, "ProgrammeOfficer"), (Recorder, "FinanceOfficer"), (Releaser, "FinanceOfficer"), (Auditor, "Auditor") })
        {
            (await api.PostAsync("/api/users", admin, new { userName = name, displayName = name, roles = new[] { role }, donorId = (Guid?)null, password = Password })).Expect(HttpStatusCode.Created);
            await api.SignInAsync(name, Password);
        }
        Donor = (await api.PostAsync("/api/donors", Recorder, new { name = $"{fund} donor", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        Pledge = (await api.PostAsync($"/api/donors/{Donor}/pledges", Recorder, PledgeBody($"{fund}-pledge", pledge)))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await api.PostAsync($"/api/pledges/{Pledge}/payments", Recorder, new { idempotencyKey = $"{fund}-cash", amount = cash, currency = "USD", valueDate = Iso(Today) }))
            .Expect(HttpStatusCode.Created);
    }

    /// <summary>
    /// Active projects, each with its first tranche (<paramref name="firstTranche"/> USD, no
    /// conditions) due and released, <paramref name="atOnce"/> set up at a time.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ActiveProjectsAsync(string prefix, int count, decimal firstTranche = 1_000m, int atOnce = 8)
    {
        var ids = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = atOnce }, async (i, _) =>
            ids[i] = await ActiveProjectAsync($"{prefix}-{i:D3}", firstTranche));
        return ids;
    }

    public async Task<Guid> ActiveProjectAsync(string code, decimal firstTranche)
    {
        var project = (await api.PostAsync($"/api/funds/{fund}/projects", Drafter, ProjectBody(code, firstTranche))).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        foreach (var (step, by) in new[] { ("submit", Drafter), ("start-review", Reviewer), ("approve", Reviewer), ("activate", Drafter) })
        {
            (await api.PostAsync($"/api/projects/{project}/{step}", by, new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        }
        (await api.PostAsync($"/api/projects/{project}/tranches/1/release", Releaser)).Expect(HttpStatusCode.OK);
        return project;
    }

    /// <summary>Starts the disbursement run now and answers its run id.</summary>
    public async Task<string> StartDisbursementRunAsync() =>
        (await api.PostAsync("/api/jobs/disbursement-run", Releaser)).Expect(HttpStatusCode.Accepted).Json["runId"]!.GetValue<string>();

    /// <summary>What GET /api/jobs/disbursement-run/{runId} says of a run.</summary>
    public async Task<JsonNode> RunStatusAsync(string runId) =>
        (await api.GetAsync($"/api/jobs/disbursement-run/{runId}", Releaser)).Expect(HttpStatusCode.OK).Json;

    /// <summary>Waits until the run has succeeded and written its report, and answers its status.</summary>
    public Task<JsonNode> FinishedRunAsync(string runId, TimeSpan deadline, string why) =>
        Eventually.PollAsync(async () =>
        {
            var reply = await api.GetAsync($"/api/jobs/disbursement-run/{runId}", Releaser);
            // The report is written at the end of the run, just before Hangfire records it as done.
            return reply.Status == HttpStatusCode.OK && reply.Json["report"] is JsonObject && reply.Json["state"]?.GetValue<string>() == "Succeeded" ? reply.Json : null;
        }, deadline, $"the disbursement run {runId} to write its report {why}");

    /// <summary>The fund's reconciliation, run now: answers its breaks (none when the books hold).</summary>
    public async Task<JsonArray> ReconciliationBreaksAsync() =>
        (await api.PostAsync($"/api/funds/{fund}/reconciliation", Releaser)).Expect(HttpStatusCode.OK).Json["breaks"]!.AsArray();

    public object PledgeBody(string key, decimal amount, string currency = "USD") => new
    {
        fundId = fund,
        idempotencyKey = key,
        amount,
        currency,
        pledgeDate = Iso(MonthStart),
        earmark = new { level = 1 },
        pscRate = (decimal?)null,
        instalments = new[] { new { dueDate = Iso(MonthStart), amount } },
        reference = (string?)null,
    };

    public static object ProjectBody(string code, decimal firstTranche, decimal secondTranche = 500m) => new
    {
        code,
        title = $"Project {code}",
        description = "fault tests",
        country = "NG",
        region = (string?)null,
        thematicArea = "CriminalJusticeTraining",
        implementingPartners = new[] { new { name = "Abuja Justice Academy", organisationRef = (string?)null } },
        dacSectorCode = "15130",
        startDate = Iso(MonthStart.AddMonths(-1)),
        endDate = Iso(MonthStart.AddMonths(12)),
        budgetLines = new[]
        {
            new { category = "TrainingAndWorkshops", description = "Workshops", amountUsd = firstTranche },
            new { category = "Travel", description = "Travel", amountUsd = secondTranche },
        },
        pscRate = 0.13m,
        tranches = new[]
        {
            new { number = 1, dueDate = Iso(MonthStart), amountUsd = firstTranche, conditions = Array.Empty<string>() },
            new { number = 2, dueDate = Iso(MonthStart.AddMonths(2)), amountUsd = secondTranche, conditions = new[] { "PreviousFinancialReportAccepted" } },
        },
        indicators = new[]
        {
            new
            {
                code = "IND-1",
                resultType = "Output",
                title = "Officials trained",
                measure = "Unit",
                baseline = 0m,
                baselineYear = MonthStart.Year - 1,
                targets = new[] { new { periodStart = Iso(MonthStart), periodEnd = Iso(MonthStart.AddMonths(6).AddDays(-1)), value = 150m } },
                disaggregations = Array.Empty<string>(),
            },
        },
    };

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
