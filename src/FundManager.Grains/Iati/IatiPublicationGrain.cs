using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Iati;
using FundManager.Domain.Projects;
using FundManager.Reports.Iati;
using Orleans.Concurrency;

namespace FundManager.Grains.Iati;

/// <summary>
/// Turns what the grains and the journal hold into what a fund publishes in IATI. It reads through
/// the same paths as everyone else (the project with its disbursements rebuilt from the journal,
/// the fund's position from the journal), so every figure is the books' own, and keeps back
/// everything a fund does not publish.
/// </summary>
[StatelessWorker]
public sealed class IatiPublicationGrain(IGrainFactory grains, FundCalendar calendar) : Grain, IIatiPublicationGrain
{
    /// <summary>
    /// The publication reads as the system, as the scheduled reports do: it has no person behind
    /// it, and what it hands out is limited here, not by the caller's roles.
    /// </summary>
    private static readonly Caller Publisher = Caller.Scheduler;

    /// <summary>The name the public pages give a donor that asked not to be named.</summary>
    public const string AnonymousDonor = "Anonymous donor";

    private static readonly IatiClassification Classification = new(
        IatiCodes.OfficialDevelopmentAssistance, IatiCodes.StandardGrant, IatiCodes.ProjectTypeIntervention);

    private static string Usd => Currency.Usd.Code;

    async Task<ImmutableList<string>> IIatiPublicationGrain.Funds()
    {
        var funds = await grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(Publisher);
        var published = await Task.WhenAll(funds.Select(IsPublishedAsync));
        return [.. funds.Where((_, i) => published[i])];
    }

    async Task<IatiFund> IIatiPublicationGrain.Fund(string fundId)
    {
        await RequirePublishedAsync(fundId);
        var fund = grains.GetGrain<IFundGrain>(fundId);
        var view = await fund.Describe(Publisher);
        var expenditure = ImmutableList.CreateBuilder<IatiExpenditure>();
        var today = calendar.Today;
        var before = await fund.Position(Publisher, new DateOnly(view.CreatedAt.Year - 1, 12, 31));
        for (var year = view.CreatedAt.Year; year <= today.Year; year++)
        {
            var end = new DateOnly(year, 12, 31);
            var after = await fund.Position(Publisher, end);
            var direct = after.Disbursed - before.Disbursed;
            var psc = after.PscCharged - before.PscCharged;
            if (!direct.IsZero || !psc.IsZero)
            {
                var valued = end < today ? end : today;
                expenditure.Add(new IatiExpenditure(new DateOnly(year, 1, 1), end, new IatiValue(direct.Amount, Usd, valued), new IatiValue(psc.Amount, Usd, valued)));
            }
            before = after;
        }
        return new IatiFund(view.Id, view.Name, expenditure.ToImmutable());
    }

    async Task<ImmutableList<Guid>> IIatiPublicationGrain.Projects(string fundId)
    {
        await RequirePublishedAsync(fundId);
        return await grains.GetGrain<IFundGrain>(fundId).Projects(Publisher);
    }

    private Task<bool> IsPublishedAsync(string fundId) => grains.GetGrain<IFundPublicationGrain>(fundId).IsPublished();

    /// <summary>A fund that does not publish is, to the public, a fund that is not there.</summary>
    private async Task RequirePublishedAsync(string fundId)
    {
        Fund.RequireValidId(fundId);
        if (!await IsPublishedAsync(fundId))
        {
            throw RuleViolationException.NotFound("unknown-fund", $"There is no published fund '{fundId}'.");
        }
    }

    async Task<IatiActivity?> IIatiPublicationGrain.Activity(Guid projectId)
    {
        var project = await grains.GetGrain<IProjectGrain>(projectId).Describe(Publisher);
        if (IatiCodes.ActivityStatus(project.Status) is not { } status || project.Allocation is not { } allocation || !await IsPublishedAsync(project.FundId))
        {
            return null;
        }
        var design = project.Design;
        var donors = new Dictionary<Guid, IatiOrganisation>();
        foreach (var donorId in allocation.Sources.Select(s => s.DonorId).Distinct())
        {
            var donor = await grains.GetGrain<IDonorGrain>(donorId).Describe(Publisher);
            // A donor that asked not to be named is published without anything that would name it.
            donors[donorId] = donor.Anonymous
                ? new IatiOrganisation(null, AnonymousDonor, null)
                : new IatiOrganisation(donor.Profile.IatiIdentifier, donor.Profile.Name, IatiCodes.OrganisationType(donor.Profile.Type));
        }
        var levels = allocation.Sources.ToDictionary(s => s.ContributionId, s => s.Level);
        var partners = design.ImplementingPartners.Select(p => new IatiOrganisation(p.OrganisationRef, p.Name, null)).ToList();
        // Money goes to one receiver; with several partners the system does not know who got what, so it names none.
        var receiver = partners.Count == 1 ? partners[0] : null;

        var approvedOn = DayOf(project.History.Last(h => h.To == ProjectStatus.Approved).At);
        var dates = ImmutableList.CreateBuilder<IatiActivityDate>();
        dates.Add(new(IatiCodes.PlannedStart, design.StartDate));
        if (FirstReached(project, ProjectStatus.Active) is { } started)
        {
            dates.Add(new(IatiCodes.ActualStart, started));
        }
        dates.Add(new(IatiCodes.PlannedEnd, design.EndDate));
        if ((FirstReached(project, ProjectStatus.Completed) ?? FirstReached(project, ProjectStatus.Closed)) is { } ended)
        {
            dates.Add(new(IatiCodes.ActualEnd, ended));
        }

        var transactions = ImmutableList.CreateBuilder<IatiTransaction>();
        foreach (var source in allocation.Sources)
        {
            transactions.Add(new IatiTransaction(
                IatiCodes.Transaction(IatiTransactionType.IncomingCommitment), approvedOn, Dollars(source.Total, approvedOn),
                $"Allocated at approval from a contribution of {donors[source.DonorId].Name} (direct costs {source.Direct.Amount} and programme support cost {source.PscAmount.Amount} at {source.Psc})",
                donors[source.DonorId], null, IatiCodes.Earmarking(source.Level)));
        }
        transactions.Add(new IatiTransaction(
            IatiCodes.Transaction(IatiTransactionType.OutgoingCommitment), approvedOn, Dollars(allocation.Direct, approvedOn),
            "Direct costs committed to the implementing partners at approval", null, receiver, null));
        foreach (var payment in project.StandingPayments.OrderBy(p => p.PaidOn).ThenBy(p => p.Number))
        {
            foreach (var draw in payment.Draws)
            {
                transactions.Add(new IatiTransaction(
                    IatiCodes.Transaction(IatiTransactionType.IncomingFunds), payment.PaidOn, Dollars(draw.Direct + draw.Psc, payment.PaidOn),
                    $"Drawn for tranche {payment.Number} from a contribution of {donors[draw.DonorId].Name}",
                    donors[draw.DonorId], null, IatiCodes.Earmarking(levels[draw.ContributionId])));
            }
            transactions.Add(new IatiTransaction(
                IatiCodes.Transaction(IatiTransactionType.Disbursement), payment.PaidOn, Dollars(payment.Direct, payment.PaidOn),
                $"Tranche {payment.Number} paid to the implementing partners", null, receiver, null));
            if (!payment.Psc.IsZero)
            {
                transactions.Add(new IatiTransaction(
                    IatiCodes.Transaction(IatiTransactionType.Expenditure), payment.PaidOn, Dollars(payment.Psc, payment.PaidOn),
                    $"Programme support cost charged on tranche {payment.Number}", null, null, null));
            }
        }
        if (project.Status == ProjectStatus.Closed && !project.ReleasedAtClosure.IsEmpty)
        {
            // What closure gave back lowers the commitments, on the day of closure, as the journal's release does.
            var closedOn = FirstReached(project, ProjectStatus.Closed)!.Value;
            foreach (var released in project.ReleasedAtClosure)
            {
                transactions.Add(new IatiTransaction(
                    IatiCodes.Transaction(IatiTransactionType.IncomingCommitment), closedOn, Dollars(-(released.Direct + released.Psc), closedOn),
                    $"Unspent allocation released at closure to the contribution of {donors[released.DonorId].Name}",
                    donors[released.DonorId], null, IatiCodes.Earmarking(levels[released.ContributionId])));
            }
            var releasedDirect = Money.Sum(project.ReleasedAtClosure.Select(r => r.Direct), Currency.Usd);
            transactions.Add(new IatiTransaction(
                IatiCodes.Transaction(IatiTransactionType.OutgoingCommitment), closedOn, Dollars(-releasedDirect, closedOn),
                "Direct costs not spent, released at closure", null, receiver, null));
        }

        return new IatiActivity(
            project.FundId,
            design.Code,
            design.Title,
            design.Description,
            status,
            dates.ToImmutable(),
            design.Country,
            design.Country is null ? design.Region : null,
            design.DacSectorCode,
            [
                .. allocation.Sources.Select(s => s.DonorId).Distinct().Select(d => new IatiParticipant(IatiCodes.Role(IatiOrganisationRole.Funding), donors[d])),
                .. partners.Select(p => new IatiParticipant(IatiCodes.Role(IatiOrganisationRole.Implementing), p)),
            ],
            [new IatiBudget(IatiCodes.OriginalBudget, IatiCodes.CommittedBudget, design.StartDate, design.EndDate, Dollars(allocation.Total, approvedOn))],
            [.. design.Tranches.Select(t => new IatiPlannedDisbursement(t.DueDate, t.DueDate, Dollars(t.Amount, t.DueDate), receiver))],
            transactions.ToImmutable(),
            Results(project),
            LastChanged(project),
            Classification);
    }

    private static ImmutableList<IatiResult> Results(Project project)
    {
        var actuals = project.CurrentActuals().ToList();
        return
        [
            .. project.Design.Indicators
                .GroupBy(i => i.ResultType)
                .OrderBy(g => g.Key)
                .Select(g => new IatiResult(
                    IatiCodes.Result(g.Key),
                    g.Key switch { ResultType.Output => "Outputs", ResultType.Outcome => "Outcomes", _ => "Impact" },
                    [
                        .. g.Select(indicator => new IatiIndicator(
                            indicator.Code,
                            IatiCodes.Measure(indicator.Measure),
                            indicator.Title,
                            indicator.BaselineYear,
                            indicator.Baseline,
                            [.. indicator.Targets.Select(t => new IatiResultPeriod(
                                t.Period.Start,
                                t.Period.End,
                                t.Value,
                                actuals.FirstOrDefault(a => a.IndicatorCode == indicator.Code && a.Period == t.Period)?.Value))])),
                    ])),
        ];
    }

    private static IatiValue Dollars(Money usd, DateOnly valueDate) => new(usd.Amount, usd.Currency.Code, valueDate);

    private static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static DateOnly? FirstReached(Project project, ProjectStatus status) =>
        project.History.FirstOrDefault(h => h.To == status) is { } change ? DayOf(change.At) : null;

    private static DateTimeOffset LastChanged(Project project) =>
        new[] { project.History.LastOrDefault()?.At, project.Actuals.LastOrDefault()?.At, project.Payments.LastOrDefault()?.At }
            .OfType<DateTimeOffset>()
            .DefaultIfEmpty(DateTimeOffset.UnixEpoch)
            .Max();
}
