namespace FundManager.Dashboards.Api;

public static class ProblemMetadata
{
    /// <summary>Declares in the OpenAPI document the problem-details answers every API endpoint can give.</summary>
    public static RouteGroupBuilder WithProblems(this RouteGroupBuilder group) => group
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
