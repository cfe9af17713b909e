using System.Runtime.CompilerServices;
using FundManager.Contracts;
using FundManager.Domain.Funds;
using FundManager.Domain.Iati;
using FundManager.Reports.Iati;

namespace FundManager.Dashboards.Api;

/// <summary>
/// The IATI 2.03 files a fund publishes: its projects as activities, and itself as an organisation.
/// ANONYMOUS BY DESIGN: IATI is open data, so these two endpoints answer without signing in; what
/// they answer is limited by <see cref="IIatiPublicationGrain"/> to what a fund publishes.
/// </summary>
public static class IatiEndpoints
{
    public const string ActivitiesPath = "/iati/activities.xml";
    public const string OrganisationPath = "/iati/organisation.xml";

    /// <summary>The endpoints that answer anyone, on purpose (the authorization tests' table names them).</summary>
    public static IReadOnlyList<string> AnonymousByDesign { get; } = [ActivitiesPath, OrganisationPath];

    // Project grains asked at once while the file streams out: enough to hide the calls' latency, few enough to keep memory flat.
    private const int ActivitiesAtOnce = 8;

    public static void MapIatiEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var reporting = ReportingOrganisation(configuration);
        var iati = app.MapGroup("/iati").WithTags("IATI open data (anonymous by design)").WithProblems().AllowAnonymous()
            // The API description says so too: no security requirement, unlike every other data operation.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Security = [];
                return Task.CompletedTask;
            });

        iati.MapGet("/activities.xml", async (string? fund, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var publication = grains.GetGrain<IIatiPublicationGrain>(0);
            // Every fund asked exists before the first byte goes out, so an unknown one is a 404 problem, not a cut-off file.
            var projects = new List<Guid>();
            foreach (var fundId in await FundsAsync(publication, fund))
            {
                projects.AddRange(await publication.Projects(fundId));
            }
            return TypedResults.Stream(
                body => IatiActivitiesFile.WriteAsync(body, reporting, clock.GetUtcNow(), PublishedAsync(publication, projects, cancellationToken), cancellationToken),
                IatiActivitiesFile.ContentType);
        })
        .WithSummary("The fund's projects as an IATI 2.03 activity file (every fund unless `fund` names one). Open data: anonymous by design; projects appear from approval on.")
        .Produces(StatusCodes.Status200OK, contentType: IatiActivitiesFile.ContentType);

        iati.MapGet("/organisation.xml", async (string? fund, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var publication = grains.GetGrain<IIatiPublicationGrain>(0);
            var funds = new List<IatiFund>();
            foreach (var fundId in await FundsAsync(publication, fund))
            {
                funds.Add(await publication.Fund(fundId));
            }
            return TypedResults.Stream(
                body => IatiOrganisationFile.WriteAsync(body, reporting, clock.GetUtcNow(), funds.ToAsyncEnumerable(), cancellationToken),
                IatiActivitiesFile.ContentType);
        })
        .WithSummary("The fund (every fund unless `fund` names one) as an IATI 2.03 organisation file, with what it spent each year. Open data: anonymous by design.")
        .Produces(StatusCodes.Status200OK, contentType: IatiActivitiesFile.ContentType);
    }

    /// <summary>The organisation that runs the funds and reports them: <c>FundManager:Iati:ReportingOrganisation:Ref</c>, <c>:Name</c>, <c>:Type</c>.</summary>
    public static IatiOrganisation ReportingOrganisation(IConfiguration configuration)
    {
        var section = configuration.GetSection("FundManager:Iati:ReportingOrganisation");
        return new IatiOrganisation(
            section["Ref"] is { Length: > 0 } reference ? reference : "XX-FUNDMANAGER",
            section["Name"] is { Length: > 0 } name ? name : "Trust fund administrator",
            section["Type"] is { Length: > 0 } type ? type : IatiCodes.MultilateralOrganisation);
    }

    private static async Task<IReadOnlyList<string>> FundsAsync(IIatiPublicationGrain publication, string? fund)
    {
        if (fund is null)
        {
            return await publication.Funds();
        }
        Fund.RequireValidId(fund);
        return [fund];
    }

    private static async IAsyncEnumerable<IatiActivity> PublishedAsync(IIatiPublicationGrain publication, List<Guid> projects, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var batch in projects.Chunk(ActivitiesAtOnce))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var activity in await Task.WhenAll(batch.Select(publication.Activity)))
            {
                if (activity is not null)
                {
                    yield return activity;
                }
            }
        }
    }
}
