using System.Security.Claims;
using FundManager.Contracts;
using Microsoft.AspNetCore.Authentication;

namespace FundManager.Dashboards.Security;

/// <summary>
/// Checks every signed-in request against the account as it is now: a disabled user, one whose
/// password changed since the token or cookie was issued, and a sign-in that was signed out or
/// whose refresh token was replayed lose access at once, and the current roles apply, not the ones
/// at sign-in.
/// </summary>
public sealed class CurrentAccount(IGrainFactory grains) : IClaimsTransformation
{
    private const string CheckedType = "fm:checked";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true } identity || principal.HasClaim(c => c.Type == CheckedType))
        {
            return principal;
        }
        var caller = CallerClaims.FromPrincipal(principal);
        var family = CallerClaims.TokenFamily(principal);
        var account = await grains.GetGrain<IUserGrain>(caller.UserName).Resume(caller, CallerClaims.Session(principal), family);
        if (account is null || account.Disabled)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
        var current = CallerClaims.ToPrincipal(
            new SignedIn(new Domain.Access.Caller(account.UserName, account.Roles, account.DonorId), account.Session, family, CallerClaims.Generation(principal)),
            identity.AuthenticationType ?? "current");
        ((ClaimsIdentity)current.Identity!).AddClaim(new Claim(CheckedType, "true"));
        return current;
    }
}

/// <summary>
/// A request whose token is valid but whose account is disabled is not signed in: it gets 401 (sign
/// in again), not the 403 the framework would give because the token itself was accepted.
/// </summary>
public sealed class SignedOutAccounts : Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler
{
    private readonly Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, Microsoft.AspNetCore.Authorization.AuthorizationPolicy policy,
        Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated != true)
        {
            return context.ChallengeAsync();
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
