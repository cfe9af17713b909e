using System.Collections.Immutable;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;

namespace FundManager.Domain.Projects;

/// <summary>
/// A technical-assistance project: its design, where it is in its life cycle and who moved it
/// there, the money approval allocated to it and what has been paid from that money.
/// Every method checks the rules and returns the project as it is afterwards, or throws
/// <see cref="RuleViolationException"/> and changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.Project")]
public sealed record Project
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string FundId { get; init; }
    [Id(2)] public required ProjectDesign Design { get; init; }
    [Id(3)] public required ProjectStatus Status { get; init; }
    [Id(4)] public required string DraftedBy { get; init; }
    /// <summary>Everyone who drafted, revised or submitted the project: none of them may review it.</summary>
    [Id(5)] public required ImmutableSortedSet<string> Authors { get; init; }
    [Id(6)] public ImmutableList<StatusChange> History { get; init; } = [];
    [Id(7)] public ImmutableList<Approval> Approvals { get; init; } = [];
    [Id(8)] public Allocation? Allocation { get; init; }
    [Id(9)] public ImmutableList<TrancheRelease> Releases { get; init; } = [];
    [Id(10)] public ImmutableList<TranchePayment> Payments { get; init; } = [];
    [Id(11)] public ImmutableList<ReportAcceptance> ReportAcceptances { get; init; } = [];
    [Id(12)] public ImmutableList<IndicatorActual> Actuals { get; init; } = [];
    [Id(13)] public ImmutableList<TrancheHold> Holds { get; init; } = [];
    /// <summary>What closure gave back to the fund, per source.</summary>
    [Id(14)] public ImmutableList<SourceDraw> ReleasedAtClosure { get; init; } = [];

    /// <summary>Payments that stand: a reversed payment paid nothing.</summary>
    public IEnumerable<TranchePayment> StandingPayments => Payments.Where(p => !p.IsReversed);
    public Money Disbursed => Money.Sum(StandingPayments.Select(p => p.Direct), Currency.Usd);
    public Money PscCharged => Money.Sum(StandingPayments.Select(p => p.Psc), Currency.Usd);
    public Money Allocated => Allocation?.Total ?? Money.Zero(Currency.Usd);
    public Money Unspent => Allocated - Disbursed - PscCharged;

    public static Project Draft(Guid id, string fundId, ProjectDesign design, Caller by, DateTimeOffset at)
    {
        by.Require(Role.ProgrammeOfficer);
        return new Project
        {
            Id = id,
            FundId = fundId,
            Design = design,
            Status = ProjectStatus.Draft,
            DraftedBy = by.UserName,
            Authors = [by.UserName],
            History = [new StatusChange(ProjectStatus.Draft, ProjectStatus.Draft, by.UserName, at, "drafted")],
        };
    }

    public Project Revise(ProjectDesign design, Caller by, DateTimeOffset at)
    {
        by.Require(Role.ProgrammeOfficer);
        RequireStatus("revised", ProjectStatus.Draft, ProjectStatus.ReturnedForRevision);
        if (!string.Equals(design.Code, Design.Code, StringComparison.Ordinal))
        {
            throw RuleViolationException.Invalid("project-code-fixed", $"A project keeps its code ({Design.Code}).");
        }
        return this with
        {
            Design = design,
            Authors = Authors.Add(by.UserName),
            History = History.Add(new StatusChange(Status, Status, by.UserName, at, "revised")),
        };
    }

    public Project Submit(Caller by, DateTimeOffset at)
    {
        by.Require(Role.ProgrammeOfficer);
        RequireStatus("submitted", ProjectStatus.Draft, ProjectStatus.ReturnedForRevision);
        var gaps = Design.Gaps();
        if (gaps.Count > 0)
        {
            throw RuleViolationException.Invalid("project-incomplete", $"Project {Design.Code} cannot be submitted yet; it needs {string.Join("; ", gaps)}.");
        }
        return (this with { Authors = Authors.Add(by.UserName) }).MoveTo(ProjectStatus.Submitted, by, at, null);
    }

    public Project StartReview(Caller by, DateTimeOffset at)
    {
        RequireReviewer(by);
        RequireStatus("taken into review", ProjectStatus.Submitted);
        return MoveTo(ProjectStatus.UnderReview, by, at, null);
    }

    /// <summary>
    /// Checks that <paramref name="by"/> may approve now and says whether this approval is the last
    /// one needed. Projects whose total (direct costs plus the PSC the funding agreements will
    /// charge, <paramref name="total"/>) is above the fund's threshold need two distinct approvers.
    /// </summary>
    public bool IsFinalApproval(Caller by, Money secondApproverAbove, Money total)
    {
        CheckApprover(by);
        return Approvals.Count + 1 >= RequiredApprovals(secondApproverAbove, total);
    }

    /// <summary>Everything that bars <paramref name="by"/> from approving now, checked before any money is looked at.</summary>
    public void CheckApprover(Caller by)
    {
        RequireReviewer(by);
        RequireStatus("approved", ProjectStatus.UnderReview);
        if (Approvals.Any(a => a.By == by.UserName))
        {
            throw RuleViolationException.Forbidden("same-approver", $"{by.UserName} has already approved project {Design.Code}; a second approval must come from someone else.");
        }
        var gaps = Design.Gaps();
        if (gaps.Count > 0)
        {
            throw RuleViolationException.Invalid("project-incomplete", $"Project {Design.Code} cannot be approved; it needs {string.Join("; ", gaps)}.");
        }
    }

    /// <summary>
    /// One approver, or two above the threshold. The larger of the planned total and the design's
    /// own total counts, so neither a low indicative PSC rate nor a cheap plan avoids a second look.
    /// </summary>
    public int RequiredApprovals(Money secondApproverAbove, Money total) =>
        Money.Max(total, Design.IndicativeTotal) > secondApproverAbove ? 2 : 1;

    /// <summary>Records a first approval of a project that needs a second one.</summary>
    public Project RecordApproval(Caller by, DateTimeOffset at, string? comment, Money secondApproverAbove, Money total)
    {
        if (IsFinalApproval(by, secondApproverAbove, total))
        {
            throw new InvalidOperationException("The final approval must carry the allocation.");
        }
        return this with
        {
            Approvals = Approvals.Add(new Approval(by.UserName, at, comment)),
            History = History.Add(new StatusChange(Status, Status, by.UserName, at, "first approval; a second approver is needed")),
        };
    }

    /// <summary>The final approval: the fund has allocated the money, and the project is approved.</summary>
    public Project Approve(Caller by, DateTimeOffset at, string? comment, Allocation allocation, Money secondApproverAbove)
    {
        if (!IsFinalApproval(by, secondApproverAbove, allocation.Total))
        {
            throw new InvalidOperationException("A second approval is still needed.");
        }
        if (allocation.Direct != Design.DirectCosts)
        {
            throw new InvalidOperationException($"The allocation covers {allocation.Direct}, not the direct costs {Design.DirectCosts}.");
        }
        return (this with
        {
            Approvals = Approvals.Add(new Approval(by.UserName, at, comment)),
            Allocation = allocation,
        }).MoveTo(ProjectStatus.Approved, by, at, comment);
    }

    public Project Reject(Caller by, DateTimeOffset at, string reason)
    {
        RequireReviewer(by);
        RequireStatus("rejected", ProjectStatus.Submitted, ProjectStatus.UnderReview);
        return MoveTo(ProjectStatus.Rejected, by, at, RequireReason(reason));
    }

    public Project ReturnForRevision(Caller by, DateTimeOffset at, string reason)
    {
        RequireReviewer(by);
        RequireStatus("returned for revision", ProjectStatus.Submitted, ProjectStatus.UnderReview);
        // Approvals given to the old version do not carry over to the revised one.
        return (this with { Approvals = [] }).MoveTo(ProjectStatus.ReturnedForRevision, by, at, RequireReason(reason));
    }

    public Project Activate(Caller by, DateTimeOffset at)
    {
        by.Require(Role.ProgrammeOfficer);
        RequireStatus("activated", ProjectStatus.Approved);
        return MoveTo(ProjectStatus.Active, by, at, null);
    }

    public Project Suspend(Caller by, DateTimeOffset at, string reason)
    {
        by.Require(Role.ProgrammeOfficer, Role.FinanceOfficer);
        RequireStatus("suspended", ProjectStatus.Active);
        return MoveTo(ProjectStatus.Suspended, by, at, RequireReason(reason));
    }

    public Project Resume(Caller by, DateTimeOffset at, string? reason)
    {
        by.Require(Role.ProgrammeOfficer, Role.FinanceOfficer);
        RequireStatus("resumed", ProjectStatus.Suspended);
        return MoveTo(ProjectStatus.Active, by, at, reason);
    }

    public Project Complete(Caller by, DateTimeOffset at, string? reason)
    {
        by.Require(Role.ProgrammeOfficer);
        RequireStatus("completed", ProjectStatus.Active);
        return MoveTo(ProjectStatus.Completed, by, at, reason);
    }

    /// <summary>Closes a completed project; what it did not spend goes back to each source.</summary>
    public Project Close(Caller by, DateTimeOffset at, string? reason)
    {
        by.Require(Role.ProgrammeOfficer, Role.FinanceOfficer);
        RequireStatus("closed", ProjectStatus.Completed);
        var released = RemainingBySource()
            .Where(d => d.Direct.IsPositive || d.Psc.IsPositive)
            .ToImmutableList();
        return (this with { ReleasedAtClosure = released }).MoveTo(ProjectStatus.Closed, by, at, reason);
    }

    /// <summary>
    /// A finance officer clears a tranche for payment. Segregation of duties: nobody who recorded a
    /// payment into a contribution that funds this project may release its disbursements.
    /// </summary>
    public Project ReleaseTranche(int number, Caller by, DateTimeOffset at, IReadOnlySet<string> paymentRecorders)
    {
        by.Require(Role.FinanceOfficer);
        var tranche = TrancheNumbered(number);
        RequireStatus("have tranches released", ProjectStatus.Approved, ProjectStatus.Active, ProjectStatus.Suspended);
        if (IsPaid(number))
        {
            throw RuleViolationException.Conflict("tranche-already-paid", $"Tranche {tranche.Number} of project {Design.Code} is already paid.");
        }
        if (paymentRecorders.Contains(by.UserName))
        {
            throw RuleViolationException.Forbidden(
                "four-eyes-release",
                $"{by.UserName} recorded a payment into a contribution that funds project {Design.Code}, so another finance officer must release its disbursements.");
        }
        if (Releases.Any(r => r.Number == number))
        {
            return this;
        }
        return this with { Releases = Releases.Add(new TrancheRelease(number, by.UserName, at)) };
    }

    public Project AcceptFinancialReport(int number, Caller by, DateTimeOffset at)
    {
        by.Require(Role.FinanceOfficer);
        TrancheNumbered(number);
        if (!IsPaid(number))
        {
            throw RuleViolationException.Conflict("tranche-not-paid", $"Tranche {number} has not been paid, so there is no financial report on it to accept.");
        }
        if (ReportAcceptances.Any(r => r.TrancheNumber == number))
        {
            return this;
        }
        return this with { ReportAcceptances = ReportAcceptances.Add(new ReportAcceptance(number, by.UserName, at)) };
    }

    public Project RecordActual(string indicatorCode, ReportingPeriod period, decimal value, string? note, Caller by, DateTimeOffset at)
    {
        by.Require(Role.ProgrammeOfficer);
        RequireStatus("record results", ProjectStatus.Active, ProjectStatus.Suspended, ProjectStatus.Completed);
        var indicator = Design.Indicators.FirstOrDefault(i => string.Equals(i.Code, indicatorCode, StringComparison.OrdinalIgnoreCase))
            ?? throw RuleViolationException.NotFound("unknown-indicator", $"Project {Design.Code} has no indicator {indicatorCode}.");
        if (!indicator.Targets.Any(t => t.Period == period))
        {
            throw RuleViolationException.Invalid("unknown-period", $"Indicator {indicator.Code} has no target for the period {period}.");
        }
        if (value < 0m || (indicator.Measure == IndicatorMeasure.Percentage && value > 100m))
        {
            throw RuleViolationException.Invalid("invalid-actual", $"{value} is not a possible value for indicator {indicator.Code}.");
        }
        return this with { Actuals = Actuals.Add(new IndicatorActual(indicator.Code, period, value, note?.Trim(), by.UserName, at)) };
    }

    /// <summary>The latest actual of each indicator and period.</summary>
    public IEnumerable<IndicatorActual> CurrentActuals() =>
        Actuals.GroupBy(a => (a.IndicatorCode, a.Period)).Select(g => g.Last());

    /// <summary>Tranches due on or before <paramref name="asOf"/> and not paid yet.</summary>
    public IEnumerable<TranchePlan> DueTranches(DateOnly asOf) =>
        Design.Tranches.Where(t => t.DueDate <= asOf && !IsPaid(t.Number));

    public bool IsPaid(int number) => StandingPayments.Any(p => p.Number == number);

    /// <summary>Decides whether a due tranche is paid now, and from which sources, or why it is held.</summary>
    public TrancheDecision Evaluate(int number, DateOnly asOf)
    {
        var tranche = TrancheNumbered(number);
        var reasons = ImmutableList.CreateBuilder<string>();
        if (Status == ProjectStatus.Suspended)
        {
            reasons.Add("the project is suspended");
        }
        else if (Status != ProjectStatus.Active)
        {
            reasons.Add($"the project is {Status}, not active");
        }
        if (!Releases.Any(r => r.Number == number))
        {
            reasons.Add("a finance officer has not released it");
        }
        if (number > 1 && !IsPaid(number - 1))
        {
            reasons.Add($"tranche {number - 1} has not been paid");
        }
        if (tranche.Conditions.Contains(TrancheCondition.PreviousFinancialReportAccepted) && number > 1
            && !ReportAcceptances.Any(r => r.TrancheNumber == number - 1))
        {
            reasons.Add($"the financial report on tranche {number - 1} has not been accepted");
        }
        if (tranche.Conditions.Contains(TrancheCondition.OutcomeDataRecorded))
        {
            foreach (var missing in MissingOutcomeData(asOf))
            {
                reasons.Add(missing);
            }
        }
        var draws = DrawFromSources(tranche.Amount);
        if (draws is null)
        {
            reasons.Add($"the allocation left ({Unspent}) does not cover {tranche.Amount} and its PSC");
        }
        return reasons.Count > 0
            ? new TrancheDecision.Hold(number, reasons.ToImmutable())
            : new TrancheDecision.Pay(number, draws!);
    }

    public Project RecordHold(TrancheDecision.Hold hold, DateOnly asOf) =>
        this with { Holds = Holds.RemoveAll(h => h.Number == hold.Number).Add(new TrancheHold(hold.Number, asOf, hold.Reasons)) };

    public Project Pay(TrancheDecision.Pay pay, DateOnly paidOn, string runId, DateTimeOffset at)
    {
        if (IsPaid(pay.Number))
        {
            throw new InvalidOperationException($"Tranche {pay.Number} is already paid.");
        }
        var payment = new TranchePayment(pay.Number, paidOn, runId, pay.Draws, at, Attempt: Payments.Count(p => p.Number == pay.Number));
        var after = this with
        {
            Payments = Payments.Add(payment),
            Holds = Holds.RemoveAll(h => h.Number == pay.Number),
        };
        if (after.Unspent.IsNegative)
        {
            throw new InvalidOperationException($"Paying tranche {pay.Number} would take project {Design.Code} beyond its allocation.");
        }
        return after;
    }

    /// <summary>
    /// Takes back a tranche paid by mistake: its direct cost and PSC return to the allocation and the
    /// tranche is due again, to be released anew. Only the latest paid tranche can be reversed; a
    /// payment is named by its tranche and attempt (0 for the first payment), so a retry is harmless.
    /// </summary>
    public (Project After, TranchePayment Reversed) ReverseDisbursement(int number, int attempt, string reason, Caller by, DateTimeOffset at)
    {
        by.Require(Role.FinanceOfficer);
        var payment = Payments.FirstOrDefault(p => p.Number == number && p.Attempt == attempt)
            ?? throw RuleViolationException.NotFound("tranche-not-paid", $"Tranche {number} of project {Design.Code} has no payment {attempt} to reverse.");
        if (payment.IsReversed)
        {
            // Asking again changes nothing: a reversal happens once.
            return (this, payment);
        }
        RequireStatus("have a disbursement reversed", ProjectStatus.Active, ProjectStatus.Suspended, ProjectStatus.Completed);
        if (StandingPayments.Any(p => p.Number > number))
        {
            throw RuleViolationException.Conflict("later-tranche-paid", $"A later tranche of project {Design.Code} is paid; reverse it first.");
        }
        var reversed = payment with { Reversal = new Contributions.Correction(by.UserName, at, RequireReason(reason)) };
        return (this with
        {
            Payments = Payments.Replace(payment, reversed),
            Releases = Releases.RemoveAll(r => r.Number == number),
            ReportAcceptances = ReportAcceptances.RemoveAll(r => r.TrancheNumber == number),
        }, reversed);
    }

    /// <summary>Direct costs and PSC each source still holds for this project.</summary>
    public IReadOnlyList<SourceDraw> RemainingBySource()
    {
        if (Allocation is null)
        {
            return [];
        }
        return Allocation.Sources
            .Select(s =>
            {
                var drawn = StandingPayments.SelectMany(p => p.Draws).Where(d => d.ContributionId == s.ContributionId).ToList();
                return new SourceDraw(
                    s.ContributionId,
                    s.DonorId,
                    s.Direct - Money.Sum(drawn.Select(d => d.Direct), Currency.Usd),
                    s.PscAmount - Money.Sum(drawn.Select(d => d.Psc), Currency.Usd));
            })
            .ToList();
    }

    /// <summary>
    /// Spends the sources in allocation order. PSC is charged at each source's agreement rate; the
    /// draw that empties a source takes all of its remaining PSC, so rounding never leaves a cent
    /// behind or charges one too many. Null when the allocation cannot cover the amount.
    /// </summary>
    private ImmutableList<SourceDraw>? DrawFromSources(Money direct)
    {
        if (Allocation is null)
        {
            return null;
        }
        var rates = Allocation.Sources.ToDictionary(s => s.ContributionId, s => s.Psc);
        var draws = ImmutableList.CreateBuilder<SourceDraw>();
        var remaining = direct;
        foreach (var source in RemainingBySource())
        {
            if (!remaining.IsPositive)
            {
                break;
            }
            if (!source.Direct.IsPositive)
            {
                continue;
            }
            var take = Money.Min(remaining, source.Direct);
            var psc = take == source.Direct ? source.Psc : Money.Min(rates[source.ContributionId].ChargeOn(take), source.Psc);
            draws.Add(new SourceDraw(source.ContributionId, source.DonorId, take, psc));
            remaining -= take;
        }
        return remaining.IsPositive ? null : draws.ToImmutable();
    }

    private IEnumerable<string> MissingOutcomeData(DateOnly asOf)
    {
        var recorded = CurrentActuals().Select(a => (a.IndicatorCode, a.Period)).ToHashSet();
        foreach (var indicator in Design.Indicators)
        {
            var lastEnded = indicator.Targets.Where(t => t.Period.End <= asOf).OrderBy(t => t.Period.End).LastOrDefault();
            if (lastEnded is not null && !recorded.Contains((indicator.Code, lastEnded.Period)))
            {
                yield return $"indicator {indicator.Code} has no actual for {lastEnded.Period}";
            }
        }
    }

    private TranchePlan TrancheNumbered(int number) =>
        Design.Tranches.FirstOrDefault(t => t.Number == number)
        ?? throw RuleViolationException.NotFound("unknown-tranche", $"Project {Design.Code} has no tranche {number}.");

    private void RequireReviewer(Caller by)
    {
        by.Require(Role.ProgrammeOfficer);
        if (Authors.Contains(by.UserName))
        {
            throw RuleViolationException.Forbidden(
                "four-eyes-review",
                $"{by.UserName} drafted or submitted project {Design.Code}; a different programme officer must review it.");
        }
    }

    private void RequireStatus(string action, params ProjectStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw RuleViolationException.Conflict(
                "invalid-transition",
                $"Project {Design.Code} is {Status}; it can be {action} only when {string.Join(" or ", allowed)}.");
        }
    }

    private static string RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? throw RuleViolationException.Invalid("reason-required", "Say why: a reason is required for this step.")
            : reason.Trim();

    private Project MoveTo(ProjectStatus to, Caller by, DateTimeOffset at, string? reason) =>
        this with { Status = to, History = History.Add(new StatusChange(Status, to, by.UserName, at, reason)) };
}
