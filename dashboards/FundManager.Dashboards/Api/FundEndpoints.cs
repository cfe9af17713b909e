using FundManager.Contracts;
using FundManager.Dashboards.Security;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundManager.Dashboards.Api;

/// <summary>Funds, their position and their pools of available money; users and roles.</summary>
public static class FundEndpoints
{
    public static void MapFundEndpoints(this IEndpointRouteBuilder app)
    {
        var funds = app.MapGroup("/api/funds").WithTags("Funds").WithProblems();

        funds.MapPost("/", async Task<Created<FundView>> (CreateFundRequest request, HttpContext http, IGrainFactory grains) =>
        {
            var fund = await grains.GetGrain<IFundGrain>(request.Id).Create(http.Caller(), request.Name, request.Description ?? string.Empty, Money.Usd(request.SecondApproverAboveUsd));
            return TypedResults.Created($"/api/funds/{fund.Id}", fund);
        }).WithSummary("Create a fund (administrators). Creating it again with the same name changes nothing.");

        funds.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(http.Caller())))
            .WithSummary("The ids of the funds on this installation.");

        funds.MapGet("/{fundId}", async (string fundId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IFundGrain>(fundId).Describe(http.Caller())))
            .WithSummary("A fund (staff).");

        funds.MapPut("/{fundId}/second-approver-threshold", async (string fundId, ThresholdRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IFundGrain>(fundId).SetSecondApproverThreshold(http.Caller(), Money.Usd(request.AmountUsd))))
            .WithSummary("Set the project total above which a second, distinct approver is needed (administrators).");

        funds.MapPut("/{fundId}/published", async (string fundId, PublicationRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(new PublicationRequest(await grains.GetGrain<IFundPublicationGrain>(fundId).SetPublished(http.Caller(), request.Published))))
            .WithSummary("Publish the fund's figures on the public page and in the IATI files, or stop (administrators; a new fund does not publish).");

        funds.MapGet("/{fundId}/position", async (string fundId, DateOnly? asOf, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IFundGrain>(fundId).Position(http.Caller(), asOf)))
            .WithSummary("The fund's position in USD, derived from the journal; optionally as of a past date (staff).");

        funds.MapGet("/{fundId}/pools", async (string fundId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IFundGrain>(fundId).Pools(http.Caller())))
            .WithSummary("Money available for approvals, per contribution and earmark (staff).");

        funds.MapGet("/{fundId}/books", async (string fundId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IFundGrain>(fundId).Books(http.Caller())))
            .WithSummary("The fund grain's own books: pools per contribution and allocations per project (staff).");

        funds.MapPost("/{fundId}/revaluations", async (string fundId, RevaluationRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IFundMaintenanceGrain>(0).RevalueOpenPledges(http.Caller(), fundId, request.MonthEnd)))
            .WithSummary("Revalue the fund's open foreign-currency pledges at a month-end rate (finance officers). Each pledge is revalued once per month.");

        funds.MapPost("/{fundId}/reconciliation", async (string fundId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IFundMaintenanceGrain>(0).Reconcile(http.Caller(), fundId)))
            .WithSummary("Reconcile the fund's books now and list any break (finance officers and auditors).");

        var users = app.MapGroup("/api/users").WithTags("Users").WithProblems();

        users.MapPost("/", async Task<Created<UserView>> (CreateUserRequest request, HttpContext http, IGrainFactory grains) =>
        {
            var user = await grains.GetGrain<IUserGrain>(UserNames.Normalize(request.UserName)).Create(http.Caller(), request.ToNewUser());
            return TypedResults.Created($"/api/users/{user.UserName}", user);
        }).WithSummary("Create a user with roles; a donor user is bound to one donor (administrators).");

        users.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).List(http.Caller())))
            .WithSummary("Every user (administrators and auditors).");

        users.MapGet("/{userName}", async (string userName, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IUserGrain>(UserNames.Normalize(userName)).Describe(http.Caller())))
            .WithSummary("One user (the user, administrators and auditors).");

        users.MapPut("/{userName}/password", async (string userName, PasswordRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IUserGrain>(UserNames.Normalize(userName)).SetPassword(http.Caller(), request.CurrentPassword, request.Password)))
            .WithSummary("Set a password: users changing their own give the current one too; administrators reset anyone else's. Every sign-in of the account ends.");

        users.MapPut("/{userName}/disabled", async (string userName, DisabledRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IUserGrain>(UserNames.Normalize(userName)).SetDisabled(http.Caller(), request.Disabled)))
            .WithSummary("Disable or re-enable a user (administrators).");
    }
}
