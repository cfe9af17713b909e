using System.Text.Json;
using FundManager.Domain;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Dashboards.Api;

/// <summary>
/// Turns every refusal into RFC 7807 problem details: a rule the grains enforced, a body that is
/// not valid JSON or has fields the caller may not set, or a cluster that cannot be reached.
/// </summary>
public sealed class ProblemResponses(IProblemDetailsService problems, ILogger<ProblemResponses> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RuleViolationException rule => Problem(StatusFor(rule.Kind), TitleFor(rule.Kind), rule.Message, rule.Code),
            BadHttpRequestException bad => Problem(bad.StatusCode, "The request is not valid", Describe(bad), "invalid-request"),
            JsonException json => Problem(StatusCodes.Status400BadRequest, "The request is not valid", json.Message, "invalid-json"),
            AntiforgeryValidationException => Problem(StatusCodes.Status400BadRequest, "The form is not valid", "The form's antiforgery token is missing or wrong; reload the page and try again.", "invalid-form"),
            TimeoutException or OrleansMessageRejectionException or SiloUnavailableException =>
                Problem(StatusCodes.Status503ServiceUnavailable, "The fund's services are not reachable", "Try again in a moment.", "unavailable"),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        if (problem.Status >= 500)
        {
            logger.LogWarning(exception, "Request failed: {Detail}", problem.Detail);
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Problem(int status, string title, string detail, string code)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"urn:fundmanager:problem:{code}",
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    private static int StatusFor(RuleKind kind) => kind switch
    {
        RuleKind.NotFound => StatusCodes.Status404NotFound,
        RuleKind.Conflict => StatusCodes.Status409Conflict,
        RuleKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleFor(RuleKind kind) => kind switch
    {
        RuleKind.NotFound => "Not found",
        RuleKind.Conflict => "The request conflicts with the current state",
        RuleKind.Forbidden => "Not allowed",
        _ => "The request breaks a rule",
    };

    // The framework's message names the parameter; the JSON reader's says what is wrong and where.
    private static string Describe(BadHttpRequestException bad)
    {
        for (Exception? inner = bad.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is RuleViolationException rule)
            {
                return rule.Message;
            }
        }
        return bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
    }
}
