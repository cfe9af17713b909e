using System.Net;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using Microsoft.Playwright;

namespace FundManager.Browser.Tests;

/// <summary>A donor in the browser: its pledges and instalments, a new pledge, and nobody else's data.</summary>
[Collection(WebCollection.Name)]
public sealed class DonorTests(WebSystem system)
{
    private async Task<(Guid Donor, string User)> DonorWithAPledgeAsync()
    {
        var fund = await system.NewFundAsync();
        var donor = await system.NewDonorAsync($"Donor {Guid.NewGuid():N}"[..16]);
        var today = Seeds.Today;
        var pledge = await system.PledgeAsync(donor, fund, Money.Usd(1_234_567.89m), today.AddDays(-100), Earmark.Unearmarked,
            (today.AddDays(-100), 234_567.89m), (today.AddDays(-10), 500_000m), (today.AddDays(60), 500_000m));
        await system.PayAsync(pledge.Id, Money.Usd(234_567.89m), today.AddDays(-90));
        return (donor, await system.NewUserAsync(Role.Donor, donor));
    }

    [Fact]
    public async Task a_donor_sees_its_pledge_per_instalment_with_the_overdue_one_marked()
    {
        var (_, user) = await DonorWithAPledgeAsync();
        var page = await system.NewPageAsync();

        await page.SignInAsync(user);
        await page.GotoAsync("/donor");

        var rows = page.Locator("table:has(caption:text('Instalments')) tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        Assert.Contains("Paid", await rows.Nth(0).TextAsync(), StringComparison.Ordinal);
        Assert.Equal("overdue", await rows.Nth(1).GetAttributeAsync("class"));
        Assert.Contains("Overdue", await rows.Nth(1).TextAsync(), StringComparison.Ordinal);
        Assert.Contains("1,234,567.89 USD", await page.Locator(".pledge .figures").First.TextAsync(), StringComparison.Ordinal);
        Assert.Contains("1,000,000.00 USD", await page.Locator(".pledge .figures").First.TextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("donor-home");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_donors_page_in_french_writes_amounts_and_words_the_french_way()
    {
        var (_, user) = await DonorWithAPledgeAsync();
        var page = await system.NewPageAsync("fr-FR");

        await page.SignInAsync(user);
        await page.GotoAsync("/donor");

        var figures = await page.Locator(".pledge .figures").First.TextAsync();
        Assert.Contains("1 234 567,89 USD", figures, StringComparison.Ordinal);
        Assert.Contains("Restant dû", figures, StringComparison.Ordinal);
        Assert.Contains("En retard", await page.Locator("tr.overdue").TextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("donor-home-fr");
    }

    [Fact]
    public async Task a_donor_opening_another_donors_page_by_its_address_is_refused()
    {
        var (_, user) = await DonorWithAPledgeAsync();
        var (other, _) = await DonorWithAPledgeAsync();
        var page = await system.NewPageAsync();
        await page.SignInAsync(user);

        var answer = await page.GotoAsync($"/donor/{other}");

        Assert.Equal((int)HttpStatusCode.Forbidden, answer!.Status);
        Assert.False(string.IsNullOrWhiteSpace(await page.GetByRole(AriaRole.Alert).TextAsync()));
        Assert.Equal(0, await page.Locator(".pledge").CountAsync());
        await page.ScreenshotAsync("donor-refused");
    }

    [Fact]
    public async Task a_donor_pledges_with_a_schedule_that_is_checked_as_it_is_typed_and_by_the_grain()
    {
        var fund = await system.NewFundAsync();
        var donor = await system.NewDonorAsync($"Pledger {Guid.NewGuid():N}"[..16]);
        var user = await system.NewUserAsync(Role.Donor, donor);
        var page = await system.NewPageAsync();
        await page.SignInAsync(user);
        await page.GotoAsync($"/donor/{donor}/pledge");
        await page.GetByLabel("Fund").SelectOptionAsync(fund);
        await page.GetByLabel("Amount pledged").FillAsync("1,000.00");
        await page.GetByLabel("Instalment 1 due date").FillAsync(Seeds.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Instalment 1 amount").FillAsync("600");
        await page.GetByLabel("Instalment 2 due date").FillAsync(Seeds.Today.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Instalment 2 amount").FillAsync("300");

        var sum = page.Locator("#instalment-sum");
        Assert.Equal("off", await sum.GetAttributeAsync("data-state"));
        Assert.Contains("900.00 / 1,000.00", await sum.TextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge", Exact = true }).ClickAsync();
        Assert.Contains("add up", await page.Locator("#Instalments-error").TextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);

        await page.GetByLabel("Instalment 2 amount").FillAsync("400");
        Assert.Equal("ok", await page.Locator("#instalment-sum").GetAttributeAsync("data-state"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Pledge", Exact = true }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("pledged=", StringComparison.Ordinal));
        Assert.Contains("1,000.00 USD", await page.Locator(".pledge .figures").First.TextAsync(), StringComparison.Ordinal);
    }
}
