using System.Collections.Immutable;
using System.Globalization;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Projects;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FundManager.Web.Pages.Programme;

/// <summary>
/// Drafting and revising a project (budget lines, tranches, indicators, partners), submitting it,
/// and recording indicator actuals. The domain checks the design as it is built and the project's
/// grain checks the life cycle; their words are shown next to the fields they concern.
/// </summary>
public sealed class ProjectModel : FundPage
{
    public Project? Project { get; private set; }

    public ImmutableList<string> Funds { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Fund { get; set; }

    [BindProperty]
    public DesignForm Form { get; set; } = new();

    public async Task OnGetAsync(Guid? projectId)
    {
        await LoadAsync(projectId);
        if (Project is not null)
        {
            Form = DesignForm.Of(Project.Design);
            return;
        }
        var today = HttpContext.RequestServices.GetRequiredService<FundCalendar>().Today;
        Form = new DesignForm { StartDate = Figures.Input(today), EndDate = Figures.Input(today.AddYears(1)) }.Padded();
        Fund ??= Funds.FirstOrDefault();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid? projectId)
    {
        await LoadAsync(projectId);
        Form.Padded();
        ProjectDesign? design;
        try
        {
            design = Form.ToDesign(ModelState, L, "Form.");
        }
        catch (RuleViolationException rule)
        {
            ModelState.AddModelError("Form." + (DesignForm.FieldOf(rule.Code) ?? "Code"), rule.Message);
            design = null;
        }
        if (design is null)
        {
            if (ModelState.ErrorCount == 0)
            {
                ModelState.AddModelError(string.Empty, L["Form.Invalid"]);
            }
            Response.StatusCode = 422;
            return Page();
        }
        var id = projectId ?? StableIds.Project(Fund ?? string.Empty, design.Code);
        var grain = Grains.GetGrain<IProjectGrain>(id);
        var saved = await AttemptAsync(
            () => projectId is null ? grain.Draft(Caller, Fund ?? string.Empty, design) : grain.Revise(Caller, design),
            string.Empty,
            code => DesignForm.FieldOf(code) is { } field ? "Form." + field : null);
        return saved ? Redirect($"/programme/project/{id}?saved=true") : Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid projectId)
    {
        if (await AttemptAsync(() => Grains.GetGrain<IProjectGrain>(projectId).Advance(Caller, ProjectStep.Submit, null)))
        {
            return Redirect($"/programme/project/{projectId}?submitted=true");
        }
        await LoadAsync(projectId);
        Form = DesignForm.Of(Project!.Design);
        return Page();
    }

    public async Task<IActionResult> OnPostActualAsync(Guid projectId, string indicator, string period, string? value, string? note)
    {
        var field = $"actual-{indicator}";
        var parts = (period ?? string.Empty).Split("..");
        if (!Figures.TryParseAmount(value, out var number) || parts.Length != 2
            || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            ModelState.AddModelError(field, L["Form.NotANumber", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator]);
            Response.StatusCode = 422;
        }
        else if (await AttemptAsync(() => Grains.GetGrain<IProjectGrain>(projectId).RecordActual(Caller, new ActualCommand(indicator, new ReportingPeriod(start, end), number, note)), field))
        {
            return Redirect($"/programme/project/{projectId}?recorded=true#results");
        }
        await LoadAsync(projectId);
        Form = DesignForm.Of(Project!.Design);
        return Page();
    }

    public bool Editable => Project is null || Project.Status is ProjectStatus.Draft or ProjectStatus.ReturnedForRevision;

    private async Task LoadAsync(Guid? projectId)
    {
        Funds = await Grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(Caller);
        if (projectId is { } id)
        {
            Project = await Grains.GetGrain<IProjectGrain>(id).Describe(Caller);
            Fund = Project.FundId;
        }
    }
}
