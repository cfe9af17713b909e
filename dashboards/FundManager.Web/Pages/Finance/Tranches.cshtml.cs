using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Projects;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Finance;

/// <summary>
/// Releasing tranches for payment by the disbursement run. The project's grain refuses a release
/// by an officer who recorded a payment that funds the project (four eyes); its words are shown
/// next to the tranche.
/// </summary>
public sealed class TranchesModel : FundPage
{
    public ImmutableList<Project> Projects { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostReleaseAsync(Guid projectId, int tranche)
    {
        if (await AttemptAsync(() => Grains.GetGrain<IProjectGrain>(projectId).ReleaseTranche(Caller, tranche), $"tranche-{projectId:N}-{tranche}"))
        {
            return Redirect($"/finance/tranches?released={tranche}#project-{projectId:N}");
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() =>
        Projects = [.. (await Ledgers.ProjectsAsync(Grains, Caller)).Where(p => p.Allocation is not null && !p.Design.Tranches.IsEmpty)];
}
