using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace FundManager.Web;

/// <summary>
/// The stylesheet and scripts, embedded in this assembly and served by the host at /assets, before
/// sign-in is asked for (the sign-in page needs them too). The content security policy allows only
/// scripts and styles of this site, so nothing is ever inline and nothing comes from elsewhere.
/// </summary>
public static class WebAssets
{
    public const string Path = "/assets";

    public static IApplicationBuilder UseFundManagerWebAssets(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = new EmbeddedFileProvider(typeof(WebAssets).Assembly, "FundManager.Web.Assets"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
}
