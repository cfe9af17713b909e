using FundManager.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Account;

/// <summary>Changing one's own password, with the current one. Every sign-in of the account ends, this one too.</summary>
public sealed class PasswordModel : FundPage
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!string.Equals(NewPassword, Confirmation, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(Confirmation), L["Password.Mismatch"]);
            Response.StatusCode = 422;
            return Page();
        }
        var caller = Caller;
        var changed = await AttemptAsync(
            () => Grains.GetGrain<IUserGrain>(caller.UserName).SetPassword(caller, CurrentPassword ?? string.Empty, NewPassword ?? string.Empty),
            nameof(NewPassword),
            code => code == "current-password-wrong" ? nameof(CurrentPassword) : null);
        if (!changed)
        {
            return Page();
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/login?changed=true");
    }
}
