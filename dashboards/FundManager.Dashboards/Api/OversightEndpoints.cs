using FundManager.Contracts;
using FundManager.Dashboards.Security;

namespace FundManager.Dashboards.Api;

/// <summary>What auditors and managers watch: alerts (raised by the reconciliation and by undeliverable effects), and the audit trail.</summary>
public static class OversightEndpoints
{
    public static void MapOversightEndpoints(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Oversight").WithProblems();

        alerts.MapGet("/", async (bool? openOnly, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IAlertsGrain>(0).List(http.Caller(), openOnly ?? true)))
            .WithSummary("Alerts, open ones by default (staff).");

        alerts.MapPost("/{alertId:guid}/acknowledge", async (Guid alertId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IAlertsGrain>(0).Acknowledge(http.Caller(), alertId)))
            .WithSummary("Acknowledge an alert once it is dealt with (finance officers and administrators).");

        alerts.MapPost("/{alertId:guid}/retry", async (Guid alertId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IAlertsGrain>(0).RetryUndelivered(http.Caller(), alertId)))
            .WithSummary("Deliver again, after a fix, the effect an undeliverable alert is about; the alert is acknowledged once it is delivered, and 409 says why it is still refused (finance officers and administrators).");

        alerts.MapPost("/{alertId:guid}/set-aside", async (Guid alertId, ReasonRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IAlertsGrain>(0).SetAsideUndelivered(http.Caller(), alertId, request.Reason)))
            .WithSummary("Give up, for the reason given, the effect an undeliverable alert is about; the command's audit record is still written and the alert is acknowledged (finance officers and administrators).");

        var audit = app.MapGroup("/api/audit").WithTags("Oversight").WithProblems();

        audit.MapGet("/", async (long? from, int? limit, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IAuditGrain>(0).Read(http.Caller(), from ?? 1, limit ?? 200)))
            .WithSummary("The audit trail in order: who did what, when, with the state before and after (auditors and administrators).");

        audit.MapPost("/verify", async (VerifyRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IAuditGrain>(0).Verify(http.Caller(), request.ExpectedHead)))
            .WithSummary("Verify the audit trail's hash chain; pass the head hash of an earlier verification to also catch events removed at the end (auditors and administrators).");
    }
}
