using FundManager.Contracts;
using FundManager.Dashboards.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FundManager.Dashboards.Api;

/// <summary>Signing in: bearer tokens for API clients, and who the caller is.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in").WithProblems();

        auth.MapPost("/token", async Task<Results<SignInHttpResult, ProblemHttpResult>> (SignInRequest request, IGrainFactory grains) =>
        {
            var signedIn = await grains.GetGrain<IUserGrain>(request.UserName.Trim().ToLowerInvariant()).SignIn(request.Password);
            return signedIn is null
                ? InvalidCredentials()
                : TypedResults.SignIn(CallerClaims.ToPrincipal(signedIn.Caller, signedIn.Session, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
        })
        .AllowAnonymous()
        .WithSummary("Exchange a user name and password for a bearer token (and a refresh token).");

        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            RefreshRequest request, IOptionsMonitor<BearerTokenOptions> options, IGrainFactory grains, TimeProvider clock) =>
        {
            var ticket = options.Get(BearerTokenDefaults.AuthenticationScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires || ticket.Principal.Identity?.Name is not { } name)
            {
                return InvalidCredentials();
            }
            // Roles may have changed, and the account may be disabled or its password changed, since the token was issued.
            UserView user;
            try
            {
                user = await grains.GetGrain<IUserGrain>(name).Describe(CallerClaims.FromPrincipal(ticket.Principal));
            }
            catch (Domain.RuleViolationException e) when (e.Kind == Domain.RuleKind.NotFound)
            {
                return InvalidCredentials();
            }
            if (user.Disabled || user.Session != CallerClaims.Session(ticket.Principal))
            {
                return InvalidCredentials();
            }
            var caller = new Domain.Access.Caller(user.UserName, user.Roles, user.DonorId);
            return TypedResults.SignIn(CallerClaims.ToPrincipal(caller, user.Session, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
        })
        .AllowAnonymous()
        .WithSummary("Exchange a refresh token for a new bearer token.");

        app.MapGet("/api/me", (HttpContext context) => TypedResults.Ok(context.Caller()))
            .WithTags("Sign-in")
            .WithSummary("Who the caller is: user name, roles and, for a donor, the donor it is bound to.");

        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/");
        }).ExcludeFromDescription();
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(ProblemResponses.Problem(StatusCodes.Status401Unauthorized, "Not signed in", "The user name or password is wrong, or the account is disabled or locked.", "invalid-credentials"));
}
