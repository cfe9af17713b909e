using System.Text.Json;
using FundManager.Contracts;
using FundManager.Domain.Access;
using Microsoft.Playwright;

namespace FundManager.Browser.Tests;

/// <summary>What a person does in the browser in every test: sign in, look, and have the page checked.</summary>
public static class Visit
{
    /// <summary>A new user with the roles given (and the donor, for a donor), created through the users' grain.</summary>
    public static async Task<string> NewUserAsync(this WebSystem system, Role role, Guid? donorId = null)
    {
        var name = $"{role.ToString().ToLowerInvariant()[..5]}-{Guid.NewGuid():N}"[..20];
        await system.Grains.GetGrain<IUserGrain>(name).Create(WebSystem.Seeder, new NewUser($"Test {role}", [role], donorId, WebSystem.Password));
        return name;
    }

    public static async Task SignInAsync(this IPage page, string userName, string password = WebSystem.Password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").Or(page.GetByLabel("Nom d'utilisateur")).FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    /// <summary>Saves a full-page screenshot among the test artefacts (never compared by pixels).</summary>
    public static async Task ScreenshotAsync(this IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebSystem.Artefacts, name + ".png"), FullPage = true });

    /// <summary>
    /// Runs axe-core inside the page (injected through the browser's own evaluation, so the page's
    /// content security policy stays as it is) and fails on any serious or critical violation.
    /// </summary>
    public static async Task AssertAccessibleAsync(this IPage page, WebSystem system)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(system.AxeSource);
        }
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await window.axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        var found = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(found.Count == 0, $"{page.Url}: {string.Join(Environment.NewLine, found)}");
    }

    /// <summary>The page's visible text with every kind of space made a plain one, so "1 234,56" compares as typed.</summary>
    public static async Task<string> TextAsync(this ILocator locator) =>
        new string([.. (await locator.InnerTextAsync()).Select(c => char.IsWhiteSpace(c) || c == '\u202f' ? ' ' : c)]);
}
