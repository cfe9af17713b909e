using System.Globalization;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace FundManager.Web.Pages.Programme;

public sealed class PartnerRow
{
    public string? Name { get; set; }
}

public sealed class BudgetRow
{
    public BudgetCategory Category { get; set; } = BudgetCategory.Personnel;

    public string? Description { get; set; }

    public string? Amount { get; set; }
}

public sealed class TrancheRow
{
    public string? DueDate { get; set; }

    public string? Amount { get; set; }
}

public sealed class IndicatorRow
{
    public string? Code { get; set; }

    public string? Title { get; set; }

    public ResultType ResultType { get; set; } = ResultType.Output;

    public IndicatorMeasure Measure { get; set; } = IndicatorMeasure.Unit;

    public string? Baseline { get; set; }

    public string? TargetStart { get; set; }

    public string? TargetEnd { get; set; }

    public string? Target { get; set; }
}

/// <summary>
/// A project design as the form holds it: text as typed. <see cref="ToDesign"/> reads it and
/// builds the domain's <see cref="ProjectDesign"/>, whose constructor checks every field's format
/// (the same check the API's requests get); completeness is checked by the grain on submission.
/// </summary>
public sealed class DesignForm
{
    public const int Partners = 3;
    public const int BudgetLines = 5;
    public const int Tranches = 4;
    public const int Indicators = 2;

    public string? Code { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? Country { get; set; }

    public string? Region { get; set; }

    public ThematicArea ThematicArea { get; set; } = ThematicArea.VictimProtection;

    public string? DacSectorCode { get; set; } = "15180";

    public string? StartDate { get; set; }

    public string? EndDate { get; set; }

    public List<PartnerRow> ImplementingPartners { get; set; } = [];

    public List<BudgetRow> Lines { get; set; } = [];

    public List<TrancheRow> TrancheRows { get; set; } = [];

    public List<IndicatorRow> IndicatorRows { get; set; } = [];

    /// <summary>Fills the rows up to the form's size, so there is room to add without script.</summary>
    public DesignForm Padded()
    {
        while (ImplementingPartners.Count < Partners) { ImplementingPartners.Add(new PartnerRow()); }
        while (Lines.Count < BudgetLines) { Lines.Add(new BudgetRow()); }
        while (TrancheRows.Count < Tranches) { TrancheRows.Add(new TrancheRow()); }
        while (IndicatorRows.Count < Indicators) { IndicatorRows.Add(new IndicatorRow()); }
        return this;
    }

    public static DesignForm Of(ProjectDesign design) => new DesignForm
    {
        Code = design.Code,
        Title = design.Title,
        Description = design.Description,
        Country = design.Country,
        Region = design.Region,
        ThematicArea = design.ThematicArea,
        DacSectorCode = design.DacSectorCode,
        StartDate = Figures.Input(design.StartDate),
        EndDate = Figures.Input(design.EndDate),
        ImplementingPartners = [.. design.ImplementingPartners.Select(p => new PartnerRow { Name = p.Name })],
        Lines = [.. design.BudgetLines.Select(l => new BudgetRow { Category = l.Category, Description = l.Description, Amount = Figures.Input(l.Amount.Amount) })],
        TrancheRows = [.. design.Tranches.Select(t => new TrancheRow { DueDate = Figures.Input(t.DueDate), Amount = Figures.Input(t.Amount.Amount) })],
        IndicatorRows = [.. design.Indicators.Select(i => new IndicatorRow
        {
            Code = i.Code,
            Title = i.Title,
            ResultType = i.ResultType,
            Measure = i.Measure,
            Baseline = Figures.Input(i.Baseline),
            TargetStart = i.Targets.Count > 0 ? Figures.Input(i.Targets[0].Period.Start) : null,
            TargetEnd = i.Targets.Count > 0 ? Figures.Input(i.Targets[0].Period.End) : null,
            Target = i.Targets.Count > 0 ? Figures.Input(i.Targets[0].Value) : null,
        })],
    }.Padded();

    /// <summary>The design, or null with the fields that could not be read marked in <paramref name="errors"/>.</summary>
    public ProjectDesign? ToDesign(ModelStateDictionary errors, IStringLocalizer text, string prefix)
    {
        var notANumber = text["Form.NotANumber", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator];
        var notADate = text["Form.NotADate"];
        DateOnly Date(string? value, string field)
        {
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            errors.AddModelError(prefix + field, notADate);
            return default;
        }
        decimal Number(string? value, string field)
        {
            if (Figures.TryParseAmount(value, out var number))
            {
                return number;
            }
            errors.AddModelError(prefix + field, notANumber);
            return 0m;
        }
        var start = Date(StartDate, nameof(StartDate));
        var end = Date(EndDate, nameof(EndDate));
        var lines = Lines.Select((l, i) => (l, i)).Where(x => !string.IsNullOrWhiteSpace(x.l.Amount) || !string.IsNullOrWhiteSpace(x.l.Description))
            .Select(x => new BudgetLine(x.l.Category, x.l.Description ?? string.Empty, Money.Usd(Number(x.l.Amount, $"Lines[{x.i}].Amount")))).ToList();
        var tranches = TrancheRows.Select((t, i) => (t, i)).Where(x => !string.IsNullOrWhiteSpace(x.t.Amount) || !string.IsNullOrWhiteSpace(x.t.DueDate))
            .Select((x, n) => new TranchePlan(n + 1, Date(x.t.DueDate, $"TrancheRows[{x.i}].DueDate"), Money.Usd(Number(x.t.Amount, $"TrancheRows[{x.i}].Amount")), [])).ToList();
        var indicators = IndicatorRows.Select((r, i) => (r, i)).Where(x => !string.IsNullOrWhiteSpace(x.r.Code) || !string.IsNullOrWhiteSpace(x.r.Title))
            .Select(x => new OutcomeIndicator(x.r.Code ?? string.Empty, x.r.ResultType, x.r.Title ?? string.Empty, x.r.Measure,
                Number(x.r.Baseline, $"IndicatorRows[{x.i}].Baseline"), start.Year,
                [new IndicatorTarget(new ReportingPeriod(Date(x.r.TargetStart, $"IndicatorRows[{x.i}].TargetStart"), Date(x.r.TargetEnd, $"IndicatorRows[{x.i}].TargetEnd")), Number(x.r.Target, $"IndicatorRows[{x.i}].Target"))],
                [])).ToList();
        if (errors.ErrorCount > 0)
        {
            return null;
        }
        return new ProjectDesign(Code ?? string.Empty, Title ?? string.Empty, Description ?? string.Empty, Country, Region, ThematicArea,
            ImplementingPartners.Where(p => !string.IsNullOrWhiteSpace(p.Name)).Select(p => new ImplementingPartner(p.Name!, null)),
            DacSectorCode ?? string.Empty, start, end, lines, PscRate.Standard, tranches, indicators);
    }

    /// <summary>The field a refusal's code concerns.</summary>
    public static string? FieldOf(string code) => code switch
    {
        "invalid-project-code" or "duplicate-project-code" => "Code",
        "unknown-fund" => "Fund",
        "missing-field" or "field-too-long" => "Title",
        "unknown-country" => "Country",
        "unknown-region" => "Region",
        "invalid-sector" => "DacSectorCode",
        "end-before-start" or "date-out-of-range" => "EndDate",
        "invalid-budget-line" or "unknown-budget-category" => "Lines",
        "tranche-numbering" or "invalid-tranche" or "tranche-outside-project" or "tranches-out-of-order" => "TrancheRows",
        "invalid-indicator" or "indicator-without-target" or "duplicate-indicator" or "invalid-period" => "IndicatorRows",
        _ => null,
    };
}
