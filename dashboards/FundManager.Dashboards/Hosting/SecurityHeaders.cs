using Scalar.AspNetCore;

namespace FundManager.Dashboards.Hosting;

/// <summary>
/// The headers that tell a browser what this site's pages may do: no script but the site's own
/// files, no framing by other sites, no guessing of content types, no leaking of addresses to
/// other sites. The operations dashboards style their pages inline and the API reference runs a
/// start-up script, so they get a policy of their own that allows exactly that and nothing more.
/// </summary>
public static class SecurityHeaders
{
    private const string Common = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = PolicyFor(context);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static string PolicyFor(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/docs"))
        {
            // Scalar marks its start-up script with a fresh nonce on every page.
            var nonce = context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string n ? $" 'nonce-{n}'" : string.Empty;
            return $"{Common}; script-src 'self'{nonce}; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:";
        }
        if (path.StartsWithSegments("/hangfire") || path.StartsWithSegments("/orleans"))
        {
            return $"{Common}; script-src 'self'; style-src 'self' 'unsafe-inline'";
        }
        return $"{Common}; script-src 'self'; style-src 'self'";
    }
}
