using System.Globalization;
using System.Net;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;
using Microsoft.Playwright;

namespace FundManager.Browser.Tests;

/// <summary>A programme officer in the browser: the pipeline, drafting, the review queue with its money, and results.</summary>
[Collection(WebCollection.Name)]
public sealed class ProgrammeTests(WebSystem system)
{
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<string> FundedFundAsync(decimal cash)
    {
        var fund = await system.NewFundAsync();
        var donor = await system.NewDonorAsync($"Backer {Guid.NewGuid():N}"[..14]);
        var pledge = await system.PledgeAsync(donor, fund, Money.Usd(cash), Seeds.Today.AddDays(-40), Earmark.ToCountry("NG"), (Seeds.Today.AddDays(-40), cash));
        await system.PayAsync(pledge.Id, Money.Usd(cash), Seeds.Today.AddDays(-35));
        return fund;
    }

    [Fact]
    public async Task the_review_queue_shows_the_money_and_the_draw_and_an_officer_cannot_approve_their_own_project()
    {
        var fund = await FundedFundAsync(300_000m);
        var author = await system.NewUserAsync(Role.ProgrammeOfficer);
        var reviewer = await system.NewUserAsync(Role.ProgrammeOfficer);
        var code = $"REV-{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var project = await system.ProjectUnderReviewAsync(fund, code, new Caller(author, [Role.ProgrammeOfficer]), new Caller(reviewer, [Role.ProgrammeOfficer]));

        var page = await system.NewPageAsync();
        await page.SignInAsync(author);
        await page.GotoAsync("/programme/review");
        var item = page.Locator($"#review-{project:N}");
        Assert.Contains("300,000.00 USD", await item.Locator("h3").TextAsync(), StringComparison.Ordinal);
        Assert.Contains("113,000.00 USD", await item.Locator("table.draws caption").TextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("programme-review");

        var answer = await page.RunAndWaitForResponseAsync(() => item.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.Forbidden, answer.Status);
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator($"#review-{project:N}-error").TextAsync()));
        Assert.Equal(ProjectStatus.UnderReview, (await system.Grains.GetGrain<IProjectGrain>(project).Describe(Seeds.Treasurer)).Status);
        await page.ScreenshotAsync("programme-approve-refused");

        var other = await system.NewPageAsync();
        await other.SignInAsync(reviewer);
        await other.GotoAsync("/programme/review");
        await other.Locator($"#review-{project:N}").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        Assert.Equal(ProjectStatus.Approved, (await system.Grains.GetGrain<IProjectGrain>(project).Describe(Seeds.Treasurer)).Status);

        await system.Grains.GetGrain<IProjectGrain>(project).Advance(new Caller(reviewer, [Role.ProgrammeOfficer]), ProjectStep.Activate, null);
        await other.GotoAsync($"/programme/project/{project}");
        await other.GetByLabel("Actual value").FillAsync("12");
        await other.GetByRole(AriaRole.Button, new() { Name = "Record the result" }).ClickAsync();
        Assert.True((await other.Locator("#results li").AllTextContentsAsync()).Any(t => t.Contains(": 12", StringComparison.Ordinal)), await other.Locator("main").TextAsync());
        Assert.Single((await system.Grains.GetGrain<IProjectGrain>(project).Describe(Seeds.Treasurer)).Actuals);
    }

    [Fact]
    public async Task an_officer_drafts_a_project_whose_tranches_are_checked_against_its_budget_as_typed_and_submits_it()
    {
        var fund = await system.NewFundAsync();
        var officer = await system.NewUserAsync(Role.ProgrammeOfficer);
        var code = $"NEW-{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var page = await system.NewPageAsync();
        await page.SignInAsync(officer);
        await page.GotoAsync("/programme/project");

        await page.GetByLabel("Fund", new() { Exact = true }).SelectOptionAsync(fund);
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Shelters in Lagos");
        await page.GetByLabel("Country (ISO code)").FillAsync("NG");
        await page.GetByLabel("DAC sector code").FillAsync("1518");
        await page.GetByLabel("Partner 1").FillAsync("Shelter network");
        await page.GetByLabel("Line 1 amount").FillAsync("50,000");
        await page.GetByLabel("Line 2 amount").FillAsync("30,000");
        await page.GetByLabel("Tranche 1 due date").FillAsync(Day(Seeds.Today.AddDays(30)));
        await page.GetByLabel("Tranche 1 amount").FillAsync("50,000");
        Assert.Equal("off", await page.Locator("#tranche-sum").GetAttributeAsync("data-state"));
        await page.GetByLabel("Tranche 2 due date").FillAsync(Day(Seeds.Today.AddDays(120)));
        await page.GetByLabel("Tranche 2 amount").FillAsync("30,000");
        Assert.Equal("ok", await page.Locator("#tranche-sum").GetAttributeAsync("data-state"));
        await page.GetByLabel("Indicator 1 code").FillAsync("SHELTERED");
        await page.Locator("#Form_IndicatorRows_0__Title").FillAsync("Victims sheltered");
        await page.Locator("#Form_IndicatorRows_0__Baseline").FillAsync("0");
        await page.Locator("#Form_IndicatorRows_0__TargetStart").FillAsync(Day(Seeds.Today));
        await page.Locator("#Form_IndicatorRows_0__TargetEnd").FillAsync(Day(Seeds.Today.AddDays(300)));
        await page.Locator("#Form_IndicatorRows_0__Target").FillAsync("200");
        await page.AssertAccessibleAsync(system);

        // The browser lets a four-digit sector through when asked to skip its own check; the domain refuses it.
        await page.Locator("#design").EvaluateAsync("form => form.noValidate = true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the project" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Form_DacSectorCode-error")).ToContainTextAsync("is not a DAC 5-digit purpose code");

        await page.GetByLabel("DAC sector code").FillAsync("15180");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the project" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("saved=true", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("submitted=true", StringComparison.Ordinal));

        var saved = await system.Grains.GetGrain<IProjectGrain>(StableIds.Project(fund, code)).Describe(Seeds.Treasurer);
        Assert.Equal(ProjectStatus.Submitted, saved.Status);
        Assert.Equal(80_000m, saved.Design.DirectCosts.Amount);
        Assert.Equal(2, saved.Design.Tranches.Count);

        await page.GotoAsync("/programme");
        Assert.Contains(code, await page.Locator("section.pipeline").TextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("programme-home");
    }
}
