using System.Collections.Immutable;
using System.Text.RegularExpressions;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;

namespace FundManager.Domain.Projects;

[GenerateSerializer, Immutable, Alias("fm.BudgetLine")]
public sealed record BudgetLine([property: Id(0)] BudgetCategory Category, [property: Id(1)] string Description, [property: Id(2)] Money Amount);

[GenerateSerializer, Immutable, Alias("fm.TranchePlan")]
public sealed record TranchePlan(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly DueDate,
    [property: Id(2)] Money Amount,
    [property: Id(3)] ImmutableSortedSet<TrancheCondition> Conditions);

[GenerateSerializer, Immutable, Alias("fm.ImplementingPartner")]
public sealed record ImplementingPartner([property: Id(0)] string Name, [property: Id(1)] string? OrganisationRef);

[GenerateSerializer, Immutable, Alias("fm.ReportingPeriod")]
public sealed record ReportingPeriod([property: Id(0)] DateOnly Start, [property: Id(1)] DateOnly End)
{
    public override string ToString() => $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}

[GenerateSerializer, Immutable, Alias("fm.IndicatorTarget")]
public sealed record IndicatorTarget([property: Id(0)] ReportingPeriod Period, [property: Id(1)] decimal Value);

/// <summary>An outcome indicator of the results framework (as IATI's result/indicator).</summary>
[GenerateSerializer, Immutable, Alias("fm.OutcomeIndicator")]
public sealed record OutcomeIndicator(
    [property: Id(0)] string Code,
    [property: Id(1)] ResultType ResultType,
    [property: Id(2)] string Title,
    [property: Id(3)] IndicatorMeasure Measure,
    [property: Id(4)] decimal Baseline,
    [property: Id(5)] int BaselineYear,
    [property: Id(6)] ImmutableList<IndicatorTarget> Targets,
    [property: Id(7)] ImmutableList<string> Disaggregations);

/// <summary>
/// Everything an officer writes about a project before approval. Field formats are checked when
/// it is built; completeness (tranches that add up, an indicator, a partner) when it is submitted.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.ProjectDesign")]
public sealed record ProjectDesign
{
    private static readonly Regex CodePattern = new("^[A-Z0-9][A-Z0-9-]{2,39}$", RegexOptions.CultureInvariant);

    public ProjectDesign(
        string code,
        string title,
        string description,
        string? country,
        string? region,
        ThematicArea thematicArea,
        IEnumerable<ImplementingPartner> implementingPartners,
        string dacSectorCode,
        DateOnly startDate,
        DateOnly endDate,
        IEnumerable<BudgetLine> budgetLines,
        PscRate pscRate,
        IEnumerable<TranchePlan> tranches,
        IEnumerable<OutcomeIndicator> indicators)
    {
        Code = (code ?? string.Empty).Trim().ToUpperInvariant();
        if (!CodePattern.IsMatch(Code))
        {
            throw RuleViolationException.Invalid("invalid-project-code", "A project code is 3 to 40 letters, digits or dashes, starting with a letter or digit.");
        }
        Title = Text(title, "title", 200, required: true);
        Description = Text(description, "description", 8000, required: false);
        Country = string.IsNullOrWhiteSpace(country) ? null : Geography.Country.Parse(country);
        Region = string.IsNullOrWhiteSpace(region) ? null : Geography.Region.Parse(region);
        if (!Enum.IsDefined(thematicArea))
        {
            throw RuleViolationException.Invalid("unknown-thematic-area", $"'{thematicArea}' is not a thematic area.");
        }
        ThematicArea = thematicArea;
        ImplementingPartners = [.. implementingPartners.Select(p => p with { Name = Text(p.Name, "implementing partner name", 200, required: true) })];
        DacSectorCode = DacSector.Parse(dacSectorCode);
        BusinessDates.EnsureInRange(startDate, "The start date");
        BusinessDates.EnsureInRange(endDate, "The end date");
        if (endDate <= startDate)
        {
            throw RuleViolationException.Invalid("end-before-start", "A project ends after it starts.");
        }
        StartDate = startDate;
        EndDate = endDate;
        BudgetLines = [.. budgetLines];
        foreach (var line in BudgetLines)
        {
            if (!Enum.IsDefined(line.Category))
            {
                throw RuleViolationException.Invalid("unknown-budget-category", $"'{line.Category}' is not a budget category.");
            }
            if (line.Amount.Currency != Currency.Usd || !line.Amount.IsPositive)
            {
                throw RuleViolationException.Invalid("invalid-budget-line", $"Budget line '{line.Description}' must be a positive USD amount.");
            }
        }
        PscRate = pscRate;
        Tranches = [.. tranches.OrderBy(t => t.Number)];
        for (var i = 0; i < Tranches.Count; i++)
        {
            var tranche = Tranches[i];
            if (tranche.Number != i + 1)
            {
                throw RuleViolationException.Invalid("tranche-numbering", "Tranches are numbered 1, 2, 3 ... without gaps.");
            }
            if (tranche.Amount.Currency != Currency.Usd || !tranche.Amount.IsPositive)
            {
                throw RuleViolationException.Invalid("invalid-tranche", $"Tranche {tranche.Number} must be a positive USD amount.");
            }
            if (tranche.DueDate < startDate || tranche.DueDate > endDate)
            {
                throw RuleViolationException.Invalid("tranche-outside-project", $"Tranche {tranche.Number} falls due on {tranche.DueDate:yyyy-MM-dd}, outside the project's dates.");
            }
            if (i > 0 && tranche.DueDate < Tranches[i - 1].DueDate)
            {
                throw RuleViolationException.Invalid("tranches-out-of-order", $"Tranche {tranche.Number} falls due before tranche {tranche.Number - 1}.");
            }
        }
        Indicators = [.. indicators];
        foreach (var indicator in Indicators)
        {
            ValidateIndicator(indicator);
        }
        if (Indicators.Select(i => i.Code).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Indicators.Count)
        {
            throw RuleViolationException.Invalid("duplicate-indicator", "Indicator codes are unique within a project.");
        }
    }

    [Id(0)] public string Code { get; }
    [Id(1)] public string Title { get; }
    [Id(2)] public string Description { get; }
    [Id(3)] public string? Country { get; }
    [Id(4)] public string? Region { get; }
    [Id(5)] public ThematicArea ThematicArea { get; }
    [Id(6)] public ImmutableList<ImplementingPartner> ImplementingPartners { get; }
    [Id(7)] public string DacSectorCode { get; }
    [Id(8)] public DateOnly StartDate { get; }
    [Id(9)] public DateOnly EndDate { get; }
    [Id(10)] public ImmutableList<BudgetLine> BudgetLines { get; }
    [Id(11)] public PscRate PscRate { get; }
    [Id(12)] public ImmutableList<TranchePlan> Tranches { get; }
    [Id(13)] public ImmutableList<OutcomeIndicator> Indicators { get; }

    public Money DirectCosts => Money.Sum(BudgetLines.Select(l => l.Amount), Currency.Usd);

    /// <summary>The indicative PSC line at the project's rate; approval fixes it from the funding agreements.</summary>
    public Money IndicativePsc => PscRate.ChargeOn(DirectCosts);

    public Money IndicativeTotal => DirectCosts + IndicativePsc;

    public Money TranchesTotal => Money.Sum(Tranches.Select(t => t.Amount), Currency.Usd);

    public EarmarkProfile EarmarkProfile => new(Code, ThematicArea, Country, Region);

    /// <summary>What must be true before a project can be submitted or approved.</summary>
    public IReadOnlyList<string> Gaps()
    {
        var gaps = new List<string>();
        if (Country is null && Region is null)
        {
            gaps.Add("a recipient country or region");
        }
        if (ImplementingPartners.IsEmpty)
        {
            gaps.Add("at least one implementing partner");
        }
        if (BudgetLines.IsEmpty)
        {
            gaps.Add("at least one budget line");
        }
        if (Tranches.IsEmpty)
        {
            gaps.Add("at least one tranche");
        }
        else if (TranchesTotal != DirectCosts)
        {
            gaps.Add($"tranches that add up to the direct costs (tranches {TranchesTotal}, direct costs {DirectCosts})");
        }
        if (Indicators.IsEmpty)
        {
            gaps.Add("at least one outcome indicator with a baseline and targets");
        }
        return gaps;
    }

    private static void ValidateIndicator(OutcomeIndicator indicator)
    {
        Text(indicator.Code, "indicator code", 40, required: true);
        Text(indicator.Title, "indicator title", 300, required: true);
        if (!Enum.IsDefined(indicator.ResultType) || !Enum.IsDefined(indicator.Measure))
        {
            throw RuleViolationException.Invalid("invalid-indicator", $"Indicator {indicator.Code} has an unknown result type or measure.");
        }
        if (indicator.Baseline < 0m || (indicator.Measure == IndicatorMeasure.Percentage && indicator.Baseline > 100m))
        {
            throw RuleViolationException.Invalid("invalid-indicator", $"Indicator {indicator.Code} has a baseline out of range.");
        }
        if (indicator.BaselineYear < BusinessDates.Earliest.Year || indicator.BaselineYear > BusinessDates.Latest.Year)
        {
            throw RuleViolationException.Invalid("date-out-of-range", $"Indicator {indicator.Code} has a baseline year out of range.");
        }
        if (indicator.Targets.IsEmpty)
        {
            throw RuleViolationException.Invalid("indicator-without-target", $"Indicator {indicator.Code} needs at least one target.");
        }
        foreach (var target in indicator.Targets)
        {
            BusinessDates.EnsureInRange(target.Period.Start, $"Indicator {indicator.Code}'s period start");
            BusinessDates.EnsureInRange(target.Period.End, $"Indicator {indicator.Code}'s period end");
            if (target.Period.End < target.Period.Start)
            {
                throw RuleViolationException.Invalid("invalid-period", $"Indicator {indicator.Code} has a period that ends before it starts.");
            }
            if (target.Value < 0m || (indicator.Measure == IndicatorMeasure.Percentage && target.Value > 100m))
            {
                throw RuleViolationException.Invalid("invalid-indicator", $"Indicator {indicator.Code} has a target out of range.");
            }
        }
    }

    private static string Text(string? value, string what, int maxLength, bool required)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (required && trimmed.Length == 0)
        {
            throw RuleViolationException.Invalid("missing-field", $"The {what} is required.");
        }
        if (trimmed.Length > maxLength)
        {
            throw RuleViolationException.Invalid("field-too-long", $"The {what} is at most {maxLength} characters.");
        }
        return trimmed;
    }
}
