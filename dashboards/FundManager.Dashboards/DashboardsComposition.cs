using FundManager.Contracts;
using FundManager.Dashboards.Api;
using FundManager.Dashboards.Hosting;
using FundManager.Dashboards.Security;
using FundManager.Persistence;
using FundManager.Web;
using FundManager.Web.Account;
using Hangfire;
using Orleans.Configuration;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace FundManager.Dashboards;

/// <summary>Everything the web front runs, on the database it is given. Program and the end-to-end tests share it.</summary>
public static class DashboardsComposition
{
    public static WebApplicationBuilder AddFundManagerDashboards(this WebApplicationBuilder builder, FundDatabase database, byte[] callerKey)
    {
        var services = builder.Services;
        // What server software answers is nobody's business.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        services.AddSingleton(database);
        services.AddSingleton(database.DataSource);
        services.AddSingleton<InstallationSettings>();
        services.AddSingleton(TimeProvider.System);

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = builder.Configuration["FundManager:Cluster:ClusterId"] ?? "fundmanager";
                o.ServiceId = builder.Configuration["FundManager:Cluster:ServiceId"] ?? "fundmanager";
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = database.OrleansConnectionString;
            });
            // The silo may still be starting: keep trying (the failure is a ConnectionFailedException, not SiloUnavailableException).
            client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                return !cancellationToken.IsCancellationRequested;
            });
            client.AddDashboard(o => o.HideTrace = true);
            // The grains accept the callers this process authenticated, and no one else's.
            client.Services.AddSingleton(sp => new CallerSeal(callerKey, sp.GetRequiredService<TimeProvider>()));
            client.AddOutgoingGrainCallFilter<CallerSealingFilter>();
            client.UseClusterTls(builder.Configuration);
        });

        // Only the storage: jobs run on the silos' Hangfire servers.
        services.AddHangfire(database.UseForHangfire);

        services.AddFundManagerAuthentication(builder.Configuration);
        services.AddSignInLimits(builder.Configuration);
        services.AddAntiforgery();
        services.AddFundManagerWeb().AddSingleton<IBrowserSignIn, BrowserSignIn>();
        services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemResponses>();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApiSecurity>();
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FundManager API";
                document.Info.Description = "Trust-fund management: donors, pledges, payments, exchange rates, projects, tranches, outcomes and reports. Sign in with POST /api/auth/token and send the access token as a bearer token.";
                return Task.CompletedTask;
            });
        });
        services.AddHealthChecks()
            .AddCheck<DatabaseReady>("database")
            .AddCheck<ClusterReady>("cluster")
            .AddCheck<DemoDataReady>("demo-data")
            .AddCheck<NoOpenAlerts>("alerts");
        return builder;
    }

    public static WebApplication MapFundManagerDashboards(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseFundManagerWeb();
        app.UseAuthentication();
        app.UseCrossSiteRequestCheck();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o
            .WithTitle("FundManager API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .WithNonce()
            .DisableDefaultFonts()
            .AddPreferredSecuritySchemes(OpenApiSecurity.SchemeName)
            .AddHttpAuthentication(OpenApiSecurity.SchemeName, s => s.Token = string.Empty)).AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();

        app.MapFundManagerWeb();
        // Every API endpoint's path, query and body strings pass the same checks before any grain is asked.
        var api = app.MapGroup(string.Empty).ValidateRequests();
        api.MapAccountEndpoints();
        api.MapFundEndpoints();
        api.MapDonorEndpoints();
        api.MapRateEndpoints();
        api.MapProjectEndpoints();
        api.MapReportEndpoints();
        api.MapOversightEndpoints();
        api.MapIatiEndpoints(app.Configuration);

        app.MapHangfireDashboard("/hangfire", new Hangfire.DashboardOptions
        {
            Authorization = [new AdministratorDashboardFilter()],
            DisplayStorageConnectionString = false,
            DashboardTitle = "FundManager jobs",
        });
        app.MapOrleansDashboard(routePrefix: "/orleans").RequireAuthorization(Authentication.AdministratorPolicy);
        return app;
    }
}
