using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using FundManager.Domain.Iati;
using FundManager.Testing;

namespace FundManager.EndToEnd.Tests;

/// <summary>
/// The IATI 2.03 export of a fund with three donors paying in NOK, JPY and USD under three earmarks
/// (one of them the region 1030, Western Africa), two approved projects with disbursements and
/// results, and a draft: read anonymously, checked for structure, codes and sums to the cent
/// against the journal (the fund's position, each project's budget against actual and funding trace).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class IatiExportTests(SystemFixture system)
{
    private const string Admin = SystemFixture.AdministratorName;
    private const string Password = "a-long-enough-password";
    private const string Fund = "e2e-iati";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateOnly MonthStart = new(Today.Year, Today.Month, 1);
    private static readonly string[] People = ["iati-po1", "iati-po2", "iati-fin1", "iati-fin2"];

    private Api Api => system.Api;

    [Fact]
    public async Task the_activity_file_publishes_approved_projects_with_their_donors_money_and_results_to_the_cent_of_the_journal()
    {
        var (nigeria, westAfrica) = await ScenarioAsync();

        var reply = (await Api.GetAsync($"/iati/activities.xml?fund={Fund}", asUser: null)).Expect(HttpStatusCode.OK);
        Assert.Equal("application/xml", reply.MediaType);
        var document = XDocument.Parse(reply.Text);
        var root = document.Root!;
        Assert.Equal("iati-activities", root.Name.LocalName);
        Assert.Equal("2.03", (string?)root.Attribute("version"));

        // Only what is approved is published: the draft is not there.
        var activities = root.Elements("iati-activity").ToDictionary(a => a.Element("iati-identifier")!.Value[(a.Element("reporting-org")!.Attribute("ref")!.Value.Length + 1)..]);
        Assert.Equal([$"{Fund}-IATI-NG-1", $"{Fund}-IATI-WA-1"], activities.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("IATI-DRAFT-1", reply.Text, StringComparison.Ordinal);

        var ng = activities[$"{Fund}-IATI-NG-1"];
        Assert.Equal("2", Code(ng, "activity-status"));
        Assert.Equal("NG", (string?)ng.Element("recipient-country")!.Attribute("code"));
        Assert.Equal("15130", (string?)ng.Element("sector")!.Attribute("code"));
        Assert.Equal(["1", "2", "3"], ng.Elements("activity-date").Select(d => (string)d.Attribute("type")!));
        Assert.Equal(["Japan (iati)", "Norway (iati)"], Participants(ng, "1").Order(StringComparer.Ordinal));
        Assert.Equal(["Abuja Justice Academy"], Participants(ng, "4"));
        Assert.Equal("XI-IATI-NORWAY", (string?)ng.Elements("participating-org").Single(o => o.Element("narrative")!.Value == "Norway (iati)").Attribute("ref"));
        Assert.Equal("10", (string?)ng.Elements("participating-org").Single(o => o.Element("narrative")!.Value == "Japan (iati)").Attribute("type"));

        var wa = activities[$"{Fund}-IATI-WA-1"];
        Assert.Equal("1030", (string?)wa.Element("recipient-region")!.Attribute("code"));
        Assert.Equal(["Freedom Foundation (iati)"], Participants(wa, "1"));

        // Every transaction sums to the journal, per project, per donor and over the fund.
        foreach (var (element, projectId) in new[] { (ng, nigeria), (wa, westAfrica) })
        {
            var project = (await Api.GetAsync($"/api/projects/{projectId}", "iati-fin1")).Expect(HttpStatusCode.OK);
            var budget = (await Api.GetAsync($"/api/projects/{projectId}/budget", "iati-fin1")).Expect(HttpStatusCode.OK).Json;
            var funding = (await Api.GetAsync($"/api/projects/{projectId}/funding", "iati-fin1")).Expect(HttpStatusCode.OK).Json.AsArray()
                .Where(t => !t!["reversed"]!.GetValue<bool>()).ToList();
            decimal Actual(int line) => budget["summary"]![line]!["actual"]!["amount"]!.GetValue<decimal>();

            Assert.Equal(project.Amount("allocated.amount"), Sum(element, "11"));
            Assert.Equal(project.Amount("allocation.direct.amount"), Sum(element, "2"));
            Assert.Equal(Actual(0), Sum(element, "3"));
            Assert.Equal(Actual(1), Sum(element, "4"));
            Assert.Equal(Actual(0) + Actual(1), Sum(element, "1"));
            Assert.True(Sum(element, "3") > 0m, "each project has a tranche paid");
            var tracedByDonor = funding.GroupBy(t => t!["donorName"]!.GetValue<string>())
                .ToDictionary(g => g.Key, g => g.Sum(t => t!["direct"]!["amount"]!.GetValue<decimal>() + t!["psc"]!["amount"]!.GetValue<decimal>()));
            var publishedByDonor = Transactions(element, "1").GroupBy(t => t.Element("provider-org")!.Element("narrative")!.Value)
                .ToDictionary(g => g.Key, g => g.Sum(Value));
            Assert.Equal(tracedByDonor.OrderBy(d => d.Key), publishedByDonor.OrderBy(d => d.Key));
            Assert.Equal(project.Amount("allocated.amount"), decimal.Parse(element.Element("budget")!.Element("value")!.Value, CultureInfo.InvariantCulture));
        }
        var position = (await Api.GetAsync($"/api/funds/{Fund}/position", "iati-fin1")).Expect(HttpStatusCode.OK);
        Assert.Equal(position.Amount("allocated.amount"), activities.Values.Sum(a => Sum(a, "11")));
        Assert.Equal(position.Amount("disbursed.amount"), activities.Values.Sum(a => Sum(a, "3")));
        Assert.Equal(position.Amount("pscCharged.amount"), activities.Values.Sum(a => Sum(a, "4")));

        // Earmarking travels with the money: Japan's is for the country, Norway's for anything, the foundation's for the region.
        Assert.Equal("3", Earmark(ng, "Japan (iati)"));
        Assert.Equal("1", Earmark(ng, "Norway (iati)"));
        Assert.Equal("2", Earmark(wa, "Freedom Foundation (iati)"));
        Assert.All(root.Descendants("value"), v =>
        {
            Assert.Equal("USD", (string?)v.Attribute("currency"));
            Assert.True(DateOnly.TryParseExact((string?)v.Attribute("value-date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        });

        // Results: the indicator, its baseline, both targets and the actual recorded.
        var result = Assert.Single(ng.Elements("result"));
        Assert.Equal("1", (string?)result.Attribute("type"));
        var indicator = Assert.Single(result.Elements("indicator"));
        Assert.Equal("1", (string?)indicator.Attribute("measure"));
        Assert.Equal("Officials trained", indicator.Element("title")!.Element("narrative")!.Value);
        Assert.Equal("0", (string?)indicator.Element("baseline")!.Attribute("value"));
        var periods = indicator.Elements("period").ToList();
        Assert.Equal(["50", "150"], periods.Select(p => (string)p.Element("target")!.Attribute("value")!));
        Assert.Equal("45", (string?)periods[0].Element("actual")!.Attribute("value"));
        Assert.Null(periods[1].Element("actual"));

        // Every code is one the system's IATI code lists hold.
        foreach (var (list, code) in Codes(document))
        {
            Assert.True(IatiCodes.InUse[list].Contains(code), $"{code} is not in the system's {list} list");
        }

        // Open data carries no personal data: no user name, no officer's note.
        foreach (var person in People)
        {
            Assert.DoesNotContain(person, reply.Text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("first workshops", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_organisation_file_publishes_what_the_fund_spent_this_year_as_the_journal_has_it()
    {
        await ScenarioAsync();

        var reply = (await Api.GetAsync($"/iati/organisation.xml?fund={Fund}", asUser: null)).Expect(HttpStatusCode.OK);
        var organisation = Assert.Single(XDocument.Parse(reply.Text).Root!.Elements("iati-organisation"));
        Assert.EndsWith($"-{Fund}", organisation.Element("organisation-identifier")!.Value, StringComparison.Ordinal);
        Assert.Equal("IATI fund", organisation.Element("name")!.Element("narrative")!.Value);
        var year = Assert.Single(organisation.Elements("total-expenditure"));
        Assert.Equal($"{Today.Year}-01-01", (string?)year.Element("period-start")!.Attribute("iso-date"));
        var position = (await Api.GetAsync($"/api/funds/{Fund}/position", "iati-fin1")).Expect(HttpStatusCode.OK);
        Assert.Equal(position.Amount("disbursed.amount") + position.Amount("pscCharged.amount"), decimal.Parse(year.Element("value")!.Value, CultureInfo.InvariantCulture));
        Assert.Equal(position.Amount("pscCharged.amount"), decimal.Parse(year.Elements("expense-line").Single(l => (string?)l.Attribute("ref") == "psc").Element("value")!.Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task a_fund_that_does_not_publish_is_not_in_the_files_and_a_donor_that_asked_not_to_be_named_is_not_named()
    {
        await ScenarioAsync();
        var donors = (await Api.GetAsync("/api/donors", "iati-fin1")).Expect(HttpStatusCode.OK).Json.AsArray();
        var foundation = donors.Single(d => (string?)d!["profile"]!["name"] == "Freedom Foundation (iati)")!["id"]!.GetValue<Guid>();

        (await Api.PutAsync($"/api/donors/{foundation}/anonymous", "iati-fin1", new { anonymous = true })).Expect(HttpStatusCode.OK);
        try
        {
            var file = (await Api.GetAsync($"/iati/activities.xml?fund={Fund}", asUser: null)).Expect(HttpStatusCode.OK).Text;
            Assert.DoesNotContain("Freedom Foundation", file, StringComparison.Ordinal);
            Assert.Contains("Anonymous donor", file, StringComparison.Ordinal);
        }
        finally
        {
            (await Api.PutAsync($"/api/donors/{foundation}/anonymous", "iati-fin1", new { anonymous = false })).Expect(HttpStatusCode.OK);
        }

        (await Api.PutAsync($"/api/funds/{Fund}/published", Admin, new { published = false })).Expect(HttpStatusCode.OK);
        try
        {
            (await Api.GetAsync($"/iati/activities.xml?fund={Fund}", asUser: null)).Problem(HttpStatusCode.NotFound);
            (await Api.GetAsync($"/iati/organisation.xml?fund={Fund}", asUser: null)).Problem(HttpStatusCode.NotFound);
            var everyFund = (await Api.GetAsync("/iati/activities.xml", asUser: null)).Expect(HttpStatusCode.OK).Text;
            Assert.DoesNotContain($"{Fund}-IATI-NG-1", everyFund, StringComparison.Ordinal);
        }
        finally
        {
            (await Api.PutAsync($"/api/funds/{Fund}/published", Admin, new { published = true })).Expect(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task an_unknown_or_malformed_fund_is_a_problem_not_an_empty_file()
    {
        (await Api.GetAsync("/iati/activities.xml?fund=no-such-fund", asUser: null)).Problem(HttpStatusCode.NotFound);
        (await Api.GetAsync("/iati/organisation.xml?fund=no-such-fund", asUser: null)).Problem(HttpStatusCode.NotFound);
        (await Api.GetAsync("/iati/activities.xml?fund=Not%20A%20Fund", asUser: null)).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task the_api_description_shows_the_iati_files_need_no_sign_in()
    {
        var paths = (await Api.GetAsync("/openapi/v1.json", asUser: null)).Expect(HttpStatusCode.OK).Json["paths"]!;

        foreach (var path in new[] { "/iati/activities.xml", "/iati/organisation.xml" })
        {
            Assert.Empty(paths[path]!["get"]!["security"]!.AsArray());
        }
        Assert.Null(paths["/api/funds"]!["get"]!["security"]);
    }

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static (Guid Nigeria, Guid WestAfrica)? _scenario;

    /// <summary>The fund, its donors, money, projects and results; made once for the tests of this class.</summary>
    private async Task<(Guid Nigeria, Guid WestAfrica)> ScenarioAsync()
    {
        await Once.WaitAsync();
        try
        {
            return _scenario ??= await BuildScenarioAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<(Guid Nigeria, Guid WestAfrica)> BuildScenarioAsync()
    {
        await Api.SignInAsync(Admin, SystemFixture.AdministratorPassword);
        (await Api.PostAsync("/api/funds", Admin, new { id = Fund, name = "IATI fund", description = "end-to-end IATI", secondApproverAboveUsd = 10_000_000m })).Expect(HttpStatusCode.Created);
        (await Api.PutAsync($"/api/funds/{Fund}/published", Admin, new { published = true })).Expect(HttpStatusCode.OK);
        foreach (var name in People)
        {
            var role = name.Contains("-po", StringComparison.Ordinal) ? "ProgrammeOfficer" : "FinanceOfficer";
            (await Api.PostAsync("/api/users", Admin, new { userName = name, displayName = name, roles = new[] { role }, donorId = (Guid?)null, password = Password })).Expect(HttpStatusCode.Created);
            await Api.SignInAsync(name, Password);
        }
        (await Api.PutAsync($"/api/exchange-rates/NOK/{Iso(MonthStart)}", "iati-fin1", new { unitsPerUsd = 10.5m })).Expect(HttpStatusCode.OK);
        (await Api.PutAsync($"/api/exchange-rates/JPY/{Iso(MonthStart)}", "iati-fin1", new { unitsPerUsd = 150m })).Expect(HttpStatusCode.OK);

        await FundedAsync("Norway (iati)", "Government", "NO", "XI-IATI-NORWAY", 1_050_000m, "NOK", new { level = 1 });
        await FundedAsync("Japan (iati)", "Government", "JP", null, 15_000_000m, "JPY", new { level = 3, target = "Country", value = "NG" });
        // Region 1030, Western Africa, regional: an earmark the region list used to refuse.
        await FundedAsync("Freedom Foundation (iati)", "Foundation", "US", null, 80_000m, "USD", new { level = 2, target = "Region", value = "1030" });

        var nigeria = await ApprovedAsync(Project("IATI-NG-1", "NG", null, 80_000m, 40_000m));
        var westAfrica = await ApprovedAsync(Project("IATI-WA-1", null, "1030", 30_000m, 20_000m));
        (await Api.PostAsync($"/api/funds/{Fund}/projects", "iati-po1", Project("IATI-DRAFT-1", "NG", null, 10_000m, 10_000m))).Expect(HttpStatusCode.Created);

        foreach (var project in new[] { nigeria, westAfrica })
        {
            (await Api.PostAsync($"/api/projects/{project}/tranches/1/release", "iati-fin2")).Expect(HttpStatusCode.OK);
        }
        var runId = (await Api.PostAsync("/api/jobs/disbursement-run", "iati-fin2")).Expect(HttpStatusCode.Accepted).Json["runId"]!.GetValue<string>();
        await Eventually.PollAsync(async () =>
            (await Api.GetAsync($"/api/jobs/disbursement-run/{runId}", "iati-fin2")).Expect(HttpStatusCode.OK).Json["report"] as JsonObject,
            TimeSpan.FromMinutes(2), "the disbursement run to write its report");
        (await Api.PostAsync($"/api/projects/{nigeria}/indicators/IND-1/actuals", "iati-po1",
            new { periodStart = Iso(MonthStart.AddMonths(-3)), periodEnd = Iso(MonthStart.AddDays(-1)), value = 45m, note = "first workshops" })).Expect(HttpStatusCode.OK);
        return (nigeria, westAfrica);
    }

    private async Task FundedAsync(string name, string type, string country, string? iatiIdentifier, decimal amount, string currency, object earmark)
    {
        var donor = (await Api.PostAsync("/api/donors", "iati-fin1", new { name, type, country, iatiIdentifier })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        var contribution = (await Api.PostAsync($"/api/donors/{donor}/pledges", "iati-fin1", new
        {
            fundId = Fund, idempotencyKey = $"{name}-pledge", amount, currency, pledgeDate = Iso(MonthStart), earmark, pscRate = 0.13m,
            instalments = new[] { new { dueDate = Iso(MonthStart), amount } }, reference = (string?)null,
        })).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync($"/api/pledges/{contribution}/payments", "iati-fin1", new { idempotencyKey = "wire", amount, currency, valueDate = Iso(Today) })).Expect(HttpStatusCode.Created);
    }

    private async Task<Guid> ApprovedAsync(object body)
    {
        var id = (await Api.PostAsync($"/api/funds/{Fund}/projects", "iati-po1", body)).Expect(HttpStatusCode.Created).Json["id"]!.GetValue<Guid>();
        (await Api.PostAsync($"/api/projects/{id}/submit", "iati-po1", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/projects/{id}/start-review", "iati-po2", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/projects/{id}/approve", "iati-po2", new { reason = "sound" })).Expect(HttpStatusCode.OK);
        (await Api.PostAsync($"/api/projects/{id}/activate", "iati-po1", new { reason = (string?)null })).Expect(HttpStatusCode.OK);
        return id;
    }

    private static object Project(string code, string? country, string? region, decimal first, decimal second) => new
    {
        code,
        title = $"Project {code}",
        description = "Training of criminal-justice officials",
        country,
        region,
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
            new { number = 2, dueDate = Iso(MonthStart.AddMonths(2)), amountUsd = second, conditions = new[] { "PreviousFinancialReportAccepted" } },
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
                disaggregations = Array.Empty<string>(),
            },
        },
    };

    private static IEnumerable<(string List, string Code)> Codes(XDocument document)
    {
        foreach (var element in document.Descendants())
        {
            string? Attribute(string name) => (string?)element.Attribute(name);
            (string List, string? Code)[] codes = element.Name.LocalName switch
            {
                "iati-activity" => [("Currency", Attribute("default-currency"))],
                "value" => [("Currency", Attribute("currency"))],
                "activity-status" => [("ActivityStatus", Attribute("code"))],
                "activity-date" => [("ActivityDateType", Attribute("type"))],
                "recipient-country" => [("Country", Attribute("code"))],
                "recipient-region" => [("Region", Attribute("code"))],
                "sector" => [("Sector", Attribute("code"))],
                "transaction-type" => [("TransactionType", Attribute("code"))],
                "budget" => [("BudgetType", Attribute("type")), ("BudgetStatus", Attribute("status"))],
                "result" => [("ResultType", Attribute("type"))],
                "indicator" => [("IndicatorMeasure", Attribute("measure"))],
                "participating-org" => [("OrganisationRole", Attribute("role")), ("OrganisationType", Attribute("type"))],
                "reporting-org" or "provider-org" or "receiver-org" => [("OrganisationType", Attribute("type"))],
                "aid-type" => [("EarmarkingCategory", Attribute("code"))],
                "default-aid-type" => [("AidType", Attribute("code"))],
                "default-flow-type" => [("FlowType", Attribute("code"))],
                "default-finance-type" => [("FinanceType", Attribute("code"))],
                _ => [],
            };
            foreach (var (list, code) in codes)
            {
                if (code is not null)
                {
                    yield return (list, code);
                }
            }
        }
    }

    private static string? Code(XElement activity, string element) => (string?)activity.Element(element)!.Attribute("code");

    private static IEnumerable<string> Participants(XElement activity, string role) =>
        activity.Elements("participating-org").Where(o => (string?)o.Attribute("role") == role).Select(o => o.Element("narrative")!.Value);

    private static IEnumerable<XElement> Transactions(XElement activity, string type) =>
        activity.Elements("transaction").Where(t => (string?)t.Element("transaction-type")!.Attribute("code") == type);

    private static decimal Value(XElement transaction) => decimal.Parse(transaction.Element("value")!.Value, CultureInfo.InvariantCulture);

    private static decimal Sum(XElement activity, string type) => Transactions(activity, type).Sum(Value);

    private static string Earmark(XElement activity, string donor) =>
        Transactions(activity, "11").Single(t => t.Element("provider-org")!.Element("narrative")!.Value == donor).Element("aid-type")!.Attribute("code")!.Value;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
