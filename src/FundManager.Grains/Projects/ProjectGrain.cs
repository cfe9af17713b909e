using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Audit;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Domain.Projects;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains.Projects;

/// <summary>A final approval written down before the fund is asked for the money, so a crash in between is finished later.</summary>
[GenerateSerializer, Immutable, Alias("fm.PendingApproval")]
public sealed record PendingApproval(
    [property: Id(0)] Caller By,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Comment,
    [property: Id(3)] Money SecondApproverAbove,
    [property: Id(4)] Money? AtMost,
    [property: Id(5)] AuditRecord? Command = null);

[GenerateSerializer, Alias("fm.ProjectState")]
public sealed record ProjectState(
    [property: Id(0)] Project? Project,
    [property: Id(1)] PendingApproval? PendingApproval,
    [property: Id(2)] Outbox Outbox) : IOutboxState<ProjectState>
{
    public ProjectState() : this(null, null, Outbox.Empty)
    {
    }

    public ProjectState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

[GenerateSerializer, Alias("fm.ReleaseToFund")]
public sealed record ReleaseToFund(
    [property: Id(0)] string FundId,
    [property: Id(1)] Guid ProjectId,
    [property: Id(2)] string ProjectCode,
    [property: Id(3)] ImmutableList<SourceDraw> Released,
    [property: Id(4)] string ClosedBy,
    [property: Id(5)] DateOnly ValueDate) : OutboxMessage
{
    public override Task DeliverAsync(IGrainFactory grains) =>
        grains.GetGrain<IFundBooksGrain>(FundId).ReleaseAllocation(ProjectId, ProjectCode, Released, ClosedBy, ValueDate);
}

/// <summary>
/// A technical-assistance project: life cycle, allocation, tranches and results. A disbursement is
/// one journal entry and nothing else (with its audit record, in the shared group commit); the
/// grain holds its disbursements in memory as a projection of the journal, rebuilt when it
/// activates, and stores the rest of the project.
/// </summary>
public sealed class ProjectGrain(
    [PersistentState("project", StorageNames.Grains)] IPersistentState<ProjectState> state,
    OutboxCourier courier,
    IGrainFactory grains,
    IJournal journal,
    TimeProvider clock,
    FundCalendar calendar,
    ILogger<ProjectGrain> logger)
    : OutboxGrain<ProjectState>(state, courier, logger), IProjectGrain, IAuditable
{
    private ImmutableList<TranchePayment> _payments = [];

    public object? AuditState() => State.Project;

    private Guid ProjectId => this.GetPrimaryKey();

    /// <summary>The project with its disbursements, as the journal holds them.</summary>
    private Project Existing =>
        State.Project is { } stored
            ? stored with { Payments = _payments }
            : throw RuleViolationException.NotFound("unknown-project", $"There is no project {ProjectId}.");

    private DateTimeOffset Now => clock.GetUtcNow();

    private DateOnly Today => calendar.Today;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.Project is { Allocation: not null } stored)
        {
            var entries = await journal.EntriesAsync(
                new LedgerQuery(stored.FundId, ProjectId: ProjectId, Kinds: [EntryKind.Disbursement, EntryKind.Reversal]), cancellationToken);
            // A reversal decided but not yet delivered counts: it is in the outbox, on its way to the journal.
            var undelivered = State.Outbox.Entries.Where(o => entries.All(e => e.IdempotencyKey != o.IdempotencyKey));
            _payments = PostingRules.DisbursementsOf(ProjectId, stored.Design.Code, entries.Concat(undelivered));
        }
        try
        {
            await FinishPendingApprovalAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not finish the pending approval of project {Project}", ProjectId);
        }
    }

    /// <summary>An approval interrupted half-way is finished (or found refused) before any other step.</summary>
    private async Task FinishPendingApprovalAsync()
    {
        if (State.PendingApproval is not { } pending)
        {
            return;
        }
        // Finished under the record of the command that approved, whichever call finds it: the
        // approval is durable with that record (and the fund's allocation with its copy), never
        // with the record of the call that happens to activate the project.
        using var scope = pending.Command is { } command ? CommandAudit.Begin(command, record => record) : default(CommandAudit.Scope?);
        var travelling = RequestContext.Get(CommandAudit.TravellingKey);
        if (pending.Command is not null)
        {
            RequestContext.Set(CommandAudit.TravellingKey, pending.Command);
        }
        try
        {
            await CompleteApprovalAsync(pending);
        }
        catch (RuleViolationException)
        {
            // Refused: the pending approval is cleared and nothing was allocated.
        }
        finally
        {
            if (travelling is null)
            {
                RequestContext.Remove(CommandAudit.TravellingKey);
            }
            else
            {
                RequestContext.Set(CommandAudit.TravellingKey, travelling);
            }
        }
    }

    async Task<Project> IProjectGrain.Draft(Caller caller, string fundId, ProjectDesign design)
    {
        caller.Require(Role.ProgrammeOfficer);
        if (StableIds.Project(fundId, design.Code) != ProjectId)
        {
            throw RuleViolationException.Invalid("project-id-mismatch", $"Project {design.Code} of fund {fundId} has a different id.");
        }
        if (State.Project is { } existing)
        {
            return existing.FundId == fundId && SameDesign(existing.Design, design)
                ? existing
                : throw RuleViolationException.Conflict("duplicate-project-code", $"Fund {fundId} already has a project {design.Code}.");
        }
        var books = grains.GetGrain<IFundBooksGrain>(fundId);
        if (!await books.Exists())
        {
            throw RuleViolationException.NotFound("unknown-fund", $"There is no fund '{fundId}'.");
        }
        var project = Project.Draft(ProjectId, fundId, design, caller, Now);
        await books.RegisterProject(ProjectId, design.Code);
        await CommitAsync(State with { Project = project });
        return project;
    }

    async Task<Project> IProjectGrain.Revise(Caller caller, ProjectDesign design)
    {
        await FinishPendingApprovalAsync();
        var next = Existing.Revise(design, caller, Now);
        await CommitAsync(State with { Project = next });
        return next;
    }

    async Task<Project> IProjectGrain.Advance(Caller caller, ProjectStep step, string? reason)
    {
        await FinishPendingApprovalAsync();
        var project = Existing;
        if (step == ProjectStep.Approve)
        {
            return await ApproveAsync(project, caller, reason);
        }
        var next = step switch
        {
            ProjectStep.Submit => project.Submit(caller, Now),
            ProjectStep.StartReview => project.StartReview(caller, Now),
            ProjectStep.Reject => project.Reject(caller, Now, reason ?? string.Empty),
            ProjectStep.ReturnForRevision => project.ReturnForRevision(caller, Now, reason ?? string.Empty),
            ProjectStep.Activate => project.Activate(caller, Now),
            ProjectStep.Suspend => project.Suspend(caller, Now, reason ?? string.Empty),
            ProjectStep.Resume => project.Resume(caller, Now, reason),
            ProjectStep.Complete => project.Complete(caller, Now, reason),
            ProjectStep.Close => project.Close(caller, Now, reason),
            _ => throw RuleViolationException.Invalid("unknown-step", $"'{step}' is not a project step."),
        };
        var outbox = State.Outbox;
        if (step == ProjectStep.Close)
        {
            outbox = outbox.Send(new ReleaseToFund(next.FundId, ProjectId, next.Design.Code, next.ReleasedAtClosure, caller.UserName, Today));
        }
        await CommitAsync(State with { Project = next, Outbox = outbox });
        return next;
    }

    async Task<Project> IProjectGrain.ReleaseTranche(Caller caller, int tranche)
    {
        var project = Existing;
        caller.Require(Role.FinanceOfficer);
        var recorders = await PaymentRecordersAsync(project);
        var next = project.ReleaseTranche(tranche, caller, Now, recorders);
        if (!ReferenceEquals(next, project))
        {
            await CommitAsync(State with { Project = next });
        }
        return next;
    }

    async Task<Project> IProjectGrain.AcceptFinancialReport(Caller caller, int tranche)
    {
        var project = Existing;
        var next = project.AcceptFinancialReport(tranche, caller, Now);
        if (!ReferenceEquals(next, project))
        {
            await CommitAsync(State with { Project = next });
        }
        return next;
    }

    async Task<Project> IProjectGrain.ReverseDisbursement(Caller caller, int tranche, int attempt, string reason)
    {
        var project = Existing;
        var (next, reversed) = project.ReverseDisbursement(tranche, attempt, reason, caller, Now);
        if (ReferenceEquals(next, project))
        {
            await DeliverPendingAsync();
            return project;
        }
        var entry = PostingRules.DisbursementReversal(next.FundId, ProjectId, next.Design.Code, reversed) with { Position = PositionAfter(0) };
        await CommitAsync(State with { Project = next, Outbox = State.Outbox.Post(entry) });
        return next;
    }

    async Task<Project> IProjectGrain.RecordActual(Caller caller, ActualCommand command)
    {
        var next = Existing.RecordActual(command.IndicatorCode, command.Period, command.Value, command.Note, caller, Now);
        await CommitAsync(State with { Project = next });
        return next;
    }

    Task<Project> IProjectGrain.Describe(Caller caller)
    {
        caller.RequireStaff();
        return Task.FromResult(Existing);
    }

    async Task<Allocation> IProjectGrain.PreviewAllocation(Caller caller)
    {
        caller.RequireStaff();
        var project = Existing;
        return project.Allocation ?? await grains.GetGrain<IFundBooksGrain>(project.FundId).PlanAllocation(ProjectId, project.Design.EarmarkProfile, project.Design.DirectCosts);
    }

    async Task<BudgetAgainstActual> IProjectGrain.BudgetAgainstActual(Caller caller, DateOnly? asOf)
    {
        caller.RequireStaff();
        var project = Existing;
        var date = asOf ?? Today;
        var balances = await journal.BalancesAsync(new LedgerQuery(project.FundId, date, ProjectId: ProjectId));
        Money Net(LedgerAccount account) => Money.Usd(balances.Where(b => b.Account == account).Sum(b => b.NetDebit));
        var direct = Net(LedgerAccount.DirectExpenditure);
        var psc = Net(LedgerAccount.PscExpenditure);
        var directBudget = project.Allocation?.Direct ?? project.Design.DirectCosts;
        var pscBudget = project.Allocation?.Psc ?? project.Design.IndicativePsc;
        var paidByDate = project.StandingPayments.Where(p => p.PaidOn <= date).ToList();
        // The label states the rates the amount was computed at: the funding agreements' once approved, the project's indicative rate before.
        var rates = project.Allocation?.Sources.Select(s => s.Psc).Distinct().OrderByDescending(r => r.Value).ToList() ?? [];
        var pscLabel = rates.Count switch
        {
            0 => $"Programme support cost ({project.Design.PscRate}, indicative)",
            1 => $"Programme support cost ({rates[0]})",
            _ => $"Programme support cost (at the funding agreements' rates: {string.Join(", ", rates)})",
        };
        return new BudgetAgainstActual(
            ProjectId,
            project.Design.Code,
            date,
            project.Design.BudgetLines,
            [
                new BudgetComparisonLine("Direct costs", directBudget, direct, directBudget - direct),
                new BudgetComparisonLine(pscLabel, pscBudget, psc, pscBudget - psc),
                new BudgetComparisonLine("Total", directBudget + pscBudget, direct + psc, directBudget + pscBudget - direct - psc),
            ],
            [.. project.Design.Tranches.Select(t =>
            {
                var paid = paidByDate.FirstOrDefault(p => p.Number == t.Number);
                return new TrancheComparison(t.Number, t.DueDate, t.Amount, paid?.Direct ?? Money.Zero(Currency.Usd), paid?.PaidOn);
            })]);
    }

    async Task<ImmutableList<FundingTrace>> IProjectGrain.FundingTrace(Caller caller)
    {
        caller.RequireStaff();
        var project = Existing;
        var names = new Dictionary<Guid, string>();
        var traces = ImmutableList.CreateBuilder<FundingTrace>();
        foreach (var payment in project.Payments)
        {
            foreach (var draw in payment.Draws)
            {
                if (!names.TryGetValue(draw.DonorId, out var name))
                {
                    name = (await grains.GetGrain<IDonorGrain>(draw.DonorId).Describe(caller)).Profile.Name;
                    names[draw.DonorId] = name;
                }
                traces.Add(new FundingTrace(payment.Number, payment.Attempt, payment.PaidOn, payment.IsReversed, draw.ContributionId, draw.DonorId, name, draw.Direct, draw.Psc));
            }
        }
        return traces.ToImmutable();
    }

    async Task<ImmutableList<TrancheOutcome>> IProjectGrain.DisburseDueTranches(Caller caller, string runId, DateOnly asOf)
    {
        caller.Require(Role.Scheduler);
        // What was decided before (a reversal) is in the journal before anything is paid after it.
        await FlushAsync(CancellationToken.None);
        var project = Existing;
        if (project.Status is not (ProjectStatus.Active or ProjectStatus.Suspended))
        {
            return [];
        }
        var outcomes = ImmutableList.CreateBuilder<TrancheOutcome>();
        var entries = new List<JournalEntry>();
        var partner = string.Join(", ", project.Design.ImplementingPartners.Select(p => p.Name));
        foreach (var tranche in project.DueTranches(asOf).ToList())
        {
            switch (project.Evaluate(tranche.Number, asOf))
            {
                case TrancheDecision.Pay pay:
                    project = project.Pay(pay, asOf, runId, Now);
                    var payment = project.StandingPayments.Single(p => p.Number == tranche.Number);
                    entries.Add(PostingRules.Disbursement(project.FundId, ProjectId, project.Design.Code, payment, caller.UserName) with { Position = PositionAfter(entries.Count) });
                    outcomes.Add(new TrancheOutcome(project.FundId, ProjectId, project.Design.Code, partner, tranche.Number, tranche.DueDate, payment.Direct, true, payment.Psc, []));
                    break;
                case TrancheDecision.Hold hold:
                    // Held for the same reasons as last time: nothing to write.
                    if (!(project.Holds.FirstOrDefault(h => h.Number == hold.Number) is { } same && same.Reasons.SequenceEqual(hold.Reasons)))
                    {
                        project = project.RecordHold(hold, asOf);
                    }
                    outcomes.Add(new TrancheOutcome(project.FundId, ProjectId, project.Design.Code, partner, tranche.Number, tranche.DueDate, tranche.Amount, false, Money.Zero(Currency.Usd), hold.Reasons));
                    break;
            }
        }
        // A retried run reports what it paid before it was interrupted, without paying it again.
        foreach (var earlier in project.StandingPayments.Where(p => p.RunId == runId && !outcomes.Any(o => o.Tranche == p.Number)))
        {
            var plan = project.Design.Tranches.Single(t => t.Number == earlier.Number);
            outcomes.Add(new TrancheOutcome(project.FundId, ProjectId, project.Design.Code, partner, earlier.Number, plan.DueDate, earlier.Direct, true, earlier.Psc, []));
        }
        if (entries.Count > 0)
        {
            try
            {
                // The tranches' entries share the journal's commit; the payments count once they are durable.
                await Task.WhenAll(entries.Select(e => journal.PostAsync(e)));
            }
            catch
            {
                // Which of them were written is the journal's to say: the next activation reads it.
                DeactivateOnIdle();
                throw;
            }
            _payments = project.Payments;
        }
        if (!project.Holds.SequenceEqual(State.Project!.Holds))
        {
            await CommitAsync(State with { Project = project });
        }
        return outcomes.ToImmutable();
    }

    /// <summary>Payments and reversals are kept by the journal, never in grain storage: they stay in memory.</summary>
    protected override ProjectState Kept(ProjectState next)
    {
        if (next.Project is not { } project || ReferenceEquals(project, State.Project))
        {
            return next;
        }
        _payments = project.Payments;
        return next with { Project = project with { Payments = [] } };
    }

    /// <summary>The place in this project's stream of the entry after <paramref name="pending"/> more: one per disbursement and per reversal so far.</summary>
    private StreamPosition PositionAfter(int pending) =>
        new($"project:{ProjectId:N}", _payments.Count + _payments.Count(p => p.IsReversed) + pending + 1);

    private async Task<Project> ApproveAsync(Project project, Caller caller, string? comment)
    {
        project.CheckApprover(caller);
        var books = grains.GetGrain<IFundBooksGrain>(project.FundId);
        var threshold = await books.SecondApproverAbove();
        var plan = await books.PlanAllocation(ProjectId, project.Design.EarmarkProfile, project.Design.DirectCosts);
        if (!project.IsFinalApproval(caller, threshold, plan.Total))
        {
            var next = project.RecordApproval(caller, Now, comment, threshold, plan.Total);
            await CommitAsync(State with { Project = next });
            return next;
        }
        // A sole approval holds only while the allocation stays within the threshold.
        var atMost = project.Approvals.IsEmpty ? threshold : (Money?)null;
        // An intent, not yet the decision: the audit record goes with the approval (or the refusal).
        await CommitAsync(State with { PendingApproval = new PendingApproval(caller, Now, comment, threshold, atMost, CommandAudit.Current) }, audited: false);
        return await CompleteApprovalAsync(State.PendingApproval!);
    }

    private async Task<Project> CompleteApprovalAsync(PendingApproval pending)
    {
        var project = Existing;
        var books = grains.GetGrain<IFundBooksGrain>(project.FundId);
        try
        {
            // The threshold is the one the approver saw; a later change does not undo a decision under way.
            var allocation = await books.Allocate(ProjectId, project.Design.Code, project.Design.EarmarkProfile, project.Design.DirectCosts, pending.AtMost, pending.By.UserName, DateOnly.FromDateTime(pending.At.UtcDateTime));
            var next = project.Approve(pending.By, pending.At, pending.Comment, allocation, pending.SecondApproverAbove);
            await CommitAsync(State with { Project = next, PendingApproval = null });
            return next;
        }
        catch (RuleViolationException)
        {
            // Refused (no money under matching earmarks, or the rules changed): nothing was allocated.
            await CommitAsync(State with { PendingApproval = null }, audited: false);
            throw;
        }
    }

    // Records compare their lists by reference; a retried draft carries equal lists, not the same ones.
    private static bool SameDesign(ProjectDesign left, ProjectDesign right) =>
        System.Text.Json.JsonSerializer.Serialize(left) == System.Text.Json.JsonSerializer.Serialize(right);

    private async Task<IReadOnlySet<string>> PaymentRecordersAsync(Project project)
    {
        if (project.Allocation is null)
        {
            return ImmutableHashSet<string>.Empty;
        }
        var sets = await Task.WhenAll(project.Allocation.Sources
            .Select(s => grains.GetGrain<IContributionAgreementGrain>(s.ContributionId).PaymentRecorders()));
        return sets.SelectMany(s => s).ToImmutableHashSet();
    }
}
