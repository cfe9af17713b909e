using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages;

/// <summary>Remembers the language a person chose, for a year, and goes back to the page they were on.</summary>
[AllowAnonymous]
public sealed class LanguageModel : FundPage
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (Languages.IsSupported(culture))
        {
            Response.Cookies.Append(Languages.CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)), new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = Request.IsHttps,
                IsEssential = true,
            });
        }
        return Redirect(LoginModel.IsLocal(returnUrl) ? returnUrl! : "/");
    }
}
