using System.Text.Json;
using System.Text.RegularExpressions;
using FundManager.Domain;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Dashboards.Api;

/// <summary>
/// Turns every failure into RFC 7807 problem details: a rule the grains enforced, a body that is
/// not valid JSON or has fields the caller may not set, a cluster or database that cannot be
/// reached (503 with Retry-After: try again), or anything else (500, said plainly). No answer names
/// a .NET type or carries a stack trace: those are for the log, found by the trace id.
/// </summary>
public sealed partial class ProblemResponses(IProblemDetailsService problems, ILogger<ProblemResponses> logger) : IExceptionHandler
{
    /// <summary>How long a client waits before retrying when the services are not reachable.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RuleViolationException rule => Problem(StatusFor(rule.Kind), TitleFor(rule.Kind), rule.Message, rule.Code),
            BadHttpRequestException bad => Problem(bad.StatusCode, "The request is not valid", Describe(bad), "invalid-request"),
            JsonException json => Problem(StatusCodes.Status400BadRequest, "The request is not valid", Public(json.Message), "invalid-json"),
            AntiforgeryValidationException => Problem(StatusCodes.Status400BadRequest, "The form is not valid", "The form's antiforgery token is missing or wrong; reload the page and try again.", "invalid-form"),
            _ when IsTransient(exception) =>
                Problem(StatusCodes.Status503ServiceUnavailable, "The fund's services are not reachable", $"The cluster or its database did not answer; nothing was changed. Try again in {RetryAfterSeconds} seconds.", "unavailable"),
            _ => Problem(StatusCodes.Status500InternalServerError, "Something went wrong on our side", "The request failed for a reason that is not yours; the trace id finds it in the log.", "internal"),
        };
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            logger.LogWarning(exception, "Request failed: {Detail}", problem.Detail);
        }
        else if (problem.Status >= 500)
        {
            logger.LogError(exception, "Request failed: {Detail}", problem.Detail);
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// A failure that is over once the cluster or the database is back: the request may be retried.
    /// A fault inside a grain arrives as <see cref="Contracts.ServiceFaultException"/> (the silo logged what it was).
    /// An exception from the silo whose type this process does not know arrives as a fallback; it
    /// is almost always the database driver's, whose types only the silo loads.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is Contracts.ServiceFaultException or TimeoutException or OrleansMessageRejectionException or SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException
                or Npgsql.NpgsqlException or Orleans.Serialization.UnavailableExceptionFallbackException
                // A silo's exception that cannot be serialised arrives as this; it is the database driver's when a grain fails to activate without its database.
                or Orleans.Serialization.CodecNotFoundException)
            {
                return true;
            }
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient))
            {
                return true;
            }
        }
        return false;
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
        return bad.InnerException is JsonException json ? $"{Public(bad.Message)} {Public(json.Message)}" : Public(bad.Message);
    }

    /// <summary>
    /// The framework's and the JSON reader's messages, without the .NET types they name: a caller
    /// learns which field is wrong and what was expected, not how the server is built.
    /// </summary>
    public static string Public(string message)
    {
        // 'parameter "PledgeRequest request"' names the parameter's type before its name.
        var text = ParameterWithType().Replace(message, "parameter \"${name}\"");
        text = ForType().Replace(text, string.Empty);
        text = MemberOfType().Replace(text, "of this request").Replace("any .NET member", "any field", StringComparison.Ordinal);
        text = TypeName().Replace(text, m => Expected(m.Value));
        return text;
    }

    private static string Expected(string typeName) => typeName.Trim('\'') switch
    {
        "System.Decimal" or "System.Int32" or "System.Int64" or "System.Double" => "a number",
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.DateOnly" => "a date (yyyy-mm-dd)",
        "System.DateTimeOffset" or "System.DateTime" => "a date and time",
        "System.Guid" => "an id",
        var name when name.Contains("Immutable", StringComparison.Ordinal) || name.Contains("List", StringComparison.Ordinal) => "a list",
        _ => "the value this field takes",
    };

    [GeneratedRegex("parameter \"(?:[^\" ]+ )(?<name>[^\" ]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterWithType();

    [GeneratedRegex("for type '[^']+' ", RegexOptions.CultureInvariant)]
    private static partial Regex ForType();

    [GeneratedRegex("(?:contained )?in type '[^']+'", RegexOptions.CultureInvariant)]
    private static partial Regex MemberOfType();

    [GeneratedRegex("'?(?:System|Microsoft|FundManager|Orleans|Npgsql)(?:\\.[A-Za-z_][\\w`]*)+(?:\\[[^\\]]*\\])*'?", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();
}
