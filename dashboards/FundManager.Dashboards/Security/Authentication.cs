using FundManager.Domain.Access;
using Microsoft.AspNetCore.Authentication;
using FundManager.Persistence;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using System.Xml.Linq;

namespace FundManager.Dashboards.Security;

/// <summary>
/// Sign-in for people and programs: API clients get a bearer token from /api/auth/token, browsers a
/// cookie from /login. Both carry the same claims, and the keys protecting them live in PostgreSQL so
/// every dashboard instance accepts them, across restarts.
/// </summary>
public static class Authentication
{
    public const string Scheme = "fundmanager";
    public const string AdministratorPolicy = "administrator";

    public static IServiceCollection AddFundManagerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IXmlRepository, KeyRingRepository>();
        services.AddOptions<KeyManagementOptions>().Configure<IXmlRepository>((o, repository) => o.XmlRepository = repository);
        services.AddDataProtection().SetApplicationName("FundManager");

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddBearerToken(BearerTokenDefaults.AuthenticationScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(configuration.GetValue("FundManager:Tokens:AccessTokenMinutes", 30));
                o.RefreshTokenExpiration = TimeSpan.FromDays(configuration.GetValue("FundManager:Tokens:RefreshTokenDays", 1));
            })
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "fundmanager.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                // The API answers 401/403; only pages redirect to the sign-in form.
                o.Events.OnRedirectToLogin = context => AnswerOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => AnswerOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
            });

        services.AddTransient<IClaimsTransformation, CurrentAccount>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, SignedOutAccounts>();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdministratorPolicy, p => p.RequireRole(nameof(Role.Administrator)));
        return services;
    }

    private static Task AnswerOrRedirect(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/orleans"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(redirectUri);
        }
        return Task.CompletedTask;
    }

    /// <summary>The data-protection key ring, kept in PostgreSQL.</summary>
    private sealed class KeyRingRepository(FundDatabase database) : IXmlRepository
    {
        private readonly PostgresKeyRing _ring = new(database.DataSource);

        public IReadOnlyCollection<XElement> GetAllElements() => _ring.GetAllElements();

        public void StoreElement(XElement element, string friendlyName) => _ring.StoreElement(element, friendlyName);
    }
}

/// <summary>Lets only signed-in administrators into the Hangfire dashboard.</summary>
public sealed class AdministratorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(nameof(Role.Administrator));
    }
}
