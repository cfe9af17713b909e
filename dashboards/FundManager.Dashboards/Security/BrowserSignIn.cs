using System.Security.Claims;
using FundManager.Contracts;
using FundManager.Dashboards.Api;
using FundManager.Domain.Access;
using FundManager.Web.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FundManager.Dashboards.Security;

/// <summary>
/// The web application's sign-in form and caller, on the same claims, cookie and limits as the
/// API: the attempt counts against the user name's limit, a name that could not be an account's is
/// not looked up, and the account's grain checks the password.
/// </summary>
public sealed class BrowserSignIn(IGrainFactory grains, SignInLimits limits) : IBrowserSignIn
{
    public Caller CallerOf(ClaimsPrincipal user) => CallerClaims.FromPrincipal(user);

    public async Task<SignInOutcome> SignInAsync(HttpContext http, string userName, string password)
    {
        var name = UserNames.Normalize(userName);
        if (!limits.TryAttempt(name, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = SignInLimits.Seconds(retryAfter);
            return SignInOutcome.TooManyAttempts;
        }
        // A name that could not be an account's is not looked up (it could not even be stored).
        var signedIn = !UserNames.IsValid(name) || RequestValidation.Problem("password", password) is not null
            ? null
            : await grains.GetGrain<IUserGrain>(name).SignIn(password);
        if (signedIn is null)
        {
            return SignInOutcome.Refused;
        }
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CallerClaims.ToPrincipal(signedIn, CookieAuthenticationDefaults.AuthenticationScheme));
        return SignInOutcome.SignedIn;
    }
}
