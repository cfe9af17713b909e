using FundManager.Web.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Web.Pages;

/// <summary>The sign-in form: the account's grain checks the password, the host's limits count the attempts.</summary>
[AllowAnonymous]
public sealed class LoginModel : FundPage
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true, Name = "changed")]
    public bool PasswordChanged { get; set; }

    /// <summary>The resource key of why the last attempt failed.</summary>
    public string? Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await HttpContext.RequestServices.GetRequiredService<IBrowserSignIn>().SignInAsync(HttpContext, UserName ?? string.Empty, Password ?? string.Empty);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                return Redirect(IsLocal(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.TooManyAttempts:
                Failed = "Login.TooMany";
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                Failed = "Login.Failed";
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }

    /// <summary>Only an address on this site: a sign-in link cannot send someone elsewhere.</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
