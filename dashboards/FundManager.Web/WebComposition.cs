using FundManager.Domain;
using FundManager.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FundManager.Web;

/// <summary>The browser application's services and endpoints; the dashboards host registers both, each in one line.</summary>
public static class WebComposition
{
    public static IServiceCollection AddFundManagerWeb(this IServiceCollection services)
    {
        services.AddLocalization();
        // The same "today" as the silo's, in the fund's time zone (overdue instalments, default dates).
        services.TryAddSingleton(sp => new FundCalendar(
            sp.GetRequiredService<TimeProvider>(),
            TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<IConfiguration>()["FundManager:Jobs:TimeZone"] ?? "UTC")));
        services.AddRazorPages(o => o.Conventions.ConfigureFilter(new RefusalFilter()))
            .AddApplicationPart(typeof(WebComposition).Assembly);
        return services;
    }

    /// <summary>The pages' languages and assets, ahead of sign-in; call before authentication.</summary>
    public static IApplicationBuilder UseFundManagerWeb(this IApplicationBuilder app) =>
        app.UseFundManagerWebAssets().UseRequestLocalization(Languages.Options());

    /// <summary>The pages; none of them is part of the API's OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapFundManagerWeb(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages().ExcludeFromDescription();
        return app;
    }
}
