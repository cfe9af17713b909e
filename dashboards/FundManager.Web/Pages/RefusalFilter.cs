using FundManager.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Web.Pages;

/// <summary>A refusal shown as a page: the rule's own words and the status that goes with them.</summary>
public sealed record Refusal(int Status, string Code, string Message);

/// <summary>
/// A rule the grains enforced that a page did not handle itself (a donor opening another donor's
/// page, a project that does not exist) becomes a page that says the rule's words, with 403, 404,
/// 409 or 400, never an error trace. Rules a form breaks are shown next to their field by the page.
/// </summary>
public sealed class RefusalFilter : IAsyncPageFilter
{
    public const string ViewPath = "/Pages/Shared/Refused.cshtml";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is RuleViolationException rule && !executed.ExceptionHandled)
        {
            executed.Result = View(executed.HttpContext, new Refusal(StatusOf(rule.Kind), rule.Code, rule.Message));
            executed.ExceptionHandled = true;
        }
    }

    public static ViewResult View(HttpContext http, Refusal refusal) => new()
    {
        ViewName = ViewPath,
        StatusCode = refusal.Status,
        ViewData = new ViewDataDictionary<Refusal>(http.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary()) { Model = refusal },
    };

    public static int StatusOf(RuleKind kind) => kind switch
    {
        RuleKind.NotFound => StatusCodes.Status404NotFound,
        RuleKind.Conflict => StatusCodes.Status409Conflict,
        RuleKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };
}
