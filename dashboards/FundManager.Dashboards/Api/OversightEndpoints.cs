using FundManager.Contracts;
using FundManager.Dashboards.Security;

namespace FundManager.Dashboards.Api;

/// <summary>What auditors and managers watch: alerts raised by the reconciliation, and the audit trail.</summary>
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

        var audit = app.MapGroup("/api/audit").WithTags("Oversight").WithProblems();

        audit.MapGet("/", async (long? from, int? limit, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IAuditGrain>(0).Read(http.Caller(), from ?? 1, limit ?? 200)))
            .WithSummary("The audit trail in order: who did what, when, with the state before and after (auditors and administrators).");

        audit.MapPost("/verify", async (VerifyRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IAuditGrain>(0).Verify(http.Caller(), request.ExpectedHead)))
            .WithSummary("Verify the audit trail's hash chain; pass the head hash of an earlier verification to also catch events removed at the end (auditors and administrators).");
    }
}
