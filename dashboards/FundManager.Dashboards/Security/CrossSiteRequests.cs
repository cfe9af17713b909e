using FundManager.Dashboards.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FundManager.Dashboards.Security;

/// <summary>
/// A browser sends the sign-in cookie with any request to this site, also one another site's page
/// makes it send. So a request that changes something and is signed in by the cookie must come
/// from this site's own pages: the browser says so (Sec-Fetch-Site, or an Origin equal to this
/// site's), or, from a browser that says neither, the request carries this site's antiforgery
/// token. Whether it has a body does not matter. Bearer tokens are never sent by a browser on its
/// own, so requests signed in by one pass as they are.
/// </summary>
public static class CrossSiteRequests
{
    public static IApplicationBuilder UseCrossSiteRequestCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method)
            || context.User.Identity is not { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            || await FromThisSiteAsync(context))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ProblemResponses.Problem(StatusCodes.Status403Forbidden, "Not allowed",
                "A request signed in by the browser's cookie must come from this site's own pages; another site cannot send it. Programs sign in with a bearer token.", "cross-site-request"),
        });
    });

    private static async Task<bool> FromThisSiteAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var fetchSite = headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            // "none": the user typed the address or used a bookmark.
            return fetchSite is "same-origin" or "none";
        }
        var origin = headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase);
        }
        return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
    }
}
