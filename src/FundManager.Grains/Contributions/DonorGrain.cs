using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Ledger;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains.Contributions;

[GenerateSerializer, Alias("fm.DonorState")]
public sealed record DonorState(
    [property: Id(0)] DonorProfile? Profile,
    [property: Id(1)] string RegisteredBy,
    [property: Id(2)] DateTimeOffset RegisteredAt,
    [property: Id(3)] ImmutableList<Guid> Contributions,
    [property: Id(4)] ImmutableList<Guid> PendingContributions,
    [property: Id(5)] bool Listed = false,
    [property: Id(6)] bool Anonymous = false,
    [property: Id(7)] Outbox? Outbox = null) : IOutboxState<DonorState>
{
    public DonorState() : this(null, string.Empty, default, [], [], Outbox: Outbox.Empty)
    {
    }

    Outbox IOutboxState<DonorState>.Outbox => Outbox ?? Outbox.Empty;

    public DonorState WithOutbox(Outbox outbox) => this with { Outbox = outbox };
}

[GenerateSerializer, Alias("fm.RegisterDonor")]
public sealed record RegisterDonor([property: Id(0)] Guid DonorId) : OutboxMessage
{
    public override Task DeliverAsync(IGrainFactory grains) =>
        grains.GetGrain<IDonorDirectoryRegistrar>(IDonorDirectoryGrain.Key).Register(DonorId);
}

/// <summary>
/// A donor and the list of its contributions. A pledge is written down as pending before the
/// contribution is opened, so a crash in between is finished on the next activation. The
/// registration is saved with its audit record in the same write (the outbox); a pledge's record
/// is saved with the contribution it opens.
/// </summary>
public sealed class DonorGrain(
    [PersistentState("donor", StorageNames.Grains)] IPersistentState<DonorState> state,
    OutboxCourier courier,
    IGrainFactory grains,
    IJournal journal,
    TimeProvider clock,
    FundCalendar calendar,
    ILogger<DonorGrain> logger)
    : OutboxGrain<DonorState>(state, courier, logger), IDonorGrain, IDonorLedgerGrain, IAuditable
{
    public object? AuditState() => State.Profile is null ? null : new { State.Profile, State.Contributions, State.Anonymous };

    private Guid DonorId => this.GetPrimaryKey();

    private DonorProfile Profile => State.Profile ?? throw RuleViolationException.NotFound("unknown-donor", $"There is no donor {DonorId}.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Profile is not null && !State.Listed)
        {
            try
            {
                await ListAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not list donor {Donor} in the directory", DonorId);
            }
        }
        if (!State.PendingContributions.IsEmpty)
        {
            try
            {
                await SettlePendingAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not settle the pending pledges of donor {Donor}", DonorId);
            }
        }
        await base.OnActivateAsync(cancellationToken);
    }

    async Task<DonorView> IDonorGrain.Register(Caller caller, DonorProfile profile)
    {
        caller.Require(Role.Administrator, Role.FinanceOfficer);
        if (State.Profile is { } existing)
        {
            if (existing != profile)
            {
                throw RuleViolationException.Conflict("donor-exists", $"Donor {DonorId} is already registered as {existing.Name}.");
            }
            // A retry after a registration whose listing failed lists it now.
            await ListAsync();
            return View();
        }
        await CommitAsync(State with { Profile = profile, RegisteredBy = caller.UserName, RegisteredAt = clock.GetUtcNow() });
        await ListAsync();
        return View();
    }

    Task<DonorView> IDonorGrain.Describe(Caller caller)
    {
        caller.RequireDonorAccess(DonorId);
        _ = Profile;
        return Task.FromResult(View());
    }

    async Task<Contribution> IDonorGrain.Pledge(Caller caller, PledgeCommand command)
    {
        caller.RequireDonorAccess(DonorId);
        _ = Profile;
        if (string.IsNullOrWhiteSpace(command.IdempotencyKey) || command.IdempotencyKey.Length > 100)
        {
            throw RuleViolationException.Invalid("idempotency-key-required", "A pledge carries an idempotency key of 1 to 100 characters.");
        }
        var contributionId = StableIds.Contribution(DonorId, command.IdempotencyKey);
        if (!State.Contributions.Contains(contributionId) && !State.PendingContributions.Contains(contributionId))
        {
            // An intent: the pledge's record goes with the contribution it opens.
            await CommitAsync(State with { PendingContributions = State.PendingContributions.Add(contributionId) }, audited: false);
        }
        try
        {
            var contribution = await grains.GetGrain<IContributionAgreementGrain>(contributionId).Open(caller, DonorId, command);
            await SettleAsync(contributionId, opened: true);
            return contribution;
        }
        catch (RuleViolationException)
        {
            // Refused: nothing was opened, so the pledge is not pending any more.
            await SettleAsync(contributionId, opened: false);
            throw;
        }
    }

    async Task<ImmutableList<Contribution>> IDonorGrain.Contributions(Caller caller)
    {
        caller.RequireDonorAccess(DonorId);
        _ = Profile;
        var contributions = await Task.WhenAll(State.Contributions.Select(id => grains.GetGrain<IContributionGrain>(id).Describe(caller)));
        return [.. contributions.OrderBy(c => c.Terms.PledgeDate).ThenBy(c => c.Id)];
    }

    async Task<DonorStatement> IDonorGrain.Statement(Caller caller, string? fundId, DateOnly? asOf)
    {
        caller.RequireDonorAccess(DonorId);
        var profile = Profile;
        var date = asOf ?? calendar.Today;
        // Every contribution, every fund's balances and every trace are asked for at once, not one after another.
        var contributions = (await Task.WhenAll(State.Contributions.Select(id => grains.GetGrain<IContributionGrain>(id).Describe(caller))))
            .Where(c => (fundId is null || c.FundId == fundId) && c.Terms.PledgeDate <= date)
            .ToList();
        var balancesOfFunds = contributions.Select(c => c.FundId).Distinct()
            .ToDictionary(f => f, f => journal.BalancesAsync(new LedgerQuery(f, date, DonorId: DonorId)));
        var paidFor = await Task.WhenAll(contributions.Select(c => grains.GetGrain<IContributionGrain>(c.Id).PaidFor(caller, date)));
        var statements = ImmutableList.CreateBuilder<ContributionStatement>();
        for (var i = 0; i < contributions.Count; i++)
        {
            var contribution = contributions[i];
            var payments = contribution.Payments.Where(p => p.ValueDate <= date).ToImmutableList();
            var standing = payments.Where(p => p.Reversal is null || DateOnly.FromDateTime(p.Reversal.At.UtcDateTime) > date).ToList();
            var amendments = contribution.Amendments.Where(a => a.EffectiveDate <= date).ToImmutableList();
            var pledged = contribution.Booked.Original + Money.Sum(amendments.Select(a => a.Change), contribution.Currency);
            var paid = Money.Sum(standing.Select(p => p.Amount), contribution.Currency);
            var balances = (await balancesOfFunds[contribution.FundId]).Where(b => b.ContributionId == contribution.Id).ToList();
            Money NetCredit(LedgerAccount account) => Money.Usd(-balances.Where(b => b.Account == account).Sum(b => b.NetDebit));
            statements.Add(new ContributionStatement(
                contribution.Id,
                contribution.FundId,
                contribution.Terms.Reference,
                contribution.Terms.Earmark,
                contribution.Terms.PledgeDate,
                pledged,
                NetCredit(LedgerAccount.ContributionRevenue) + NetCredit(LedgerAccount.UnrealisedExchangeDifference),
                paid,
                -NetCredit(LedgerAccount.ReceiptsControl),
                pledged - paid,
                payments,
                paidFor[i],
                -NetCredit(LedgerAccount.PledgesReceivable),
                amendments));
        }
        var all = statements.ToImmutable();
        return new DonorStatement(
            DonorId,
            profile.Name,
            date,
            all,
            Money.Sum(all.Select(c => c.PledgedUsd), Currency.Usd),
            Money.Sum(all.Select(c => c.ReceivedUsd), Currency.Usd),
            Money.Sum(all.SelectMany(c => c.PaidFor).Select(d => d.Direct), Currency.Usd),
            Money.Sum(all.SelectMany(c => c.PaidFor).Select(d => d.Psc), Currency.Usd));
    }

    /// <summary>
    /// Puts the donor in the directory, once: the registration is saved first, with "not listed
    /// yet", so a failure in between is finished on the next call or activation.
    /// </summary>
    private async Task ListAsync()
    {
        if (State.Listed)
        {
            return;
        }
        await new RegisterDonor(DonorId).DeliverAsync(grains);
        await CommitAsync(State with { Listed = true }, audited: false);
    }

    async Task<DonorView> IDonorGrain.SetAnonymous(Caller caller, bool anonymous)
    {
        caller.Require(Role.Administrator, Role.FinanceOfficer);
        _ = Profile;
        if (State.Anonymous != anonymous)
        {
            await CommitAsync(State with { Anonymous = anonymous });
        }
        return View();
    }

    Task<bool> IDonorLedgerGrain.Exists() => Task.FromResult(State.Profile is not null);

    private async Task SettlePendingAsync()
    {
        foreach (var id in State.PendingContributions)
        {
            var opened = await grains.GetGrain<IContributionAgreementGrain>(id).IsOpen();
            await SettleAsync(id, opened);
        }
    }

    private async Task SettleAsync(Guid contributionId, bool opened)
    {
        var contributions = opened && !State.Contributions.Contains(contributionId)
            ? State.Contributions.Add(contributionId)
            : State.Contributions;
        await CommitAsync(State with { Contributions = contributions, PendingContributions = State.PendingContributions.Remove(contributionId) }, audited: false);
    }

    private DonorView View() =>
        new(DonorId, Profile, State.Contributions, State.RegisteredBy, State.RegisteredAt, State.Anonymous);
}

public sealed class DonorDirectoryGrain(
    [PersistentState("donor-directory", StorageNames.Grains)] IPersistentState<DirectoryState> state,
    IGrainFactory grains)
    : DirectoryGrain(state), IDonorDirectoryGrain, IDonorDirectoryRegistrar
{
    async Task<ImmutableList<DonorView>> IDonorDirectoryGrain.List(Caller caller)
    {
        caller.RequireStaff();
        var donors = await Task.WhenAll(Members.Select(id => grains.GetGrain<IDonorGrain>(Guid.Parse(id)).Describe(caller)));
        return [.. donors.OrderBy(d => d.Profile.Name, StringComparer.OrdinalIgnoreCase)];
    }

    Task IDonorDirectoryRegistrar.Register(Guid donorId) => AddAsync(donorId.ToString("D"));
}
