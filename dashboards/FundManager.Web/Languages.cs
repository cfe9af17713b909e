using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;

namespace FundManager.Web;

/// <summary>
/// The languages of the pages. A person's choice is kept in a cookie; without one, the browser's
/// Accept-Language decides; English otherwise. Numbers, dates and amounts follow the same culture.
/// </summary>
public static class Languages
{
    public const string CookieName = "fundmanager.language";

    public static IReadOnlyList<CultureInfo> Supported { get; } = [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("fr")];

    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = [.. Supported],
            SupportedUICultures = [.. Supported],
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = CookieName },
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }

    public static bool IsSupported(string? name) => Supported.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
