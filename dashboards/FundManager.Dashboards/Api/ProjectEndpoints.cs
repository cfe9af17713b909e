using FundManager.Contracts;
using FundManager.Dashboards.Security;
using FundManager.Domain.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundManager.Dashboards.Api;

/// <summary>Technical-assistance projects: drafting, review and approval, tranches and results.</summary>
public static class ProjectEndpoints
{
    private static readonly Dictionary<string, ProjectStep> Steps = new(StringComparer.Ordinal)
    {
        ["submit"] = ProjectStep.Submit,
        ["start-review"] = ProjectStep.StartReview,
        ["approve"] = ProjectStep.Approve,
        ["reject"] = ProjectStep.Reject,
        ["return"] = ProjectStep.ReturnForRevision,
        ["activate"] = ProjectStep.Activate,
        ["suspend"] = ProjectStep.Suspend,
        ["resume"] = ProjectStep.Resume,
        ["complete"] = ProjectStep.Complete,
        ["close"] = ProjectStep.Close,
    };

    public static void MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var byFund = app.MapGroup("/api/funds/{fundId}/projects").WithTags("Projects").WithProblems();

        byFund.MapPost("/", async Task<Created<Project>> (string fundId, ProjectRequest request, HttpContext http, IGrainFactory grains) =>
        {
            var design = request.ToDesign();
            var project = await grains.GetGrain<IProjectGrain>(StableIds.Project(fundId, design.Code)).Draft(http.Caller(), fundId, design);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        }).WithSummary("Draft a project (programme officers). A project's code is unique in its fund.");

        byFund.MapGet("/", async (string fundId, HttpContext http, IGrainFactory grains) =>
        {
            var caller = http.Caller();
            var ids = await grains.GetGrain<IFundGrain>(fundId).Projects(caller);
            var projects = await Task.WhenAll(ids.Select(id => grains.GetGrain<IProjectGrain>(id).Describe(caller)));
            return TypedResults.Ok(projects.OrderBy(p => p.Design.Code, StringComparer.Ordinal).Select(ProjectSummary.Of));
        }).WithSummary("The fund's projects, in short (staff).");

        var projects = app.MapGroup("/api/projects").WithTags("Projects").WithProblems();

        projects.MapGet("/{projectId:guid}", async (Guid projectId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).Describe(http.Caller())))
            .WithSummary("A project in full: design, life cycle, allocation, tranches, results (staff).");

        projects.MapPut("/{projectId:guid}", async (Guid projectId, ProjectRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).Revise(http.Caller(), request.ToDesign())))
            .WithSummary("Revise a draft or a project returned for revision (programme officers).");

        projects.MapPost("/{projectId:guid}/{step}", async Task<Results<Ok<Project>, ProblemHttpResult>> (Guid projectId, string step, StepRequest? request, HttpContext http, IGrainFactory grains) =>
        {
            if (!Steps.TryGetValue(step, out var projectStep))
            {
                return TypedResults.Problem(ProblemResponses.Problem(StatusCodes.Status404NotFound, "Not found",
                    $"'{step}' is not a project step; the steps are {string.Join(", ", Steps.Keys)}.", "unknown-step"));
            }
            return TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).Advance(http.Caller(), projectStep, request?.Reason));
        }).WithSummary("Move a project through its life cycle: submit, start-review, approve, reject, return, activate, suspend, resume, complete, close. Reject, return and suspend need a reason.");

        projects.MapPost("/{projectId:guid}/tranches/{tranche:int}/release", async (Guid projectId, int tranche, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).ReleaseTranche(http.Caller(), tranche)))
            .WithSummary("Release a tranche for payment by the disbursement run (finance officers who recorded no payment funding the project).");

        projects.MapPost("/{projectId:guid}/tranches/{tranche:int}/financial-report/accept", async (Guid projectId, int tranche, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).AcceptFinancialReport(http.Caller(), tranche)))
            .WithSummary("Accept the implementing partner's financial report on a paid tranche (finance officers).");

        projects.MapPost("/{projectId:guid}/tranches/{tranche:int}/payments/{attempt:int}/reversal", async (Guid projectId, int tranche, int attempt, ReasonRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).ReverseDisbursement(http.Caller(), tranche, attempt, request.Reason)))
            .WithSummary("Reverse a tranche payment (attempt 0 is its first payment): a reversal entry points to the original, and the tranche is due again (finance officers).");

        projects.MapGet("/{projectId:guid}/budget", async (Guid projectId, DateOnly? asOf, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).BudgetAgainstActual(http.Caller(), asOf)))
            .WithSummary("Budget against actual, with PSC as its own line, as of a date (staff).");

        projects.MapGet("/{projectId:guid}/funding", async (Guid projectId, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).FundingTrace(http.Caller())))
            .WithSummary("Every disbursed dollar traced to the contribution and donor that paid it (staff).");

        projects.MapPost("/{projectId:guid}/indicators/{code}/actuals", async (Guid projectId, string code, ActualRequest request, HttpContext http, IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IProjectGrain>(projectId).RecordActual(http.Caller(), new ActualCommand(code, new ReportingPeriod(request.PeriodStart, request.PeriodEnd), request.Value, request.Note))))
            .WithSummary("Record an indicator's actual value for one of its target periods (programme officers).");
    }
}

/// <summary>A project in a list.</summary>
public sealed record ProjectSummary(Guid Id, string FundId, string Code, string Title, ProjectStatus Status, string ThematicArea, string? Country, string? Region, decimal DirectCostsUsd, decimal AllocatedUsd, decimal DisbursedUsd)
{
    public static ProjectSummary Of(Project p) => new(
        p.Id, p.FundId, p.Design.Code, p.Design.Title, p.Status, p.Design.ThematicArea.ToString(), p.Design.Country, p.Design.Region,
        p.Design.DirectCosts.Amount, p.Allocated.Amount, p.Disbursed.Amount);
}
