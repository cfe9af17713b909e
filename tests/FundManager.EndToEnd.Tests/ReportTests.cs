using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FundManager.Testing;

namespace FundManager.EndToEnd.Tests;

/// <summary>
/// The financial statements and their schedules through HTTP, on a known scenario in two
/// currencies: a krone pledge booked at last month's rate and paid in part at this month's (an
/// exchange gain, and an instalment overdue), a yen pledge at another PSC rate paid a day earlier, a
/// project approved on the oldest money and its first tranche paid. Every figure is checked to the cent against the journal
/// (the position) and against the arithmetic of the scenario.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ReportTests(SystemFixture system)
{
    private const string Password = "a-long-enough-password";
    private const string Fund = "e2e-reports";
    private const string Finance = "rep-fin1";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateOnly MonthStart = new(Today.Year, Today.Month, 1);
    private static readonly DateOnly LastMonth = MonthStart.AddMonths(-1);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Scenario? _scenario;

    private Api Api => system.Api;

    private sealed record Scenario(Guid Norway, Guid Japan, Guid ProjectId, Reply Position);

    [Fact]
    public async Task contributions_by_donor_and_year_equal_the_journal_to_the_cent_in_each_currency()
    {
        var s = await ScenarioAsync();

        var report = await StatementAsync("contributions-by-donor", "");
        var rows = Rows(report, 0);
        var norway = rows.Single(r => r[0].Text == "Norway (reports e2e)");
        Assert.Equal(LastMonth.Year.ToString(CultureInfo.InvariantCulture), norway[1].Text);
        Assert.Equal(("NOK", 1_000_000m, 500_000m, 500_000m), (norway[3].Text, norway[4].V, norway[5].V, norway[6].V));
        // NOK 1,000,000 at 10.5 per USD; paid NOK 500,000 at 10.0; the rest carried at the pledge's rate.
        Assert.Equal((95_238.10m, 50_000.00m, 47_619.05m), (norway[7].V, norway[8].V, norway[9].V));
        var japan = rows.Single(r => r[0].Text == "Japan (reports e2e)");
        Assert.Equal(("JPY", 30_000_000m, 15_000_000m, 0), (japan[3].Text, japan[4].V, japan[5].V, japan[4].Decimals));
        Assert.Equal((200_000.00m, 100_000.00m, 100_000.00m), (japan[7].V, japan[8].V, japan[9].V));
        var total = rows.Last();
        Assert.Equal(s.Position.Amount("pledged.amount"), total[7].V);
        Assert.Equal(s.Position.Amount("received.amount"), total[8].V);
        Assert.Equal(s.Position.Amount("outstanding.amount"), total[9].V);
    }

    [Fact]
    public async Task sources_and_uses_run_from_opening_to_closing_cash_net_of_psc_and_the_xlsx_holds_numbers()
    {
        var s = await ScenarioAsync();
        var query = $"&from={Iso(LastMonth)}&to={Iso(Today)}";

        var rows = Rows(await StatementAsync("sources-and-uses", query), 0);
        decimal Line(string label) => rows.Single(r => r[0].Text == label)[1].V;
        var psc = s.Position.Amount("pscCharged.amount");
        Assert.Equal(0m, Line("Opening cash balance"));
        Assert.Equal(50_000.00m, Line("Contributions received: Norway (reports e2e)"));
        Assert.Equal(100_000.00m, Line("Contributions received: Japan (reports e2e)"));
        Assert.Equal(150_000.00m, Line("Total sources"));
        Assert.Equal(-40_000.00m, Line("Disbursements: Training of criminal-justice personnel, NG"));
        Assert.Equal(-psc, Line("Programme support cost charged"));
        Assert.Equal(s.Position.Amount("cash.amount"), Line("Closing cash balance"));
        Assert.Equal(150_000.00m - 40_000.00m - psc, Line("Closing cash balance"));
        var exchange = Rows(await StatementAsync("sources-and-uses", query), 1);
        Assert.Equal(2_380.95m, exchange[0][1].V); // NOK 500,000 settled at 47,619.05, received as 50,000.00

        var xlsx = (await Api.GetAsync($"/api/funds/{Fund}/statements/sources-and-uses?format=xlsx{query}", Finance)).Expect(HttpStatusCode.OK);
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx.Body), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First(x => x.Name == "Statement of sources and uses o");
        var cells = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().ToList()).Where(r => r.Count == 2).ToList();
        var closing = cells.Single(r => r[0].InnerText == "Closing cash balance")[1];
        Assert.Equal(CellValues.Number, closing.DataType!.Value);
        Assert.Equal(s.Position.Amount("cash.amount"), decimal.Parse(closing.CellValue!.Text, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task the_balance_sheet_pdf_shows_the_cash_and_receivables_the_journal_holds()
    {
        var s = await ScenarioAsync();

        var pdf = (await Api.GetAsync($"/api/funds/{Fund}/statements/balance-sheet?format=pdf&asOf={Iso(Today)}", Finance)).Expect(HttpStatusCode.OK);
        Assert.Equal("application/pdf", pdf.MediaType);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf.Body);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

        Assert.Contains("Balance sheet", text, StringComparison.Ordinal);
        Assert.Contains(s.Position.Amount("cash.amount").ToString("N2", CultureInfo.GetCultureInfo("en-GB")), text, StringComparison.Ordinal);
        Assert.Contains("147,619.05", text, StringComparison.Ordinal);
        var json = Rows(await StatementAsync("balance-sheet", $"&asOf={Iso(Today)}"), 0);
        Assert.Equal(s.Position.Amount("cash.amount") + 147_619.05m, json[2][1].V);
    }

    [Fact]
    public async Task budget_against_actual_states_the_psc_rate_of_each_agreement_and_the_delivery_rate()
    {
        var s = await ScenarioAsync();

        var lines = Rows(await StatementAsync("budget-against-actual", $"&projectId={s.ProjectId}"), 1);
        var project = (await Api.GetAsync($"/api/projects/{s.ProjectId}", Finance)).Expect(HttpStatusCode.OK).Json;
        var sources = project["allocation"]!["sources"]!.AsArray();
        foreach (var rate in sources.GroupBy(x => x!["psc"]!.GetValue<decimal>()))
        {
            var label = $"Programme support cost ({(rate.Key * 100m).ToString("0.##", CultureInfo.InvariantCulture)}%)";
            var line = lines.Single(l => l[1].Text == label);
            Assert.Equal(rate.Sum(x => x!["pscAmount"]!["amount"]!.GetValue<decimal>()), line[2].V);
        }
        Assert.DoesNotContain(lines, l => l[1].Text?.StartsWith("Programme support cost", StringComparison.Ordinal) == true && !sources.Any(x => l[1].Text!.Contains($"({(x!["psc"]!.GetValue<decimal>() * 100m).ToString("0.##", CultureInfo.InvariantCulture)}%)", StringComparison.Ordinal)));
        var total = lines.Single(l => l[1].Text == "Total");
        Assert.Equal(s.Position.Amount("allocated.amount"), total[2].V);
        Assert.Equal(s.Position.Amount("disbursed.amount") + s.Position.Amount("pscCharged.amount"), total[3].V);
        Assert.Equal(decimal.Round(total[3].V / total[2].V * 100m, 1), total[5].V);
    }

    [Fact]
    public async Task receivables_put_the_unpaid_part_of_an_instalment_in_its_age_band()
    {
        await ScenarioAsync();

        var rows = Rows(await StatementAsync("receivables", $"&asOf={Iso(Today)}"), 0);

        var norway = Assert.Single(rows);
        Assert.Equal(("Norway (reports e2e)", "NOK"), (norway[0].Text, norway[1].Text));
        var days = Today.DayNumber - LastMonth.AddDays(10).DayNumber;
        var band = days <= 30 ? 2 : days <= 90 ? 3 : 4;
        Assert.Equal(100_000m, norway[band].V);
        Assert.Equal(100_000m, norway[6].V);
    }

    [Fact]
    public async Task a_donor_statement_in_french_traces_its_money_to_the_tranche_and_the_projects_results()
    {
        var s = await ScenarioAsync();

        var html = (await Api.GetAsync($"/api/funds/{Fund}/statements/donor-statement?format=html&language=fr&donorId={s.Japan}", "rep-japan")).Expect(HttpStatusCode.OK).Text;
        var document = new HtmlParser().ParseDocument(html);

        Assert.Equal("fr", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Relevé de compte : Japan (reports e2e)", document.QuerySelector("h1")!.TextContent);
        Assert.Contains("Ce que les fonds ont financé", document.QuerySelectorAll("h2").Select(h => h.TextContent));
        var cells = document.QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Contains("15\u202f000\u202f000", cells);
        Assert.Contains("REP-001", cells);
        Assert.Contains("Versé le", document.QuerySelectorAll("th").Select(h => h.TextContent));
        Assert.Contains("Résultats des projets financés", document.QuerySelectorAll("h2").Select(h => h.TextContent));
        (await Api.GetAsync($"/api/funds/{Fund}/statements/donor-statement?donorId={s.Norway}", "rep-japan")).Problem(HttpStatusCode.Forbidden, "other-donor");
        (await Api.GetAsync($"/api/funds/{Fund}/statements/balance-sheet", "rep-japan")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task the_report_to_the_commission_is_in_numbered_sections_in_english_and_french()
    {
        await ScenarioAsync();
        var query = $"&from={Iso(LastMonth)}&to={Iso(Today)}";

        var english = new HtmlParser().ParseDocument((await Api.GetAsync($"/api/funds/{Fund}/statements/commission-report?format=html{query}", Finance)).Expect(HttpStatusCode.OK).Text);
        var french = new HtmlParser().ParseDocument((await Api.GetAsync($"/api/funds/{Fund}/statements/commission-report?format=html&language=fr{query}", Finance)).Expect(HttpStatusCode.OK).Text);

        Assert.Equal(["I. Introduction", "II. Voluntary contributions received", "III. Technical assistance projects by thematic area and region", "IV. Disbursements", "V. Results against targets"],
            english.QuerySelectorAll("section > h2").Select(h => h.TextContent));
        Assert.StartsWith("II. Contributions volontaires reçues", french.QuerySelectorAll("section > h2")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("paragraph 17 of its resolution 58/137", english.QuerySelector("p.para")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("paragraphe 17 de sa résolution 58/137", french.QuerySelector("p.para")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("150\u202f000,00", french.QuerySelectorAll("p.para")[2].TextContent, StringComparison.Ordinal);
        Assert.Contains(english.QuerySelectorAll("td"), c => c.TextContent == "5 (b)");
        Assert.True(english.QuerySelectorAll("figure svg").Length >= 3);
    }

    [Fact]
    public async Task a_scheduled_report_run_twice_for_the_same_period_stores_one_document_made_by_who_pressed_run()
    {
        var s = await ScenarioAsync();
        var created = (await Api.PostAsync("/api/report-schedules", Finance, new
        {
            kind = "donor-statement", fundId = Fund, donorId = s.Norway, projectId = (Guid?)null, language = "en", period = "ToDate", cron = "0 6 1 * *", timeZone = "UTC",
        })).Expect(HttpStatusCode.Created).Json;
        var scheduleId = created["id"]!.GetValue<string>();
        (await Api.PostAsync("/api/report-schedules", "rep-po", new { kind = "balance-sheet", fundId = Fund, period = "ToDate", cron = "0 6 1 * *" })).Problem(HttpStatusCode.Forbidden, "role-required");
        (await Api.PostAsync("/api/report-schedules", Finance, new { kind = "balance-sheet", fundId = Fund, period = "ToDate", cron = "not a cron" })).Problem(HttpStatusCode.BadRequest, "invalid-cron");

        var first = (await Api.PostAsync($"/api/report-schedules/{scheduleId}/run", Finance)).Expect(HttpStatusCode.Accepted).Json["runId"]!.GetValue<string>();
        var report = await Eventually.PollAsync(async () =>
            (await Api.GetAsync($"/api/report-schedules/{scheduleId}/runs/{Uri.EscapeDataString(first)}", Finance)).Expect(HttpStatusCode.OK).Json["report"] as JsonObject,
            TimeSpan.FromMinutes(2), "the scheduled statement to be stored");
        var again = (await Api.PostAsync($"/api/report-schedules/{scheduleId}/run", "rep-fin2")).Expect(HttpStatusCode.Accepted).Json;
        Assert.Equal(first, again["runId"]!.GetValue<string>());
        // The second run finds the document stored and stores nothing: wait until Hangfire says it has finished.
        await Eventually.PollAsync(async () =>
        {
            var status = (await Api.GetAsync($"/api/report-schedules/{scheduleId}/runs/{Uri.EscapeDataString(first)}?jobId={again["jobId"]}", Finance)).Expect(HttpStatusCode.OK).Json;
            return status["state"]!.GetValue<string>() == "Succeeded" ? status : null;
        }, TimeSpan.FromMinutes(1), "the second run to finish");

        var stored = (await Api.GetAsync($"/api/reports?kind=donor-statement&fundId={Fund}", Finance)).Expect(HttpStatusCode.OK).Json.AsArray();
        var only = Assert.Single(stored)!;
        Assert.Equal(report["id"]!.GetValue<Guid>(), only["id"]!.GetValue<Guid>());
        Assert.Equal(Finance, only["createdBy"]!.GetValue<string>());
        Assert.Equal(["csv", "html", "pdf", "xlsx"], only["formats"]!.AsArray().Select(f => f!.GetValue<string>()));

        // The donor the statement is about lists and downloads it; another donor sees nothing of it.
        var own = Assert.Single((await Api.GetAsync("/api/reports", "rep-norway")).Expect(HttpStatusCode.OK).Json.AsArray())!;
        Assert.Equal(only["id"]!.GetValue<Guid>(), own["id"]!.GetValue<Guid>());
        Assert.StartsWith("%PDF", (await Api.GetAsync($"/api/reports/{own["id"]}/pdf", "rep-norway")).Expect(HttpStatusCode.OK).Text, StringComparison.Ordinal);
        Assert.Empty((await Api.GetAsync("/api/reports", "rep-japan")).Expect(HttpStatusCode.OK).Json.AsArray());
        (await Api.GetAsync($"/api/reports/{own["id"]}/html", "rep-japan")).Problem(HttpStatusCode.Forbidden, "other-donor");

        var paused = (await Api.PostAsync($"/api/report-schedules/{scheduleId}/pause", Finance)).Expect(HttpStatusCode.OK).Json;
        Assert.True(paused["paused"]!.GetValue<bool>());
        Assert.Contains((await Api.GetAsync("/api/report-schedules", Finance)).Expect(HttpStatusCode.OK).Json.AsArray(), x => x!["id"]!.GetValue<string>() == scheduleId && x["paused"]!.GetValue<bool>());
    }

    private async Task<JsonNode> StatementAsync(string kind, string query) =>
        (await Api.GetAsync($"/api/funds/{Fund}/statements/{kind}?format=json{query}", Finance)).Expect(HttpStatusCode.OK).Json;

    private sealed record JsonCell(string? Text, decimal? Value, int Decimals)
    {
        public decimal V => Value ?? throw new InvalidOperationException($"The cell '{Text}' holds no number.");
    }

    private static List<List<JsonCell>> Rows(JsonNode report, int table) =>
        [.. report["tables"]![table]!["rows"]!.AsArray().Select(r => r!.AsArray().Select(c => new JsonCell(
            c!["kind"]!.GetValue<string>() == "Text" ? c["text"]?.GetValue<string>() : null,
            c["value"]?.GetValue<decimal>(),
            c["decimals"]!.GetValue<int>())).ToList())];

    private async Task<Scenario> ScenarioAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _scenario ??= await BuildAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<Scenario> BuildAsync()
    {
        await Api.SignInAsync(SystemFixture.AdministratorName, SystemFixture.AdministratorPassword);
        const string admin = SystemFixture.AdministratorName;
        (await Api.PostAsync("/api/funds", admin, new { id = Fund, name = "Reports fund", description = "end-to-end reports", secondApproverAboveUsd = 1_000_000m })).Expect(HttpStatusCode.Created);
        foreach (var (name, role) in new[] { ("rep-po", "ProgrammeOfficer"), ("rep-po2", "ProgrammeOfficer"), (Finance, "FinanceOfficer"), ("rep-fin2", "FinanceOfficer") })
        {
            (await Api.PostAsync("/api/users", admin, new { userName = name, displayName = name, roles = new[] { role }, donorId = (Guid?)null, password = Password })).Expect(HttpStatusCode.Created);
            await Api.SignInAsync(name, Password);
        }
        async Task<Guid> DonorAsync(string name, string user)
        {
            var id = (await Api.PostAsync("/api/donors", admin, new { name, type = "Government", country = (string?)null, iatiIdentifier = (string?)null })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
            (await Api.PostAsync("/api/users", admin, new { userName = user, displayName = name, roles = new[] { "Donor" }, donorId = id, password = Password })).Expect(HttpStatusCode.Created);
            await Api.SignInAsync(user, Password);
            return id;
        }
        var norway = await DonorAsync("Norway (reports e2e)", "rep-norway");
        var japan = await DonorAsync("Japan (reports e2e)", "rep-japan");

        (await Api.PutAsync($"/api/exchange-rates/NOK/{Iso(LastMonth)}", Finance, new { unitsPerUsd = 10.5m })).Expect(HttpStatusCode.OK);
        (await Api.PutAsync($"/api/exchange-rates/NOK/{Iso(MonthStart)}", Finance, new { unitsPerUsd = 10.0m })).Expect(HttpStatusCode.OK);
        (await Api.PutAsync($"/api/exchange-rates/JPY/{Iso(LastMonth)}", Finance, new { unitsPerUsd = 150m })).Expect(HttpStatusCode.OK);
        (await Api.PutAsync($"/api/exchange-rates/JPY/{Iso(MonthStart)}", Finance, new { unitsPerUsd = 150m })).Expect(HttpStatusCode.OK);

        var nok = (await Api.PostAsync($"/api/donors/{norway}/pledges", Finance, new
        {
            fundId = Fund, idempotencyKey = "rep-nok", amount = 1_000_000m, currency = "NOK", pledgeDate = Iso(LastMonth), earmark = new { level = 1 }, pscRate = 0.13m,
            instalments = new[] { new { dueDate = Iso(LastMonth), amount = 300_000m }, new { dueDate = Iso(LastMonth.AddDays(10)), amount = 300_000m }, new { dueDate = Iso(MonthStart.AddMonths(3)), amount = 400_000m } },
            reference = "NO-REP-1",
        })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        var jpy = (await Api.PostAsync($"/api/donors/{japan}/pledges", Finance, new
        {
            fundId = Fund, idempotencyKey = "rep-jpy", amount = 30_000_000m, currency = "JPY", pledgeDate = Iso(LastMonth), earmark = new { level = 1 }, pscRate = 0.10m,
            instalments = new[] { new { dueDate = Iso(MonthStart.AddMonths(1)), amount = 30_000_000m } },
            reference = "JP-REP-1",
        })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync($"/api/pledges/{nok}/payments", Finance, new { idempotencyKey = "rep-nok-1", amount = 500_000m, currency = "NOK", valueDate = Iso(Today) })).Expect(HttpStatusCode.Created);
        // The yen arrived a day earlier, so it is the oldest money and pays the project (at its agreement's 10% PSC).
        (await Api.PostAsync($"/api/pledges/{jpy}/payments", Finance, new { idempotencyKey = "rep-jpy-1", amount = 15_000_000m, currency = "JPY", valueDate = Iso(Today.AddDays(-1)) })).Expect(HttpStatusCode.Created);

        var projectId = (await Api.PostAsync($"/api/funds/{Fund}/projects", "rep-po", FundStoryTests.ProjectBody("REP-001"))).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync($"/api/projects/{projectId}/submit", "rep-po", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/projects/{projectId}/start-review", "rep-po2", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/projects/{projectId}/approve", "rep-po2", new { reason = "sound" })).Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/projects/{projectId}/activate", "rep-po", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        // rep-fin1 recorded the payments, so the other finance officer releases the tranche.
        (await Api.PostAsync($"/api/projects/{projectId}/tranches/1/release", "rep-fin2")).Expect(HttpStatusCode.OK);
        var started = (await Api.PostAsync("/api/jobs/disbursement-run", Finance)).Expect(HttpStatusCode.Accepted).Json["runId"]!.GetValue<string>();
        await Eventually.PollAsync(async () => (await Api.GetAsync($"/api/jobs/disbursement-run/{started}", Finance)).Expect(HttpStatusCode.OK).Json["report"] as JsonObject,
            TimeSpan.FromMinutes(2), "the disbursement run to write its report");

        var position = (await Api.GetAsync($"/api/funds/{Fund}/position", Finance)).Expect(HttpStatusCode.OK);
        Assert.Equal(40_000m, position.Amount("disbursed.amount"));
        return new Scenario(norway, japan, projectId, position);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
