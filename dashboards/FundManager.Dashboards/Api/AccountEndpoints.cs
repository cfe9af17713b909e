using FundManager.Contracts;
using FundManager.Dashboards.Security;
using FundManager.Domain.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FundManager.Dashboards.Api;

/// <summary>Signing in and out: bearer tokens for API clients, and who the caller is.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in").WithProblems()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        auth.MapPost("/token", async Task<Results<SignInHttpResult, ProblemHttpResult>> (SignInRequest request, HttpContext http, IGrainFactory grains, SignInLimits limits) =>
        {
            var userName = UserNames.Normalize(request.UserName);
            if (!limits.TryAttempt(userName, out var retryAfter))
            {
                return SignInLimits.TooManyAttempts(http, retryAfter);
            }
            var signedIn = await grains.GetGrain<IUserGrain>(userName).SignIn(request.Password);
            return signedIn is null
                ? InvalidCredentials()
                : TypedResults.SignIn(CallerClaims.ToPrincipal(signedIn, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
        })
        .AllowAnonymous()
        .RequireRateLimiting(SignInLimits.ClientPolicy)
        .WithSummary("Exchange a user name and password for a bearer token (and a refresh token). Attempts are limited per client and per user name (429 with Retry-After).");

        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            RefreshRequest request, IOptionsMonitor<BearerTokenOptions> options, IGrainFactory grains, TimeProvider clock) =>
        {
            var ticket = options.Get(BearerTokenDefaults.AuthenticationScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires || ticket.Principal.Identity?.Name is null)
            {
                return InvalidCredentials();
            }
            // Spending the token is the grain's decision: it answers with the next generation, or
            // refuses a spent one and ends its family. Roles are as they are now, not at sign-in.
            var caller = CallerClaims.FromPrincipal(ticket.Principal);
            var refreshed = await grains.GetGrain<IUserGrain>(caller.UserName).Refresh(
                caller, CallerClaims.Session(ticket.Principal), CallerClaims.TokenFamily(ticket.Principal), CallerClaims.Generation(ticket.Principal));
            return refreshed is null
                ? InvalidCredentials()
                : TypedResults.SignIn(CallerClaims.ToPrincipal(refreshed, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
        })
        .AllowAnonymous()
        .RequireRateLimiting(SignInLimits.ClientPolicy)
        .WithSummary("Exchange a refresh token for a new bearer token and a new refresh token. Each refresh token works once; using a spent one again ends the whole sign-in.");

        auth.MapPost("/logout", async Task<NoContent> (HttpContext http, IGrainFactory grains) =>
        {
            await SignOutAsync(http, grains);
            return TypedResults.NoContent();
        })
        .WithSummary("Sign out: the access and refresh tokens of this sign-in stop working at once.");

        app.MapGet("/api/me", (HttpContext context) => TypedResults.Ok(context.Caller()))
            .WithTags("Sign-in")
            .WithSummary("Who the caller is: user name, roles and, for a donor, the donor it is bound to.");

        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery, IGrainFactory grains) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await SignOutAsync(context, grains);
            return Results.Redirect("/");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Ends the caller's sign-in in the account, so a copy of its token or cookie is worthless too, and drops the cookie.</summary>
    private static async Task SignOutAsync(HttpContext http, IGrainFactory grains)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            var caller = http.Caller();
            await grains.GetGrain<IUserGrain>(caller.UserName).SignOut(caller, CallerClaims.TokenFamily(http.User));
        }
        if (http.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(ProblemResponses.Problem(StatusCodes.Status401Unauthorized, "Not signed in", "The user name or password is wrong, the account is disabled, or the sign-in has ended.", "invalid-credentials"));
}
