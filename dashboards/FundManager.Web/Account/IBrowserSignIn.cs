using System.Security.Claims;
using FundManager.Domain.Access;
using Microsoft.AspNetCore.Http;

namespace FundManager.Web.Account;

/// <summary>What a sign-in attempt from the form came to.</summary>
public enum SignInOutcome
{
    SignedIn = 0,
    Refused = 1,
    TooManyAttempts = 2,
}

/// <summary>
/// How the pages learn who is asking and sign a browser in. The host implements it with the same
/// claims, cookie scheme and sign-in limits as the API, so the pages hold no second copy of them.
/// </summary>
public interface IBrowserSignIn
{
    /// <summary>The caller a signed-in principal stands for; the pages pass it to every grain call.</summary>
    Caller CallerOf(ClaimsPrincipal user);

    /// <summary>Checks the password with the account's grain and, when it is right, sets the sign-in cookie.</summary>
    Task<SignInOutcome> SignInAsync(HttpContext http, string userName, string password);
}
