using System.Net;
using System.Security.Cryptography;
using System.Text;
using FundManager.Contracts;
using FundManager.Dashboards.Api;
using FundManager.Domain.Access;
using FundManager.Dashboards.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FundManager.Dashboards.Hosting;

/// <summary>The few HTML pages: a start page with links, and the sign-in form browsers use for the dashboards.</summary>
public static class Pages
{
    public static void MapPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) =>
        {
            var user = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null;
            var body = $"""
                <h1>FundManager</h1>
                <p>{(user is null ? "Not signed in. <a href=\"/login\">Sign in</a>" : $"Signed in as {WebUtility.HtmlEncode(user)}. <form class=\"inline\" method=\"post\" action=\"/logout\">{AntiforgeryField(http)}<button>Sign out</button></form>")}</p>
                <ul>
                  <li><a href="/docs">API reference</a> (the OpenAPI document is at <a href="/openapi/v1.json">/openapi/v1.json</a>)</li>
                  <li><a href="/hangfire">Scheduled jobs</a> (administrators)</li>
                  <li><a href="/orleans">Orleans dashboard</a> (administrators)</li>
                  <li><a href="/health">Health</a></li>
                </ul>
                """;
            return Results.Content(Page("FundManager", body), "text/html; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/login", (HttpContext http, string? returnUrl) =>
            Results.Content(Page("Sign in", LoginForm(http, returnUrl, failed: false)), "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/login", async (HttpContext http, IGrainFactory grains, IAntiforgery antiforgery, SignInLimits limits) =>
        {
            await antiforgery.ValidateRequestAsync(http);
            var form = await http.Request.ReadFormAsync();
            var userName = UserNames.Normalize(form["userName"].ToString());
            var returnUrl = form["returnUrl"].ToString();
            if (!limits.TryAttempt(userName, out var retryAfter))
            {
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = SignInLimits.Seconds(retryAfter);
                return Results.Content(Page("Sign in", LoginForm(http, returnUrl, failed: true)), "text/html; charset=utf-8");
            }
            // A name that could not be an account's is not looked up (it could not even be stored).
            var signedIn = !UserNames.IsValid(userName) || RequestValidation.Problem("password", form["password"].ToString()) is not null
                ? null
                : await grains.GetGrain<IUserGrain>(userName).SignIn(form["password"].ToString());
            if (signedIn is null)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Results.Content(Page("Sign in", LoginForm(http, returnUrl, failed: true)), "text/html; charset=utf-8");
            }
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CallerClaims.ToPrincipal(signedIn, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.Redirect(IsLocal(returnUrl) ? returnUrl : "/");
        }).AllowAnonymous().RequireRateLimiting(SignInLimits.ClientPolicy).ExcludeFromDescription();
    }

    private static bool IsLocal(string url) => url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static string LoginForm(HttpContext http, string? returnUrl, bool failed) => $"""
        <h1>Sign in</h1>
        {(failed ? "<p role=\"alert\">The user name or password is wrong or the account is disabled, or there were too many attempts: wait a minute.</p>" : "")}
        <form method="post" action="/login">
          {AntiforgeryField(http)}
          <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl ?? "/")}">
          <p><label>User name <input name="userName" autocomplete="username" required></label></p>
          <p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
          <p><button>Sign in</button></p>
        </form>
        """;

    private static string AntiforgeryField(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">";
    }

    private const string Stylesheet = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem}form.inline{display:inline}";

    /// <summary>The content security policy's source for the pages' one inline stylesheet, by its hash, so no other inline style applies.</summary>
    public static string StyleSource { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet)))}'";

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title>"
        + $"<style>{Stylesheet}</style></head><body>" + body + "</body></html>";
}
