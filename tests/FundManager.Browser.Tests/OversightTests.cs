using System.Net;
using System.Text.RegularExpressions;
using FundManager.Contracts;
using FundManager.Domain.Access;
using Microsoft.Playwright;

namespace FundManager.Browser.Tests;

/// <summary>The auditor's, the administrator's, the staff's and the public's pages, through the real system.</summary>
[Collection(WebCollection.Name)]
public sealed partial class OversightTests(WebSystem system)
{
    [Fact]
    public async Task an_auditor_filters_the_trail_by_project_verifies_the_chain_reads_the_journal_and_reconciles()
    {
        var story = await OversightStory.TellAsync(system);
        var auditor = await system.NewUserAsync(Role.Auditor);
        var page = await system.NewPageAsync();
        await page.SignInAsync(auditor);

        await page.GotoAsync($"/audit?Project={story.ProjectId}");
        var trail = await page.Locator("#audit-events tbody").TextAsync();
        Assert.Contains("IProjectGrain.Advance", trail, StringComparison.Ordinal);
        Assert.Contains(story.Drafter, trail, StringComparison.Ordinal);
        Assert.DoesNotContain("IContributionGrain.RecordPayment", trail, StringComparison.Ordinal);

        await page.GetByLabel("User").FillAsync(story.Drafter);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var actors = await page.Locator("#audit-events tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.NotEmpty(actors);
        Assert.All(actors, a => Assert.StartsWith(story.Drafter, a, StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        Assert.Contains("The chain is intact.", await page.Locator("#verification").TextAsync(), StringComparison.Ordinal);
        var head = await page.Locator("#head-hash").InnerTextAsync();
        Assert.Matches(HexHash(), head);
        var api = await system.Grains.GetGrain<IAuditGrain>(0).Verify(new Caller(auditor, [Role.Auditor]), head);
        Assert.True(api.Intact, string.Join("; ", api.Problems));
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("auditor-audit-trail");

        await page.GotoAsync($"/audit/journal?Fund={story.FundId}&Kind=Payment");
        var entries = await page.Locator("#journal-entries > tbody > tr").AllInnerTextsAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Contains("Payment", e, StringComparison.Ordinal));
        await page.GotoAsync($"/audit/journal?Fund={story.FundId}&Project={story.ProjectId}&Kind=Disbursement");
        Assert.Contains("40,000.00", await page.Locator("#journal-entries").TextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("auditor-journal");

        await page.GotoAsync("/audit/reconciliation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reconcile every fund" }).ClickAsync();
        Assert.Contains("the books add up", await page.Locator($"[data-fund='{story.FundId}']").TextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).CountAsync());
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("auditor-reconciliation");
    }

    [Fact]
    public async Task an_administrator_manages_users_roles_and_a_funds_settings_and_sees_the_schedules()
    {
        var story = await OversightStory.TellAsync(system);
        var administrator = await system.NewUserAsync(Role.Administrator);
        var page = await system.NewPageAsync();
        await page.SignInAsync(administrator);
        await page.GotoAsync("/admin");
        Assert.Equal(1, await page.Locator("main a[href='/hangfire']").CountAsync());
        Assert.Equal(1, await page.Locator("main a[href='/orleans']").CountAsync());
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("administrator-home");

        var name = $"new-{Guid.NewGuid():N}"[..16];
        await page.GotoAsync("/admin/users");
        await page.Locator("#UserName").FillAsync(name);
        await page.Locator("#DisplayName").FillAsync("New Officer");
        await page.Locator("#new-ProgrammeOfficer").CheckAsync();
        await page.Locator("#Password").FillAsync("a-long-enough-first-password");
        await page.Locator("#UserName").FillAsync(administrator);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        Assert.Contains("already", await page.Locator("#UserName-error").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#UserName").FillAsync(name);
        await page.Locator("#Password").FillAsync("a-long-enough-first-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        Assert.Contains(name, await page.GetByRole(AriaRole.Status).TextAsync(), StringComparison.Ordinal);

        var row = page.Locator($"tr[data-user='{name}']");
        await row.GetByLabel("Finance officer").CheckAsync();
        await row.GetByLabel("Programme officer").UncheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        var changed = await system.Grains.GetGrain<IUserGrain>(name).Describe(WebSystem.Seeder);
        Assert.Equal([Role.FinanceOfficer], changed.Roles);

        await page.Locator($"tr[data-user='{name}']").GetByRole(AriaRole.Button, new() { Name = $"Disable {name}" }).ClickAsync();
        Assert.True((await system.Grains.GetGrain<IUserGrain>(name).Describe(WebSystem.Seeder)).Disabled);
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("administrator-users");

        await page.GotoAsync("/admin/funds");
        var fund = page.Locator($"section[data-fund='{story.UnpublishedFundId}']");
        await fund.GetByLabel("Second-approver threshold (USD)").FillAsync("-5");
        await fund.GetByRole(AriaRole.Button, new() { Name = "Set the threshold" }).ClickAsync();
        Assert.NotEqual(string.Empty, await page.Locator($"section[data-fund='{story.UnpublishedFundId}'] #threshold-error").InnerTextAsync());
        await page.Locator($"section[data-fund='{story.UnpublishedFundId}']").GetByLabel("Second-approver threshold (USD)").FillAsync("250000");
        await page.Locator($"section[data-fund='{story.UnpublishedFundId}']").GetByRole(AriaRole.Button, new() { Name = "Set the threshold" }).ClickAsync();
        Assert.Equal(250_000m, (await system.Grains.GetGrain<IFundGrain>(story.UnpublishedFundId).Describe(WebSystem.Seeder)).SecondApproverAbove.Amount);
        await page.Locator($"section[data-fund='{story.UnpublishedFundId}']").GetByRole(AriaRole.Button, new() { Name = "Publish the fund's figures" }).ClickAsync();
        Assert.True(await system.Grains.GetGrain<IFundPublicationGrain>(story.UnpublishedFundId).IsPublished());
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("administrator-funds");

        await page.GotoAsync("/admin/donors");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Show {story.NamedDonorName} as anonymous" }).ClickAsync();
        Assert.True((await system.Grains.GetGrain<IDonorGrain>(story.NamedDonor).Describe(WebSystem.Seeder)).Anonymous);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Name {story.NamedDonorName}" }).ClickAsync();
        Assert.False((await system.Grains.GetGrain<IDonorGrain>(story.NamedDonor).Describe(WebSystem.Seeder)).Anonymous);
        await page.AssertAccessibleAsync(system);

        await page.GotoAsync("/admin/schedules");
        var schedules = await page.Locator("#schedules").TextAsync();
        Assert.Contains("disbursement-run", schedules, StringComparison.Ordinal);
        Assert.Contains("reconciliation", schedules, StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("administrator-schedules");
    }

    [Fact]
    public async Task a_programme_officer_sees_the_fund_overview_with_charts_and_tables_of_the_journals_figures()
    {
        var story = await OversightStory.TellAsync(system);
        var officer = await system.NewUserAsync(Role.ProgrammeOfficer);
        var page = await system.NewPageAsync();
        await page.SignInAsync(officer);

        await page.GotoAsync($"/overview?Fund={story.FundId}");

        var position = await page.Locator("#position").TextAsync();
        Assert.Contains("Received 450,000.00 USD", position, StringComparison.Ordinal);
        Assert.Contains("Disbursed 40,000.00 USD", position, StringComparison.Ordinal);
        var donors = await page.Locator("#donors").TextAsync();
        Assert.Contains(story.NamedDonorName, donors, StringComparison.Ordinal);
        Assert.Contains("anonymous on public pages", donors, StringComparison.Ordinal);
        Assert.Contains("40,000.00 USD", await page.Locator("#disbursements").TextAsync(), StringComparison.Ordinal);
        Assert.Contains("Officials trained", await page.Locator("main").TextAsync(), StringComparison.Ordinal);
        Assert.Contains("Unearmarked", await page.Locator("#pools").TextAsync(), StringComparison.Ordinal);
        Assert.Equal(4, await page.Locator("figure.chart img[src^='data:image/svg+xml']").CountAsync());
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("staff-fund-overview");
    }

    [Fact]
    public async Task the_public_page_needs_no_sign_in_shows_only_published_funds_and_names_no_anonymous_donor()
    {
        var story = await OversightStory.TellAsync(system);
        var page = await system.NewPageAsync();

        await page.GotoAsync("/public");
        Assert.Equal(1, await page.Locator($"[data-fund='{story.FundId}']").CountAsync());
        Assert.Equal(0, await page.Locator($"[data-fund='{story.UnpublishedFundId}']").CountAsync());
        await page.AssertAccessibleAsync(system);

        var answer = await page.GotoAsync($"/public/{story.FundId}");
        Assert.Equal((int)HttpStatusCode.OK, answer!.Status);
        var totals = await page.Locator("#totals").TextAsync();
        Assert.Contains("Pledged 500,000.00 USD", totals, StringComparison.Ordinal);
        Assert.Contains("Received 450,000.00 USD", totals, StringComparison.Ordinal);
        Assert.Contains("Allocated 113,000.00 USD", totals, StringComparison.Ordinal);
        Assert.Contains("Disbursed 40,000.00 USD", totals, StringComparison.Ordinal);
        var body = await page.Locator("main").TextAsync();
        Assert.Contains(story.NamedDonorName, body, StringComparison.Ordinal);
        Assert.Contains("Anonymous donor", body, StringComparison.Ordinal);
        Assert.DoesNotContain(story.AnonymousDonorName, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Training of criminal-justice personnel", await page.Locator("#by-theme").TextAsync(), StringComparison.Ordinal);
        Assert.Contains("NG", await page.Locator("#by-country").TextAsync(), StringComparison.Ordinal);
        Assert.Contains("Active", await page.Locator("#by-status").TextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("a[href='/iati/activities.xml']").CountAsync());
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("public-transparency");

        var csv = await page.Context.APIRequest.GetAsync($"/public/{story.FundId}/figures.csv");
        Assert.Equal(200, csv.Status);
        var text = await csv.TextAsync();
        Assert.Contains("fund,", text, StringComparison.Ordinal);
        Assert.Contains("500000.00,450000.00,113000.00,40000.00", text, StringComparison.Ordinal);
        Assert.Contains("Anonymous donor", text, StringComparison.Ordinal);
        Assert.DoesNotContain(story.AnonymousDonorName, text, StringComparison.Ordinal);

        var hidden = await page.GotoAsync($"/public/{story.UnpublishedFundId}");
        Assert.Equal((int)HttpStatusCode.NotFound, hidden!.Status);
        Assert.DoesNotContain("Quiet fund", await page.Locator("main").TextAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/audit")]
    [InlineData("/audit/journal")]
    [InlineData("/audit/reconciliation")]
    [InlineData("/admin/users")]
    [InlineData("/overview")]
    public async Task a_donor_opening_an_oversight_page_by_its_address_is_refused(string path)
    {
        var donorId = Guid.NewGuid();
        await system.Grains.GetGrain<IDonorGrain>(donorId).Register(WebSystem.Seeder, new Domain.Contributions.DonorProfile("Curious donor", Domain.Contributions.DonorType.Foundation, "US", null));
        var donor = await system.NewUserAsync(Role.Donor, donorId);
        var page = await system.NewPageAsync();
        await page.SignInAsync(donor);

        var answer = await page.GotoAsync(path);

        Assert.Equal((int)HttpStatusCode.Forbidden, answer!.Status);
        Assert.Equal(1, await page.Locator(".refusal").CountAsync());
        Assert.Equal(0, await page.Locator("table").CountAsync());
        if (path == "/audit")
        {
            await page.AssertAccessibleAsync(system);
            await page.ScreenshotAsync("donor-refused-audit");
        }
    }

    [Fact]
    public async Task the_fund_overview_in_french_writes_amounts_and_labels_as_french_does()
    {
        var story = await OversightStory.TellAsync(system);
        var officer = await system.NewUserAsync(Role.FinanceOfficer);
        var page = await system.NewPageAsync("fr-FR");
        await page.SignInAsync(officer);

        await page.GotoAsync($"/overview?Fund={story.FundId}");

        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Vue d'ensemble du fonds", await page.Locator("h1").InnerTextAsync());
        var position = await page.Locator("#position").TextAsync();
        Assert.Contains("Reçu 450 000,00 USD", position, StringComparison.Ordinal);
        Assert.Contains("Décaissé 40 000,00 USD", position, StringComparison.Ordinal);
        Assert.Contains("Formation du personnel de la justice pénale", await page.Locator("main").TextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("staff-fund-overview-fr");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexHash();
}
