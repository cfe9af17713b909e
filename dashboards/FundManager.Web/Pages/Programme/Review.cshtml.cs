using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;
using FundManager.Web.Pages.Finance;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Programme;

/// <summary>A project waiting for a decision, with the money that could fund it and what approval would draw.</summary>
public sealed record ReviewItem(Project Project, ImmutableList<FundingPool> MatchingPools, Allocation? Preview, string? Shortfall);

/// <summary>
/// The review queue. For each project: the money available under earmarks that allow it (the
/// earmark's own rule), and what approval would draw from which contributions (the fund's
/// allocation rule, run by the grains without allocating). Then approve, reject or return with a
/// comment; the grains refuse an approval by the project's own author.
/// </summary>
public sealed class ReviewModel : FundPage
{
    public ImmutableList<ReviewItem> Queue { get; private set; } = [];

    public ImmutableDictionary<Guid, string> DonorNames { get; private set; } = ImmutableDictionary<Guid, string>.Empty;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Guid projectId, ProjectStep step, string? comment)
    {
        if (step is not (ProjectStep.StartReview or ProjectStep.Approve or ProjectStep.Reject or ProjectStep.ReturnForRevision))
        {
            return BadRequest();
        }
        if (await AttemptAsync(() => Grains.GetGrain<IProjectGrain>(projectId).Advance(Caller, step, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim()), $"review-{projectId:N}"))
        {
            return Redirect($"/programme/review?done={step}");
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var caller = Caller;
        var projects = (await Ledgers.ProjectsAsync(Grains, caller)).Where(p => p.Status is ProjectStatus.Submitted or ProjectStatus.UnderReview).ToList();
        var pools = new Dictionary<string, ImmutableList<FundingPool>>(StringComparer.Ordinal);
        foreach (var fund in projects.Select(p => p.FundId).Distinct(StringComparer.Ordinal))
        {
            pools[fund] = await Grains.GetGrain<IFundGrain>(fund).Pools(caller);
        }
        var items = ImmutableList.CreateBuilder<ReviewItem>();
        foreach (var project in projects)
        {
            var matching = pools[project.FundId].Where(p => p.Earmark.Allows(project.Design.EarmarkProfile) && p.Available.IsPositive).ToImmutableList();
            try
            {
                items.Add(new ReviewItem(project, matching, await Grains.GetGrain<IProjectGrain>(project.Id).PreviewAllocation(caller), null));
            }
            catch (RuleViolationException rule)
            {
                items.Add(new ReviewItem(project, matching, null, rule.Message));
            }
        }
        Queue = items.ToImmutable();
        DonorNames = (await Grains.GetGrain<IDonorDirectoryGrain>(IDonorDirectoryGrain.Key).List(caller)).ToImmutableDictionary(d => d.Id, d => d.Profile.Name);
    }
}
