using FundManager.Contracts;
using FundManager.Dashboards.Security;
using FundManager.Domain.Contributions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundManager.Dashboards.Api;

/// <summary>Donors, their pledges, the payments against them, and their statements.</summary>
public static class DonorEndpoints
{
    public static void MapDonorEndpoints(this IEndpointRouteBuilder app)
    {
        var donors = app.MapGroup("/api/donors").WithTags("Donors and pledges").WithProblems();

        donors.MapPost("/", async Task<Created<DonorView>> (RegisterDonorRequest request, HttpContext http, IGrainFactory grains) =>
        {
            var donor = await grains.GetGrain<IDonorGrain>(Guid.CreateVersion7()).Register(http.Caller(), request.ToProfile());
            return TypedResults.Created($"/api/donors/{donor.Id}", donor);
        }).WithSummary("Register a donor (administrators and finance officers).");

        donors.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IDonorDirectoryGrain>(IDonorDirectoryGrain.Key).List(http.Caller())))
            .WithSummary("Every donor (staff).");

        donors.MapGet("/{donorId:guid}", async (Guid donorId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IDonorGrain>(donorId).Describe(http.Caller())))
            .WithSummary("A donor (staff, or that donor).");

        donors.MapPut("/{donorId:guid}/anonymous", async (Guid donorId, AnonymityRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IDonorGrain>(donorId).SetAnonymous(http.Caller(), request.Anonymous)))
            .WithSummary("Whether the donor is named on public pages and in the IATI files (administrators and finance officers; donors are named unless they ask not to be).");

        donors.MapPost("/{donorId:guid}/pledges", async Task<Created<Contribution>> (Guid donorId, PledgeRequest request, HttpContext http, IGrainFactory grains) =>
        {
            var contribution = await grains.GetGrain<IDonorGrain>(donorId).Pledge(http.Caller(), request.ToCommand());
            return TypedResults.Created($"/api/pledges/{contribution.Id}", contribution);
        }).WithSummary("Pledge a contribution (the donor, or a finance officer on its behalf). The same idempotency key always yields the same pledge.");

        donors.MapGet("/{donorId:guid}/pledges", async (Guid donorId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IDonorGrain>(donorId).Contributions(http.Caller())))
            .WithSummary("A donor's pledges with their payments (staff, or that donor).");

        donors.MapGet("/{donorId:guid}/statement", async (Guid donorId, string? fundId, DateOnly? asOf, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IDonorGrain>(donorId).Statement(http.Caller(), fundId, asOf)))
            .WithSummary("A donor's statement: pledged, paid, outstanding, and what its money paid for (staff, or that donor).");

        var pledges = app.MapGroup("/api/pledges").WithTags("Donors and pledges").WithProblems();

        pledges.MapGet("/{contributionId:guid}", async (Guid contributionId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IContributionGrain>(contributionId).Describe(http.Caller())))
            .WithSummary("One pledge with its payments (staff, or its donor).");

        pledges.MapPost("/{contributionId:guid}/payments", async Task<Created<ContributionPayment>> (Guid contributionId, PaymentRequest request, HttpContext http, IGrainFactory grains) =>
        {
            var payment = await grains.GetGrain<IContributionGrain>(contributionId).RecordPayment(http.Caller(), request.ToCommand());
            return TypedResults.Created($"/api/pledges/{contributionId}", payment);
        }).WithSummary("Record cash received against a pledge (finance officers). The same idempotency key records one payment, however often it is sent.");

        pledges.MapPost("/{contributionId:guid}/payments/{paymentKey}/reversal", async (Guid contributionId, string paymentKey, ReasonRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IContributionGrain>(contributionId).ReversePayment(http.Caller(), paymentKey, request.Reason)))
            .WithSummary("Reverse a payment recorded by mistake: a reversal entry points to the original, nothing is edited (finance officers). Refused while approvals hold the cash.");

        pledges.MapPost("/{contributionId:guid}/amendments", async (Guid contributionId, AmendmentRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IContributionGrain>(contributionId).Amend(http.Caller(), request.ToCommand())))
            .WithSummary("Increase, decrease, or cancel the unpaid rest of a pledge, with a reason (finance officers). Idempotent per key.");

        pledges.MapGet("/{contributionId:guid}/paid-for", async (Guid contributionId, DateOnly? asOf, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IContributionGrain>(contributionId).PaidFor(http.Caller(), asOf)))
            .WithSummary("The projects, tranches and dates this contribution paid for (staff, or its donor).");
    }
}
