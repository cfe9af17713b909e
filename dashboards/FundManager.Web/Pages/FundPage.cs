using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Web.Account;
using FundManager.Web.Resources;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace FundManager.Web.Pages;

/// <summary>
/// What every page of the application has: the caller it acts for, the grains it asks (the same
/// interfaces as the API, through the Orleans client), its texts, and one way to run a command and
/// put a refusal's words next to the field it concerns.
/// </summary>
public abstract class FundPage : PageModel
{
    protected IGrainFactory Grains => HttpContext.RequestServices.GetRequiredService<IGrainFactory>();

    protected IStringLocalizer<Text> L => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Text>>();

    /// <summary>The signed-in caller; every grain call carries it and the grains decide what it may do.</summary>
    public Caller Caller => HttpContext.RequestServices.GetRequiredService<IBrowserSignIn>().CallerOf(User);

    /// <summary>
    /// Runs a command; when the grains refuse it, their words go next to <paramref name="field"/>
    /// (or the field <paramref name="fieldOf"/> names for the refusal's code) and the answer is false.
    /// </summary>
    protected async Task<bool> AttemptAsync(Func<Task> command, string field = "", Func<string, string?>? fieldOf = null)
    {
        try
        {
            await command();
            return true;
        }
        catch (RuleViolationException rule)
        {
            ModelState.AddModelError(fieldOf?.Invoke(rule.Code) ?? field, rule.Message);
            Response.StatusCode = RefusalFilter.StatusOf(rule.Kind) == 403 ? 403 : 422;
            return false;
        }
    }
}
