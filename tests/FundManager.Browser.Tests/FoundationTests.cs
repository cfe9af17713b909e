using System.Net;
using FundManager.Domain.Access;
using Microsoft.Playwright;

namespace FundManager.Browser.Tests;

/// <summary>What every user has: signing in and out, a navigation by role, their own password, and the language.</summary>
[Collection(WebCollection.Name)]
public sealed class FoundationTests(WebSystem system)
{
    [Fact]
    public async Task a_signed_in_officer_sees_the_pages_of_their_role_only_and_signing_out_ends_it()
    {
        var officer = await system.NewUserAsync(Role.FinanceOfficer);
        var page = await system.NewPageAsync();

        await page.SignInAsync(officer);

        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        Assert.Equal(1, await navigation.GetByRole(AriaRole.Link, new() { Name = "Finance" }).CountAsync());
        Assert.Equal(0, await navigation.GetByRole(AriaRole.Link, new() { Name = "Projects" }).CountAsync());
        Assert.Equal(0, await navigation.GetByRole(AriaRole.Link, new() { Name = "My contributions" }).CountAsync());
        await page.AssertAccessibleAsync(system);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        var answer = await page.GotoAsync("/account/password");

        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        Assert.Equal((int)HttpStatusCode.OK, answer!.Status);
    }

    [Fact]
    public async Task a_wrong_password_is_refused_on_the_form_and_the_sign_in_page_is_accessible()
    {
        var officer = await system.NewUserAsync(Role.ProgrammeOfficer);
        var page = await system.NewPageAsync();
        await page.GotoAsync("/login");
        await page.AssertAccessibleAsync(system);

        await page.Locator("#userName").FillAsync(officer);
        await page.Locator("#password").FillAsync("not-the-password");
        var answer = await page.RunAndWaitForResponseAsync(() => page.Locator("main button[type=submit]").ClickAsync(), r => r.Url.Contains("/login", StringComparison.Ordinal) && r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.Unauthorized, answer.Status);
        Assert.Contains("wrong", await page.GetByRole(AriaRole.Alert).TextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("sign-in-refused");
    }

    [Fact]
    public async Task changing_ones_password_needs_the_current_one_and_then_only_the_new_one_signs_in()
    {
        var officer = await system.NewUserAsync(Role.Auditor);
        var page = await system.NewPageAsync();
        await page.SignInAsync(officer);
        await page.GotoAsync("/account/password");

        await page.GetByLabel("Current password").FillAsync("wrong-current-password");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("brand-new-password-1");
        await page.GetByLabel("New password again").FillAsync("brand-new-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        Assert.Contains("current password", await page.Locator("#CurrentPassword-error").TextAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync(system);

        await page.GetByLabel("Current password").FillAsync(WebSystem.Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("brand-new-password-1");
        await page.GetByLabel("New password again").FillAsync("brand-new-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));

        await page.SignInAsync(officer, "brand-new-password-1");
        Assert.Contains(officer, await page.Locator("header").TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_language_chosen_is_remembered_from_page_to_page()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await page.GotoAsync("/login");

        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Connexion", await page.Locator("h1").InnerTextAsync());
        await page.AssertAccessibleAsync(system);
        await page.ScreenshotAsync("sign-in-fr");
    }
}
