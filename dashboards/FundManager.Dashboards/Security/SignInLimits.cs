using System.Globalization;
using System.Threading.RateLimiting;
using FundManager.Dashboards.Api;

namespace FundManager.Dashboards.Security;

/// <summary>
/// How often anyone may try a password: per client address, so one client cannot guess quickly,
/// and per user name, so many clients together cannot guess one account's password quickly
/// either. An account is never locked: a refused attempt is answered 429 with Retry-After and the
/// right password works again as soon as the window passes, so guessing at someone's name cannot
/// shut them out for longer than the guessing lasts.
/// </summary>
public sealed class SignInLimits : IDisposable
{
    /// <summary>The rate-limiting policy of the endpoints that take a password or a refresh token.</summary>
    public const string ClientPolicy = "sign-in";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly PartitionedRateLimiter<string> _byUserName;

    public SignInLimits(IConfiguration configuration)
    {
        var perUserName = configuration.GetValue("FundManager:SignIn:AttemptsPerUserNamePerMinute", 10);
        _byUserName = PartitionedRateLimiter.Create<string, string>(userName =>
            RateLimitPartition.GetFixedWindowLimiter(userName, _ => new FixedWindowRateLimiterOptions { PermitLimit = perUserName, Window = Window, QueueLimit = 0 }));
    }

    /// <summary>Takes one attempt for the user name; false, with when to try again, when its attempts for now are spent.</summary>
    public bool TryAttempt(string userName, out TimeSpan retryAfter)
    {
        using var lease = _byUserName.AttemptAcquire(userName);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        return lease.IsAcquired;
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Seconds(retryAfter);
        return TypedResults.Problem(TooManyAttemptsProblem(retryAfter));
    }

    public static Microsoft.AspNetCore.Mvc.ProblemDetails TooManyAttemptsProblem(TimeSpan retryAfter) =>
        ProblemResponses.Problem(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
            $"Too many sign-in attempts from this client or for this user name; try again in {Seconds(retryAfter)} seconds.", "too-many-attempts");

    public static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _byUserName.Dispose();
}

public static class SignInLimitsSetup
{
    public static IServiceCollection AddSignInLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SignInLimits>();
        var perClient = configuration.GetValue("FundManager:SignIn:AttemptsPerClientPerMinute", 20);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInLimits.ClientPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perClient, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = SignInLimits.Seconds(wait);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = rejected.HttpContext, ProblemDetails = SignInLimits.TooManyAttemptsProblem(wait) });
            };
        });
        return services;
    }
}
