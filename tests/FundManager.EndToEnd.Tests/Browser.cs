using System.Net;
using System.Text.RegularExpressions;

namespace FundManager.EndToEnd.Tests;

/// <summary>A browser's view of the site: signed in through the login form, with the cookie it sets.</summary>
public static partial class Browser
{
    public static async Task<HttpClient> SignedInAsync(Uri site, string userName, string password)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = site };
        var form = await browser.GetStringAsync(new Uri("/login", UriKind.Relative));
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "the login form carries an antiforgery token");
        using var signIn = await browser.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
