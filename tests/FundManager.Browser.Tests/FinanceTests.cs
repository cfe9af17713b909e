using System.Net;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using Microsoft.Playwright;

namespace FundManager.Browser.Tests;

/// <summary>A finance officer in the browser: payments, a bank statement, rates, tranches, runs and reports.</summary>
[Collection(WebCollection.Name)]
public sealed class FinanceTests(WebSystem system)
{
    [Fact]
    public async Task a_bank_statement_is_previewed_with_its_bad_row_posts_only_on_confirmation_and_posts_nothing_twice()
    {
        var fund = await system.NewFundAsync();
        var donor = await system.NewDonorAsync($"Payer {Guid.NewGuid():N}"[..14]);
        var pledge = await system.PledgeAsync(donor, fund, Money.Usd(10_000m), Seeds.Today.AddDays(-20), Earmark.Unearmarked, (Seeds.Today.AddDays(-20), 10_000m));
        var officer = await system.NewUserAsync(Role.FinanceOfficer);
        var bank = $"B{Guid.NewGuid():N}"[..10];
        var day = Seeds.Today.AddDays(-5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var csv = Path.Combine(Path.GetTempPath(), $"{bank}.csv");
        await File.WriteAllTextAsync(csv, $"""
            reference,pledge,amount,currency,value_date
            {bank}-1,{pledge.Terms.Reference},2500.00,USD,{day}
            {bank}-2,{pledge.Terms.Reference},lots,USD,{day}
            {bank}-3,{pledge.Id},1500.50,USD,{day}
            """);
        var page = await system.NewPageAsync();
        await page.SignInAsync(officer);
        await page.GotoAsync("/finance");
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("finance-home");

        await page.GotoAsync("/finance/import");
        await page.GetByLabel("Bank statement (CSV)").SetInputFilesAsync(csv);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        var rows = page.Locator("#import-rows tbody tr");
        Assert.Equal(["Ready", "Refused", "Ready"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.state)"));
        Assert.Contains("'lots' is not an amount", await rows.Nth(1).TextAsync(), StringComparison.Ordinal);
        Assert.True((await system.Grains.GetGrain<IContributionGrain>(pledge.Id).Describe(Seeds.Treasurer)).Payments.IsEmpty, "nothing is posted by a preview");
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("finance-import-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and post" }).ClickAsync();
        Assert.Equal(["Posted", "Refused", "Posted"], await page.Locator("#import-rows tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.state)"));
        Assert.Equal(4_000.50m, (await system.Grains.GetGrain<IContributionGrain>(pledge.Id).Describe(Seeds.Treasurer)).Paid.Amount);

        await page.GotoAsync("/finance/import");
        await page.GetByLabel("Bank statement (CSV)").SetInputFilesAsync(csv);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        Assert.Equal(["AlreadyRecorded", "Refused", "AlreadyRecorded"], await page.Locator("#import-rows tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.state)"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and post" }).ClickAsync();
        Assert.Equal(4_000.50m, (await system.Grains.GetGrain<IContributionGrain>(pledge.Id).Describe(Seeds.Treasurer)).Paid.Amount);
    }

    [Fact]
    public async Task a_payment_above_what_is_outstanding_is_refused_next_to_the_amount_in_the_grains_words()
    {
        var fund = await system.NewFundAsync();
        var donor = await system.NewDonorAsync($"Payer {Guid.NewGuid():N}"[..14]);
        var pledge = await system.PledgeAsync(donor, fund, Money.Usd(1_000m), Seeds.Today.AddDays(-20), Earmark.Unearmarked, (Seeds.Today.AddDays(-20), 1_000m));
        var page = await system.NewPageAsync();
        await page.SignInAsync(await system.NewUserAsync(Role.FinanceOfficer));
        await page.GotoAsync($"/finance/payment/{pledge.Id}");

        await page.GetByLabel("Amount (USD)").FillAsync("1,500.00");
        await page.Locator("main button[type=submit]").ClickAsync();

        Assert.Contains("outstanding", await page.Locator("#Amount-error").TextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.True((await system.Grains.GetGrain<IContributionGrain>(pledge.Id).Describe(Seeds.Treasurer)).Payments.IsEmpty);

        await page.GetByLabel("Amount (USD)").FillAsync("400");
        await page.Locator("main button[type=submit]").ClickAsync();
        Assert.Contains("recorded", await page.GetByRole(AriaRole.Status).TextAsync(), StringComparison.Ordinal);
        Assert.Equal(400m, (await system.Grains.GetGrain<IContributionGrain>(pledge.Id).Describe(Seeds.Treasurer)).Paid.Amount);
    }

    [Fact]
    public async Task a_finance_officer_cannot_release_a_tranche_their_own_payment_funds_and_another_can_then_runs_pay_it()
    {
        var fund = await system.NewFundAsync();
        var donor = await system.NewDonorAsync($"Funder {Guid.NewGuid():N}"[..14]);
        var recorder = await system.NewUserAsync(Role.FinanceOfficer);
        var releaser = await system.NewUserAsync(Role.FinanceOfficer);
        var pledge = await system.PledgeAsync(donor, fund, Money.Usd(200_000m), Seeds.Today.AddDays(-40), Earmark.Unearmarked, (Seeds.Today.AddDays(-40), 200_000m));
        await system.PayAsync(pledge.Id, Money.Usd(200_000m), Seeds.Today.AddDays(-35), new Caller(recorder, [Role.FinanceOfficer]));
        var author = new Caller("web-author", [Role.ProgrammeOfficer]);
        var reviewer = new Caller("web-reviewer", [Role.ProgrammeOfficer]);
        var code = $"REL-{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var project = await system.ProjectUnderReviewAsync(fund, code, author, reviewer);
        await system.Grains.GetGrain<IProjectGrain>(project).Advance(reviewer, ProjectStep.Approve, "Fine");
        await system.Grains.GetGrain<IProjectGrain>(project).Advance(reviewer, ProjectStep.Activate, null);

        var page = await system.NewPageAsync();
        await page.SignInAsync(recorder);
        await page.GotoAsync("/finance/tranches");
        var section = page.Locator($"#project-{project:N}");
        var answer = await page.RunAndWaitForResponseAsync(() => section.GetByRole(AriaRole.Button, new() { Name = "Release tranche 1" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.Forbidden, answer.Status);
        Assert.Contains("another finance officer must release", await page.Locator($"#tranche-{project:N}-1-error").TextAsync(), StringComparison.Ordinal);
        Assert.Empty((await system.Grains.GetGrain<IProjectGrain>(project).Describe(Seeds.Treasurer)).Releases);
        await page.ScreenshotAsync("finance-release-refused");

        var other = await system.NewPageAsync();
        await other.SignInAsync(releaser);
        await other.GotoAsync("/finance/tranches");
        await other.Locator($"#project-{project:N}").GetByRole(AriaRole.Button, new() { Name = "Release tranche 1" }).ClickAsync();
        Assert.Contains($"Released by {releaser}", await other.Locator($"#project-{project:N}").TextAsync(), StringComparison.Ordinal);

        await other.GotoAsync("/finance/runs");
        await other.GetByRole(AriaRole.Button, new() { Name = "Start a disbursement run now" }).ClickAsync();
        await Assertions.Expect(other.Locator("#run-status")).ToHaveAttributeAsync("data-state", "finished", new() { Timeout = 120_000 });
        await other.AssertAccessibleAsync(system);
        var csv = await other.RunAndWaitForDownloadAsync(() => other.Locator("#run-status").GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
        Assert.EndsWith(".csv", csv.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(100_000m, (await system.Grains.GetGrain<IProjectGrain>(project).Describe(Seeds.Treasurer)).Disbursed.Amount);

        var donorPage = await system.NewPageAsync();
        await donorPage.SignInAsync(await system.NewUserAsync(Role.Donor, donor));
        await donorPage.GotoAsync("/donor");
        Assert.Equal(1, await donorPage.Locator("figure.chart img").CountAsync());
        Assert.Contains(code, await donorPage.Locator("#money-went ~ .scroll table").TextAsync(), StringComparison.Ordinal);
        await donorPage.AssertAccessibleAsync(system);
        await donorPage.ScreenshotAsync("donor-where-the-money-went");

        await other.GotoAsync("/finance/reports");
        Assert.True(await other.Locator("main table tbody tr").CountAsync() > 0);
        await other.AssertAccessibleAsync(system);
    }

    [Fact]
    public async Task a_rate_is_set_in_the_pages_language_and_listed()
    {
        var page = await system.NewPageAsync("fr-FR");
        await page.SignInAsync(await system.NewUserAsync(Role.FinanceOfficer));
        await page.GotoAsync("/finance/rates");

        await page.GetByLabel("Devise").SelectOptionAsync("CHF");
        await page.GetByLabel("Unités pour 1 USD").FillAsync("0,8765");
        await page.Locator("main form button[type=submit]").ClickAsync();

        Assert.Contains("0,8765", await page.Locator("main table").TextAsync(), StringComparison.Ordinal);
        var rates = await system.Grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).List(Seeds.Treasurer, Currency.Parse("CHF"));
        Assert.Contains(rates, r => r.UnitsPerUsd == 0.8765m);
        await page.AssertAccessibleAsync(system);
    }
}
