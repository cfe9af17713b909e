using System.Collections.Immutable;
using FundManager.Domain.Projects;
using FundManager.Web.Pages.Finance;

namespace FundManager.Web.Pages.Programme;

/// <summary>The programme officer's desk: the pipeline by status, and the tranches held with the reasons the disbursement run gave.</summary>
public sealed class IndexModel : FundPage
{
    public ImmutableList<Project> Projects { get; private set; } = [];

    public async Task OnGetAsync() => Projects = await Ledgers.ProjectsAsync(Grains, Caller);

    public IEnumerable<(Project Project, TrancheHold Hold)> Held() =>
        Projects.SelectMany(p => p.Holds.GroupBy(h => h.Number).Select(g => g.Last()).Where(h => !p.IsPaid(h.Number)).Select(h => (p, h)));
}
