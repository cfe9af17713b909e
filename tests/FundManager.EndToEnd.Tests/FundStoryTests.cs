using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FundManager.Testing;

namespace FundManager.EndToEnd.Tests;

/// <summary>
/// The whole mission through the HTTP API: a euro pledge in instalments, a payment at the month's
/// rate, a project drafted by one officer and approved by another, the disbursement job paying
/// tranche 1 once, outcome actuals and the outcome report, and a fund position that adds up.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class FundStoryTests(SystemFixture system)
{
    private const string Password = "a-long-enough-password";
    private const string Fund = "e2e-story";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateOnly MonthStart = new(Today.Year, Today.Month, 1);

    private Api Api => system.Api;

    [Fact]
    public async Task a_pledge_becomes_a_paid_tranche_and_the_books_add_up_to_the_cent()
    {
        await Api.SignInAsync(SystemFixture.AdministratorName, SystemFixture.AdministratorPassword);
        const string admin = SystemFixture.AdministratorName;

        // 1. The administrator creates the fund and the people.
        (await Api.PostAsync("/api/funds", admin, new { id = Fund, name = "Story fund", description = "end-to-end", secondApproverAboveUsd = 1_000_000m })).Expect(HttpStatusCode.Created);
        foreach (var (name, role) in new[] { ("story-po1", "ProgrammeOfficer"), ("story-po2", "ProgrammeOfficer"), ("story-fin1", "FinanceOfficer"), ("story-fin2", "FinanceOfficer") })
        {
            (await Api.PostAsync("/api/users", admin, new { userName = name, displayName = name, roles = new[] { role }, donorId = (Guid?)null, password = Password })).Expect(HttpStatusCode.Created);
            await Api.SignInAsync(name, Password);
        }
        var donorId = (await Api.PostAsync("/api/donors", admin, new { name = "Utopia (e2e)", type = "Government", country = "NO", iatiIdentifier = (string?)null }))
            .Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync("/api/users", admin, new { userName = "story-donor", displayName = "Utopia desk", roles = new[] { "Donor" }, donorId, password = Password })).Expect(HttpStatusCode.Created);
        await Api.SignInAsync("story-donor", Password);

        // 2. Finance sets the month's euro rate; the donor pledges EUR 300,000 in three instalments.
        (await Api.PutAsync($"/api/exchange-rates/EUR/{Iso(MonthStart)}", "story-fin1", new { unitsPerUsd = 0.92m })).Expect(HttpStatusCode.OK);
        var pledge = new
        {
            fundId = Fund,
            idempotencyKey = "utopia-2026",
            amount = 300_000m,
            currency = "EUR",
            pledgeDate = Iso(MonthStart),
            earmark = new { level = 1 },
            pscRate = 0.13m,
            instalments = new[] { Instalment(MonthStart, 100_000m), Instalment(MonthStart.AddMonths(3), 100_000m), Instalment(MonthStart.AddMonths(6), 100_000m) },
            reference = "Agreement UT-1",
        };
        var pledged = (await Api.PostAsync($"/api/donors/{donorId}/pledges", "story-donor", pledge)).Expect(HttpStatusCode.Created);
        var contributionId = pledged.Json["id"]!.GetValue<Guid>();
        Assert.Equal(326_086.96m, pledged.Amount("booked.usd.amount"));
        Assert.Equal(contributionId, (await Api.PostAsync($"/api/donors/{donorId}/pledges", "story-donor", pledge)).Json["id"]!.GetValue<Guid>());

        // 3. Finance records the first instalment: the same key twice records one payment.
        var payment = new { idempotencyKey = "bank-ut-1", amount = 100_000m, currency = "EUR", valueDate = Iso(Today) };
        var paid = (await Api.PostAsync($"/api/pledges/{contributionId}/payments", "story-fin1", payment)).Expect(HttpStatusCode.Created);
        Assert.Equal(108_695.65m, paid.Amount("received.usd.amount"));
        (await Api.PostAsync($"/api/pledges/{contributionId}/payments", "story-fin1", payment)).Expect(HttpStatusCode.Created);
        var afterPayments = (await Api.GetAsync($"/api/pledges/{contributionId}", "story-fin1")).Expect(HttpStatusCode.OK);
        Assert.Single(afterPayments.Json["payments"]!.AsArray());
        Assert.Equal(200_000m, afterPayments.Amount("outstanding.amount"));
        (await Api.PostAsync($"/api/pledges/{contributionId}/payments", "story-fin1", new { idempotencyKey = "bank-ut-2", amount = 200_000.01m, currency = "EUR", valueDate = Iso(Today) }))
            .Problem(HttpStatusCode.Conflict, "payment-exceeds-outstanding");

        // 4. One officer drafts and submits a project; the author may not approve it; another officer does.
        var projectId = (await Api.PostAsync($"/api/funds/{Fund}/projects", "story-po1", ProjectBody("E2E-001"))).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync($"/api/projects/{projectId}/submit", "story-po1", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/projects/{projectId}/start-review", "story-po1", new { reason = (string?)null })).Problem(HttpStatusCode.Forbidden, "four-eyes-review");
        (await Api.PostAsync($"/api/projects/{projectId}/start-review", "story-po2", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/projects/{projectId}/approve", "story-po1", new { reason = "mine" })).Problem(HttpStatusCode.Forbidden, "four-eyes-review");
        var approved = (await Api.PostAsync($"/api/projects/{projectId}/approve", "story-po2", new { reason = "sound design" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Approved", approved.Json["status"]!.GetValue<string>());
        Assert.Equal(67_800m, approved.Amount("allocated.amount"));
        (await Api.PostAsync($"/api/projects/{projectId}/activate", "story-po1", new { reason = (string?)null })).Expect(HttpStatusCode.OK);

        // 5. The officer who recorded the payment may not release what it funds; a colleague does.
        (await Api.PostAsync($"/api/projects/{projectId}/tranches/1/release", "story-fin1")).Problem(HttpStatusCode.Forbidden, "four-eyes-release");
        (await Api.PostAsync($"/api/projects/{projectId}/tranches/1/release", "story-fin2")).Expect(HttpStatusCode.OK);

        // 6. The disbursement job pays tranche 1; running it again pays nothing more.
        var firstRun = await RunJobAsync("disbursement-run", "story-fin2");
        Assert.Contains("E2E-001", await DownloadAsync(firstRun, "csv"), StringComparison.Ordinal);
        var secondRun = await RunJobAsync("disbursement-run", "story-fin2");
        Assert.Equal("0", secondRun["summary"]!["paid"]!.GetValue<string>());
        Assert.DoesNotContain("E2E-001", await DownloadAsync(secondRun, "csv"), StringComparison.Ordinal);
        var project = (await Api.GetAsync($"/api/projects/{projectId}", "story-fin1")).Expect(HttpStatusCode.OK);
        Assert.Single(project.Json["payments"]!.AsArray());
        Assert.Equal(40_000m, project.Amount("disbursed.amount"));

        // 7. Results: the officer records an actual; the outcome report shows progress against the target.
        (await Api.PostAsync($"/api/projects/{projectId}/indicators/IND-1/actuals", "story-po1",
            new { periodStart = Iso(MonthStart.AddMonths(-3)), periodEnd = Iso(MonthStart.AddDays(-1)), value = 45m, note = "first workshops" })).Expect(HttpStatusCode.OK);
        var outcome = await RunJobAsync("outcome-report", "story-po1");
        var html = await DownloadAsync(outcome, "html");
        Assert.Contains("E2E-001", html, StringComparison.Ordinal);
        Assert.Contains("IND-1 Officials trained", html, StringComparison.Ordinal);

        // 8. The fund's position, in USD, to the cent.
        var position = (await Api.GetAsync($"/api/funds/{Fund}/position", "story-fin1")).Expect(HttpStatusCode.OK);
        Assert.Equal(326_086.96m, position.Amount("pledged.amount"));
        Assert.Equal(108_695.65m, position.Amount("received.amount"));
        Assert.Equal(217_391.31m, position.Amount("outstanding.amount"));
        Assert.Equal(67_800.00m, position.Amount("allocated.amount"));
        Assert.Equal(40_000.00m, position.Amount("disbursed.amount"));
        Assert.Equal(5_200.00m, position.Amount("pscCharged.amount"));
        Assert.Equal(40_895.65m, position.Amount("available.amount"));
        // Cash is the fund's own: received less disbursed less the PSC charged (which left the fund).
        Assert.Equal(63_495.65m, position.Amount("cash.amount"));
        Assert.Equal(position.Amount("cash.amount"), position.Amount("received.amount") - position.Amount("disbursed.amount") - position.Amount("pscCharged.amount"));
        Assert.Equal(position.Amount("pledged.amount"), position.Amount("outstanding.amount") + position.Amount("received.amount") - position.Amount("exchangeGainOrLoss.amount"));
        Assert.Equal(position.Amount("available.amount"), position.Amount("received.amount") - position.Amount("allocated.amount"));

        // 9. The donor reads its statement, tracing its money to the tranche it paid for, and nobody else's.
        var statement = (await Api.GetAsync($"/api/donors/{donorId}/statement?fundId={Fund}", "story-donor")).Expect(HttpStatusCode.OK);
        var paidFor = Assert.Single(statement.Json["contributions"]![0]!["paidFor"]!.AsArray())!;
        Assert.Equal("E2E-001", paidFor["projectCode"]!.GetValue<string>());
        Assert.Equal(40_000m, paidFor["direct"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(5_200m, paidFor["psc"]!["amount"]!.GetValue<decimal>());
        var otherDonor = (await Api.PostAsync("/api/donors", admin, new { name = "Elsewhere (e2e)", type = "Foundation", country = (string?)null, iatiIdentifier = (string?)null }))
            .Json["id"]!.GetValue<Guid>();
        (await Api.GetAsync($"/api/donors/{otherDonor}", "story-donor")).Problem(HttpStatusCode.Forbidden, "other-donor");
        (await Api.GetAsync($"/api/donors/{otherDonor}/statement", "story-donor")).Problem(HttpStatusCode.Forbidden, "other-donor");
        (await Api.GetAsync($"/api/funds/{Fund}/position", "story-donor")).Problem(HttpStatusCode.Forbidden);
    }

    private async Task<JsonNode> RunJobAsync(string job, string asUser)
    {
        var started = (await Api.PostAsync($"/api/jobs/{job}", asUser)).Expect(HttpStatusCode.Accepted).Json;
        var runId = started["runId"]!.GetValue<string>();
        return await Eventually.PollAsync(async () =>
        {
            var status = (await Api.GetAsync($"/api/jobs/{job}/{runId}", asUser)).Expect(HttpStatusCode.OK).Json;
            return status["report"] is JsonObject report ? report : null;
        }, TimeSpan.FromMinutes(2), $"the {job} run {runId} to write its report");
    }

    private async Task<string> DownloadAsync(JsonNode report, string format) =>
        (await Api.GetAsync($"/api/reports/{report["id"]!.GetValue<Guid>()}/{format}", "story-fin1")).Expect(HttpStatusCode.OK).Text;

    private static object Instalment(DateOnly due, decimal amount) => new { dueDate = Iso(due), amount };

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static object ProjectBody(string code, decimal first = 40_000m, decimal second = 20_000m) => new
    {
        code,
        title = "Training criminal-justice officials",
        description = "End-to-end project",
        country = "NG",
        region = (string?)null,
        thematicArea = "CriminalJusticeTraining",
        implementingPartners = new[] { new { name = "Abuja Justice Academy", organisationRef = (string?)null } },
        dacSectorCode = "15130",
        startDate = Iso(MonthStart.AddMonths(-3)),
        endDate = Iso(MonthStart.AddMonths(12)),
        budgetLines = new[]
        {
            new { category = "TrainingAndWorkshops", description = "Workshops", amountUsd = first },
            new { category = "Travel", description = "Travel", amountUsd = second },
        },
        pscRate = 0.13m,
        tranches = new[]
        {
            new { number = 1, dueDate = Iso(MonthStart), amountUsd = first, conditions = Array.Empty<string>() },
            new { number = 2, dueDate = Iso(MonthStart.AddMonths(2)), amountUsd = second, conditions = new[] { "PreviousFinancialReportAccepted", "OutcomeDataRecorded" } },
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
                targets = new[]
                {
                    new { periodStart = Iso(MonthStart.AddMonths(-3)), periodEnd = Iso(MonthStart.AddDays(-1)), value = 50m },
                    new { periodStart = Iso(MonthStart), periodEnd = Iso(MonthStart.AddMonths(6).AddDays(-1)), value = 150m },
                },
                disaggregations = new[] { "sex" },
            },
        },
    };
}
